package io.winnow.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.winnow.run.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow diff RUN_A RUN_B}: actions matched by subject and category. Added: only in B; removed: only in A;
 * changed: in both with a different action. Counted per category and action (changed under B's action), with samples.
 */
public final class RunDiff {
  private RunDiff() {}

  public record Line(String category, String action, long inA, long inB, long added, long removed, long changed) {}

  public record Sample(String change, String category, String subjectKind, String subjectId, String actionA,
      String actionB, String rules) {}

  public record Result(String ruleSetA, String ruleSetB, List<Line> lines, List<Sample> samples) {}

  public static Result diff(SparkSession spark, RunDirectory a, RunDirectory b, int samplesPerChange) {
    String hashA = a.committedManifest().path("rule_set").path("hash").asText();
    String hashB = b.committedManifest().path("rule_set").path("hash").asText();
    Dataset<Row> left = side(spark, a, "a");
    Dataset<Row> right = side(spark, b, "b");
    Column key = col("a_kind").equalTo(col("b_kind")).and(col("a_subject").equalTo(col("b_subject")))
        .and(col("a_category").equalTo(col("b_category")));
    Column change = when(col("a_action").isNull(), lit("added")).when(col("b_action").isNull(), lit("removed"))
        .when(col("a_action").notEqual(col("b_action")), lit("changed")).otherwise(lit("same"));
    Dataset<Row> joined = left.join(right, key, "full_outer").withColumn("change", change)
        .withColumn("category", coalesce(col("b_category"), col("a_category"))).persist();
    List<Line> lines = new ArrayList<>();
    // Per category and action: A's count under A's action, everything else under B's action.
    Dataset<Row> perA = joined.filter(col("a_action").isNotNull()).groupBy(col("a_category").as("category"),
        col("a_action").as("action")).agg(count(lit(1)).as("in_a"),
        sum(when(col("change").equalTo("removed"), 1L).otherwise(0L)).as("removed"));
    Dataset<Row> perB = joined.filter(col("b_action").isNotNull()).groupBy(col("b_category").as("category"),
        col("b_action").as("action")).agg(count(lit(1)).as("in_b"),
        sum(when(col("change").equalTo("added"), 1L).otherwise(0L)).as("added"),
        sum(when(col("change").equalTo("changed"), 1L).otherwise(0L)).as("changed"));
    for (Row r : perA.join(perB, scala(List.of("category", "action")), "full_outer").na().fill(0L)
        .orderBy("category", "action").collectAsList()) {
      lines.add(new Line(r.getAs("category"), r.getAs("action"), r.getAs("in_a"), r.getAs("in_b"), r.getAs("added"),
          r.getAs("removed"), r.getAs("changed")));
    }
    List<Sample> samples = new ArrayList<>();
    for (String c : List.of("added", "removed", "changed")) {
      for (Row r : joined.filter(col("change").equalTo(c)).orderBy("category", "a_subject", "b_subject")
          .limit(samplesPerChange).collectAsList()) {
        samples.add(new Sample(c, r.getAs("category"), either(r, "b_kind", "a_kind"),
            either(r, "b_subject", "a_subject"), r.getAs("a_action"), r.getAs("b_action"),
            either(r, "b_rules", "a_rules")));
      }
    }
    joined.unpersist();
    return new Result(hashA, hashB, lines, samples);
  }

  private static String either(Row r, String first, String second) {
    String v = r.getAs(first);
    return v != null ? v : r.getAs(second);
  }

  private static Dataset<Row> side(SparkSession spark, RunDirectory run, String prefix) {
    return spark.read().parquet(run.path(RunDirectory.ACTIONS).toString())
        .selectExpr("subject_kind AS " + prefix + "_kind", "subject_id AS " + prefix + "_subject",
            "category AS " + prefix + "_category", "action AS " + prefix + "_action",
            "array_join(transform(rules, r -> concat(r.rule_id, ' v', r.rule_version)), ', ') AS " + prefix
                + "_rules");
  }

  private static scala.collection.immutable.Seq<String> scala(List<String> columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq();
  }
}
