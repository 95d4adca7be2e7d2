package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.ledger.Ledger;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run commits to the ledger: a run id with no entries appends (one file, no rewrite of earlier files), the
 * table keeps statistics of its first columns only, and compaction (automatic every
 * winnow.ledger.compact-every-versions versions, or {@code winnow ledger compact}) leaves every decision, entry and audit verification as it was.
 */
class LedgerCommitTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path archive;
  static Path rules;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    archive = tmp.resolve("archive");
    LedgerSweepTest.writeFixture(spark, rules, archive);
  }

  static void day(Path out, int day, int compactEvery) {
    LocalDate d = LocalDate.of(2026, 10, day);
    SweepRequest request = new SweepRequest(archive.toString(), d, d, out.toString(), "day-" + d, false, "test",
        true);
    Map<String, String> conf = Map.of("winnow.ledger.compact-every-versions", String.valueOf(compactEvery));
    new Sweep(spark, TestSpark.settings(conf), RuleLoader.load(rules), request, line -> { }).execute();
  }

  /**
   * The table's history, oldest first: "version operation mode files" (files added by a write or an OPTIMIZE). A write
   * committed by Delta Kernel records no mode nor metrics (and isBlindAppend false), so a write's mode is "Append"
   * when its commit file adds files and removes none, and its files are its add actions, whichever wrote it.
   */
  static List<String> history(Path out) {
    return DeltaTable.forPath(spark, out.resolve("ledger").toString()).history().orderBy("version").collectAsList()
        .stream().map(r -> describe(out, r)).toList();
  }

  private static String describe(Path out, Row r) {
    Map<String, String> params = r.getJavaMap(r.fieldIndex("operationParameters"));
    Map<String, String> metrics = r.getJavaMap(r.fieldIndex("operationMetrics"));
    String op = r.getAs("operation");
    long version = r.getAs("version");
    String mode = actions(out, version, "remove") == 0 ? "Append" : params.get("mode");
    return version + " " + op + " " + ("OPTIMIZE".equals(op)
        ? metrics.get("numRemovedFiles") + " into " + metrics.get("numAddedFiles")
        : mode + " " + actions(out, version, "add"));
  }

  /** The actions of kind {@code kind} ("add", "remove") in {@code version}'s commit file. */
  static long actions(Path out, long version, String kind) {
    try {
      return Files.readAllLines(out.resolve(String.format("ledger/_delta_log/%020d.json", version))).stream()
          .filter(l -> l.startsWith("{\"" + kind + "\"")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<String> entries(Path out) {
    return Ledger.at(spark, out.toString()).all().orderBy("run_id", "kind", "subject_id", "rules").collectAsList()
        .stream().map(Row::toString).toList();
  }

  @Test
  void freshRunsAppendOneFileAndCompactionChangesNoDecisionNorEntry() throws Exception {
    Path plain = tmp.resolve("out-plain");
    Path compacted = tmp.resolve("out-compacted");
    for (int d : List.of(1, 3, 5, 6, 7)) {
      day(plain, d, 0);
      day(compacted, d, 3);
      assertEquals(LedgerSweepTest.issuedBy(spark, plain, d), LedgerSweepTest.issuedBy(spark, compacted, d),
          "day " + d + ": the same actions with and without compaction");
    }
    assertEquals(List.of("0 WRITE Append 1", "1 WRITE Append 1", "2 WRITE Append 1", "3 WRITE Append 1",
        "4 WRITE Append 1"), history(plain), "each run a blind append of one file");
    // Day 6 finds version 2 (3 versions, of days 1, 3, 5, a file each): it compacts them before reading (version 3),
    // then commits (version 4); day 7 finds version 4 and does not.
    assertEquals(List.of("0 WRITE Append 1", "1 WRITE Append 1", "2 WRITE Append 1", "3 OPTIMIZE 3 into 1",
        "4 WRITE Append 1", "5 WRITE Append 1"), history(compacted));
    assertEquals(entries(plain), entries(compacted), "compaction keeps every entry");
    JsonNode day6 = new ObjectMapper().readTree(compacted.resolve("runs/day-2026-10-06/manifest.json").toFile())
        .path("ledger").path("compacted");
    assertEquals(List.of(3L, 3L, 1L), List.of(day6.path("version").asLong(-1), day6.path("files_before").asLong(-1),
        day6.path("files_after").asLong(-1)), "day 6's manifest records the compaction: " + day6);
    assertTrue(new ObjectMapper().readTree(compacted.resolve("runs/day-2026-10-07/manifest.json").toFile())
        .path("ledger").path("compacted").isMissingNode(), "day 7 compacted nothing");
    assertEquals("3", DeltaTable.forPath(spark, plain.resolve("ledger").toString()).detail()
        .select("properties").first().getJavaMap(0).get("delta.dataSkippingNumIndexedCols"),
        "statistics of run_id, run_seq and kind only");

    // Runs committed before the compaction still verify against the version they wrote.
    for (String run : List.of("day-2026-10-01", "day-2026-10-05", "day-2026-10-07")) {
      var verified = TestCli.cli("audit", "verify", compacted.resolve("runs/" + run).toString(), "--master",
          "local[2]");
      assertEquals(0, verified.exit(), run + ": " + verified.out() + verified.err());
      assertTrue(verified.out().contains("; so do its ledger entries"), verified.out());
    }
  }

  @Test
  void ledgerCompactCommandCompactsUnderTheLockAndSaysWhenThereIsNothingToDo() throws Exception {
    Path out = tmp.resolve("out-command");
    day(out, 1, 0);
    day(out, 3, 0);
    List<String> before = entries(out);
    var first = TestCli.cli("ledger", "compact", "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, first.exit(), first.err());
    assertEquals("ledger " + out + "/ledger: 2 files compacted into 1, version 2 written; "
        + "checkpoint of version 2 written\n", first.out());
    assertEquals(before, entries(out));
    var again = TestCli.cli("ledger", "compact", "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, again.exit(), again.err());
    assertEquals("ledger " + out + "/ledger: 1 files at version 2, nothing to compact; "
        + "version 2 has its checkpoint\n", again.out());

    var none = TestCli.cli("ledger", "compact", "--out", tmp.resolve("no-out").toString(), "--master", "local[2]");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("no ledger at " + tmp.resolve("no-out/ledger") + ". A sweep with --ledger --out "
        + tmp.resolve("no-out") + " writes it"), none.err());
  }

  /**
   * A daily run writes its entries with their hashes in one job (the append's Parquet, the hashes observed on it) when
   * they go in one file of an append to an existing table; with entries-per-file 1 they cannot, and the old path hashes them in a job of its own, then
   * writes them. Both give the same ledger rows, versions and manifest records.
   */
  @Test
  void theEntriesWrittenWithTheirHashesInOneJobAreThoseOfTheHashesJobThenTheWrite() throws Exception {
    Path oneJob = tmp.resolve("out-one-job");
    Path twoJobs = tmp.resolve("out-two-jobs");
    ObjectMapper json = new ObjectMapper();
    for (int d : List.of(1, 3, 5)) {
      LocalDate date = LocalDate.of(2026, 10, d);
      List<String> one = jobsOf(() -> day(oneJob, d, 0));
      List<String> two = jobsOf(() -> dayWith(twoJobs, date, Map.of("winnow.ledger.entries-per-file", "1")));
      // Day 1 creates the table: Delta's writer, after the hashes job, either way. (Jobs are counted, not named: a
      // job's last stage may carry another job's call site.)
      int fewer = d == 1 ? 0 : 1;
      assertEquals(two.size() - fewer, one.size(), "day " + d + ": jobs " + one + " against " + two);
      JsonNode a = json.readTree(oneJob.resolve("runs/day-" + date + "/manifest.json").toFile());
      JsonNode b = json.readTree(twoJobs.resolve("runs/day-" + date + "/manifest.json").toFile());
      for (String key : List.of("ledger", "stage_rows", "counts", "actions_per_category_action")) {
        assertEquals(b.path(key), a.path(key), "day " + d + ": the manifest's " + key);
      }
      assertTrue(a.path("ledger").path("entries").path("action").asLong() > 0, "day " + d + " issues actions: " + a);
    }
    assertEquals(entries(twoJobs), entries(oneJob), "the same entries in the ledger");
    assertEquals(List.of("0 WRITE Append 1", "1 WRITE Append 1", "2 WRITE Append 1"), history(oneJob),
        "each run a blind append of one file");
    var verified = TestCli.cli("audit", "verify", oneJob.resolve("runs/day-2026-10-05").toString(), "--master",
        "local[2]");
    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("; so do its ledger entries"), verified.out());
  }

  static void dayWith(Path out, LocalDate d, Map<String, String> conf) {
    SweepRequest request = new SweepRequest(archive.toString(), d, d, out.toString(), "day-" + d, false, "test",
        true);
    new Sweep(spark, TestSpark.settings(conf), RuleLoader.load(rules), request, line -> { }).execute();
  }

  /** The call sites of the Spark jobs {@code work} runs ("collectAsList at LedgerSnapshot.java:58", ...). */
  static List<String> jobsOf(Runnable work) throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    List<String> sites = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        sites.add(start.stageInfos().last().name());
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      work.run();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return List.copyOf(sites);
  }

  @Test
  void anIncrementalSweepThatCompactsReadsTheLedgerOnceAndRecordsWhatARereadWould() throws Exception {
    Path plain = tmp.resolve("incr-plain");
    Path compacted = tmp.resolve("incr-compacted");
    for (int d : List.of(1, 3, 5)) { // versions 0, 1, 2: a file each; the next run compacts (2 + 1 = 3)
      day(plain, d, 0);
      day(compacted, d, 3);
    }
    Map<Path, List<String>> jobs = new java.util.HashMap<>();
    // The ledger read through Spark (its persisted copy and summary job), so each read shows as a job to count: a
    // ledger this small is otherwise read on the driver without one (LedgerReadPathsTest), as is the summary of a
    // larger one up to driver-summary-max-bytes.
    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      for (Path out : List.of(plain, compacted)) {
        SweepRequest request = new SweepRequest(archive.toString(), null, null, out.toString(), "incr", false, "test",
            true);
        Map<String, String> conf = Map.of("winnow.ledger.compact-every-versions", out == plain ? "0" : "3",
            "winnow.ledger.driver-summary-max-bytes", "0");
        jobs.put(out, jobsOf(() -> new IncrementalSweep(spark, TestSpark.settings(conf), RuleLoader.load(rules),
            request, line -> { }).execute()));
      }
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
    List<String> plainReads = jobs.get(plain).stream().filter(j -> j.contains("at LedgerSnapshot.java")).toList();
    assertTrue(!plainReads.isEmpty(), "the plan's read: " + jobs.get(plain));
    assertEquals(plainReads, jobs.get(compacted).stream().filter(j -> j.contains("at LedgerSnapshot.java")).toList(),
        "the compacting sweep reads the ledger once, as the other: the plan's read stays valid after its OPTIMIZE");
    assertEquals(List.of(), jobs.get(compacted).stream().filter(j -> j.startsWith("first at Ledger.java")).toList(),
        "the files before and after the compaction counted from the log, no DeltaTable.detail job");
    assertEquals(List.of("0 WRITE Append 1", "1 WRITE Append 1", "2 WRITE Append 1", "3 OPTIMIZE 3 into 1",
        "4 WRITE Append 1"), history(compacted));
    assertEquals(entries(plain), entries(compacted), "the same entries");
    JsonNode p = new ObjectMapper().readTree(plain.resolve("runs/incr/manifest.json").toFile()).path("ledger");
    JsonNode c = new ObjectMapper().readTree(compacted.resolve("runs/incr/manifest.json").toFile()).path("ledger");
    // What reading the ledger again after the compaction recorded: the compaction's version read, the next written.
    assertEquals(List.of(3L, 4L, 3L, 3L, 1L), List.of(c.path("read_version").asLong(-1),
        c.path("written_version").asLong(-1), c.path("compacted").path("version").asLong(-1),
        c.path("compacted").path("files_before").asLong(-1), c.path("compacted").path("files_after").asLong(-1)),
        c.toString());
    assertEquals(List.of(2L, 3L), List.of(p.path("read_version").asLong(-1), p.path("written_version").asLong(-1)));
    for (String same : List.of("run_seq", "entries", "entries_sha256", "already_in_force", "reversals", "watermarks",
        "as_of")) {
      assertEquals(p.path(same), c.path(same), same);
    }
    var verified = TestCli.cli("audit", "verify", compacted.resolve("runs/incr").toString(), "--master", "local[2]");
    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("; so do its ledger entries"), verified.out());
  }
}
