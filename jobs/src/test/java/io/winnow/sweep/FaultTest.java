package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.rules.RuleLoader;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the acceptance list, on SweepTest's archive: the sweep process killed with SIGKILL in the middle
 * of the write, a task that fails once and is retried, an output directory that cannot be written. The first two run
 * the command line in a child JVM (its own SparkContext: local[2,2] allows a task retry, and it can be killed).
 */
public class FaultTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;
  static List<Row> reference;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    SweepTest.Fixture fixture = SweepTest.writeFixture(spark, tmp);
    rules = fixture.rules();
    archive = fixture.archive();
    Path out = tmp.resolve("out-reference");
    sweepInProcess(out);
    reference = actions(out.resolve("runs/fault"));
  }

  static void sweepInProcess(Path out) {
    new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-03"), out.toString(), "fault", false, "test"),
        line -> { }).execute();
  }

  static List<Row> actions(Path run) {
    return spark.read().parquet(run.resolve("actions").toString()).orderBy("action_id").collectAsList();
  }

  /** The command line in a child JVM, with the test JVM's --add-opens flags and the module's classpath. */
  static Process child(Path out, Path log, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens"))
        .forEach(cmd::add);
    cmd.add("-cp");
    cmd.add("target/classes" + File.pathSeparator + Files.readString(Path.of("target/classpath.txt")).strip());
    cmd.add("io.winnow.cli.WinnowCli");
    cmd.addAll(List.of("sweep", "--archive", archive.toString(), "--rules", rules.toString(), "--from", "2026-10-01",
        "--to", "2026-10-03", "--out", out.toString(), "--run-id", "fault", "-D", "winnow.spark.shuffle-partitions=2",
        "-D", "winnow.spark.progress-bar=false", "-D", "winnow.quarantine.max-rate=0.5"));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  public static boolean stagedDataFiles(Path out) throws IOException {
    Path staging = out.resolve("runs/.staging");
    if (!Files.exists(staging)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet") && !p.toString().contains(
          "_temporary"));
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void killedDuringTheWriteLeavesNothingCommittedAndTheRerunMatches() throws Exception {
    Path out = tmp.resolve("out-killed");
    Path log = tmp.resolve("killed.log");
    Process p = child(out, log, "--master", "local[1]", "-D", "winnow.test.pause-during-write-millis=120000");
    while (!stagedDataFiles(out)) {
      assertTrue(p.isAlive(), "the sweep ended before its write: " + Files.readString(log));
      Thread.sleep(100);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    p.waitFor();
    assertFalse(Files.exists(out.resolve("runs/fault")), "nothing that looks committed");
    Path leftover;
    try (Stream<Path> s = Files.list(out.resolve("runs/.staging"))) {
      leftover = s.findFirst().orElseThrow();
    }
    assertTrue(leftover.getFileName().toString().startsWith("fault."), leftover.toString());

    sweepInProcess(out);
    assertTrue(Files.exists(out.resolve("runs/fault/_SUCCESS")));
    assertFalse(Files.exists(leftover), "the re-run cleaned the stale staging");
    assertEquals(reference, actions(out.resolve("runs/fault")), "identical to an uninterrupted run");
    assertEquals(AuditTrailTest.hashes(tmp.resolve("out-reference/runs/fault"), "actions"),
        AuditTrailTest.hashes(out.resolve("runs/fault"), "actions"));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aTaskThatFailsOnceIsRetriedWithoutDuplicateActions() throws Exception {
    Path out = tmp.resolve("out-retried");
    Path log = tmp.resolve("retried.log");
    Process p = child(out, log, "--master", "local[2,2]", "-D", "winnow.test.fail-first-task-attempt=true");
    assertTrue(p.waitFor(9, TimeUnit.MINUTES));
    String output = Files.readString(log);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("injected fault: first attempt of task"), "the first attempt failed: " + output);
    List<Row> actions = actions(out.resolve("runs/fault"));
    assertEquals(reference.size(), actions.stream().map(r -> r.getAs("action_id")).distinct().count());
    assertEquals(reference, actions, "the retry wrote each action once");
  }

  @Test
  void unwritableOutputGivesAClearErrorAndNoPartialCommit() throws Exception {
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a file where a directory should be");
    TestCli.Result run = TestCli.cli("sweep", "--archive", archive.toString(), "--rules", rules.toString(),
        "--from", "2026-10-01", "--to", "2026-10-03", "--out", blocker.resolve("out").toString(), "--master",
        "local[2]");
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().startsWith("winnow: cannot "), run.err());
    assertTrue(run.err().strip().endsWith("Check that --out is writable"), run.err());
    assertEquals("a file where a directory should be", Files.readString(blocker), "nothing written");
  }
}
