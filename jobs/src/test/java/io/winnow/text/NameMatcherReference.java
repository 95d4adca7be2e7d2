package io.winnow.text;

import com.ibm.icu.text.SpoofChecker;
import io.winnow.text.NameMatcher.NameHit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The name matcher as it was before issue 19's cuts (winnow main at 76e2e07), kept verbatim as the oracle of
 * {@link NameMatcher}: {@code NameMatcherOracleTest} compares the hits of both, field by field, and {@code NameBench}
 * measures both in one run. Not used by the engine. The original description follows.
 *
 * <p>Finds display names and handles that copy a protected name: the same name behind homoglyphs (Cyrillic {@code Rеuters},
 * look-alike CJK {@code 入民日报}), inserted spaces or symbols ({@code C.D.C}, {@code pla_navy}), decorations
 * ({@code 疾控中心官方}, {@code Real US Army}, {@code cdcgov2024}) or a small edit ({@code Reutres}).
 *
 * <p>Every name is reduced to a <em>key</em>: {@link TextNormalizer} (NFKC, case, width, invisible characters,
 * traditional to simplified), then each letter or digit replaced by its ICU confusable skeleton ({@link SpoofChecker})
 * and a few look-alike ideographs ICU does not list; everything else (spaces, punctuation, underscores) is dropped. A
 * candidate is the key of the whole name and the keys left after stripping decorations (a list such as {@code 官方},
 * {@code official}, {@code real}, {@code news}) from either end, and trailing digits, repeatedly.
 *
 * <p>Blocking, never all names x all protected names: a candidate is looked up exactly in a hash map of protected keys,
 * and for edits in a deletion-neighbourhood index (every protected key with up to {@code maxDistance} characters
 * deleted): two strings within Levenshtein distance d share a key with at most d deletions, so the candidates found
 * are all there are, and only they are verified with a bounded edit distance. A key of length L accepts at most
 * {@code min(maxDistance, L / 4)} edits, so short names ({@code cdc}, {@code 新华社}) must match exactly (up to
 * homoglyphs and decorations).
 *
 * <p>Immutable after construction and thread-safe; build once per executor (CompiledRules does).
 */
