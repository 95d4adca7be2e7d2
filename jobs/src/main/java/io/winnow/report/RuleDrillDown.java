package io.winnow.report;

import static io.winnow.report.Html.esc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Per rule, for the rules behind the most actions: its actions by kind, the listed phrases that drive them (term and
 * near evidence, most frequent first) and, for similar-to rules, how the similarity scores of its matches spread.
 */
final class RuleDrillDown {
  /** Phrases shown per rule. */
  private static final int PHRASES = 8;

  /** One rule: actions by kind, phrase counts, similar-to score buckets (lower bound of a 0.1-wide bucket). */
  record RuleFacts(String rule, Map<String, Long> actions, Map<String, Long> phrases, Map<Double, Long> scores) {}

  private final List<RuleFacts> rules;

  private RuleDrillDown(List<RuleFacts> rules) {
    this.rules = rules;
  }

  static RuleDrillDown collect(Dataset<Row> actions, int topRules) {
    Dataset<Row> byRule = actions.select(col("action"), explode(col("rules")).as("r"))
        .groupBy(col("r.rule_id").as("rule_id"), col("action")).agg(count(lit(1)).as("n"));
    List<String> top = byRule.groupBy("rule_id").sum("n").orderBy(col("sum(n)").desc(), col("rule_id"))
        .limit(topRules).collectAsList().stream().map(r -> r.getString(0)).toList();
    Map<String, RuleFacts> facts = new LinkedHashMap<>();
    top.forEach(r -> facts.put(r, new RuleFacts(r, new TreeMap<>(), new LinkedHashMap<>(), new TreeMap<>())));
    for (Row r : byRule.filter(col("rule_id").isin(top.toArray())).collectAsList()) {
      facts.get(r.getString(0)).actions().put(r.getString(1), r.getLong(2));
    }
    Dataset<Row> evidence = actions.select(explode(col("evidence")).as("e"))
        .filter(col("e.rule_id").isin(top.toArray()));
    for (Row r : evidence.filter(col("e.kind").isin("term", "near"))
        .groupBy(col("e.rule_id"), col("e.value")).agg(count(lit(1)).as("n"))
        .withColumn("_i", row_number().over(Window.partitionBy("rule_id").orderBy(col("n").desc(), col("value"))))
        .filter(col("_i").leq(PHRASES)).orderBy(col("rule_id"), col("_i")).collectAsList()) {
      facts.get(r.getString(0)).phrases().put(r.getString(1), r.getLong(2));
    }
    for (Row r : evidence.filter(col("e.kind").equalTo("similar-to"))
        .withColumn("score", regexp_extract(col("e.value"), "\\(score ([0-9.]+)\\)", 1).cast("double"))
        .groupBy(col("e.rule_id"), floor(col("score").multiply(10)).as("bucket")).agg(count(lit(1)).as("n"))
        .collectAsList()) {
      if (!r.isNullAt(1)) {
        facts.get(r.getString(0)).scores().put(r.getLong(1) / 10.0, r.getLong(2));
      }
    }
    return new RuleDrillDown(new ArrayList<>(facts.values()));
  }

  List<RuleFacts> rules() {
    return rules;
  }

  void render(StringBuilder b) {
    b.append("<h2 id=\"drill-down\">Rules in detail</h2><p class=\"muted\">The rules behind the most actions: their "
        + "actions by kind, the listed phrases found in the evidence of those actions (a phrase counts once per "
        + "piece of evidence), and for similar-to rules the similarity of their matches in buckets of 0.1.</p>");
    for (RuleFacts f : rules) {
      b.append("<div class=\"card rule\" data-rule=\"").append(esc(f.rule())).append("\"><h3><code>")
          .append(esc(f.rule())).append("</code></h3><p>");
      List<String> parts = new ArrayList<>();
      f.actions().forEach((a, n) -> parts.add(esc(a) + " " + String.format("%,d", n)));
      b.append(String.join(" · ", parts)).append("</p>");
      if (!f.phrases().isEmpty()) {
        b.append("<table class=\"phrases\"><thead><tr><th>Listed phrase</th><th>Evidence</th></tr></thead><tbody>");
        f.phrases().forEach((p, n) -> b.append("<tr><td>").append(esc(p)).append("</td><td class=\"n\">")
            .append(String.format("%,d", n)).append("</td></tr>"));
        b.append("</tbody></table>");
      }
      if (!f.scores().isEmpty()) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        f.scores().forEach((lo, n) -> buckets.put(String.format("%.1f–%.1f", lo, Math.min(1.0, lo + 0.1)), n));
        b.append(Svg.bars("Similarity of " + f.rule() + "'s matches", buckets));
      }
      b.append("</div>");
    }
  }
}
