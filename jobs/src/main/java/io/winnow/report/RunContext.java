package io.winnow.report;

import static io.winnow.report.Html.esc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.run.RunDirectory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * What surrounds a run's actions: the rows it quarantined (reasons, with samples), the findings of its shadow rules,
 * and how its actions compare with the previous committed run of the same OUT.
 */
final class RunContext {
  /** Quarantined rows shown per reason. */
  private static final int QUARANTINE_SAMPLES = 3;
  /** Characters of a quarantined row shown. */
  private static final int ROW_CHARS = 300;

  /** table, reason, rows, samples (row id and the row as JSON). */
  record Quarantined(String table, String reason, long rows, List<String[]> samples) {}

  private final List<Quarantined> quarantine;
  private final Map<String, Long> shadow;
  private final String previousRun;
  private final Map<String, long[]> comparison;

  private RunContext(List<Quarantined> quarantine, Map<String, Long> shadow, String previousRun,
      Map<String, long[]> comparison) {
    this.quarantine = quarantine;
    this.shadow = shadow;
    this.previousRun = previousRun;
    this.comparison = comparison;
  }

  static RunContext collect(SparkSession spark, RunDirectory run, JsonNode manifest) {
    List<Quarantined> quarantine = new ArrayList<>();
    if (run.holdsParquet(RunDirectory.QUARANTINE)) {
      String q = run.path(RunDirectory.QUARANTINE).toString();
      Map<String, Quarantined> byReason = new LinkedHashMap<>();
      for (Row r : spark.read().parquet(q).groupBy("table", "reason").agg(count(lit(1)).as("n"))
          .orderBy(col("n").desc(), col("table"), col("reason")).collectAsList()) {
        byReason.put(r.getString(0) + "/" + r.getString(1),
            new Quarantined(r.getString(0), r.getString(1), r.getLong(2), new ArrayList<>()));
      }
      for (Row r : spark.read().parquet(q)
          .withColumn("_i", row_number().over(Window.partitionBy("table", "reason").orderBy("row_id")))
          .filter(col("_i").leq(QUARANTINE_SAMPLES)).select("table", "reason", "row_id", "row_json")
          .orderBy("table", "reason", "row_id").collectAsList()) {
        String json = r.getString(3) == null ? "" : r.getString(3);
        byReason.get(r.getString(0) + "/" + r.getString(1)).samples().add(new String[] {r.getString(2),
            json.length() > ROW_CHARS ? json.substring(0, ROW_CHARS) + "…" : json});
      }
      quarantine.addAll(byReason.values());
    }
    Map<String, Long> shadow = new TreeMap<>();
    if (run.holdsParquet(RunDirectory.FINDINGS)) {
      for (Row r : spark.read().parquet(run.path(RunDirectory.FINDINGS).toString())
          .filter(col("rule_status").equalTo("shadow")).groupBy("rule_id").agg(count(lit(1)).as("n"))
          .collectAsList()) {
        shadow.put(r.getString(0), r.getLong(1));
      }
    }
    RunDirectory previous = run.previous();
    Map<String, long[]> comparison = new TreeMap<>();
    if (previous != null) {
      add(comparison, previous.committedManifest().path("actions_per_category_action"), 0);
      add(comparison, manifest.path("actions_per_category_action"), 1);
    }
    return new RunContext(quarantine, shadow, previous == null ? null : previous.runId(), comparison);
  }

  private static void add(Map<String, long[]> into, JsonNode perCategory, int slot) {
    for (Iterator<Map.Entry<String, JsonNode>> c = perCategory.fields(); c.hasNext(); ) {
      Map.Entry<String, JsonNode> e = c.next();
      for (Iterator<Map.Entry<String, JsonNode>> a = e.getValue().fields(); a.hasNext(); ) {
        Map.Entry<String, JsonNode> n = a.next();
        into.computeIfAbsent(e.getKey() + " / " + n.getKey(), k -> new long[2])[slot] = n.getValue().asLong();
      }
    }
  }

  List<Quarantined> quarantine() {
    return quarantine;
  }

  Map<String, Long> shadow() {
    return shadow;
  }

  String previousRun() {
    return previousRun;
  }

  Map<String, long[]> comparison() {
    return comparison;
  }

  void render(StringBuilder b) {
    b.append("<h2 id=\"quarantine\">Quarantined rows</h2>");
    if (quarantine.isEmpty()) {
      b.append("<p class=\"muted\">None: every row read was evaluated.</p>");
    }
    for (Quarantined q : quarantine) {
      b.append("<div class=\"card quarantine\"><b>").append(esc(q.table())).append("</b> · ").append(esc(q.reason()))
          .append(" · ").append(String.format("%,d", q.rows())).append(" rows<ul>");
      for (String[] s : q.samples()) {
        b.append("<li><code>").append(esc(s[0])).append("</code> <span class=\"text\">").append(esc(s[1]))
            .append("</span></li>");
      }
      b.append("</ul></div>");
    }
    b.append("<h2 id=\"shadow\">Shadow rules</h2>");
    if (shadow.isEmpty()) {
      b.append("<p class=\"muted\">No findings of shadow rules (rules tried without acting, or a --shadow run).</p>");
    } else {
      b.append("<p class=\"muted\">Findings of rules in shadow: what they would have flagged; no action came of "
          + "them.</p><table id=\"shadow-table\"><thead><tr><th>Rule</th><th>Findings</th></tr></thead><tbody>");
      shadow.forEach((r, n) -> b.append("<tr><td><code>").append(esc(r)).append("</code></td><td class=\"n\">")
          .append(String.format("%,d", n)).append("</td></tr>"));
      b.append("</tbody></table>");
    }
    b.append("<h2 id=\"previous\">Compared with the previous run</h2>");
    if (previousRun == null) {
      b.append("<p class=\"muted\">No earlier committed run in this OUT.</p>");
      return;
    }
    b.append("<p class=\"muted\">Actions per category and action against run <code>").append(esc(previousRun))
        .append("</code>, the committed run of this OUT that started last before this one (winnow diff shows which "
            + "subjects changed).</p><table id=\"comparison\"><thead><tr><th>Category / action</th><th>Previous</th>"
            + "<th>This run</th><th>Change</th></tr></thead><tbody>");
    for (Map.Entry<String, long[]> e : comparison.entrySet()) {
      long[] v = e.getValue();
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(String.format("%,d", v[0]))
          .append("</td><td class=\"n\">").append(String.format("%,d", v[1])).append("</td><td class=\"n\">")
          .append(String.format("%+,d", v[1] - v[0])).append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
