package io.winnow.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an incremental sweep evaluates, from the watermarks: the (partition, rule version) pairs of the archive that no
 * committed run evaluated yet. A partition ({@code dt=2026-10-01/platform=x}) that no evaluated rule version has seen
 * is new and gets every rule; a rule version that has not seen a partition the others have (a changed or added rule)
 * gets those partitions alone, grouped by the partitions they lack. Each step is one sweep of its partitions with its
 * rules, so each (rule version, partition) is evaluated once. Plain Java: planning needs no Spark.
 */
public final class IncrementalPlan {
  /** One sweep of the plan: these partitions with these rule versions ("id vN"). */
  public record Step(SortedSet<String> partitions, SortedSet<String> ruleVersions) {
    /** The step's days, from the partitions' dt values. */
    public SortedSet<String> days() {
      SortedSet<String> out = new TreeSet<>();
      partitions.forEach(p -> out.add(dayOf(p)));
      return out;
    }
  }

  private final List<Step> steps;
  private final int evaluatedBefore;

  private IncrementalPlan(List<Step> steps, int evaluatedBefore) {
    this.steps = List.copyOf(steps);
    this.evaluatedBefore = evaluatedBefore;
  }

  /**
   * The plan for the archive's {@code partitions} and the rule versions to evaluate ({@code ruleVersions}, "id vN"),
   * given the pairs evaluated already ({@code evaluated}: rule version -> partitions it has seen). The first step, if
   * any, is the new partitions with every rule version; then one step per group of rule versions lacking the same
   * older partitions, oldest partitions' group first.
   */
  public static IncrementalPlan of(Set<String> partitions, Set<String> ruleVersions,
      Map<String, Set<String>> evaluated) {
    SortedSet<String> fresh = new TreeSet<>(partitions);
    for (String rule : ruleVersions) {
      fresh.removeAll(evaluated.getOrDefault(rule, Set.of()));
    }
    // A partition seen by some rule version but not all is history for the versions lacking it.
    Map<SortedSet<String>, SortedSet<String>> lacking = new LinkedHashMap<>();
    int before = 0;
    for (String rule : new TreeSet<>(ruleVersions)) {
      SortedSet<String> missing = new TreeSet<>(partitions);
      missing.removeAll(evaluated.getOrDefault(rule, Set.of()));
      before += partitions.size() - missing.size();
      missing.removeAll(fresh);
      if (!missing.isEmpty()) {
        lacking.computeIfAbsent(missing, k -> new TreeSet<>()).add(rule);
      }
    }
    List<Step> steps = new ArrayList<>();
    List<Map.Entry<SortedSet<String>, SortedSet<String>>> history = new ArrayList<>(lacking.entrySet());
    history.sort((a, b) -> a.getKey().first().compareTo(b.getKey().first()));
    history.forEach(e -> steps.add(new Step(e.getKey(), e.getValue())));
    if (!fresh.isEmpty() && !ruleVersions.isEmpty()) {
      steps.add(new Step(fresh, new TreeSet<>(ruleVersions)));
    }
    return new IncrementalPlan(steps, before);
  }

  /** The sweeps to run, history first (older days are judged before newer ones), then the new partitions. */
  public List<Step> steps() {
    return steps;
  }

  /** Pairs (rule version, partition) of the archive evaluated before: what this plan does not read again. */
  public int pairsEvaluatedBefore() {
    return evaluatedBefore;
  }

  /** The {@code dt} value of a partition {@code dt=YYYY-MM-DD/platform=NAME}. */
  public static String dayOf(String partition) {
    int slash = partition.indexOf('/');
    String first = slash < 0 ? partition : partition.substring(0, slash);
    return first.startsWith("dt=") ? first.substring(3) : first;
  }

  /** One line for the summary: each step (partitions, days, rule versions) and the pairs evaluated before. */
  public String describe() {
    if (steps.isEmpty()) {
      return "nothing to evaluate: every partition was evaluated by every rule version (" + evaluatedBefore
          + " pairs)";
    }
    StringBuilder out = new StringBuilder();
    for (Step s : steps) {
      out.append(out.length() == 0 ? "" : "; ").append(s.partitions().size()).append(" partitions (")
          .append(s.days().first()).append("..").append(s.days().last()).append(") with ")
          .append(s.ruleVersions().size()).append(" rule versions");
    }
    return out + "; " + evaluatedBefore + " pairs evaluated before, not read again";
  }
}
