package io.winnow.report;

import static io.winnow.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.ledger.RunReversals;
import io.winnow.run.RunDirectory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The report's "Enforcement ledger" section for a --ledger run: the actions it did not issue again because one as
 * strong was in force, and the reversals it issued for upheld appeals (read from the ledger at the version its
 * manifest records), each with the action it undoes and the run that issued that action.
 */
final class LedgerSection {
  private final JsonNode ledger;
  private final List<RunReversals.Reversal> reversals;

  private LedgerSection(JsonNode ledger, List<RunReversals.Reversal> reversals) {
    this.ledger = ledger;
    this.reversals = reversals;
  }

  /** The section of a --ledger run, or null for a run made without the ledger. */
  static LedgerSection collect(SparkSession spark, RunDirectory run, JsonNode manifest) {
    JsonNode ledger = manifest.path("ledger");
    if (ledger.isMissingNode()) {
      return null;
    }
    String out = run.dir().getParent().getParent().toString();
    return new LedgerSection(ledger, RunReversals.of(spark, out, run.runId(), ledger.path("written_version").asLong()));
  }

  void render(StringBuilder b) {
    b.append("<h2 id=\"ledger\">Enforcement ledger</h2><p class=\"muted\">This run read the ledger at version ")
        .append(ledger.path("read_version").asLong()).append(" and wrote version ")
        .append(ledger.path("written_version").asLong()).append(". Actions already in force were not issued again; "
            + "reversals undo earlier actions whose appeal was upheld.</p>");
    b.append("<table id=\"already-in-force\"><thead><tr><th>Already in force (not issued again)</th><th>Actions</th>"
        + "</tr></thead><tbody>");
    ledger.path("already_in_force").fields().forEachRemaining(e -> b.append("<tr><td>").append(esc(e.getKey()))
        .append("</td><td class=\"n\">").append(e.getValue().asLong()).append("</td></tr>"));
    b.append("</tbody></table>");
    Map<String, Long> per = new TreeMap<>();
    reversals.forEach(r -> per.merge(r.reversal(), 1L, Long::sum));
    b.append("<p id=\"reversals-total\">").append(reversals.size()).append(" reversal")
        .append(reversals.size() == 1 ? "" : "s").append(per.isEmpty() ? "" : " (" + String.join(", ", per.entrySet().stream()
            .map(e -> e.getValue() + " " + esc(e.getKey())).toList()) + ")").append(".</p>");
    if (reversals.isEmpty()) {
      return;
    }
    b.append("<table id=\"reversals\"><thead><tr><th>Reversal</th><th>Subject</th><th>Category</th>"
        + "<th>Undoes</th><th>Issued by run</th><th>Appeal</th></tr></thead><tbody>");
    for (RunReversals.Reversal r : reversals) {
      b.append("<tr><td>").append(esc(r.reversal())).append("</td><td>").append(esc(r.subjectKind())).append(' ')
          .append(esc(r.platform())).append('/').append(esc(r.subjectId())).append("</td><td>")
          .append(esc(r.category())).append("</td><td>").append(esc(r.reversedAction())).append(" <code>")
          .append(esc(r.reversedActionId())).append("</code></td><td><code>").append(esc(r.reversedRunId()))
          .append("</code></td><td>").append(esc(r.appeal())).append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
