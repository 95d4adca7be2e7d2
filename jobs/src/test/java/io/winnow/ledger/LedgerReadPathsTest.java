package io.winnow.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The ledger's prior state read two ways ({@link LedgerSnapshot#read}): on the driver by Kernel's Parquet reader when
 * the version's files are small (no Spark job), through a persisted copy and a Spark job when they are not; both give
 * the same entries, summary, watermarks, appeals answered and policy rows. And the run's one Kernel snapshot: the
 * append commits on the snapshot the read loaded only while the ledger is still at the version read.
 */
class LedgerReadPathsTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
  }

  /** One entry: column name, value, column name, value...; the other columns null. */
  static Row entry(Object... columnsAndValues) {
    Object[] v = new Object[LedgerSchema.V1.size()];
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      v[LedgerSchema.V1.fieldIndex((String) columnsAndValues[i])] = columnsAndValues[i + 1];
    }
    return RowFactory.create(v);
  }

  /**
   * Run {@code runId}'s entries: per account a strike (one expired before 2026-11-15, one not), the action of the
   * strike's post, a ladder action resting on strikes, a state, and a watermark; run r2 also reverses r1's ladder
   * action for an appeal. Every column type of V1 is set somewhere (arrays, dates, booleans, ints, doubles, nulls).
   */
  static Dataset<Row> run(String runId, long seq) {
    List<Row> rows = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      String account = "acc" + a;
      String post = runId + "-p" + a;
      rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.STRIKE, "platform", "x",
          "account_id", account, "category", "spam", "subject_kind", "post", "subject_id", post,
          "action_id", runId + "-act-" + a, "weight", 0.5 + a, "issued", Date.valueOf("2026-08-0" + (a + 1)),
          "expires", Date.valueOf(a == 0 ? "2026-11-01" : "2027-01-0" + (a + 1)), "rules", "spam.r v2"));
      rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.ACTION, "platform", "x",
          "account_id", account, "category", "spam", "subject_kind", "post", "subject_id", post,
          "action", "delete-post", "action_id", runId + "-act-" + a, "rules", "spam.r v2",
          "evidence", "runs/" + runId + "/actions/ action_id " + runId + "-act-" + a,
          "issued", Date.valueOf("2026-10-0" + (a + 1))));
      rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.ACTION, "platform", "x",
          "account_id", account, "category", "spam", "subject_kind", "account", "subject_id", account,
          "action", "suspend", "action_id", runId + "-ladder-" + a, "suspend_days", 7 + a,
          "strike_posts", List.of(post, "older-" + a).toArray(String[]::new)));
      rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.STATE, "platform", "x",
          "account_id", account, "category", "spam", "action", "suspend", "suspended_until",
          Date.valueOf("2026-12-1" + a), "closed", a == 2, "reinstated", false));
    }
    rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.WATERMARK, "platform", "x",
        "subject_kind", "partition", "subject_id", "dt=2026-10-0" + seq + "/platform=x", "rules", "spam.r v2"));
    if (runId.equals("r2")) {
      rows.add(entry("run_id", runId, "run_seq", seq, "kind", LedgerSchema.REVERSAL, "platform", "x",
          "account_id", "acc1", "category", "spam", "subject_kind", "account", "subject_id", "acc1",
          "action", "reinstate-account", "reverses", "r1-ladder-1", "appeal", "acc1|x|spam.r|2|2026-10-03|rev"));
    }
    // An entry without run_seq in a group with others (the max ignores it), and in r3 (not committed) a group of one
    // such entry (its max is null).
    rows.add(entry("run_id", runId, "kind", LedgerSchema.STATE, "account_id", "acc9"));
    if (runId.equals("r3")) {
      rows.add(entry("run_id", runId, "kind", LedgerSchema.REVERSAL, "account_id", "acc9", "appeal", "no-seq"));
    }
    return spark.createDataFrame(rows, LedgerSchema.V1);
  }

  /** A ledger of runs r1, r2 (committed: their run directories hold _SUCCESS) and r3 (not committed). */
  Ledger ledger(Path out) throws Exception {
    Ledger ledger = Ledger.at(spark, out.toString());
    for (int i = 1; i <= 3; i++) {
      ledger.commitAppending(run("r" + i, i), 1);
      if (i < 3) {
        Files.createDirectories(out.resolve("runs/r" + i));
        Files.writeString(out.resolve("runs/r" + i + "/_SUCCESS"), "");
      }
    }
    return ledger;
  }

  static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  static List<String> sorted(List<LedgerSnapshot.Summary> summary) {
    return summary.stream().map(Object::toString).sorted().toList();
  }

  /** The Spark jobs {@code read} starts (the name of each one's last stage), in the tests' shared session. */
  static List<String> jobsOf(Runnable read) throws java.util.concurrent.TimeoutException {
    SparkSession spark = TestSpark.session();
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.add(start.stageInfos().isEmpty() ? "(unknown)" : start.stageInfos().last().name());
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    spark.sparkContext().addSparkListener(listener);
    try {
      read.run();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs;
  }

  @Test
  void theDriversReadAndSparksGiveTheSameState() throws Exception {
    Ledger ledger = ledger(tmp.resolve("out"));
    LedgerSnapshot[] reads = new LedgerSnapshot[2];
    List<String> driverJobs = jobsOf(() -> reads[0] = LedgerSnapshot.read(ledger, Long.MAX_VALUE, -1));
    List<String> sparkJobs = jobsOf(() -> reads[1] = LedgerSnapshot.read(ledger, -1, -1));
    LedgerSnapshot driver = reads[0];
    LedgerSnapshot viaSpark = reads[1];
    assertEquals(List.of(), driverJobs, "the driver's read starts no Spark job");
    assertFalse(sparkJobs.isEmpty(), "the persisted copy's read runs its summary's job");
    assertEquals(2, driver.version());

    assertEquals(sorted(viaSpark.table()), sorted(driver.table()), "every entry, every column");
    assertEquals(3 * 14 + 2, driver.table().count(), "three runs' 14 entries each, r2's and r3's reversals");
    assertEquals(sorted(viaSpark.summary()), sorted(driver.summary()), "the summary's groups and max run_seq");
    assertTrue(driver.summary().stream().anyMatch(s -> s.runSeq() == null), "a group without run_seq");
    assertEquals(viaSpark.watermarks(), driver.watermarks());
    assertEquals(Map.of("spam.r v2", java.util.Set.of("dt=2026-10-01/platform=x", "dt=2026-10-02/platform=x")),
        driver.watermarks(), "the committed runs' watermarks");

    LocalDate asOf = LocalDate.parse("2026-11-15");
    PriorState fromDriver = PriorState.of(driver, "r4", asOf);
    PriorState fromSpark = PriorState.of(viaSpark, "r4", asOf);
    assertEquals(fromSpark.appealsAnswered(), fromDriver.appealsAnswered());
    assertEquals(java.util.Set.of("acc1|x|spam.r|2|2026-10-03|rev"), fromDriver.appealsAnswered());
    assertEquals(fromSpark.runSeq(), fromDriver.runSeq());
    assertEquals(3, fromDriver.runSeq(), "after r2, the last committed run");
    assertEquals(fromSpark.holdsOwnEntries(), fromDriver.holdsOwnEntries());
    List<String> policyRows = sorted(fromDriver.accountRows());
    assertEquals(sorted(fromSpark.accountRows()), policyRows, "the rows the policy reads");
    // r1's and r2's six strikes and eleven actions in force (r2 reversed r1's ladder action on acc1), none of r3's.
    assertEquals(17, policyRows.size(), policyRows.toString());
    // The strikes that count: not those on acc0 (expired on 2026-11-01) nor r1's on acc1 (its ladder action reversed).
    assertEquals(List.of("[strike,acc1,x,spam,post,r2-p1,null,1.5,spam.r v2,true]",
        "[strike,acc2,x,spam,post,r1-p2,null,2.5,spam.r v2,true]",
        "[strike,acc2,x,spam,post,r2-p2,null,2.5,spam.r v2,true]"),
        policyRows.stream().filter(r -> r.startsWith("[strike") && r.endsWith(",true]")).toList());
    driver.close();
    viaSpark.close();
  }

  /**
   * The middle path (a ledger above driver-read-max-bytes, up to driver-summary-max-bytes): only the summary's
   * columns read on the driver, a file per thread, and the entries a persisted Parquet scan that no job fills yet.
   * The same state as Spark's read: the table, the summary (every group and max run_seq), the watermarks, the prior
   * state and the policy's rows.
   */
  @Test
  void theDriversSummaryAndSparksGiveTheSameState() throws Exception {
    Ledger ledger = ledger(tmp.resolve("summary"));
    LedgerSnapshot[] reads = new LedgerSnapshot[2];
    List<String> summaryJobs = jobsOf(() -> reads[0] = LedgerSnapshot.read(ledger, -1, Long.MAX_VALUE));
    List<String> sparkJobs = jobsOf(() -> reads[1] = LedgerSnapshot.read(ledger, -1, -1));
    LedgerSnapshot summary = reads[0];
    LedgerSnapshot viaSpark = reads[1];
    assertEquals(List.of(), summaryJobs, "the driver's summary read starts no Spark job");
    assertFalse(sparkJobs.isEmpty(), "the persisted copy's read runs its summary's job");
    assertTrue(ledger.files() > 1, "a file per thread: more than one file");
    assertEquals(sorted(viaSpark.table()), sorted(summary.table()), "every entry, every column");
    List<String> groups = sorted(summary.summary());
    assertEquals(sorted(viaSpark.summary()), groups, "the summary's groups and max run_seq");
    assertTrue(summary.summary().stream().anyMatch(s -> s.runSeq() == null), "a group without run_seq");
    assertTrue(groups.stream().anyMatch(g -> g.contains("appeal=acc1|x|spam.r|2|2026-10-03|rev")), groups.toString());
    assertEquals(viaSpark.watermarks(), summary.watermarks());
    LocalDate asOf = LocalDate.parse("2026-11-15");
    PriorState fromSummary = PriorState.of(summary, "r4", asOf);
    PriorState fromSpark = PriorState.of(viaSpark, "r4", asOf);
    assertEquals(fromSpark.appealsAnswered(), fromSummary.appealsAnswered());
    assertEquals(fromSpark.runSeq(), fromSummary.runSeq());
    assertEquals(fromSpark.holdsOwnEntries(), fromSummary.holdsOwnEntries());
    assertEquals(sorted(fromSpark.accountRows()), sorted(fromSummary.accountRows()), "the rows the policy reads");
    summary.close();
    viaSpark.close();
  }

  @Test
  void theAppendCommitsOnTheReadsSnapshotOnlyWhileTheLedgerIsAtIt() throws Exception {
    Ledger ledger = ledger(tmp.resolve("out"));
    LocalDate asOf = LocalDate.parse("2026-11-15");

    // A read still current: the append commits on its snapshot, the next version.
    PriorState current = PriorState.of(LedgerSnapshot.read(ledger), "r4", asOf);
    assertEquals(3, ledger.commitAppending(run("r4", 4), 1, current));
    assertTrue(ledger.lastAppendOnRead(), "committed on the snapshot the read loaded");
    assertEquals(sorted(ledger.at(2).union(run("r4", 4))), sorted(ledger.at(3)));

    // Another writer commits after the read: the append does not commit on the stale snapshot, it loads the latest
    // (as without the read), and writes the version after the other writer's; nothing is lost.
    PriorState stale = PriorState.of(LedgerSnapshot.read(ledger), "r6", asOf);
    assertEquals(4, ledger.commitAppending(run("r5", 5), 1));
    assertEquals(5, ledger.commitAppending(run("r6", 6), 1, stale));
    assertFalse(ledger.lastAppendOnRead(), "the ledger moved past the read: a newly loaded snapshot");
    assertEquals(sorted(ledger.at(3).union(run("r5", 5)).union(run("r6", 6))), sorted(ledger.at(5)));
    current.close();
    stale.close();
  }
}
