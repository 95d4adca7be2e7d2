package io.winnow.engine;

import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.text.NormalizedText;
import io.winnow.text.TermMatcher;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The rules of one subject compiled for matching: each rule's condition tree compiled by its kinds ({@link
 * ConditionKinds}) into {@link Node}s over {@link Leaf}s, one automaton over every phrase the leaves asked for, and
 * the distinct {@code where} predicates (evaluated by Spark as columns). Built once per executor JVM and rule set
 * ({@link #of}), then shared by all tasks.
 *
 * <p>A row is matched in two steps. {@link #match} normalizes each text field once, scans it once with the automaton
 * and hands each leaf its phrases ({@link Leaf}); rules whose condition cannot be true given the text are dropped
 * there, so only candidate rows are joined with account facts. {@link #decide} then evaluates the candidates' trees
 * with every predicate known.
 */
public final class CompiledRules {
  private static final Map<String, CompiledRules> CACHE = new ConcurrentHashMap<>();

  /** Tri-state logic: a predicate not yet evaluated is unknown. */
  static final byte FALSE = Node.FALSE;
  static final byte TRUE = Node.TRUE;
  static final byte UNKNOWN = Node.UNKNOWN;

  private final Subject subject;
  private final List<Rule> rules;
  private final TextNormalizer normalizer;
  private final List<String> fields;
  private final TermMatcher matcher;
  private final List<String> phrases;
  private final Leaf[] leaves;
  /** phrase index -> the leaves it feeds: leaf id * 4 + role. */
  private final int[][] phraseLeaves;
  /** Per field: the leaves that run on it whether or not a phrase was found, in leaf order. */
  private final Leaf[][] everyField;
  private final List<Leaf> deferred;
  private final List<String> whereSql;
  private final List<List<String>> whereColumns;
  private final List<Node> trees = new ArrayList<>();
  /** Per rule: the where predicates its tree reads. */
  private final List<int[]> ruleWheres = new ArrayList<>();
  /** Rules that can hold without any text leaf: every row is a candidate for them. */
  private final int[] textFree;

  private CompiledRules(RuleSet ruleSet, Subject subject, ConditionKinds kinds, int joinAboveClaims) {
    this.subject = subject;
    this.rules = ruleSet.evaluated(subject);
    this.fields = subject.textFields();
    this.normalizer = TextNormalizer.shared();
    CompileContext context = new CompileContext(kinds, fields, normalizer, joinAboveClaims);
    List<Integer> free = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      List<Integer> wheres = new ArrayList<>();
      Node tree = context.compileRule(rules.get(r).when(), r, wheres);
      trees.add(tree);
      ruleWheres.add(wheres.stream().distinct().mapToInt(Integer::intValue).toArray());
      // A tree that may hold with no text leaf satisfied (only where, or only `not terms`) is tried on every row.
      if (tree.eval(new LeafSet(), null) != FALSE) {
        free.add(r);
      }
    }
    context.deferredBase[0] = context.whereIndex.size();
    this.textFree = free.stream().mapToInt(Integer::intValue).toArray();
    this.leaves = context.leaves.toArray(Leaf[]::new);
    Leaf[] all = leaves;
    this.evidenceOrder = java.util.Comparator.<Hit>comparingInt(h -> all[h.leaf()].fieldEvidenceOrder())
        .thenComparingInt(Hit::leaf);
    this.phrases = List.copyOf(context.phrases);
    this.phraseLeaves = new int[phrases.size()][];
    for (int p = 0; p < phrases.size(); p++) {
      phraseLeaves[p] = context.leavesOfPhrase.get(p).stream().mapToInt(Integer::intValue).toArray();
    }
    this.everyField = new Leaf[fields.size()][];
    for (int f = 0; f < fields.size(); f++) {
      int field = f;
      everyField[f] = context.everyField.stream().filter(l -> l.reads(field)).toArray(Leaf[]::new);
    }
    this.deferred = List.copyOf(context.deferred);
    this.whereSql = List.copyOf(context.whereIndex.keySet());
    this.whereColumns = List.copyOf(context.whereColumns.values());
    this.matcher = TermMatcher.build(phrases, normalizer, context.anywhere,
        context.phraseSounds.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The compiled rules for {@code subject}, built once per JVM and rule-set hash. */
  public static CompiledRules of(RuleSet ruleSet, Subject subject) {
    return of(ruleSet, subject, Integer.MAX_VALUE);
  }

  /**
   * As {@link #of(RuleSet, Subject)}, with every similar-to leaf whose catalogue has more than {@code joinAboveClaims}
   * claims left to the banded join: no claim index is built for it, and the pass treats it as unknown for texts inside
   * the catalogue's length window ({@link #joinedLeaves()}, {@link TextMatch#pending()}).
   */
  public static CompiledRules of(RuleSet ruleSet, Subject subject, int joinAboveClaims) {
    return of(ruleSet, subject, ConditionKinds.shipped(), joinAboveClaims);
  }

  /** As {@link #of(RuleSet, Subject, int)}, compiled by the kinds of {@code kinds}. */
  public static CompiledRules of(RuleSet ruleSet, Subject subject, ConditionKinds kinds, int joinAboveClaims) {
    return CACHE.computeIfAbsent(ruleSet.hash() + "/" + subject + "/" + joinAboveClaims + kinds.cacheKey(),
        k -> new CompiledRules(ruleSet, subject, kinds, joinAboveClaims));
  }

  public Subject subject() {
    return subject;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The text fields of this subject, in the order {@link #match} expects them. */
  public List<String> fields() {
    return fields;
  }

  /** Distinct where predicates, in leaf order; Spark evaluates them into one boolean array column. */
  public List<String> whereSql() {
    return whereSql;
  }

  /** Columns each where predicate reads, in leaf order. */
  public List<List<String>> whereColumns() {
    return whereColumns;
  }

  public int[] whereLeavesOf(int rule) {
    return ruleWheres.get(rule);
  }

  public int phraseCount() {
    return phrases.size();
  }

  /**
   * One piece of evidence: the leaf it satisfies, the phrase (or what matched: a pattern, a protected name and
   * distance, a claim and score), the field and the span in the ORIGINAL text.
   */
  public record Hit(int leaf, int rule, String phrase, String field, int start, int end, String excerpt) {}

  /**
   * A row's text that a deferred leaf must still be tried on: the field, the span of the whole text (the evidence of
   * a match), and the shingles and band hashes the join keys on.
   */
  public record Pending(int leaf, int rule, String field, int start, int end, String excerpt, long[] shingles,
      long[] bands) {}

  /**
   * The text verdict on one row: candidate rules, satisfied text leaves and the evidence behind them, and the texts
   * the banded join must still try deferred leaves on (empty unless some catalogue is joined).
   */
  public record TextMatch(int[] candidates, int[] satisfiedLeaves, List<Hit> hits, List<Pending> pending) {}

  /** The similar-to leaves left to the banded join; empty when every catalogue is matched in the pass. */
  public List<SimilarToKind.Joined> joinedLeaves() {
    return deferred(SimilarToKind.Deferred.class).stream().map(SimilarToKind.Deferred::joined).toList();
  }

  /** The deferred leaves of one kind ({@link SemanticLeaf}: decided after the pass); the per-row loop knows no kind. */
  public <T> List<T> deferred(Class<T> kind) {
    return deferred.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /**
   * Matches the text fields of one row. {@code where} holds the predicates already known (TRUE/FALSE) or UNKNOWN;
   * null means all unknown. Returns null when no rule can fire on this row (the common case).
   */
  public TextMatch match(String[] texts, byte[] where) {
    return match(texts, where, new TextNormalizer.Buffer());
  }

  /** As {@link #match(String[], byte[])}, normalizing into the caller's {@code buffer} (one per thread or task). */
  public TextMatch match(String[] texts, byte[] where, TextNormalizer.Buffer buffer) {
    return match(texts.length, f -> normalizer.normalize(texts[f], buffer), where, false);
  }

  /**
   * As {@link #match(String[], byte[], TextNormalizer.Buffer)} for texts given as UTF-8 bytes (null for a null field),
   * as Spark hands them over: a row that matches nothing never becomes a Java string.
   */
  public TextMatch matchUtf8(byte[][] texts, byte[] where, TextNormalizer.Buffer buffer) {
    return match(texts.length, f -> normalizer.normalizeUtf8(texts[f], buffer), where, true);
  }

  /** As {@link #matchUtf8}, each field decoded into its own buffer by {@link TextNormalizer#decodeChecked}. */
  public TextMatch matchDecoded(byte[][] texts, byte[] where, TextNormalizer.Buffer[] buffers) {
    return match(texts.length, f -> normalizer.normalizeDecoded(texts[f], buffers[f]), where, true);
  }

  /**
   * The match over {@code fieldCount} fields, normalized one after the other by {@code normalize}: a field's result
   * is used before the next field is normalized, so one buffer serves them all.
   */
  private TextMatch match(int fieldCount, IntFunction<NormalizedText> normalize, byte[] where, boolean cut) {
    RowScan row = scan(fieldCount, normalize, where, cut);
    if (row.satisfied.isEmpty() && textFree.length == 0 && row.pending == null) {
      return null;
    }
    return verdict(row, where);
  }

  /**
   * Every field of a row through the leaves, then each leaf that found a phrase in the row. With {@code cut}, a rule
   * false whatever its word checks say ({@link #mayHold}) is not segmented for ({@link RowScan#resolveWords}); its
   * word leaves stay unsatisfied, which no verdict reads. {@code rules test} shows every leaf: it matches uncut.
   */
  private RowScan scan(int fieldCount, IntFunction<NormalizedText> normalize, byte[] where, boolean cut) {
    RowScan row = new RowScan(fields, phrases);
    for (int f = 0; f < fieldCount; f++) {
      NormalizedText normalized = normalize.apply(f);
      if (normalized.length() > 0) {
        scanField(row, f, normalized);
      }
    }
    if (row.hasWordChecks()) {
      row.resolveWords(cut ? mayHold(row, where) : r -> true);
    }
    if (row.touchedRow != null) {
      for (int i = 0; i < row.touchedRow.size(); i++) {
        leaves[row.touchedRow.at(i)].row(row);
      }
    }
    return row;
  }

  /**
   * Whether a repost whose own words are {@code texts} still falls under {@code rule} when it carries what it reposts:
   * every leaf outside any {@code not} is taken as met by the original, and the leaves under a {@code not} (the
   * exemptions: a refutation, a debunk marker near the claim, an affirmation that cancels it) are read from the
   * repost's own words.
   * False when an exemption holds on them; predicates are not evaluated here (unknown, which never exempts).
   */
  public boolean holdsOnRepost(int rule, String[] texts) {
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    RowScan row = scan(texts.length, f -> normalizer.normalize(texts[f], buffer), null, false);
    LeafSet assumed = new LeafSet();
    for (int i = 0; i < row.satisfied.size(); i++) {
      assumed.set(row.satisfied.at(i));
    }
    needed(trees.get(rule), assumed);
    return trees.get(rule).eval(assumed, null) != FALSE;
  }

  /**
   * Adds the leaves of {@code node} outside any {@code not}: what the original met. Leaves under a {@code not}, at any
   * depth (an exemption and its own exceptions, such as an affirmation that cancels a debunk marker), are left to the
   * repost's own words.
   */
  private static void needed(Node node, LeafSet out) {
    if (node instanceof Node.LeafRef l) {
      out.set(l.leaf());
    } else if (node instanceof Node.DeferredRef d) {
      out.set(d.leaf());
    } else if (node instanceof Node.All a) {
      for (Node c : a.children()) {
        needed(c, out);
      }
    } else if (node instanceof Node.Any a) {
      for (Node c : a.children()) {
        needed(c, out);
      }
    }
  }

  /** One field: its phrases to their leaves, then each leaf that found a phrase or runs on every field. */
  private void scanField(RowScan row, int f, NormalizedText normalized) {
    row.startField(f, normalized);
    runLeaves(row, f, normalized);
    if (row.fieldHits != null && row.fieldHits.size() - row.fieldHitsBefore > 1) {
      row.fieldHits.subList(row.fieldHitsBefore, row.fieldHits.size()).sort(evidenceOrder);
    }
  }

  /** The evidence of one field in its order: by the leaves' {@link Leaf#fieldEvidenceOrder()}, then by leaf. */
  private final java.util.Comparator<Hit> evidenceOrder;

  private void runLeaves(RowScan row, int f, NormalizedText normalized) {
    for (TermMatcher.Hit h : matcher.scan(normalized)) {
      for (int ref : phraseLeaves[h.phrase()]) {
        Leaf leaf = leaves[ref >> 2];
        if (leaf.reads(f)) {
          row.touchedField.set(leaf.id());
          leaf.phrase(row, ref & 3, h.phrase(), h.start(), h.end());
        }
      }
    }
    Leaf[] always = everyField[f];
    if (row.touchedField.isEmpty()) {
      for (Leaf leaf : always) {
        leaf.field(row);
      }
      return;
    }
    // The field's leaves in leaf order: those that found a phrase merged with those that run on every field.
    int a = 0;
    for (int i = 0; i < row.touchedField.size(); i++) {
      int id = row.touchedField.at(i);
      while (a < always.length && always[a].id() < id) {
        always[a++].field(row);
      }
      if (a < always.length && always[a].id() == id) {
        a++;
      }
      leaves[id].field(row);
      if (row.touchedRow == null) {
        row.touchedRow = new LeafSet();
      }
      row.touchedRow.set(id);
    }
    while (a < always.length) {
      always[a++].field(row);
    }
  }

  /**
   * Before the row's leaves are decided: whether a rule may still hold, with the leaves satisfied so far as true,
   * those a phrase touched (the only ones deciding later can satisfy) unknown, and every other leaf false.
   */
  private IntPredicate mayHold(RowScan row, byte[] where) {
    LeafSet upper = new LeafSet();
    for (int i = 0; i < row.satisfied.size(); i++) {
      upper.set(row.satisfied.at(i));
    }
    for (int i = 0; i < row.touchedRow.size(); i++) {
      upper.set(row.touchedRow.at(i));
    }
    byte[] states = states(row, where);
    return r -> trees.get(r).bounds(row.satisfied, upper, states) != FALSE;
  }

  /** The where predicates' states, then the deferred leaves': unknown where the join may still find a claim. */
  private byte[] states(RowScan row, byte[] where) {
    if (deferred.isEmpty()) {
      return where;
    }
    byte[] states = new byte[whereSql.size() + deferred.size()];
    for (int i = 0; i < whereSql.size(); i++) {
      states[i] = where == null ? UNKNOWN : where[i];
    }
    for (Pending p : row.pending == null ? List.<Pending>of() : row.pending) {
      for (int j = 0; j < deferred.size(); j++) {
        if (deferred.get(j).id() == p.leaf()) {
          states[whereSql.size() + j] = UNKNOWN;
        }
      }
    }
    return states;
  }

  /** Candidates (rules a satisfied leaf, a deferred text or no text at all may make true), kept if not false. */
  private TextMatch verdict(RowScan row, byte[] where) {
    LeafSet candidates = new LeafSet();
    for (int i = 0; i < row.satisfied.size(); i++) {
      candidates.set(leaves[row.satisfied.at(i)].rule());
    }
    for (int r : textFree) {
      candidates.set(r);
    }
    for (Pending p : row.pending == null || deferred.isEmpty() ? List.<Pending>of() : row.pending) {
      candidates.set(p.rule());
    }
    byte[] states = states(row, where);
    LeafSet kept = new LeafSet();
    for (int i = 0; i < candidates.size(); i++) {
      int r = candidates.at(i);
      if (trees.get(r).eval(row.satisfied, states) != FALSE) {
        kept.set(r);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    List<Hit> hits = new ArrayList<>();
    for (Hit h : row.phraseHits()) {
      if (row.satisfied.get(h.leaf()) && kept.get(h.rule())) {
        hits.add(h);
      }
    }
    if (row.fieldHits != null) {
      for (Hit h : row.fieldHits) {
        if (kept.get(h.rule())) {
          hits.add(h);
        }
      }
    }
    List<Pending> keptPending = row.pending == null ? List.of()
        : row.pending.stream().filter(p -> kept.get(p.rule())).toList();
    return new TextMatch(kept.toArray(), row.satisfied.toArray(), hits, keptPending);
  }

  /** Ids of the text leaves of {@code rule}, in the depth-first order of its condition tree. */
  public int[] textLeavesOf(int rule) {
    return Arrays.stream(leaves).filter(l -> l.rule() == rule).mapToInt(Leaf::id).toArray();
  }

  /** What kind of text leaf {@code leaf} is, as evidence names it: term, near, regex, name-like, similar-to, … */
  public String leafKind(int leaf) {
    return leaves[leaf].kind();
  }

  /** Whether the evidence of {@code leaf} is phrase evidence, listed before the evidence decided per field. */
  public boolean phraseEvidence(int leaf) {
    return leaves[leaf].phraseEvidence();
  }

  /** Where the evidence of {@code leaf} is listed among a field's ({@link Leaf#fieldEvidenceOrder()}). */
  public int fieldEvidenceOrder(int leaf) {
    return leaves[leaf].fieldEvidenceOrder();
  }

  /** Rules among {@code candidates} whose condition is true with every predicate known. */
  public int[] decide(int[] candidates, int[] satisfiedLeaves, boolean[] where) {
    LeafSet satisfied = new LeafSet();
    for (int leaf : satisfiedLeaves) {
      satisfied.set(leaf);
    }
    byte[] known = new byte[where.length];
    for (int i = 0; i < where.length; i++) {
      known[i] = where[i] ? TRUE : FALSE;
    }
    return Arrays.stream(candidates).filter(r -> trees.get(r).eval(satisfied, known) == TRUE).toArray();
  }

  /** The rule of leaf {@code leaf}. */
  public int ruleOfLeaf(int leaf) {
    return leaves[leaf].rule();
  }

  /** Explains, condition by condition, what held of {@code rule} on an example ({@code rules test}). */
  List<String> explain(ConditionKinds kinds, int rule, java.util.Set<Integer> satisfied, List<Hit> hits,
      boolean[] where, Map<String, Object> values) {
    Explanation e = new Explanation(kinds, this, textLeavesOf(rule), satisfied, hits, where, values);
    e.explain(rules.get(rule).when());
    return e.parts();
  }
}
