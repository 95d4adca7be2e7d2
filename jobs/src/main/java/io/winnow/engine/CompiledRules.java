package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.text.ClaimIndex;
import io.winnow.text.NameMatcher;
import io.winnow.text.NormalizedText;
import io.winnow.text.TermMatcher;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of one subject compiled for matching: one automaton over every phrase of every {@code terms} and
 * {@code near} condition and the prefilter literal of every {@code regex}, the distinct {@code where} predicates
 * (evaluated by Spark as columns), and each rule's condition tree over those leaves. Built once per executor JVM and rule set ({@link #of}), then shared by all tasks.
 *
 * <p>A row is matched in two steps. {@link #match} normalizes each text field once and scans it once; rules whose
 * condition cannot be true given the text are dropped there, so only candidate rows are joined with account facts.
 * A regex runs only on the fields where the automaton found its prefilter literal (every field, if it has none).
 * {@link #decide} then evaluates the candidates' trees with every predicate known.
 */
public final class CompiledRules {
  private static final Map<String, CompiledRules> CACHE = new ConcurrentHashMap<>();

  /** Tri-state logic: a predicate not yet evaluated is unknown. */
  static final byte FALSE = 0;
  static final byte TRUE = 1;
  static final byte UNKNOWN = 2;

  private final Subject subject;
  private final List<Rule> rules;
  private final TextNormalizer normalizer;
  private final TermMatcher matcher;
  private final List<String> phrases = new ArrayList<>();
  /** Per phrase: its sound-alike options ({@link TermSounds}). */
  private final List<Integer> phraseSounds = new ArrayList<>();
  private final List<String> fields;
  /** phrase index -> what it feeds: leaf id * 4 + role (TERM, NEAR_A, NEAR_B, PREFILTER). */
  private final int[][] phraseLeaves;
  private final List<TermsLeaf> termsLeaves = new ArrayList<>();
  /** Regex leaves without a prefilter literal: they run on every row. */
  private final int[] unfilteredRegex;
  private final Map<String, Integer> whereIndex = new LinkedHashMap<>();
  private final Map<String, List<String>> whereColumns = new LinkedHashMap<>();
  private final List<Node> trees = new ArrayList<>();
  /** Per rule: the where leaves its tree reads. */
  private final List<int[]> ruleWheres = new ArrayList<>();
  /** Rules that can hold without any phrase: every row is a candidate for them. */
  private final int[] textFree;

  static final int TERM = 0;
  static final int NEAR_A = 1;
  static final int NEAR_B = 2;
  static final int PREFILTER = 3;

  /**
   * A text leaf of a rule's tree: a terms condition ({@code minDistinct} phrases), a near condition ({@code within}
   * characters) or a regex ({@code regex} set).
   */
  record TermsLeaf(int rule, int fieldMask, int minDistinct, String[] phrases, int within,
      com.google.re2j.Pattern regex, NameMatcher names, ClaimIndex claims) {
    TermsLeaf(int rule, int fieldMask, int minDistinct, String[] phrases, int within, com.google.re2j.Pattern regex) {
      this(rule, fieldMask, minDistinct, phrases, within, regex, null, null);
    }

    boolean near() {
      return within >= 0;
    }
  }

  /** Name-like and similar-to leaves: they run on every row whose field has text. */
  private int[] everyRowLeaves = new int[0];
  /** Matchers shared by leaves with the same names (or claims) and settings. */
  private final Map<Object, Object> shared = new HashMap<>();

  /**
   * A similar-to leaf whose catalogue is matched by the banded join (io.winnow.sweep.ClaimJoin), not in the pass:
   * {@code minShingles} and {@code maxShingles} are the distinct shingle counts of the shortest and longest claim.
   */
  public record JoinedLeaf(int leaf, int rule, String catalogue, List<Condition.Claim> claims, double threshold,
      int fieldMask, int minShingles, int maxShingles, ClaimIndex.ShingleFilter filter) {
    /** Whether a text of {@code shingles} distinct shingles can reach the threshold with a claim (J <= min / max). */
    boolean inWindow(int shingles) {
      return ClaimIndex.inLengthWindow(shingles, minShingles, maxShingles, threshold);
    }

    /**
     * Whether a text with these distinct shingles is worth the join: inside the length window, and with enough of its
     * shingles among the claims' shingles ({@link ClaimIndex.ShingleFilter}). Both filters are exact.
     */
    boolean mayMatch(long[] shingles) {
      return inWindow(shingles.length) && filter.mayReach(shingles, threshold);
    }
  }

  /**
   * A row's text that a joined similar-to leaf must still be tried on: the field, the span of the whole text (the
   * evidence of a match, as {@link #matchWhole} gives it), and the shingles and band hashes the join keys on.
   */
  public record Pending(int leaf, int rule, String field, int start, int end, String excerpt, long[] shingles,
      long[] bands) {}

  /** Catalogues with more claims than this are left to the banded join. */
  private final int joinAboveClaims;
  /** The joined similar-to leaves, in slot order; their pass states follow the where predicates'. */
  private final List<JoinedLeaf> joined = new ArrayList<>();
  private final java.util.BitSet joinedLeaves = new java.util.BitSet();

  private CompiledRules(RuleSet ruleSet, Subject subject, int joinAboveClaims) {
    this.subject = subject;
    this.rules = ruleSet.evaluated(subject);
    this.fields = subject.textFields();
    this.normalizer = TextNormalizer.shared();
    this.joinAboveClaims = joinAboveClaims;
    // Every where predicate gets its index first: the states of joined leaves are numbered after them.
    rules.forEach(r -> indexWheres(r.when()));
    Map<String, Integer> phraseIds = new HashMap<>();
    Map<Integer, List<Integer>> leavesOfPhrase = new HashMap<>();
    List<Integer> free = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      List<Integer> wheres = new ArrayList<>();
      Node tree = compile(rules.get(r).when(), r, phraseIds, leavesOfPhrase, wheres);
      trees.add(tree);
      ruleWheres.add(wheres.stream().distinct().mapToInt(Integer::intValue).toArray());
      // A tree that may hold with no phrase present (no terms at all, or only `not terms`) is tried on every row.
      if (tree.eval(new LeafSet(), null) != FALSE) {
        free.add(r);
      }
    }
    this.textFree = free.stream().mapToInt(Integer::intValue).toArray();
    this.phraseLeaves = new int[phrases.size()][];
    java.util.BitSet anywhere = new java.util.BitSet();
    for (int p = 0; p < phrases.size(); p++) {
      phraseLeaves[p] = leavesOfPhrase.get(p).stream().mapToInt(Integer::intValue).toArray();
      for (int ref : phraseLeaves[p]) {
        if ((ref & 3) == PREFILTER) {
          anywhere.set(p);
        }
      }
    }
    this.unfilteredRegex = java.util.stream.IntStream.range(0, termsLeaves.size())
        .filter(l -> termsLeaves.get(l).regex() != null && !prefiltered.get(l)).toArray();
    this.everyRowLeaves = java.util.stream.IntStream.range(0, termsLeaves.size())
        .filter(l -> termsLeaves.get(l).names() != null || termsLeaves.get(l).claims() != null).toArray();
    this.matcher = TermMatcher.build(phrases, normalizer, anywhere,
        phraseSounds.stream().mapToInt(Integer::intValue).toArray());
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
    return CACHE.computeIfAbsent(ruleSet.hash() + "/" + subject + "/" + joinAboveClaims,
        k -> new CompiledRules(ruleSet, subject, joinAboveClaims));
  }

  private void indexWheres(Condition c) {
    if (c instanceof Condition.Where w) {
      whereIndex.computeIfAbsent(w.sql(), k -> whereIndex.size());
      whereColumns.putIfAbsent(w.sql(), w.columns());
    } else if (c instanceof Condition.All a) {
      a.conditions().forEach(this::indexWheres);
    } else if (c instanceof Condition.Any a) {
      a.conditions().forEach(this::indexWheres);
    } else if (c instanceof Condition.Not n) {
      indexWheres(n.condition());
    }
  }

  private Node compile(Condition c, int rule, Map<String, Integer> phraseIds, Map<Integer, List<Integer>> leavesOfPhrase,
      List<Integer> wheres) {
    if (c instanceof Condition.Terms t) {
      int leaf = termsLeaves.size();
      termsLeaves.add(new TermsLeaf(rule, mask(t.fields()), t.minDistinct(), t.phrases().toArray(String[]::new), -1,
          null));
      addPhrases(t.phrases(), leaf * 4 + TERM, phraseIds, leavesOfPhrase, TermSounds.of(t));
      return new Node.TermsRef(leaf);
    }
    if (c instanceof Condition.Near n) {
      int leaf = termsLeaves.size();
      termsLeaves.add(new TermsLeaf(rule, mask(n.fields()), 1, n.phrases().toArray(String[]::new), n.within(), null));
      addPhrases(n.phrases(), leaf * 4 + NEAR_A, phraseIds, leavesOfPhrase);
      addPhrases(n.nearPhrases(), leaf * 4 + NEAR_B, phraseIds, leavesOfPhrase);
      return new Node.TermsRef(leaf);
    }
    if (c instanceof Condition.Regex x) {
      int leaf = termsLeaves.size();
      // Case-insensitive because the normalized text is case-folded; the pattern is matched on normalized text.
      termsLeaves.add(new TermsLeaf(rule, mask(x.fields()), 1, new String[] {x.pattern()}, -1,
          com.google.re2j.Pattern.compile(x.pattern(), com.google.re2j.Pattern.CASE_INSENSITIVE)));
      if (x.prefilter() != null) {
        addPhrases(List.of(x.prefilter()), leaf * 4 + PREFILTER, phraseIds, leavesOfPhrase);
        prefiltered.set(leaf);
      }
      return new Node.TermsRef(leaf);
    }
    if (c instanceof Condition.NameLike n) {
      int leaf = termsLeaves.size();
      NameMatcher names = (NameMatcher) shared.computeIfAbsent(
          List.of("names", n.names(), n.decorations(), n.maxDistance()),
          k -> new NameMatcher(n.names(), n.decorations(), n.maxDistance(), normalizer));
      termsLeaves.add(new TermsLeaf(rule, mask(n.fields()), 1, new String[] {n.list()}, -1, null, names, null));
      return new Node.TermsRef(leaf);
    }
    if (c instanceof Condition.SimilarTo x && x.claims().size() > joinAboveClaims) {
      int leaf = termsLeaves.size();
      Object[] window = (Object[]) shared.computeIfAbsent(List.of("window", x.catalogue()),
          k -> shingleWindow(x.claims()));
      termsLeaves.add(new TermsLeaf(rule, mask(x.fields()), 1, new String[] {x.catalogue()}, -1, null, null, null));
      joinedLeaves.set(leaf);
      joined.add(new JoinedLeaf(leaf, rule, x.catalogue(), x.claims(), x.threshold(), mask(x.fields()),
          (Integer) window[0], (Integer) window[1], (ClaimIndex.ShingleFilter) window[2]));
      return new Node.JoinedRef(leaf, whereIndex.size() + joined.size() - 1);
    }
    if (c instanceof Condition.SimilarTo x) {
      int leaf = termsLeaves.size();
      ClaimIndex claims = (ClaimIndex) shared.computeIfAbsent(List.of("claims", x.claims(), x.threshold()),
          k -> new ClaimIndex(x.claims().stream().map(Condition.Claim::id).toList(),
              x.claims().stream().map(Condition.Claim::text).toList(), x.threshold(), normalizer));
      termsLeaves.add(new TermsLeaf(rule, mask(x.fields()), 1, new String[] {x.catalogue()}, -1, null, null, claims));
      return new Node.TermsRef(leaf);
    }
    if (c instanceof Condition.Where w) {
      int id = whereIndex.computeIfAbsent(w.sql(), k -> whereIndex.size());
      whereColumns.putIfAbsent(w.sql(), w.columns());
      wheres.add(id);
      return new Node.WhereRef(id);
    }
    if (c instanceof Condition.All a) {
      return new Node.All(a.conditions().stream().map(x -> compile(x, rule, phraseIds, leavesOfPhrase, wheres))
          .toArray(Node[]::new));
    }
    if (c instanceof Condition.Any a) {
      return new Node.Any(a.conditions().stream().map(x -> compile(x, rule, phraseIds, leavesOfPhrase, wheres))
          .toArray(Node[]::new));
    }
    Condition.Not n = (Condition.Not) c;
    return new Node.Not(compile(n.condition(), rule, phraseIds, leavesOfPhrase, wheres));
  }

  private final java.util.BitSet prefiltered = new java.util.BitSet();

  /** Distinct shingle counts of the shortest and the longest claim with any; claims are read one at a time. */
  /**
   * The distinct shingle counts of the shortest and longest claim and the filter of all claims' shingles: all a
   * joined leaf keeps of its catalogue (the signatures and band table are a Spark table, see ClaimJoin).
   */
  private Object[] shingleWindow(List<Condition.Claim> claims) {
    int min = Integer.MAX_VALUE;
    int max = 0;
    List<long[]> all = new ArrayList<>(claims.size());
    for (Condition.Claim c : claims) {
      long[] s = ClaimIndex.shinglesOf(normalizer.normalize(c.text()));
      all.add(s);
      if (s.length > 0) {
        min = Math.min(min, s.length);
        max = Math.max(max, s.length);
      }
    }
    return new Object[] {min == Integer.MAX_VALUE ? 0 : min, max, ClaimIndex.ShingleFilter.of(all)};
  }

  private int mask(List<String> leafFields) {
    int mask = 0;
    for (String f : leafFields) {
      mask |= 1 << fields.indexOf(f);
    }
    return mask;
  }

  private void addPhrases(List<String> leafPhrases, int ref, Map<String, Integer> phraseIds,
      Map<Integer, List<Integer>> leavesOfPhrase) {
    addPhrases(leafPhrases, ref, phraseIds, leavesOfPhrase, 0);
  }

  /** {@code sounds}: the sound-alike options of the leaf ({@link TermSounds}); a phrase is shared per options only. */
  private void addPhrases(List<String> leafPhrases, int ref, Map<String, Integer> phraseIds,
      Map<Integer, List<Integer>> leavesOfPhrase, int sounds) {
    for (String phrase : leafPhrases) {
      int id = phraseIds.computeIfAbsent(TermSounds.key(phrase, sounds), k -> {
        phrases.add(phrase);
        phraseSounds.add(sounds);
        return phrases.size() - 1;
      });
      List<Integer> refs = leavesOfPhrase.computeIfAbsent(id, k -> new ArrayList<>());
      if (!refs.contains(ref)) {
        refs.add(ref);
      }
    }
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
    return List.copyOf(whereIndex.keySet());
  }

  /** Columns each where predicate reads, in leaf order. */
  public List<List<String>> whereColumns() {
    return List.copyOf(whereColumns.values());
  }

  public int[] whereLeavesOf(int rule) {
    return ruleWheres.get(rule);
  }

  public int phraseCount() {
    return phrases.size();
  }

  /** One term occurrence: the leaf it satisfies, the phrase, the field and the span in the ORIGINAL text. */
  public record Hit(int leaf, int rule, String phrase, String field, int start, int end, String excerpt) {}

  /**
   * The text verdict on one row: candidate rules, satisfied terms leaves and the hits behind them, and the texts the
   * banded join must still try joined similar-to leaves on (empty unless some catalogue is joined).
   */
  public record TextMatch(int[] candidates, int[] satisfiedLeaves, List<Hit> hits, List<Pending> pending) {}

  /** The similar-to leaves left to the banded join; empty when every catalogue is matched in the pass. */
  public List<JoinedLeaf> joinedLeaves() {
    return List.copyOf(joined);
  }

  /**
   * Matches the text fields of one row. {@code where} holds the predicates already known (TRUE/FALSE) or UNKNOWN;
   * null means all unknown. Returns null when no rule can fire on this row (the common case, allocation-free).
   */
  public TextMatch match(String[] texts, byte[] where) {
    return match(texts, where, new TextNormalizer.Buffer());
  }

  /**
   * As {@link #match(String[], byte[])}, normalizing into the caller's {@code buffer} (one per thread or task, reused
   * row after row).
   */
  public TextMatch match(String[] texts, byte[] where, TextNormalizer.Buffer buffer) {
    return match(texts.length, f -> normalizer.normalize(texts[f], buffer), where);
  }

  /**
   * As {@link #match(String[], byte[], TextNormalizer.Buffer)} for texts given as UTF-8 bytes (null for a null field),
   * as Spark hands them over: a row that matches nothing never becomes a Java string.
   */
  public TextMatch matchUtf8(byte[][] texts, byte[] where, TextNormalizer.Buffer buffer) {
    return match(texts.length, f -> normalizer.normalizeUtf8(texts[f], buffer), where);
  }

  /**
   * The match over {@code fieldCount} fields, normalized one after the other by {@code normalize}: a field's result
   * is used before the next field is normalized, so one buffer serves them all.
   */
  private TextMatch match(int fieldCount, java.util.function.IntFunction<NormalizedText> normalize, byte[] where) {
    List<long[]> raw = null;
    /** The excerpt of each raw hit: the original of a field is gone once the next field is normalized. */
    List<String> excerpts = null;
    LeafSet satisfied = new LeafSet();
    List<Hit> leafHits = null;
    List<Pending> pending = null;
    for (int f = 0; f < fieldCount; f++) {
      NormalizedText normalized = normalize.apply(f);
      if (normalized.length() == 0) {
        continue;
      }
      List<TermMatcher.Hit> found = matcher.scan(normalized);
      long[] shingles = null;
      long[] bands = null;
      for (JoinedLeaf j : joined) {
        if ((j.fieldMask() & (1 << f)) != 0) {
          shingles = shingles == null ? ClaimIndex.shinglesOf(normalized) : shingles;
          if (j.mayMatch(shingles)) {
            bands = bands == null ? ClaimIndex.bandsOfShingles(shingles) : bands;
            pending = pending == null ? new ArrayList<>() : pending;
            pending.add(pending(j, f, normalized, shingles, bands));
          }
        }
      }
      for (int leaf : everyRowLeaves) {
        if ((termsLeaves.get(leaf).fieldMask() & (1 << f)) != 0) {
          Hit h = matchWhole(leaf, f, normalized);
          if (h != null) {
            satisfied.set(leaf);
            leafHits = leafHits == null ? new ArrayList<>() : leafHits;
            leafHits.add(h);
          }
        }
      }
      if (found.isEmpty() && unfilteredRegex.length == 0) {
        continue;
      }
      List<int[]> nearHits = null;
      LeafSet regexToRun = null;
      for (TermMatcher.Hit h : found) {
        int start = normalized.originalStart(h.start());
        int end = normalized.originalEnd(h.end());
        for (int ref : phraseLeaves[h.phrase()]) {
          int leaf = ref >> 2;
          if ((termsLeaves.get(leaf).fieldMask() & (1 << f)) == 0) {
            continue;
          }
          int role = ref & 3;
          if (role == TERM) {
            if (raw == null) {
              raw = new ArrayList<>();
              excerpts = new ArrayList<>();
            }
            raw.add(new long[] {leaf, h.phrase(), f, start, end});
            excerpts.add(normalized.original().substring(start, end));
          } else if (role == PREFILTER) {
            regexToRun = regexToRun == null ? new LeafSet() : regexToRun;
            regexToRun.set(leaf);
          } else {
            nearHits = nearHits == null ? new ArrayList<>() : nearHits;
            nearHits.add(new int[] {leaf, role, h.phrase(), h.start(), h.end()});
          }
        }
      }
      for (int leaf : unfilteredRegex) {
        if ((termsLeaves.get(leaf).fieldMask() & (1 << f)) != 0) {
          regexToRun = regexToRun == null ? new LeafSet() : regexToRun;
          regexToRun.set(leaf);
        }
      }
      if (nearHits != null) {
        leafHits = near(nearHits, f, normalized, satisfied, leafHits);
      }
      if (regexToRun != null) {
        for (int i = 0; i < regexToRun.size(); i++) {
          int leaf = regexToRun.at(i);
          com.google.re2j.Matcher m = termsLeaves.get(leaf).regex().matcher(normalized.text());
          if (m.find()) {
            satisfied.set(leaf);
            leafHits = leafHits == null ? new ArrayList<>() : leafHits;
            leafHits.add(hit(leaf, termsLeaves.get(leaf).phrases()[0], f, normalized, m.start(), m.end()));
          }
        }
      }
    }
    if (raw == null && satisfied.isEmpty() && textFree.length == 0 && pending == null) {
      return null;
    }
    // Distinct phrases per leaf decide min-distinct; the same phrase twice counts once. Only the leaves that were hit
    // are counted (a row must not cost in proportion to the size of the rule set).
    if (raw != null) {
      long[] keys = new long[raw.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = (raw.get(k)[0] << 32) | raw.get(k)[1];
      }
      Arrays.sort(keys);
      for (int k = 0, count = 0; k < keys.length; k++) {
        if (k > 0 && keys[k] == keys[k - 1]) {
          continue;
        }
        int leaf = (int) (keys[k] >>> 32);
        count = k > 0 && (int) (keys[k - 1] >>> 32) == leaf ? count + 1 : 1;
        if (count >= termsLeaves.get(leaf).minDistinct()) {
          satisfied.set(leaf);
        }
      }
    }
    LeafSet candidates = new LeafSet();
    for (int i = 0; i < satisfied.size(); i++) {
      candidates.set(termsLeaves.get(satisfied.at(i)).rule());
    }
    if (raw != null) {
      // A rule with an unsatisfied leaf under `not` may still fire: e.g. all [terms A, not terms B].
      for (long[] h : raw) {
        candidates.set(termsLeaves.get((int) h[0]).rule());
      }
    }
    for (int r : textFree) {
      candidates.set(r);
    }
    byte[] states = where;
    if (!joined.isEmpty()) {
      // A joined leaf is unknown where the join may still find a claim, false elsewhere.
      states = new byte[whereIndex.size() + joined.size()];
      for (int i = 0; i < whereIndex.size(); i++) {
        states[i] = where == null ? UNKNOWN : where[i];
      }
      for (Pending p : pending == null ? List.<Pending>of() : pending) {
        candidates.set(p.rule());
        for (int j = 0; j < joined.size(); j++) {
          if (joined.get(j).leaf() == p.leaf()) {
            states[whereIndex.size() + j] = UNKNOWN;
          }
        }
      }
    }
    LeafSet keptRules = new LeafSet();
    for (int i = 0; i < candidates.size(); i++) {
      int r = candidates.at(i);
      if (trees.get(r).eval(satisfied, states) != FALSE) {
        keptRules.set(r);
      }
    }
    if (keptRules.isEmpty()) {
      return null;
    }
    List<Hit> hits = new ArrayList<>();
    if (raw != null) {
      for (int k = 0; k < raw.size(); k++) {
        long[] h = raw.get(k);
        int leaf = (int) h[0];
        int rule = termsLeaves.get(leaf).rule();
        if (satisfied.get(leaf) && keptRules.get(rule)) {
          hits.add(new Hit(leaf, rule, phrases.get((int) h[1]), fields.get((int) h[2]), (int) h[3], (int) h[4],
              excerpts.get(k)));
        }
      }
    }
    if (leafHits != null) {
      for (Hit h : leafHits) {
        if (keptRules.get(h.rule())) {
          hits.add(h);
        }
      }
    }
    List<Pending> keptPending = pending == null ? List.of()
        : pending.stream().filter(p -> keptRules.get(p.rule())).toList();
    return new TextMatch(keptRules.toArray(), satisfied.toArray(), hits, keptPending);
  }

  /** The row's text for a joined leaf: a field whose shingles are inside the catalogue's length window. */
  private Pending pending(JoinedLeaf j, int field, NormalizedText normalized, long[] shingles, long[] bands) {
    int start = normalized.originalStart(0);
    int end = Math.max(start, normalized.originalEnd(normalized.length()));
    return new Pending(j.leaf(), j.rule(), fields.get(field), start, end, normalized.original().substring(start, end),
        shingles, bands);
  }

  /**
   * Near leaves of one field: satisfied when a phrase of side A and one of side B have at most {@code within}
   * normalized characters between them. The closest pair is the evidence.
   */
  private List<Hit> near(List<int[]> nearHits, int field, NormalizedText normalized, LeafSet satisfied,
      List<Hit> leafHits) {
    List<Hit> out = leafHits;
    java.util.TreeSet<Integer> leaves = new java.util.TreeSet<>();
    nearHits.forEach(h -> leaves.add(h[0]));
    for (int leaf : leaves) {
      int within = termsLeaves.get(leaf).within();
      int[] bestA = null;
      int[] bestB = null;
      int bestGap = Integer.MAX_VALUE;
      for (int[] a : nearHits) {
        if (a[0] != leaf || a[1] != NEAR_A) {
          continue;
        }
        for (int[] b : nearHits) {
          if (b[0] != leaf || b[1] != NEAR_B) {
            continue;
          }
          int gap = Math.max(0, Math.max(a[3], b[3]) - Math.min(a[4], b[4]));
          if (gap <= within && gap < bestGap) {
            bestGap = gap;
            bestA = a;
            bestB = b;
          }
        }
      }
      if (bestA != null) {
        satisfied.set(leaf);
        out = out == null ? new ArrayList<>() : out;
        out.add(hit(leaf, phrases.get(bestA[2]), field, normalized, bestA[3], bestA[4]));
        out.add(hit(leaf, phrases.get(bestB[2]), field, normalized, bestB[3], bestB[4]));
      }
    }
    return out;
  }

  /**
   * A name-like or similar-to leaf on one field. Evidence: the protected name and edit distance, or the claim id and
   * Jaccard score, with the span of the original text that matched.
   */
  private Hit matchWhole(int leaf, int field, NormalizedText normalized) {
    TermsLeaf l = termsLeaves.get(leaf);
    if (l.names() != null) {
      NameMatcher.NameHit h = l.names().match(normalized);
      return h == null ? null : new Hit(leaf, l.rule(), h.name() + " (distance " + h.distance() + ")",
          fields.get(field), h.start(), h.end(), normalized.original().substring(h.start(), h.end()));
    }
    ClaimIndex.ClaimHit h = l.claims().match(normalized);
    if (h == null) {
      return null;
    }
    int s = normalized.originalStart(0);
    int e = Math.max(s, normalized.originalEnd(normalized.length()));
    return new Hit(leaf, l.rule(), h.id() + " (score " + String.format(java.util.Locale.ROOT, "%.2f", h.score()) + ")",
        fields.get(field), s, e, normalized.original().substring(s, e));
  }

  private Hit hit(int leaf, String phrase, int field, NormalizedText normalized, int start, int end) {
    int s = normalized.originalStart(start);
    int e = Math.max(s, normalized.originalEnd(end));
    return new Hit(leaf, termsLeaves.get(leaf).rule(), phrase, fields.get(field), s, e,
        normalized.original().substring(s, e));
  }

  /** Ids of the text leaves (terms, near, regex) of {@code rule}, in the depth-first order of its condition tree. */
  public int[] textLeavesOf(int rule) {
    return java.util.stream.IntStream.range(0, termsLeaves.size()).filter(l -> termsLeaves.get(l).rule() == rule)
        .toArray();
  }

  /** What kind of text leaf {@code leaf} is, as evidence names it: term, near, regex, name-like or similar-to. */
  public String leafKind(int leaf) {
    TermsLeaf l = termsLeaves.get(leaf);
    return l.regex() != null ? "regex" : l.names() != null ? "name-like"
        : l.claims() != null || joinedLeaves.get(leaf) ? "similar-to"
        : l.near() ? "near" : "term";
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

  /** Leaf ids of the terms conditions of {@code rule}. */
  public int ruleOfLeaf(int leaf) {
    return termsLeaves.get(leaf).rule();
  }

  /**
   * A small set of leaf or rule ids, kept sorted: what a row satisfies is a handful of the rule set's ids, and a
   * {@link java.util.BitSet} grows as wide as the highest id (30,000 leaves at 10,000 rules: kilobytes to allocate,
   * zero and scan per candidate row).
   */
  static final class LeafSet {
    private int[] ids = new int[4];
    private int size;

    boolean get(int id) {
      return Arrays.binarySearch(ids, 0, size, id) >= 0;
    }

    void set(int id) {
      int at = Arrays.binarySearch(ids, 0, size, id);
      if (at >= 0) {
        return;
      }
      at = -at - 1;
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      System.arraycopy(ids, at, ids, at + 1, size - at);
      ids[at] = id;
      size++;
    }

    boolean isEmpty() {
      return size == 0;
    }

    int size() {
      return size;
    }

    /** The {@code i}-th smallest id. */
    int at(int i) {
      return ids[i];
    }

    int[] toArray() {
      return Arrays.copyOf(ids, size);
    }
  }

  /** A rule's condition tree over leaves, evaluated in Kleene's three-valued logic. */
  sealed interface Node {
    byte eval(LeafSet satisfied, byte[] where);

    record TermsRef(int leaf) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        return satisfied.get(leaf) ? TRUE : FALSE;
      }
    }

    /**
     * A similar-to leaf left to the banded join: true once the join satisfied it. In the pass its state follows the
     * where predicates' in {@code where} (unknown inside the catalogue's length window); absent, it is false.
     */
    record JoinedRef(int leaf, int index) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        return satisfied.get(leaf) ? TRUE : where != null && index < where.length ? where[index] : FALSE;
      }
    }

    record WhereRef(int index) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        return where == null ? UNKNOWN : where[index];
      }
    }

    record All(Node[] children) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        byte result = TRUE;
        for (Node c : children) {
          byte v = c.eval(satisfied, where);
          if (v == FALSE) {
            return FALSE;
          }
          if (v == UNKNOWN) {
            result = UNKNOWN;
          }
        }
        return result;
      }
    }

    record Any(Node[] children) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        byte result = FALSE;
        for (Node c : children) {
          byte v = c.eval(satisfied, where);
          if (v == TRUE) {
            return TRUE;
          }
          if (v == UNKNOWN) {
            result = UNKNOWN;
          }
        }
        return result;
      }
    }

    record Not(Node child) implements Node {
      public byte eval(LeafSet satisfied, byte[] where) {
        byte v = child.eval(satisfied, where);
        return v == UNKNOWN ? UNKNOWN : (v == TRUE ? FALSE : TRUE);
      }
    }
  }
}
