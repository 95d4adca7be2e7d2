package io.winnow.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's append committed by Delta Kernel ({@link LedgerAppend}): the same versions and, version by version, the
 * same entries as Delta Spark's append of the same rows, with one Spark job (the Parquet write) and none on the log;
 * the checkpoint every 10 versions; Delta's reader, time travel and OPTIMIZE on the table it wrote; and files of a
 * killed attempt (never committed) read by nothing.
 */
class LedgerAppendTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
  }

  /** Entries of run {@code runId}: a strike and an action per subject, with dates, arrays and flags set. */
  static Dataset<Row> entries(String runId, long seq, int subjects) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < subjects; i++) {
      for (String kind : List.of(LedgerSchema.STRIKE, LedgerSchema.ACTION)) {
        Object[] v = new Object[LedgerSchema.V1.size()];
        v[LedgerSchema.V1.fieldIndex("run_id")] = runId;
        v[LedgerSchema.V1.fieldIndex("run_seq")] = seq;
        v[LedgerSchema.V1.fieldIndex("kind")] = kind;
        v[LedgerSchema.V1.fieldIndex("platform")] = "x";
        v[LedgerSchema.V1.fieldIndex("account_id")] = "a" + (i % 3);
        v[LedgerSchema.V1.fieldIndex("subject_id")] = runId + "-p" + i;
        v[LedgerSchema.V1.fieldIndex("action")] = kind.equals(LedgerSchema.ACTION) ? "delete-post" : null;
        v[LedgerSchema.V1.fieldIndex("suspend_days")] = i;
        v[LedgerSchema.V1.fieldIndex("strike_posts")] = List.of(runId + "-p" + i, "q" + i).toArray(String[]::new);
        v[LedgerSchema.V1.fieldIndex("weight")] = 0.5 + i;
        v[LedgerSchema.V1.fieldIndex("issued")] = Date.valueOf("2026-10-01");
        v[LedgerSchema.V1.fieldIndex("expires")] = Date.valueOf("2026-12-30");
        v[LedgerSchema.V1.fieldIndex("closed")] = i % 2 == 0;
        rows.add(RowFactory.create(v));
      }
    }
    return spark.createDataFrame(rows, LedgerSchema.V1).repartition(3);
  }

  /** Every column of every entry, sorted: what a reader sees. */
  static List<String> rows(Dataset<Row> entries) {
    return entries.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** Delta Spark's append, as {@link Ledger#commitAppending} wrote it before Kernel. */
  static long deltaAppend(Path table, Dataset<Row> entries) {
    entries.select(java.util.Arrays.stream(LedgerSchema.V1.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).coalesce(1).write().format("delta").mode("append")
        .save(table.toString());
    return io.delta.tables.DeltaTable.forPath(spark, table.toString()).history(1).first().<Long>getAs("version");
  }

  @Test
  void kernelAppendsWhatDeltaAppendsWithoutAJobOnTheLog() throws Exception {
    Ledger kernel = Ledger.at(spark, tmp.resolve("kernel").toString());
    Path delta = tmp.resolve("delta/ledger");
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        // a job's description when the code set one (Delta does), else its last stage's name: the call site
        String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
        jobs.add(d != null ? d : start.stageInfos().isEmpty() ? "(unknown)" : start.stageInfos().last().name());
      }
    };
    for (int v = 0; v <= 11; v++) {
      Dataset<Row> day = entries("day-" + v, v, 1 + v % 4);
      assertEquals(v, deltaAppend(delta, day), "Delta's append writes version " + v);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      if (v > 0) {
        spark.sparkContext().addSparkListener(listener);
      }
      assertEquals(v, kernel.commitAppending(day, 1), "the ledger's append writes version " + v);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      spark.sparkContext().removeSparkListener(listener);
      if (v > 0) {
        assertEquals(1, jobs.size(), "version " + v + ": one Spark job, the Parquet write: " + jobs);
        assertTrue(jobs.get(0).startsWith("parquet at LedgerAppend.java"), "version " + v + ": " + jobs);
        jobs.clear();
      }
    }
    for (long v = 0; v <= 11; v++) {
      List<String> expected = rows(spark.read().format("delta").option("versionAsOf", v).load(delta.toString()));
      assertEquals(expected, rows(kernel.at(v)), "version " + v + " through Kernel's file list");
      assertEquals(expected, rows(spark.read().format("delta").option("versionAsOf", v)
          .load(kernel.path().toString())), "version " + v + " through Delta's reader");
    }
    Path log = Path.of(kernel.path().toString(), "_delta_log");
    assertTrue(Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 10))), "checkpoint of version 10");
    assertTrue(Files.readString(log.resolve("_last_checkpoint")).contains("\"version\":10"),
        Files.readString(log.resolve("_last_checkpoint")));
    assertEquals(12, kernel.files(), "one file a version");
    try (Stream<Path> staging = Files.list(Path.of(kernel.path().toString()))) {
      assertTrue(staging.noneMatch(p -> p.getFileName().toString().equals(LedgerAppend.STAGING)),
          "no staging left behind");
    }

    // Delta's OPTIMIZE on the table Kernel wrote: the same entries in one file, then Kernel appends again.
    Ledger.Compaction c = kernel.compact();
    assertEquals(List.of(11L, 12L, 12L, 1L), List.of(c.versionBefore(), c.versionAfter(), c.filesBefore(),
        c.filesAfter()));
    assertEquals(rows(spark.read().format("delta").load(delta.toString())), rows(kernel.at(12)));
    assertEquals(13, kernel.commitAppending(entries("day-13", 13, 2), 1));
    assertEquals(rows(kernel.at(12).union(entries("day-13", 13, 2))), rows(kernel.all()));
  }

  /** Kind, action and hash of each entry, sorted: what a manifest's digest is computed from. */
  static List<String> hashes(List<Row> hashes) {
    return hashes.stream().map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2)).sorted().toList();
  }

  @Test
  void aStagedAppendWritesAndHashesTheEntriesInOneJobAsTheTwoJobsDid() throws Exception {
    Ledger twoJobs = Ledger.at(spark, tmp.resolve("two").toString());
    Ledger oneJob = Ledger.at(spark, tmp.resolve("one").toString());
    assertTrue(oneJob.stageAppending(entries("a", 1, 2), null).isEmpty(), "no table yet: the old path's");
    for (Ledger l : List.of(twoJobs, oneJob)) {
      assertEquals(0, l.commitAppending(entries("a", 1, 2), 1));
    }
    Dataset<Row> day = entries("b", 2, 5); // 3 partitions, written as one file
    List<String> expectedHashes = hashes(Ledger.hashes(day));
    java.util.Map<String, Object> expectedDigest = Ledger.digest(Ledger.hashes(day));
    assertEquals(1, twoJobs.commitAppending(day, 1));

    Ledger.Staged[] staged = new Ledger.Staged[1];
    List<String> jobs = LedgerReadPathsTest.jobsOf(() -> {
      staged[0] = oneJob.stageAppending(day, null).orElseThrow();
      assertEquals(0, oneJob.version(), "nothing committed by the staging");
      assertEquals(1, oneJob.commitStaged(staged[0]), "the commit of the staged files is version 1, as the append's");
    });
    assertEquals(expectedHashes, hashes(staged[0].hashes()), "the hashes observed on the write are the hashes job's");
    assertEquals(expectedDigest, Ledger.digest(staged[0].hashes()), "the manifest's digest");
    assertEquals(1, jobs.size(), "one Spark job, the Parquet write with its hashes: " + jobs);
    assertTrue(jobs.get(0).startsWith("parquet at LedgerAppend.java"), jobs.toString());
    assertEquals(rows(twoJobs.at(1)), rows(oneJob.at(1)), "the same entries at version 1");
    assertEquals(rows(spark.read().format("delta").load(twoJobs.path().toString())),
        rows(spark.read().format("delta").load(oneJob.path().toString())), "through Delta's reader");
    assertEquals(2, oneJob.files(), "one file for the staged entries, as for the append's");
    assertEquals(twoJobs.files(), oneJob.files());

    // A staged write whose commit does not come (the run failed between its write and its commit): nothing read.
    Ledger.Staged dropped = oneJob.stageAppending(entries("c", 3, 2), null).orElseThrow();
    oneJob.discard(dropped);
    assertEquals(1, oneJob.version());
    assertEquals(rows(twoJobs.at(1)), rows(oneJob.all()));
    try (Stream<Path> files = Files.list(Path.of(oneJob.path().toString()))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().equals(LedgerAppend.STAGING)),
          "no staging left behind");
    }
    assertEquals(2, oneJob.commitStaged(oneJob.stageAppending(entries("c", 3, 2), null).orElseThrow()));
    assertEquals(rows(twoJobs.at(1).union(entries("c", 3, 2))), rows(oneJob.at(2)));
  }

  @Test
  void filesOfAnAttemptKilledBeforeItsCommitAreReadByNothing() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("out").toString());
    assertEquals(0, ledger.commitAppending(entries("a", 1, 2), 1));
    assertEquals(1, ledger.commitAppending(entries("b", 2, 3), 1));
    List<String> before = rows(ledger.all());
    // what a kill -9 leaves: Spark's files in a staging directory, or already renamed into the table, uncommitted
    Path table = Path.of(ledger.path().toString());
    Path staged = table.resolve(LedgerAppend.STAGING).resolve("killed");
    entries("c", 3, 2).coalesce(1).write().parquet(staged.toString());
    Path orphan;
    try (Stream<Path> files = Files.list(staged)) {
      orphan = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.copy(orphan, table.resolve("part-00000-killed.snappy.parquet"));
    assertEquals(before, rows(ledger.all()), "Delta's reader");
    assertEquals(before, rows(ledger.at(1)), "Kernel's file list");
    assertEquals(2, ledger.commitAppending(entries("c", 3, 2), 1), "the re-run appends version 2");
    assertEquals(rows(ledger.at(1).union(entries("c", 3, 2))), rows(ledger.at(2)), "the re-run's entries once");
  }
}
