package io.winnow.report;

import static io.winnow.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The report's "Measured accuracy" section: the precision table of the run's newest evaluation (winnow evaluate,
 * OUT/evaluations/RUN_ID/EVAL_ID), when there is one. Its files are read as they are; the report's verification (the checks of audit verify) covers them.
 */
final class EvaluationSection {
  private final String id;
  private final JsonNode manifest;
  private final JsonNode tables;

  private EvaluationSection(String id, JsonNode manifest, JsonNode tables) {
    this.id = id;
    this.manifest = manifest;
    this.tables = tables;
  }

  /** The newest evaluation of the run (by its manifest's "created"), or null when there is none. */
  static EvaluationSection newest(RunDirectory run) {
    Path root = run.evaluations();
    EvaluationSection newest = null;
    try {
      if (!run.fs().exists(root)) {
        return null;
      }
      for (FileStatus d : run.fs().listStatus(root)) {
        if (!d.isDirectory() || d.getPath().getName().startsWith(".")) {
          continue;
        }
        try {
          JsonNode m = run.json(new Path(d.getPath(), "manifest.json"));
          JsonNode t = run.json(new Path(d.getPath(), "evaluation.json"));
          if (newest == null || m.path("created").asText().compareTo(newest.manifest.path("created").asText()) > 0) {
            newest = new EvaluationSection(d.getPath().getName(), m, t);
          }
        } catch (IOException e) {
          // an unreadable evaluation is left out here; the report's verification (audit verify) names it
        }
      }
    } catch (IOException e) {
      return null;
    }
    return newest;
  }

  void render(StringBuilder b) {
    b.append("<h2 id=\"accuracy\">Measured accuracy</h2><p class=\"muted\">Evaluation <code>").append(esc(id))
        .append("</code> of ").append(esc(manifest.path("created").asText())).append(" against ")
        .append(esc(manifest.path("labels").path("description").asText())).append(". Precision is the share of "
            + "actions that were right, with a 95 % Wilson interval.</p>");
    b.append("<table id=\"precision\"><thead><tr><th>Level</th><th>Key</th><th>Actions</th><th>Labelled</th>"
        + "<th>Correct</th><th>Unsure</th><th>Precision</th><th>95 % interval</th></tr></thead><tbody>");
    for (JsonNode l : tables.path("precision")) {
      b.append("<tr><td>").append(esc(l.path("level").asText())).append("</td><td><code>")
          .append(esc(l.path("key").asText())).append("</code></td>");
      for (String n : new String[] {"actions", "labelled", "correct", "unsure"}) {
        b.append("<td class=\"n\">").append(l.path(n).asLong()).append("</td>");
      }
      b.append("<td class=\"n\">").append(num(l.path("precision"))).append("</td><td class=\"n\">")
          .append(l.path("low").isNumber() ? "[" + num(l.path("low")) + ", " + num(l.path("high")) + "]" : "-")
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private static String num(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "-";
  }
}
