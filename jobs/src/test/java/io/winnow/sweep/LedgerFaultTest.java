package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.UserError;
import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger under faults, on LedgerSweepTest's archive: a sweep killed with SIGKILL after its ledger commit and
 * before its run's, a second sweep started while the first holds the ledger, entries changed behind the manifest's
 * back; and {@code winnow ledger show} on the result.
 */
class LedgerFaultTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    archive = tmp.resolve("archive");
    LedgerSweepTest.writeFixture(spark, rules, archive);
  }

  /** Every entry of the ledger under {@code out}, committed or not, sorted. */
  static List<String> entries(Path out) {
    return Ledger.at(spark, out.toString()).all().orderBy("run_id", "kind", "subject_id").collectAsList().stream()
        .map(Row::toString).toList();
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  static Process childSweep(Path out, Path log, int day, String... extra) throws Exception {
    String d = String.format("2026-10-%02d", day);
    List<String> cmd = new java.util.ArrayList<>(List.of("sweep", "--ledger", "--archive", archive.toString(),
        "--rules", rules.toString(), "--from", d, "--to", d, "--out", out.toString(), "--run-id", "day-" + d));
    cmd.addAll(List.of(extra));
    return childSweep(out, log, cmd);
  }

  /** {@code winnow ARGS} in a child JVM on local[1], its output in {@code log}. */
  static Process childSweep(Path out, Path log, List<String> args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(args);
    cmd.addAll(List.of("--master", "local[1]", "-D", "winnow.spark.shuffle-partitions=2", "-D",
        "winnow.spark.progress-bar=false", "-D", "winnow.quarantine.max-rate=0.5"));
    List<String> jvm = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens")).forEach(jvm::add);
    jvm.addAll(List.of("-cp", "target/classes" + java.io.File.pathSeparator
        + Files.readString(Path.of("target/classpath.txt")).strip(), "io.winnow.cli.WinnowCli"));
    jvm.addAll(cmd);
    return new ProcessBuilder(jvm).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void killedBetweenLedgerAndRunCommitThenRerunGivesTheSameLedger() throws Exception {
    Path reference = tmp.resolve("out-reference");
    LedgerSweepTest.day(spark, rules, archive, reference, 1, null);
    // The same OUT after day 1 (a copy: one sweep fewer), where day 3 is killed; the reference sweeps day 3 uninterrupted.
    Path out = tmp.resolve("out-killed");
    copy(reference, out);
    LedgerSweepTest.day(spark, rules, archive, reference, 3, null);
    Path log = tmp.resolve("killed.log");
    Process p = childSweep(out, log, 3, "-D", "winnow.test.pause-after-ledger-commit-millis=600000");
    Path second = out.resolve("ledger/_delta_log/00000000000000000001.json");
    while (!Files.exists(second)) {
      assertTrue(p.isAlive(), "the sweep ended before its ledger commit: " + Files.readString(log));
      Thread.sleep(200);
    }
    // While the child holds the ledger, another sweep on the same OUT stops at once and writes nothing.
    UserError busy = assertThrows(UserError.class, () -> LedgerSweepTest.day(spark, rules, archive, out, 5, null));
    assertTrue(busy.getMessage().startsWith("the ledger " + out.resolve("ledger") + " is being written by another sweep; this sweep stopped before reading it, nothing written."),
        busy.getMessage());
    assertFalse(Files.exists(out.resolve("runs/day-2026-10-05")));

    p.destroyForcibly(); // SIGKILL between the ledger's commit and the run's
    p.waitFor();
    assertFalse(Files.exists(out.resolve("runs/day-2026-10-03/_SUCCESS")), "the run is not committed");
    Ledger ledger = Ledger.at(spark, out.toString());
    assertEquals(1, ledger.version(), "the killed sweep's entries are in the ledger");
    assertEquals(List.of("day-2026-10-01"), ledger.committedRuns());
    assertEquals(4L, ledger.committed().filter("kind != 'watermark'").count(),
        "readers count the committed run's only: p1, q1 actions and strikes");
    assertEquals(java.util.Map.of("rumour.salt v3", java.util.Set.of("dt=2026-10-01/platform=x"),
        "rumour.salt-big-accounts v1", java.util.Set.of("dt=2026-10-01/platform=x")), ledger.watermarks(),
        "and its watermarks only: day 1 with both post rules");

    LedgerSweepTest.day(spark, rules, archive, out, 3, null);
    assertEquals(entries(reference), entries(out), "the re-run replaced the killed sweep's entries: same ledger");
    assertEquals(List.of("a1 demonetise 2", "a2 demonetise 2", "p2 delete-post", "q2 delete-post"),
        LedgerSweepTest.issuedBy(spark, out, 3), "no strike counted twice");

    var verified = TestCli.cli("audit", "verify", out.resolve("runs/day-2026-10-03").toString(), "--master",
        "local[2]");
    assertEquals(0, verified.exit(), verified.out() + verified.err());
    assertTrue(verified.out().contains("; so do its ledger entries"), verified.out());

    var shown = TestCli.cli("ledger", "show", "a1", "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().contains("\nrumour\n  state      demonetise since 2026-10-03 (run day-2026-10-03)\n"
        + "  strikes    2.0 counting as of 2026-10-03\n"
        + "    post p1  weight 1.0, issued 2026-10-01, expires 2026-10-11: counts (rumour.salt v3, run "
        + "day-2026-10-01)\n"
        + "    post p2  weight 1.0, issued 2026-10-03, expires 2026-10-13: counts (rumour.salt v3, run "
        + "day-2026-10-03)\n"), shown.out());

    // A strike slipped into the ledger for the run, behind its manifest's back: audit verify names it.
    Row forged = Ledger.at(spark, out.toString()).all().filter("kind = 'strike' AND subject_id = 'p2'").first();
    Object[] values = new Object[forged.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = forged.get(i);
    }
    values[forged.fieldIndex("subject_id")] = "p2-forged";
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(values)), LedgerSchema.V1).write()
        .format("delta").mode("append").save(out.resolve("ledger").toString());
    var tampered = TestCli.cli("audit", "verify", out.resolve("runs/day-2026-10-03").toString(), "--master",
        "local[2]");
    assertEquals(1, tampered.exit(), tampered.out());
    assertTrue(tampered.out().contains("ledger at its latest version 3 (changed after the run): 3 strike entries of "
        + "the run, the manifest records 2\n"), tampered.out());
  }
}
