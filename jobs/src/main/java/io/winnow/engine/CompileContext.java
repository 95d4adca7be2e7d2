package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a condition kind compiles with, for the rules of one subject: the leaves compiled so far, the phrases of the
 * shared automaton and the leaves each phrase feeds, the where predicates, matchers shared by leaves with the same
 * settings, and which catalogues go to the banded join.
 */
public final class CompileContext {
  private final ConditionKinds kinds;
  private final List<String> fields;
  private final TextNormalizer normalizer;
  private final int joinAboveClaims;
  final List<Leaf> leaves = new ArrayList<>();
  final List<String> phrases = new ArrayList<>();
  private final Map<String, Integer> phraseIds = new HashMap<>();
  /** phrase id -> the leaves it feeds, as leaf id * 4 + role. */
  final Map<Integer, List<Integer>> leavesOfPhrase = new HashMap<>();
  /** Phrases that must be found anywhere, not only at word boundaries (a regex's literal). */
  final java.util.BitSet anywhere = new java.util.BitSet();
  final List<Leaf> everyField = new ArrayList<>();
  final List<Leaf> deferred = new ArrayList<>();
  /** Where the deferred leaves' states start: after the where predicates, known once all rules are compiled. */
  final int[] deferredBase = {0};
  final Map<String, Integer> whereIndex = new LinkedHashMap<>();
  final Map<String, List<String>> whereColumns = new LinkedHashMap<>();
  private final Map<Object, Object> shared = new HashMap<>();
  private int rule;
  private List<Integer> ruleWheres;

  CompileContext(ConditionKinds kinds, List<String> fields, TextNormalizer normalizer, int joinAboveClaims) {
    this.kinds = kinds;
    this.fields = fields;
    this.normalizer = normalizer;
    this.joinAboveClaims = joinAboveClaims;
  }

  /** Compiles the condition of rule number {@code rule}; the where predicates it reads go to {@code wheres}. */
  Node compileRule(Condition when, int rule, List<Integer> wheres) {
    this.rule = rule;
    this.ruleWheres = wheres;
    return compile(when);
  }

  /** Compiles a nested condition (the children of all, any and not) with the kind that owns its record. */
  public Node compile(Condition condition) {
    return kinds.kindOf(condition).compile(condition, this);
  }

  /** The number of the rule being compiled, in the order of {@link CompiledRules#rules()}. */
  public int rule() {
    return rule;
  }

  public TextNormalizer normalizer() {
    return normalizer;
  }

  /** Catalogues with more claims than this are left to the banded join. */
  public int joinAboveClaims() {
    return joinAboveClaims;
  }

  /** The bit mask of {@code leafFields} among the subject's text fields. */
  public int fieldMask(List<String> leafFields) {
    int mask = 0;
    for (String f : leafFields) {
      mask |= 1 << fields.indexOf(f);
    }
    return mask;
  }

  /** Adds a leaf decided in the pass; the node refers to it. */
  public Node leaf(Leaf leaf) {
    add(leaf);
    return new Node.LeafRef(leaf.id());
  }

  /** Adds a leaf that runs on every field of its mask, whether or not a phrase was found. */
  public Node everyField(Leaf leaf) {
    Node node = leaf(leaf);
    everyField.add(leaf);
    return node;
  }

  /**
   * Adds a leaf that a later stage decides (the banded join): it runs on every field of its mask and defers the texts
   * it may match ({@link RowScan#defer}); until then it is unknown for those rows and false for the others.
   */
  public Node deferred(Leaf leaf) {
    add(leaf);
    everyField.add(leaf);
    deferred.add(leaf);
    return new Node.DeferredRef(leaf.id(), deferred.size() - 1, deferredBase);
  }

  /**
   * Asks the shared automaton to find {@code phrase} (already a list entry, normalized when matched) for {@code leaf},
   * which receives it as {@code role} (0 to 3, the kind's own meaning). {@code anywhere}: found inside words too.
   */
  public void phrase(Leaf leaf, int role, String phrase, boolean anywhere) {
    int id = phraseIds.computeIfAbsent(phrase, k -> {
      phrases.add(k);
      return phrases.size() - 1;
    });
    List<Integer> refs = leavesOfPhrase.computeIfAbsent(id, k -> new ArrayList<>());
    int ref = leaf.id() * 4 + role;
    if (!refs.contains(ref)) {
      refs.add(ref);
    }
    if (anywhere) {
      this.anywhere.set(id);
    }
  }

  /** A where predicate: its index among the distinct predicates of the subject, which Spark evaluates. */
  public Node where(String sql, List<String> columns) {
    int id = whereIndex.computeIfAbsent(sql, k -> whereIndex.size());
    whereColumns.putIfAbsent(sql, columns);
    ruleWheres.add(id);
    return new Node.WhereRef(id);
  }

  /** A matcher shared by every leaf with the same {@code key} (names, claims and settings): built once. */
  @SuppressWarnings("unchecked")
  public <T> T shared(Object key, Supplier<T> build) {
    return (T) shared.computeIfAbsent(key, k -> build.get());
  }

  private void add(Leaf leaf) {
    leaf.assign(leaves.size());
    leaves.add(leaf);
  }
}
