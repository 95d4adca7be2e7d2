package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.UserError;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSnapshot;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger read once for an incremental step (LedgerSweepTest's archive and rules: post rules rumour.salt v3 and
 * rumour.salt-big-accounts v1): the plan's read answers the watermarks, and the step starts from it only while the
 * ledger has not moved; a read the ledger moved past is not trusted (else a pair would be evaluated twice).
 */
class LedgerSnapshotTest {
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

  /** A --ledger sweep of day {@code day} that reads only its partition, as an incremental step does. */
  static Sweep step(Path out, int day, String runId) {
    LocalDate d = LocalDate.of(2026, 10, day);
    SweepRequest request = new SweepRequest(archive.toString(), d, d, out.toString(), runId, false, "test", true,
        new TreeSet<>(Set.of("dt=" + d + "/platform=x")));
    return new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), request, line -> { });
  }

  @Test
  void aStepStartsFromThePlansReadOnlyWhileTheLedgerHasNotMoved() throws Exception {
    Path out = tmp.resolve("out");
    Ledger ledger = Ledger.at(spark, out.toString());
    step(out, 1, "d1").execute();

    LedgerSnapshot read = LedgerSnapshot.read(ledger);
    assertEquals(0, read.version(), "one commit so far");
    assertEquals(Set.of("d1"), read.committedRuns());
    Map<String, Set<String>> day1 = Map.of("rumour.salt v3", Set.of("dt=2026-10-01/platform=x"),
        "rumour.salt-big-accounts v1", Set.of("dt=2026-10-01/platform=x"));
    assertEquals(day1, read.watermarks(), "the watermarks from the read's summary");
    assertEquals(day1, ledger.watermarks(), "the same as a read of the table's watermark entries");
    assertTrue(read.current());

    // Day 1 again as a step from a read that is still current: the read is used, the pairs are refused.
    UserError again = assertThrows(UserError.class, () -> step(out, 1, "d1-again").startingFrom(read).execute());
    assertTrue(again.getMessage().contains("planned to evaluate dt=2026-10-01/platform=x with rumour.salt")
        && again.getMessage().contains("evaluated meanwhile"), again.getMessage());

    // Day 2 is committed by another sweep after the read: the read is stale, and a step planned from it for day 2
    // (as a concurrent incremental sweep would have) must not start from it.
    LedgerSnapshot stale = LedgerSnapshot.read(ledger);
    step(out, 2, "d2").execute();
    assertFalse(stale.current(), "version 1 and run d2 are newer than the read");
    UserError meanwhile = assertThrows(UserError.class,
        () -> step(out, 2, "d2-late").startingFrom(stale).execute());
    assertTrue(meanwhile.getMessage().contains("planned to evaluate dt=2026-10-02/platform=x with rumour.salt")
        && meanwhile.getMessage().contains("evaluated meanwhile"), meanwhile.getMessage());
    assertFalse(Files.exists(out.resolve("runs/d2-late")), "nothing committed");

    // A current read is used by the step of day 3: it records the version read, and appends the next version.
    LedgerSnapshot fresh = LedgerSnapshot.read(ledger);
    SweepResult d3 = step(out, 3, "d3").startingFrom(fresh).execute();
    assertEquals(1, d3.ledger().readVersion());
    assertEquals(2, d3.ledger().writtenVersion());
    assertEquals(Set.of("dt=2026-10-01/platform=x", "dt=2026-10-02/platform=x", "dt=2026-10-03/platform=x"),
        ledger.watermarks().get("rumour.salt v3"));
  }
}
