package io.winnow.engine;

import io.winnow.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code rules test} says of one example, condition by condition: each kind adds its part ({@link
 * ConditionKind#explain}) from the leaves the example satisfied, their evidence and the where predicates' values.
 * Text leaves are taken in the depth-first order they were compiled in.
 */
public final class Explanation {
  private final ConditionKinds kinds;
  private final CompiledRules compiled;
  private final int[] leaves;
  private final int[] next;
  private final Set<Integer> satisfied;
  private final List<CompiledRules.Hit> hits;
  private final boolean[] where;
  private final Map<String, Object> values;
  private final List<String> parts;

  Explanation(ConditionKinds kinds, CompiledRules compiled, int[] leaves, Set<Integer> satisfied,
      List<CompiledRules.Hit> hits, boolean[] where, Map<String, Object> values) {
    this(kinds, compiled, leaves, new int[] {0}, satisfied, hits, where, values, new ArrayList<>());
  }

  private Explanation(ConditionKinds kinds, CompiledRules compiled, int[] leaves, int[] next, Set<Integer> satisfied,
      List<CompiledRules.Hit> hits, boolean[] where, Map<String, Object> values, List<String> parts) {
    this.kinds = kinds;
    this.compiled = compiled;
    this.leaves = leaves;
    this.next = next;
    this.satisfied = satisfied;
    this.hits = hits;
    this.where = where;
    this.values = values;
    this.parts = parts;
  }

  /** Explains a nested condition here. */
  public void explain(Condition condition) {
    kinds.kindOf(condition).explain(condition, this);
  }

  /** Explains a nested condition into parts of its own, which the caller words (e.g. under not). */
  public List<String> explainApart(Condition condition) {
    Explanation inner = new Explanation(kinds, compiled, leaves, next, satisfied, hits, where, values,
        new ArrayList<>());
    inner.explain(condition);
    return inner.parts;
  }

  public void say(String part) {
    parts.add(part);
  }

  /**
   * The part of the next text leaf: "{@code label} found 'excerpt', …" or "{@code label} found nothing". With
   * {@code withEvidence}, each excerpt is followed by what it matched ("'…' ~ claim-7 (score 0.80)").
   */
  public void textLeaf(String label, boolean withEvidence) {
    int leaf = leaves[next[0]++];
    List<String> found = hits.stream().filter(h -> h.leaf() == leaf)
        .map(h -> "'" + h.excerpt() + "'" + (withEvidence ? " ~ " + h.phrase() : "")).distinct().toList();
    parts.add(satisfied.contains(leaf) ? label + " found " + String.join(", ", found) : label + " found nothing");
  }

  /** The value of where predicate {@code sql} on the example. */
  public boolean where(String sql) {
    return where[compiled.whereSql().indexOf(sql)];
  }

  /** The example's value of {@code column} ({@code post.likes}, …). */
  public Object value(String column) {
    return values.get(column);
  }

  List<String> parts() {
    return parts;
  }
}
