package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestSpark;
import io.winnow.ledger.Ledger;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code winnow sweep --incremental} over LedgerSweepTest's 30-day archive (a harmless post a day and 14 salt-claim
 * posts: 44 posts in 30 partitions dt=D/platform=x). The post rules are rumour.salt v3 (active) and
 * rumour.salt-big-accounts v1 (shadow); the archive grows by a day, then rumour.salt's version is bumped.
 */
class IncrementalSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path full;
  static Path rules;

  static final String DAY30 = "posts/dt=2026-10-30";

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    full = tmp.resolve("full");
    LedgerSweepTest.writeFixture(spark, rules, full);
  }

  static IncrementalSweep.Result incremental(Path archive, Path rulesDir, Path out, String runId) {
    SweepRequest request = new SweepRequest(archive.toString(), null, null, out.toString(), runId, false, "test",
        true);
    return new IncrementalSweep(spark, TestSpark.settings(), RuleLoader.load(rulesDir), request, line -> { })
        .execute();
  }

  static JsonNode manifest(Path out, String runId) throws Exception {
    return new ObjectMapper().readTree(out.resolve("runs/" + runId + "/manifest.json").toFile());
  }

  /** Posts evaluated per rule version over every committed run of OUT, from the manifests' watermark sections. */
  static Map<String, Long> evaluatedPerRule(Path out) throws Exception {
    Map<String, Long> per = new TreeMap<>();
    for (String run : Ledger.at(spark, out.toString()).committedRuns()) {
      JsonNode w = manifest(out, run).path("ledger").path("watermarks");
      for (JsonNode rule : w.path("rule_versions")) {
        per.merge(rule.asText(), w.path("posts_evaluated").asLong(), Long::sum);
      }
    }
    return per;
  }

  static Map<String, Integer> watermarksPerRule(Path out) {
    Map<String, Integer> per = new TreeMap<>();
    Ledger.at(spark, out.toString()).watermarks().forEach((rule, partitions) -> per.put(rule, partitions.size()));
    return per;
  }

  @Test
  void newDaysThenNothingThenOneDayThenOnlyTheChangedRuleOverTheHistory() throws Exception {
    // The archive as of day 29: day 30 arrives later.
    Path archive = tmp.resolve("growing");
    LedgerFaultTest.copy(full, archive);
    Path day30 = archive.resolve(DAY30);
    try (var files = Files.walk(day30)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Path out = tmp.resolve("out");

    IncrementalSweep.Result first = incremental(archive, rules, out, "inc-1");
    assertEquals(1, first.runs().size(), "one step: every partition is new");
    SweepResult r1 = first.runs().get(0);
    assertEquals(43, r1.tables().get("posts").read(), "29 harmless posts and the 14 claims of days 1..24");
    assertEquals(14, r1.actions("rumour", "delete-post"), "each claim post deleted");

    IncrementalSweep.Result again = incremental(archive, rules, out, "inc-2");
    assertTrue(again.runs().isEmpty(), "no new partition, no rule changed: nothing evaluated, nothing issued");
    assertEquals(29 * 2, again.plan().pairsEvaluatedBefore());
    assertFalse(Files.exists(out.resolve("runs/inc-2")), "no run committed");

    LedgerFaultTest.copy(full.resolve(DAY30), day30);
    IncrementalSweep.Result third = incremental(archive, rules, out, "inc-3");
    assertEquals(1, third.runs().size());
    SweepResult r3 = third.runs().get(0);
    assertEquals(1, r3.tables().get("posts").read(), "only the new day is read: its one post");
    JsonNode w3 = manifest(out, "inc-3").path("ledger").path("watermarks");
    assertEquals("[\"dt=2026-10-30/platform=x\"]", w3.path("partitions").toString());
    assertEquals("[\"rumour.salt v3\",\"rumour.salt-big-accounts v1\"]", w3.path("rule_versions").toString());
    List<String> postInputs = new ArrayList<>();
    manifest(out, "inc-3").path("inputs").forEach(i -> {
      if (i.path("table").asText().equals("posts")) {
        postInputs.add(i.path("partition").asText());
      }
    });
    assertEquals(List.of("dt=2026-10-30/platform=x"), postInputs, "no other partition's file is opened");

    // rumour.salt v3 -> v4: only that rule, over the 30 partitions it has not seen; nothing new is issued.
    Path bumped = tmp.resolve("rules-v4");
    LedgerFaultTest.copy(rules, bumped);
    Path rumour = bumped.resolve("rumour.conf");
    Files.writeString(rumour, Files.readString(rumour).replaceFirst("version = 3", "version = 4"));
    IncrementalSweep.Result fourth = incremental(archive, bumped, out, "inc-4");
    assertEquals(1, fourth.runs().size(), "one history step, no new partition");
    SweepResult r4 = fourth.runs().get(0);
    assertEquals("inc-4-rules-1", r4.runId());
    assertEquals(44, r4.tables().get("posts").read(), "the whole history, for the changed rule");
    JsonNode w4 = manifest(out, "inc-4-rules-1").path("ledger").path("watermarks");
    assertEquals("[\"rumour.salt v4\"]", w4.path("rule_versions").toString(), "the changed rule alone");
    List<String> compiled = new ArrayList<>();
    manifest(out, "inc-4-rules-1").path("rule_set").path("rules").forEach(r -> compiled.add(r.path("id").asText()
        + " v" + r.path("version").asText()));
    assertEquals(List.of("rumour.salt v4"), compiled, "the step's rule set is the changed rule alone");
    assertEquals(0, r4.actions(), "every post it flags is deleted already");
    assertEquals(Map.of("rumour/delete-post", 14L), r4.ledger().alreadyInForce());

    assertEquals(Map.of("rumour.salt v3", 44L, "rumour.salt v4", 44L, "rumour.salt-big-accounts v1", 44L),
        evaluatedPerRule(out), "each (rule version, post) evaluated exactly once");
    assertEquals(Map.of("rumour.salt v3", 30, "rumour.salt v4", 30, "rumour.salt-big-accounts v1", 30),
        watermarksPerRule(out));
    assertTrue(incremental(archive, bumped, out, "inc-5").runs().isEmpty(), "and then nothing is left");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void twoIncrementalSweepsAtOnceOneWinsTheOtherFailsInOneLine() throws Exception {
    Path out = tmp.resolve("out-race");
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (String id : List.of("race-a", "race-b")) {
      Path log = tmp.resolve(id + ".log");
      logs.add(log);
      // The winner holds the ledger a while after its ledger commit, so the two overlap whatever the machine's load.
      children.add(LedgerFaultTest.childSweep(out, log, List.of("sweep", "--incremental", "--archive",
          full.toString(), "--rules", rules.toString(), "--out", out.toString(), "--run-id", id, "-D",
          "winnow.test.pause-after-ledger-commit-millis=8000")));
    }
    List<Integer> exits = new ArrayList<>();
    for (Process p : children) {
      exits.add(p.waitFor());
    }
    int winner = exits.indexOf(0);
    assertTrue(winner >= 0 && exits.contains(2), "one wins (exit 0), the other is refused (exit 2): " + exits + "\n"
        + Files.readString(logs.get(0)) + "\n" + Files.readString(logs.get(1)));
    String loser = Files.readString(logs.get(1 - winner)).strip();
    assertFalse(loser.contains("Exception") || loser.contains("\tat "), "no stack trace: " + loser);
    List<String> refusals = loser.lines().filter(l -> l.contains("is being written by another sweep")
        || l.contains("evaluated meanwhile")).toList();
    assertEquals(1, refusals.size(), loser);
    assertTrue(refusals.get(0).startsWith("winnow: ") && refusals.get(0).contains("nothing written"), loser);
    String lost = winner == 0 ? "race-b" : "race-a";
    assertFalse(Files.exists(out.resolve("runs/" + lost)), "the loser committed nothing");
    assertEquals(Map.of("rumour.salt v3", 30, "rumour.salt-big-accounts v1", 30), watermarksPerRule(out),
        "nothing lost: the winner evaluated every pair");
    assertEquals(Set.of(winner == 0 ? "race-a" : "race-b"),
        Set.copyOf(Ledger.at(spark, out.toString()).committedRuns()));
    assertTrue(incremental(full, rules, out, "race-c").runs().isEmpty(), "nothing left to evaluate");
  }
}
