package io.winnow.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The plan of an incremental sweep from watermarks, without Spark. */
class IncrementalPlanTest {
  static final String D1 = "dt=2026-10-01/platform=x";
  static final String D2 = "dt=2026-10-02/platform=x";
  static final String D2W = "dt=2026-10-02/platform=weibo";
  static final String D3 = "dt=2026-10-03/platform=x";

  static List<String> steps(IncrementalPlan plan) {
    return plan.steps().stream().map(s -> s.partitions() + " with " + s.ruleVersions()).toList();
  }

  @Test
  void anEmptyLedgerSweepsEveryPartitionWithEveryRuleInOneStep() {
    IncrementalPlan plan = IncrementalPlan.of(Set.of(D1, D2), Set.of("a v1", "b v1"), Map.of());
    assertEquals(List.of("[" + D1 + ", " + D2 + "] with [a v1, b v1]"), steps(plan));
    assertEquals(0, plan.pairsEvaluatedBefore());
  }

  @Test
  void newPartitionsGetEveryRuleAndAChangedRuleItsHistoryAlone() {
    // a v1 -> a v2 after D1 and D2 were swept; D3 and a second platform's D2 are new.
    Map<String, Set<String>> done = Map.of("a v1", Set.of(D1, D2), "b v1", Set.of(D1, D2));
    IncrementalPlan plan = IncrementalPlan.of(new TreeSet<>(Set.of(D1, D2, D2W, D3)), Set.of("a v2", "b v1"), done);
    assertEquals(List.of("[" + D1 + ", " + D2 + "] with [a v2]",
        "[" + D2W + ", " + D3 + "] with [a v2, b v1]"), steps(plan));
    assertEquals(2, plan.pairsEvaluatedBefore(), "b v1 on D1 and D2 (a v1 is no longer a rule)");
    assertEquals(Set.of("2026-10-02", "2026-10-03"), plan.steps().get(1).days());
  }

  @Test
  void rulesLackingDifferentHistoriesAreSeparateStepsAndNothingLeftIsNoStep() {
    Map<String, Set<String>> done = Map.of("a v1", Set.of(D1, D2, D3), "b v1", Set.of(D2, D3), "c v1", Set.of(D3));
    IncrementalPlan plan = IncrementalPlan.of(Set.of(D1, D2, D3), Set.of("a v1", "b v1", "c v1"), done);
    assertEquals(List.of("[" + D1 + "] with [b v1]", "[" + D1 + ", " + D2 + "] with [c v1]"), steps(plan));
    Map<String, Set<String>> all = Map.of("a v1", Set.of(D1, D2, D3));
    assertEquals(List.of(), steps(IncrementalPlan.of(Set.of(D1, D2, D3), Set.of("a v1"), all)));
    assertEquals(3, IncrementalPlan.of(Set.of(D1, D2, D3), Set.of("a v1"), all).pairsEvaluatedBefore());
  }
}