final class NameMatcherReference implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Edits allowed per this many key characters. */
  private static final int CHARS_PER_EDIT = 4;
  /** Bound on the decoration-stripping search, per name. */
  private static final int MAX_CANDIDATES = 64;

  /**
   * Ideographs that look alike but that ICU's confusables table (Unicode TR39) keeps apart; pairs of "variant,
   * prototype". Evaders swap them into a protected name ({@code 入民日报} for {@code 人民日报}).
   */
  private static final String CJK_LOOKALIKES = "入人已己巳己末未曰日戍戌戊戌";

  private final String[] names;
  private final int maxDistance;
  /** Protected key -> indexes into {@code names}. */
  private final Map<String, int[]> exact = new HashMap<>();
  /** Deletion variant -> protected keys it comes from. */
  private final Map<String, String[]> deletions = new HashMap<>();
  private final String[] decorations;
  /** The first and the last characters of the decorations, one bit each by their low six bits. */
  private final long decorationFirsts;
  private final long decorationLasts;
  /** Shortest and longest protected key that accepts an edit: a candidate outside [min - d, max + d] needs no lookup. */
  private int fuzzyMin = Integer.MAX_VALUE;
  private int fuzzyMax = -1;
  /**
   * Polynomial hashes of every protected key and every deletion variant ({@link #hash}), in an open-addressing table
   * (0 = empty), with at most one edit allowed: a candidate none of whose one-deletion variants (nor itself) hashes
   * into it has no protected key within one edit, and is dismissed without building a single string. Most display
   * names are; a hash collision only sends a candidate down the exact path.
   */
  private long[] variantHashes = new long[0];
  /**
   * One bit per hash of {@link #variantHashes}, eight bits per hash: a look-up reads this (a few tens of kilobytes,
   * in the processor's cache) and goes to the table, megabytes with 5,000 names, only when the bit is set.
   */
  private long[] variantBits = new long[1];
  private int variantShift = 63;
  /**
   * With one edit allowed, a bit per hashed half of a protected key ({@link #halfHash}): for each length n a
   * candidate within one edit can have (the key's length and one either side), its first (n - 1) / 2 characters and
   * its last n - 1 - (n - 1) / 2. One edit (a substitution, an insertion, a deletion or a swap of neighbours) cannot
   * touch both the first a and the last b characters of a string of n when a + b = n - 1, so a candidate whose two
   * halves are both missing here is not within one edit of any key, checked in two look-ups instead of one per
   * deletion variant.
   */
  private long[] halfBits = new long[1];
  private int halfShift = 63;
  /** Longest protected key: a candidate longer than it plus the allowed edits matches none. */
  private int longest;
  /** {@link #BASE} to the powers 0 to {@link #longest} + 1, for the hashes of a key's ranges from its prefix hashes. */
  private long[] powers = {1};

  /**
   * @param names protected names, as written in the list
   * @param decorations words stripped from either end of a name before comparing (官方, official, …)
   * @param maxDistance most edits between the keys of a name and a protected name (0 to 2)
   */
  NameMatcherReference(List<String> names, List<String> decorations, int maxDistance, TextNormalizer normalizer) {
    if (maxDistance < 0 || maxDistance > 2) {
      throw new IllegalArgumentException("maxDistance must be 0, 1 or 2, got " + maxDistance);
    }
    this.names = names.toArray(String[]::new);
    this.maxDistance = maxDistance;
    Map<String, List<Integer>> byKey = new HashMap<>();
    for (int i = 0; i < this.names.length; i++) {
      String key = key(normalizer.normalize(this.names[i])).text;
      if (!key.isEmpty()) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Set<String>> dels = new HashMap<>();
    byKey.forEach((key, ids) -> {
      exact.put(key, ids.stream().mapToInt(Integer::intValue).toArray());
      int allowed = allowed(key.length());
      if (allowed > 0) {
        fuzzyMin = Math.min(fuzzyMin, key.length());
        fuzzyMax = Math.max(fuzzyMax, key.length());
        for (String v : deletionsOf(key, allowed)) {
          dels.computeIfAbsent(v, k -> new HashSet<>()).add(key);
        }
      }
    });
    dels.forEach((v, keys) -> deletions.put(v, keys.toArray(String[]::new)));
    longest = byKey.keySet().stream().mapToInt(String::length).max().orElse(0);
    powers = new long[longest + 2];
    powers[0] = 1;
    for (int i = 1; i < powers.length; i++) {
      powers[i] = powers[i - 1] * BASE;
    }
    if (maxDistance <= 1) {
      variantHashes = new long[Integer.highestOneBit(Math.max(16, exact.size() + deletions.size())) << 2];
      int log2 = Math.max(6, 64 - Long.numberOfLeadingZeros(8L * (exact.size() + deletions.size()) - 1));
      variantBits = new long[(1 << log2) >>> 6];
      variantShift = 64 - log2;
      exact.keySet().forEach(k -> addHash(hash(k)));
      deletions.keySet().forEach(k -> addHash(hash(k)));
      int halfLog2 = Math.max(6, 64 - Long.numberOfLeadingZeros(48L * Math.max(1, exact.size()) - 1));
      halfBits = new long[(1 << halfLog2) >>> 6];
      halfShift = 64 - halfLog2;
      for (String k : exact.keySet()) {
        if (maxDistance == 1 && allowed(k.length()) > 0) {
          long[] h = prefixHashes(k);
          int length = k.length();
          for (int n = length - 1; n <= length + 1; n++) {
            int a = (n - 1) / 2;
            int b = n - 1 - a;
            setHalf(halfHash(h[a], n, 0));
            setHalf(halfHash(h[length] - h[length - b] * powers[b], n, 1));
          }
        }
      }
    }
    this.decorations = decorations.stream().map(d -> key(normalizer.normalize(d)).text).filter(d -> !d.isEmpty())
        .distinct().sorted((a, b) -> b.length() - a.length()).toArray(String[]::new);
    long firsts = 0;
    long lasts = 0;
    for (String d : this.decorations) {
      firsts |= 1L << d.charAt(0);
      lasts |= 1L << d.charAt(d.length() - 1);
    }
    this.decorationFirsts = firsts;
    this.decorationLasts = lasts;
  }

  public int size() {
    return exact.size();
  }

  private int allowed(int keyLength) {
    return Math.min(maxDistance, keyLength / CHARS_PER_EDIT);
  }

  /** The closest protected name {@code text} copies, or null. */
  NameHit match(NormalizedText text) {
    Key key = key(text);
    int n = key.text.length();
    if (n == 0) {
      return null;
    }
    String k = key.text;
    NameHit best = null;
    int bestLength = -1;
    // Breadth first over (start, end) ranges of the key; the queue keeps every range ever offered, so it is also the
    // set of ranges seen.
    Ranges queue = new Ranges();
    queue.offer(0, n);
    long[] prefix = maxDistance <= 1 ? prefixHashes(k) : null;
    for (int head = 0; head < queue.size; head++) {
      int s = queue.start(head);
      int e = queue.end(head);
      int[] hit = prefix != null && !mayBeWithinOneEdit(prefix, s, e) ? null
          : lookup(s == 0 && e == n ? k : k.substring(s, e));
      if (hit != null && (best == null || hit[1] < best.distance()
          || (hit[1] == best.distance() && e - s > bestLength))) {
        int start = text.originalStart(key.at[s]);
        int end = Math.max(start, text.originalEnd(key.at[e - 1] + 1));
        best = new NameHit(names[hit[0]], hit[1], start, end);
        bestLength = e - s;
      }
      if (queue.size >= MAX_CANDIDATES) {
        continue;
      }
      boolean front = ((decorationFirsts >>> k.charAt(s)) & 1) != 0;
      boolean back = ((decorationLasts >>> k.charAt(e - 1)) & 1) != 0;
      for (int di = 0; (front || back) && di < decorations.length; di++) {
        String d = decorations[di];
        if (e - s > d.length()) {
          if (front && k.startsWith(d, s)) {
            queue.offer(s + d.length(), e);
          }
          if (back && k.startsWith(d, e - d.length())) {
            queue.offer(s, e - d.length());
          }
        }
      }
      int t = e;
      while (t > s && key.digit[t - 1]) {
        t--;
      }
      if (t > s && t < e) {
        queue.offer(s, t);
      }
    }
    return best;
  }

  /**
   * The (start, end) ranges of a key tried so far, in the order offered, each once: at most {@link #MAX_CANDIDATES}
   * and usually one, so a linear scan beats a hash set (which cost more than the look-up on every name).
   */
  private static final class Ranges {
    long[] items = new long[8];
    int size;

    void offer(int s, int e) {
      long range = ((long) s << 32) | e;
      for (int i = 0; i < size; i++) {
        if (items[i] == range) {
          return;
        }
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = range;
    }

    int start(int i) {
      return (int) (items[i] >>> 32);
    }

    int end(int i) {
      return (int) items[i];
    }
  }

  /** {name index, distance} of the closest protected key within the allowed edits, or null. */
  private int[] lookup(String candidate) {
    int[] ids = exact.get(candidate);
    if (ids != null) {
      return new int[] {ids[0], 0};
    }
    if (maxDistance == 0 || deletions.isEmpty() || candidate.length() < fuzzyMin - maxDistance
        || candidate.length() > fuzzyMax + maxDistance) {
      return null;
    }
    Set<String> keys = new HashSet<>();
    addAll(keys, deletions.get(candidate));
    for (String v : deletionsOf(candidate, maxDistance)) {
      int[] direct = exact.get(v);
      if (direct != null) {
        keys.add(v);
      }
      addAll(keys, deletions.get(v));
    }
    int[] best = null;
    for (String key : keys) {
      int allowed = allowed(key.length());
      if (allowed == 0) {
        continue;
      }
      int d = levenshtein(candidate, key, allowed);
      if (d <= allowed && (best == null || d < best[1])) {
        best = new int[] {exact.get(key)[0], d};
      }
    }
    return best;
  }

  private static final long BASE = 0x100000001B3L;

  /** Polynomial hash of {@code s}, never 0. */
  static long hash(CharSequence s) {
    long h = 0;
    for (int i = 0; i < s.length(); i++) {
      h = h * BASE + s.charAt(i) + 1;
    }
    return h == 0 ? 1 : h;
  }

  private void addHash(long h) {
    int mask = variantHashes.length - 1;
    int slot = (int) (h ^ (h >>> 29)) & mask;
    while (variantHashes[slot] != 0 && variantHashes[slot] != h) {
      slot = (slot + 1) & mask;
    }
    variantHashes[slot] = h;
    int bit = (int) ((h * 0x9E3779B97F4A7C15L) >>> variantShift);
    variantBits[bit >>> 6] |= 1L << bit;
  }

  private boolean hasHash(long h) {
    int bit = (int) ((h * 0x9E3779B97F4A7C15L) >>> variantShift);
    if ((variantBits[bit >>> 6] & (1L << bit)) == 0) {
      return false;
    }
    int mask = variantHashes.length - 1;
    int slot = (int) (h ^ (h >>> 29)) & mask;
    while (variantHashes[slot] != 0) {
      if (variantHashes[slot] == h) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** The hashes ({@link #hash}, before 0 becomes 1) of every prefix of {@code k}: {@code h[i]} of its first i. */
  private static long[] prefixHashes(String k) {
    long[] h = new long[k.length() + 1];
    for (int i = 0; i < k.length(); i++) {
      h[i + 1] = h[i] * BASE + k.charAt(i) + 1;
    }
    return h;
  }

  /**
   * With at most one edit allowed: whether the range [s, e) of a key, or one of its one-deletion variants, hashes
   * like a protected key or a deletion variant of one. Every hash comes from the key's prefix hashes in a few
   * multiplications (the hash of [s, e) is {@code h[e] - h[s] * BASE^(e - s)}), without building a string: most
   * names are dismissed here. A collision only sends a candidate down the exact path.
   */
  private boolean mayBeWithinOneEdit(long[] h, int s, int e) {
    int n = e - s;
    if (n > longest + maxDistance) {
      return false;
    }
    if (n <= longest && hasHash(nonZero(h[e] - h[s] * powers[n]))) {
      return true;
    }
    if (maxDistance == 0 || n < 2 || n < fuzzyMin - 1 || n > fuzzyMax + 1) {
      return false;
    }
    int a = (n - 1) / 2;
    int b = n - 1 - a;
    if (!hasHalf(halfHash(h[s + a] - h[s] * powers[a], n, 0))
        && !hasHalf(halfHash(h[e] - h[e - b] * powers[b], n, 1))) {
      return false;
    }
    for (int i = s; i < e; i++) {
      // [s, i) followed by [i + 1, e)
      long left = h[i] - h[s] * powers[i - s];
      long right = h[e] - h[i + 1] * powers[e - i - 1];
      if (hasHash(nonZero(left * powers[e - i - 1] + right))) {
        return true;
      }
    }
    return false;
  }

  /** The hash of the first (side 0) or last (side 1) half of a string of {@code n}, {@code h} the half's own. */
  private static long halfHash(long h, int n, int side) {
    long z = (h ^ ((long) n << 1 | side)) * 0x9E3779B97F4A7C15L;
    return z ^ (z >>> 29);
  }

  private void setHalf(long hash) {
    int bit = (int) ((hash * 0xBF58476D1CE4E5B9L) >>> halfShift);
    halfBits[bit >>> 6] |= 1L << bit;
  }

  private boolean hasHalf(long hash) {
    int bit = (int) ((hash * 0xBF58476D1CE4E5B9L) >>> halfShift);
    return (halfBits[bit >>> 6] & (1L << bit)) != 0;
  }

  private static long nonZero(long h) {
    return h == 0 ? 1 : h;
  }

  private static void addAll(Set<String> into, String[] values) {
    if (values != null) {
      into.addAll(Arrays.asList(values));
    }
  }

  /** Every string obtained by deleting 1..{@code max} characters (not the string itself). */
  static Set<String> deletionsOf(String s, int max) {
    Set<String> out = new HashSet<>();
    List<String> frontier = List.of(s);
    for (int round = 0; round < max; round++) {
      List<String> next = new ArrayList<>();
      for (String f : frontier) {
        for (int i = 0; i < f.length(); i++) {
          String v = f.substring(0, i) + f.substring(i + 1);
          if (!v.isEmpty() && out.add(v)) {
            next.add(v);
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  /**
   * Edit distance with adjacent transpositions (optimal string alignment: {@code Reutres} is one edit from
   * {@code Reuters}), or {@code bound + 1} as soon as it must exceed {@code bound}. A transposition is also within the
   * one-deletion neighbourhood of both strings, so the blocking index finds it.
   */
  static int levenshtein(String a, String b, int bound) {
    if (Math.abs(a.length() - b.length()) > bound) {
      return bound + 1;
    }
    int m = b.length();
    int[] before = new int[m + 1];
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        cur[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > bound) {
        return bound + 1;
      }
      int[] swap = before;
      before = prev;
      prev = cur;
      cur = swap;
    }
    return prev[m];
  }

  // ------------------------------------------------------------------------------------------------ keys

  /** A key, the normalized index each of its units came from, and whether that source was a digit. */
  record Key(String text, int[] at, boolean[] digit) {}

  /** The key of a normalized name; also what tests use to see what a name reduces to. */
  static Key key(NormalizedText normalized) {
    int length = normalized.length();
    char[] out = new char[length * 2 + 4];
    int n = 0;
    int[] at = new int[out.length];
    boolean[] digit = new boolean[out.length];
    for (int i = 0; i < length; ) {
      char c = normalized.charAt(i);
      int single = Skeletons.single(c);
      if ((char) single != 0) {
        // The common case: a unit whose skeleton is one letter or digit.
        at[n] = i;
        digit[n] = (single & Skeletons.DIGIT) != 0;
        out[n++] = (char) single;
        i++;
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(normalized.charAt(i + 1))) {
        cp = Character.toCodePoint(c, normalized.charAt(i + 1));
      }
      String skeleton = Skeletons.of(cp);
      if (n + skeleton.length() + length - i > out.length) {
        out = Arrays.copyOf(out, (n + skeleton.length() + length - i) * 2);
        at = Arrays.copyOf(at, out.length);
        digit = Arrays.copyOf(digit, out.length);
      }
      boolean isDigit = skeleton.length() > 0 && Character.isDigit(cp);
      for (int k = 0; k < skeleton.length(); k++) {
        at[n] = i;
        digit[n] = isDigit;
        out[n++] = skeleton.charAt(k);
      }
      i += Character.charCount(cp);
    }
    return new Key(new String(out, 0, n), at, digit);
  }

  /**
   * Confusable skeletons of single code points, computed once per JVM on first use: only the letters, digits and
   * surrogates of the skeleton of a letter or digit, and nothing for anything else, since keys keep no other.
   */
  private static final class Skeletons {
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
    private static final String[] BMP = new String[0x10000];
    /** Marks a digit in {@link #single}. */
    static final int DIGIT = 1 << 17;
    private static final int KNOWN = 1 << 16;
    /**
     * Per UTF-16 unit, once known ({@link #KNOWN}): its skeleton when that is one character (else 0) in the low 16
     * bits, and {@link #DIGIT} for a digit; the key of a name is built from these without touching a string.
     */
    private static final int[] SINGLE = new int[0x10000];
    private static final Map<Integer, String> LOOKALIKES = new HashMap<>();

    static {
      for (int i = 0; i + 1 < CJK_LOOKALIKES.length(); i += 2) {
        LOOKALIKES.put((int) CJK_LOOKALIKES.charAt(i), String.valueOf(CJK_LOOKALIKES.charAt(i + 1)));
      }
    }

    /** {@link #SINGLE} of {@code c}, computed on first use. */
    static int single(char c) {
      int v = SINGLE[c];
      if (v == 0) {
        String s = Character.isSurrogate(c) ? "" : of(c);
        v = KNOWN | (s.length() == 1 ? s.charAt(0) : 0) | (Character.isDigit(c) ? DIGIT : 0);
        SINGLE[c] = v; // a benign race, as for BMP
      }
      return v;
    }

    static String of(int cp) {
      if (cp < 0x10000) {
        String s = BMP[cp];
        if (s == null) {
          s = compute(cp);
          BMP[cp] = s; // a benign race: every thread computes the same immutable string
        }
        return s;
      }
      return compute(cp);
    }

    private static String compute(int cp) {
      if (!Character.isLetterOrDigit(cp)) {
        return "";
      }
      String look = LOOKALIKES.get(cp);
      if (look != null) {
        return look;
      }
      String skeleton;
      synchronized (CHECKER) {
        skeleton = CHECKER.getSkeleton(new String(Character.toChars(cp)));
      }
      // Skeletons use capital prototypes for some letters (0 -> O); names are compared case-folded.
      StringBuilder kept = new StringBuilder(skeleton.length());
      skeleton.toLowerCase(java.util.Locale.ROOT).chars()
          .filter(u -> Character.isLetterOrDigit(u) || Character.isSurrogate((char) u))
          .forEach(u -> kept.append((char) u));
      return kept.toString();
    }
  }
}
