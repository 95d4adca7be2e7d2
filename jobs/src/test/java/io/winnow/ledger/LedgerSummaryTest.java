package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary a read of the ledger gives the plan and the prior state (run order, watermarks, appeals answered), read
 * from the version's Parquet files on the driver: the same rows, version after version, as the Spark job that
 * summarised the read copy before, and no Spark job; a table read through Delta's reader is still summarised by that
 * job.
 */
class LedgerSummaryTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
  }

  /** One entry of run {@code runId}: kind, subject, rules, appeal; other columns null. */
  static Row entry(String runId, Long seq, String kind, String subject, String rules, String appeal) {
    Object[] v = new Object[LedgerSchema.V1.size()];
    v[LedgerSchema.V1.fieldIndex("run_id")] = runId;
    v[LedgerSchema.V1.fieldIndex("run_seq")] = seq;
    v[LedgerSchema.V1.fieldIndex("kind")] = kind;
    v[LedgerSchema.V1.fieldIndex("subject_id")] = subject;
    v[LedgerSchema.V1.fieldIndex("rules")] = rules;
    v[LedgerSchema.V1.fieldIndex("appeal")] = appeal;
    return RowFactory.create(v);
  }

  static Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(List.of(rows), LedgerSchema.V1);
  }

  /** The summary as the read's Spark job computed it (the code before the driver's read), at {@code version}. */
  static Set<LedgerSnapshot.Summary> byJob(Ledger ledger, long version) {
    Dataset<Row> table = spark.read().format("delta").option("versionAsOf", version).load(ledger.path().toString());
    Column watermark = col("kind").equalTo(LedgerSchema.WATERMARK);
    Set<LedgerSnapshot.Summary> out = new HashSet<>();
    for (Row r : table.groupBy(col("run_id"), col("kind"), when(watermark, col("rules")).as("rule"),
            when(watermark, col("subject_id")).as("partition"),
            when(col("kind").equalTo(LedgerSchema.REVERSAL), col("appeal")).as("appeal"))
        .agg(max("run_seq")).collectAsList()) {
      out.add(new LedgerSnapshot.Summary(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          r.getString(4), r.isNullAt(5) ? null : r.getLong(5)));
    }
    return out;
  }

  /** The snapshot's summary, and the Spark jobs its read ran. */
  record Read(Set<LedgerSnapshot.Summary> summary, int jobs) {}

  static Read read(Ledger ledger) throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try (LedgerSnapshot s = LedgerSnapshot.read(ledger)) {
      Set<LedgerSnapshot.Summary> summary = new HashSet<>(s.summary());
      assertEquals(s.summary().size(), summary.size(), "no summary row twice");
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      return new Read(summary, jobs.get());
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  @Test
  void theDriversSummaryIsTheJobsVersionAfterVersionWithoutAJob() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("out").toString());
    List<Dataset<Row>> commits = List.of(
        rows(entry("a", 1L, LedgerSchema.WATERMARK, "dt=2026-10-01/platform=x", "r v1", null),
            entry("a", 1L, LedgerSchema.WATERMARK, "dt=2026-10-01/platform=x", "s v2", null),
            entry("a", 1L, LedgerSchema.STRIKE, "p1", "r v1", null),
            entry("a", 1L, LedgerSchema.ACTION, "p1", "r v1", null)),
        rows(entry("b", 2L, LedgerSchema.WATERMARK, "dt=2026-10-02/platform=x", "r v1", null),
            entry("b", 2L, LedgerSchema.WATERMARK, "dt=2026-10-02/platform=y", "r v1", null),
            entry("b", 2L, LedgerSchema.REVERSAL, "p1", "r v1", "p1|x|r|1|2026-10-02|ann"),
            entry("b", 2L, LedgerSchema.REVERSAL, "p1", "r v1", "p1|x|r|1|2026-10-02|ann"),
            entry("b", 2L, LedgerSchema.REVERSAL, "p7", "r v1", null),
            entry("b", 2L, LedgerSchema.STATE, "a7", null, "not a reversal's appeal")),
        // a run whose entries carry no run_seq, and one row without a kind
        rows(entry("c", null, LedgerSchema.STRIKE, "p3", "r v1", null),
            entry("c", 3L, LedgerSchema.STRIKE, "p4", "r v1", null),
            entry("c", null, LedgerSchema.ACTION, "p3", "r v1", null),
            entry("c", null, null, "p5", null, null)));
    List<Read> reads = new ArrayList<>();
    for (Dataset<Row> c : commits) {
      ledger.commitAppending(c, 1);
      reads.add(read(ledger));
    }
    // a re-run of a replaces its entries: its watermark of s v2 is gone at that version
    ledger.commitReplacing("a", rows(entry("a", 4L, LedgerSchema.WATERMARK, "dt=2026-10-01/platform=x", "r v1",
        null)), 1);
    reads.add(read(ledger));
    for (int v = 0; v < reads.size(); v++) {
      assertEquals(byJob(ledger, v), reads.get(v).summary(), "version " + v + ": the job's summary rows");
      assertEquals(0, reads.get(v).jobs(), "version " + v + ": read without a Spark job");
    }
    assertEquals(5, reads.get(1).summary().stream().filter(s -> s.runId().equals("b")).count(),
        "b: two watermarks, one appeal answered, a reversal without appeal, a state: " + reads.get(1).summary());
    assertEquals(Map.of("r v1", Set.of("dt=2026-10-01/platform=x", "dt=2026-10-02/platform=x",
        "dt=2026-10-02/platform=y")), watermarksOf(ledger, tmp.resolve("out/runs")), "the watermarks after the re-run of a");
  }

  /** The watermarks of runs a, b and c once their run directories are committed. */
  static Map<String, Set<String>> watermarksOf(Ledger ledger, Path runs) throws Exception {
    for (String r : List.of("a", "b", "c")) {
      Files.createDirectories(runs.resolve(r));
      Files.writeString(runs.resolve(r).resolve("_SUCCESS"), "");
    }
    try (LedgerSnapshot s = LedgerSnapshot.read(ledger)) {
      return s.watermarks();
    }
  }

  @Test
  void aTableReadThroughDeltaIsSummarisedByTheJob() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("dv").toString());
    ledger.commitAppending(rows(entry("a", 1L, LedgerSchema.WATERMARK, "dt=2026-10-01/platform=x", "r v1", null),
        entry("a", 1L, LedgerSchema.REVERSAL, "p2", "r v1", "k"), entry("a", 1L, LedgerSchema.STRIKE, "p3", null,
        null)), 1);
    String table = "delta.`" + ledger.path() + "`";
    spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql("DELETE FROM " + table + " WHERE subject_id = 'p2'"); // a deletion vector: plain Parquet would see p2
    Read read = read(ledger);
    assertEquals(byJob(ledger, ledger.version()), read.summary(), "the reversal of p2 is deleted, not summarised");
    assertEquals(2, read.summary().size(), read.summary().toString());
  }
}
