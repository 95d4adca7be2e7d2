package io.winnow.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.config.Settings;
import io.winnow.model.Subject;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.CollectMetricsExec;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The pass counts its rows without an observation over every row (which made Spark write every row out whole): the
 * UDF counts the rows it matches and the kept rows are observed. The counts are those of the old observation over
 * every row, kept here as the oracle, on rows of every kind spread over several tasks.
 */
class TextPassCountsTest {
  private static final String BAIT = "转发这条锦鲤，3天内必有好运！";

  private static Row post(String id, String account, String created, String text, String title, String repostOf,
      String platform, long row, String duplicate) {
    return RowFactory.create(id, account, created == null ? null : Timestamp.valueOf(created), text, title, repostOf,
        0L, 0L, 0L, 0L, false, List.of(), List.of(), "2026-10-01", platform, "f1", row, duplicate);
  }

  /** Candidates, plain rows, reposts, rows quarantined by Spark's expressions and by the UDF's text checks. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    String ok = "2026-10-01 10:00:00";
    for (int i = 0; i < 40; i++) {
      long r = i * 10L;
      rows.add(post("c" + i, "a" + i, ok, BAIT, null, null, "weibo", r, null));              // a candidate
      rows.add(post("n" + i, "a" + i, ok, "今天天气很好 " + i, "标题", null, "weibo", r + 1, null)); // nothing
      rows.add(post("r" + i, "a" + i, ok, "好的//@x: " + BAIT, null, "c" + i, "weibo", r + 2, null)); // a repost
      rows.add(post("l" + i, "a" + i, ok, BAIT + BAIT + BAIT, null, null, "weibo", r + 3, null)); // too long: UDF
      rows.add(post("t" + i, "a" + i, ok, "好", BAIT + BAIT + BAIT, null, "weibo", r + 4, null)); // title too long
      rows.add(post("u" + i, "a" + i, ok, "好运\uFFFD", null, null, "weibo", r + 5, null));  // U+FFFD: UDF
      rows.add(post(i % 2 == 0 ? null : "x" + i, i % 2 == 0 ? "a" + i : null, ok, BAIT, null, null, "weibo", r + 6,
          null));                                                                              // null ids: Spark
      rows.add(post("d" + i, "a" + i, i % 3 == 0 ? null : "2031-01-01 00:00:00", BAIT, null, null, "weibo", r + 7,
          null));                                                                              // created_at: Spark
      rows.add(post("p" + i, "a" + i, ok, "今天天气", null, null, i % 2 == 0 ? "" : null, r + 8, null)); // platform
      rows.add(post("c" + i, "a" + i, ok, BAIT, null, "c0", "weibo", r + 9, "duplicate of c" + i)); // a duplicate
    }
    return rows;
  }

  /** The old pass's counts: an observation over every row (read, evaluated, quarantined, candidates). */
  private static List<Long> observedOverEveryRow(Dataset<Row> table, SubjectRules rules, Settings settings) {
    Observation observation = new Observation("old-pass-" + System.nanoTime());
    Column match = TextMatch.checked(rules, settings.sweep().maxTextChars(),
        rules.compiled().fields().stream().map(f -> col(f)).toList(), lit(null).cast("string"), null);
    table.withColumn("reason", TextPass.quarantineReason(Subject.POST, List.of(), settings.sweep().maxTextChars(),
            settings.quarantine(), ""))
        .withColumn("m", when(col("reason").isNull(), match))
        .withColumn("reason", coalesce(col("reason"), col("m.quarantine")))
        .observe(observation, count(lit(1)).as("read"), count(when(col("reason").isNull(), lit(1))).as("evaluated"),
            count(col("reason")).as("quarantined"), count(when(col("reason").isNull().and(col("m").isNotNull()),
                lit(1))).as("candidates"))
        .filter(col("reason").isNotNull().or(col("m").isNotNull()))
        .count();
    try {
      Map<String, Object> m = observation.getAsJava();
      return List.of((Long) m.get("read"), (Long) m.get("evaluated"), (Long) m.get("quarantined"),
          (Long) m.get("candidates"));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theCountsAreThoseOfAnObservationOverEveryRow() {
    SparkSession spark = TestSpark.session();
    SubjectRules rules = TextPassTest.shippedPostRules(spark);
    Settings settings = TestSpark.settings(Map.of("winnow.sweep.max-text-chars", "30"));
    Dataset<Row> table = spark.createDataFrame(rows(), TextPassTest.TABLE).repartition(3);
    StructType canonical = table.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON).schema();
    List<Long> old = observedOverEveryRow(table, rules, settings);
    TextPass.Result pass = TextPass.run(table, canonical, rules, settings, true);
    assertEquals(400L, old.get(0), "the oracle read every row");
    assertTrue(old.get(2) > 200 && old.get(3) >= 40, "the fixture quarantines rows both ways and has candidates: " + old);
    assertEquals(old, List.of(pass.accounting().read(), pass.accounting().evaluated(), pass.accounting().quarantined(),
        pass.candidates()), "read, evaluated, quarantined, candidates as the observation over every row counted them");
    assertEquals(pass.candidates(), pass.candidateRows().count(), "the candidates counted are the candidate rows kept");
    pass.unpersist();
  }

  /** The observation sits above the filter: only kept rows reach Spark's CollectMetrics, which has no generated code. */
  @Test
  void onlyTheKeptRowsAreObserved() {
    SparkSession spark = TestSpark.session();
    SubjectRules rules = TextPassTest.shippedPostRules(spark);
    // Repartitioned: a local table alone would be folded into one by the optimizer, filter and observation included.
    Dataset<Row> table = spark.createDataFrame(rows().subList(0, 20), TextPassTest.TABLE).repartition(2);
    StructType canonical = table.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON).schema();
    TextPass.Result pass = TextPass.run(table, canonical, rules, TestSpark.settings(), true);
    SparkPlan plan = pass.rows().queryExecution().executedPlan();
    List<SparkPlan> observations = new ArrayList<>();
    collect(plan, observations);
    assertEquals(1, observations.size(), "one observation in the pass: " + plan);
    List<SparkPlan> below = new ArrayList<>();
    collectAll(observations.get(0).children().apply(0), below);
    assertTrue(below.stream().anyMatch(p -> p instanceof FilterExec), "a filter below the observation: " + plan);
    pass.unpersist();
  }

  private static void collect(SparkPlan plan, List<SparkPlan> out) {
    List<SparkPlan> all = new ArrayList<>();
    collectAll(plan, all);
    all.stream().filter(p -> p instanceof CollectMetricsExec).forEach(out::add);
  }

  /** Every node of {@code plan}, the cached relation's own plan included. */
  private static void collectAll(SparkPlan plan, List<SparkPlan> out) {
    out.add(plan);
    if (plan instanceof org.apache.spark.sql.execution.columnar.InMemoryTableScanExec scan) {
      collectAll(scan.relation().cachedPlan(), out);
    }
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
      collectAll(adaptive.executedPlan(), out);
    }
    scala.jdk.javaapi.CollectionConverters.asJava(plan.children()).forEach(c -> collectAll(c, out));
  }
}
