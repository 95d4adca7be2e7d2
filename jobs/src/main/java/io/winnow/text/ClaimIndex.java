package io.winnow.text;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Near-duplicates of catalogue claims (debunked claims): Jaccard similarity of character 3-shingles of the normalized
 * text, found with MinHash and LSH banding, verified exactly.
 *
 * <p>Shingles: the normalized text ({@link TextNormalizer}: width, case, invisible characters, traditional characters
 * and fillers between ideographs already folded) with every run of non-letters collapsed to one space; a shingle
 * starts at every unit: two units from an ideograph, three from anything else ({@link #shingles}). A Chinese claim of
 * 10 characters has 9 shingles, an English one of 40 letters 38, and a paraphrase that keeps most words keeps most.
 *
 * <p>Candidates: a signature of {@link #PERMUTATIONS} minimum hashes, cut into {@link #BANDS} bands of {@link #ROWS}
 * rows; a post and a claim are candidates when one band is identical. The probability of that is
 * {@code 1 - (1 - s^4)^32} for similarity s: 0.99 at s = 0.6, 0.54 at 0.4, 0.05 at 0.2 and 0.003 at 0.1, so pairs
 * above a threshold of 0.6 are almost always found while unrelated posts rarely reach verification. Every candidate is
 * verified with the exact Jaccard similarity of the shingle sets, so a reported score is exact.
 *
 * <p>Before any hashing, a length filter that loses nothing: Jaccard(A, B) is at most min(|A|,|B|) / max(|A|,|B|), so a
 * post whose shingle count is outside {@code [threshold * shortest claim, longest claim / threshold]} cannot reach the
 * threshold with any claim. Then two more, as exact ({@link ShingleFilter}): the post must have at least {@code
 * threshold} of its shingles among the shingles of all claims (a bit set looked up shingle by shingle, stopping as soon
 * as too many are unknown), and as many among the shingles of claims of a length it can reach the threshold with (a
 * mask of length classes per hashed shingle; tested before deduplication with bounds, then after it exactly), so only
 * posts made mostly of catalogue text are hashed.
 *
 * <p>Memory: the shingle sets of the claims (8 bytes a shingle), one sorted (band hash, claim) table of 12 bytes per
 * claim and band with a directory into it (2 bytes more), and the filter (9 bytes per claim shingle, at most 10 MB);
 * about 9 MB for 10,000 claims of 20 characters, 75 MB for 100,000. Immutable and thread-safe; built
 * once per executor with the compiled rules.
 *
 * <p>Large catalogues (more claims than {@code winnow.similar-to.join-above-claims}) never become a ClaimIndex: the
 * pass leaves the condition unknown and emits, for texts inside the length window only, their shingles ({@link
 * #shinglesOf}) and band hashes ({@link #bandsOfShingles}); the catalogue is a Spark table (claim, band, band hash,
 * shingles) signed on the executors once per run; an equi-join on (band, band hash) gives the candidate pairs, {@code
 * distinct} removes pairs found by several bands, a UDF verifies each pair with {@link #jaccardOf}, and the best claim
 * per text (ties: the earlier claim, as here) decides the condition (io.winnow.sweep.ClaimJoin). The hashes are the
 * ones above, so the join finds exactly the pairs this index finds. Spark shuffles only the texts in the window, and
 * no JVM holds the whole catalogue's signatures.
 */
public final class ClaimIndex implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int SHINGLE = 3;
  public static final int ROWS = 4;
  public static final int BANDS = 32;
  public static final int PERMUTATIONS = ROWS * BANDS;
  /** Per permutation: an odd multiplier and an offset (fixed seed: signatures must agree across JVMs). */
  private static final long[] MULTIPLY = new long[PERMUTATIONS];
  private static final long[] ADD = new long[PERMUTATIONS];

  static {
    java.util.SplittableRandom r = new java.util.SplittableRandom(0x5eed_c1a1_3L);
    for (int i = 0; i < PERMUTATIONS; i++) {
      MULTIPLY[i] = r.nextLong() | 1L;
      ADD[i] = r.nextLong();
    }
  }

  /** The closest claim: its index in the catalogue, its id, the exact Jaccard score, and how many were verified. */
  public record ClaimHit(int claim, String id, double score, int candidates) {}

  private final String[] ids;
  private final long[][] shingles;
  private final double threshold;
  private final int minShingles;
  private final int maxShingles;
  /** What the claims know about shingles, for the exact filters in front of signing ({@link ShingleFilter}). */
  private final ShingleFilter claimShingles;

  /** Sorted band keys and, at the same index, the claim that has that band. */
  private final long[] bandKeys;
  private final int[] bandClaims;
  /**
   * Where the keys of each value of their top {@link #directoryBits} bits (sign flipped, so that the order is the
   * sorted one) begin in {@link #bandKeys}: a band is found with two reads instead of a binary search that misses the
   * cache at every step. Two to four keys per entry.
   */
  private final int[] directory;
  private final int directoryBits;

  /**
   * @param ids claim ids, in catalogue order
   * @param texts claim texts, same order
   * @param threshold least Jaccard similarity that counts as a near-duplicate
   */
  public ClaimIndex(List<String> ids, List<String> texts, double threshold, TextNormalizer normalizer) {
    this.ids = ids.toArray(String[]::new);
    this.threshold = threshold;
    this.shingles = new long[texts.size()][];
    int min = Integer.MAX_VALUE;
    int max = 0;
    long[] keys = new long[texts.size() * BANDS];
    int[] owners = new int[keys.length];
    int n = 0;
    for (int c = 0; c < texts.size(); c++) {
      long[] s = shingles(normalizer.normalize(texts.get(c)));
      shingles[c] = s;
      if (s.length == 0) {
        continue;
      }
      min = Math.min(min, s.length);
      max = Math.max(max, s.length);
      long[] bands = bands(signature(s));
      for (long b : bands) {
        keys[n] = b;
        owners[n] = c;
        n++;
      }
    }
    this.claimShingles = ShingleFilter.of(java.util.Arrays.asList(shingles));
    this.minShingles = min == Integer.MAX_VALUE ? 0 : min;
    this.maxShingles = max;
    // Sort the (key, claim) pairs by key, so a band is found through the directory without boxing.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    final long[] k = keys;
    Arrays.sort(order, (a, b) -> Long.compare(k[a], k[b]));
    this.bandKeys = new long[n];
    this.bandClaims = new int[n];
    for (int i = 0; i < n; i++) {
      bandKeys[i] = keys[order[i]];
      bandClaims[i] = owners[order[i]];
    }
    this.directoryBits = Math.max(1, 62 - Long.numberOfLeadingZeros(Math.max(1, n)));
    this.directory = new int[(1 << directoryBits) + 1];
    for (int b = 0, i = 0; b < directory.length; b++) {
      while (i < n && directoryEntry(bandKeys[i]) < b) {
        i++;
      }
      directory[b] = i;
    }
  }

  private int directoryEntry(long key) {
    return (int) ((key ^ Long.MIN_VALUE) >>> (64 - directoryBits));
  }

  public int size() {
    return ids.length;
  }

  public double threshold() {
    return threshold;
  }

  /** The most similar claim at or above the threshold, or null. */
  public ClaimHit match(NormalizedText text) {
    Matches m = search(text, true);
    return m.hits().isEmpty() ? null : m.hits().get(0);
  }

  /** What {@link #search} found: every claim at or above the threshold, and how many candidates were verified. */
  public record Matches(List<ClaimHit> hits, int candidates) {}

  private static final Matches NONE = new Matches(List.of(), 0);

  /** Every claim at or above the threshold (the recall test compares them with brute force). */
  public Matches search(NormalizedText text) {
    return search(text, false);
  }

  /**
   * The candidate claims of {@code text} verified exactly; with {@code bestOnly} (the engine) only the best one.
   * The filters in front, cheapest first, all exact ({@link ShingleFilter}): the length against the shortest claim;
   * then one pass over the normalized text ({@link #mayMatch}), each shingle looked up in the bit set of all claims'
   * shingles as it comes, that stops once too many distinct shingles are unknown (13 % of the text fields of the
   * generated 5M archive with 10,000 claims pass it); then the share known to claims of a length the text can reach
   * the threshold with, first over the shingles with repeats and bounds on their distinct count (1.1 % pass), then
   * over the distinct shingles with the exact length window. Only a text that passes them all is signed and banded
   * (1 text field in 180).
   */
  private Matches search(NormalizedText text, boolean bestOnly) {
    int length = text.length();
    if (bandKeys.length == 0 || length == 0) {
      return NONE;
    }
    if (below(length, threshold, minShingles) || !mayMatch(text)) {
      return NONE;
    }
    long[] s = new long[length];
    int m = rolledShingles(text, s);
    if (!claimShingles.mayReachWithRepeats(s, m, threshold)) {
      return NONE;
    }
    int distinct = distinct(s, m);
    if (!inLengthWindow(distinct, minShingles, maxShingles, threshold)
        || !claimShingles.mayReach(s, distinct, threshold)) {
      return NONE;
    }
    s = Arrays.copyOf(s, distinct);
    Arrays.sort(s);
    long[] bands = bands(signature(s));
    List<ClaimHit> hits = new java.util.ArrayList<>(1);
    int[] seen = null;
    int seenCount = 0;
    int best = -1;
    double bestScore = 0;
    for (long b : bands) {
      int entry = directoryEntry(b);
      int i = directory[entry];
      int end = directory[entry + 1];
      while (i < end && bandKeys[i] < b) {
        i++;
      }
      for (; i < end && bandKeys[i] == b; i++) {
        int claim = bandClaims[i];
        if (seen == null) {
          seen = new int[8];
        }
        boolean dup = false;
        for (int j = 0; j < seenCount; j++) {
          if (seen[j] == claim) {
            dup = true;
            break;
          }
        }
        if (dup) {
          continue;
        }
        if (seenCount == seen.length) {
          seen = Arrays.copyOf(seen, seenCount * 2);
        }
        seen[seenCount++] = claim;
        double score = jaccard(s, shingles[claim]);
        if (!bestOnly && score >= threshold) {
          hits.add(new ClaimHit(claim, ids[claim], score, 0));
        }
        if (score >= threshold && (score > bestScore || (score == bestScore && claim < best))) {
          best = claim;
          bestScore = score;
        }
      }
    }
    if (!bestOnly) {
      return new Matches(hits, seenCount);
    }
    return best < 0 ? new Matches(List.of(), seenCount)
        : new Matches(List.of(new ClaimHit(best, ids[best], bestScore, seenCount)), seenCount);
  }

  /**
   * The first, exact screen, in one pass over the normalized text without deduplication and without building the
   * units: J >= t needs at least t of the distinct shingles known to some claim. The known positions (repeats
   * included) bound the known distinct shingles from above; the unknown ones, hashed into the 64 bits of a register,
   * bound the unknown distinct shingles from below (a shingle always sets the same bit). The units ({@link #units})
   * are rolled through a window of three as they come; a shingle is emitted when the unit two after its start
   * arrives, and the last one at the end when the unit before last is an ideograph ({@link #rawShingles} emits the
   * same ones). The shingle count is not known until the end, so the shingles still to come are bounded by the
   * characters left.
   */
  boolean mayMatch(NormalizedText text) {
    int length = text.length();
    char[] buffer = unitsOf(text);
    long unknownBits = 0;
    int known = 0;
    int units = 0;
    long window = 0;
    boolean gap = false;
    for (int i = 0; i < length; i++) {
      char c = buffer[i];
      if (!letterOrDigit(c)) {
        gap = units > 0;
        continue;
      }
      // The space for a run of non-letters, then the letter. (One step written twice: a loop over the one or two units
      // to push costs a tenth of the screen.)
      if (gap) {
        window = push(window, ' ');
        if (++units >= SHINGLE) {
          long h = hashed(window);
          int isKnown = claimShingles.knownBit(h);
          known += isKnown;
          unknownBits |= unknownBit(h, isKnown);
        }
        gap = false;
      }
      window = push(window, c);
      if (++units >= SHINGLE) {
        long h = hashed(window);
        int isKnown = claimShingles.knownBit(h);
        known += isKnown;
        unknownBits |= unknownBit(h, isKnown);
      }
      // Even if every shingle still to come (at most one per character left, and the last one) were known and new;
      // the bound only grows stricter, so it is enough to test it every eighth character.
      if ((i & 7) == 7 && below(known + length - i, threshold, known + length - i + Long.bitCount(unknownBits))) {
        return false;
      }
    }
    int shingles = Math.max(0, units - (SHINGLE - 1)); // one when each unit from the third arrives
    if (units >= 2 && isIdeograph((char) (window >>> 16))) {
      shingles++; // the last shingle: two units starting at an ideograph
      long h = (window & 0xFFFF_FFFFL) * ShingleFilter.GOLDEN;
      int isKnown = claimShingles.knownBit(h);
      known += isKnown;
      unknownBits |= unknownBit(h, isKnown);
    } else if (shingles == 0 && units > 0) {
      shingles = 1; // the whole text, shorter than one shingle
      known = claimShingles.knownBit(window * ShingleFilter.GOLDEN);
      unknownBits = 1 - known;
    }
    return known > 0 && !below(shingles, threshold, minShingles)
        && !below(known, threshold, known + Long.bitCount(unknownBits));
  }

  /** The units of a normalized text: its normalizer's buffer, or a copy of its string. */
  private static char[] unitsOf(NormalizedText text) {
    char[] buffer = text.units();
    return buffer != null ? buffer : text.text().toCharArray();
  }

  /** A window of the last three units with {@code unit} pushed in. */
  private static long push(long window, char unit) {
    return ((window << 16) | unit) & 0xFFFF_FFFF_FFFFL;
  }

  /**
   * The hashed shingle that ends a window of three units: the three units, or the first two when the first is an
   * ideograph.
   */
  private static long hashed(long window) {
    return shingleOf(window) * ShingleFilter.GOLDEN;
  }

  private static long shingleOf(long window) {
    return window >>> IDEOGRAPH_SHIFT[(int) (window >>> 40)];
  }

  /** The bit a hashed shingle sets among the unknown ones: none when it is known (no branch: known and unknown mix). */
  private static long unknownBit(long hashed, int isKnown) {
    return (1L << (hashed >>> 16)) & (isKnown - 1L);
  }

  /**
   * The shingles of a normalized text, repeats included and unsorted, into {@code out} (at least as long as the text);
   * returns how many. The same shingles as {@link #rawShingles} over {@link #units} (the reference, which makes the
   * claims' shingles), rolled through a window of three as in {@link #mayMatch}. (Its loop is the screen's with a store
   * where the screen looks a shingle up; one loop for both would cost the screen, which every text goes through, a call
   * or a store per shingle.)
   */
  static int rolledShingles(NormalizedText text, long[] out) {
    int length = text.length();
    char[] buffer = unitsOf(text);
    int m = 0;
    int units = 0;
    long window = 0;
    boolean gap = false;
    for (int i = 0; i < length; i++) {
      char c = buffer[i];
      if (!letterOrDigit(c)) {
        gap = units > 0;
        continue;
      }
      if (gap) {
        window = push(window, ' ');
        if (++units >= SHINGLE) {
          out[m++] = shingleOf(window);
        }
        gap = false;
      }
      window = push(window, c);
      if (++units >= SHINGLE) {
        out[m++] = shingleOf(window);
      }
    }
    if (units >= 2 && isIdeograph((char) (window >>> 16))) {
      out[m++] = window & 0xFFFF_FFFFL; // the last shingle: two units starting at an ideograph
    } else if (m == 0 && units > 0) {
      out[m++] = window; // the whole text, shorter than one shingle
    }
    return m;
  }

  /**
   * Moves the distinct ones of the first {@code m} shingles to the front of {@code s}, deduplicated in a small hash
   * table (a packed shingle is never 0); returns how many.
   */
  static int distinct(long[] s, int m) {
    int log2 = 33 - Integer.numberOfLeadingZeros(Math.max(1, m));
    long[] table = new long[1 << log2];
    int distinct = 0;
    for (int i = 0; i < m; i++) {
      long v = s[i];
      int slot = (int) ((v * ShingleFilter.GOLDEN) >>> (64 - log2));
      while (table[slot] != 0 && table[slot] != v) {
        slot = (slot + 1) & (table.length - 1);
      }
      if (table[slot] == 0) {
        table[slot] = v;
        s[distinct++] = v;
      }
    }
    return distinct;
  }

  /** By the top byte of a unit: 16 where it starts ideographs (which {@link #isIdeograph} pages align with), else 0. */
  private static final byte[] IDEOGRAPH_SHIFT = new byte[256];

  static {
    for (int page = 0; page < 256; page++) {
      IDEOGRAPH_SHIFT[page] = (byte) (isIdeograph((char) (page << 8)) ? 16 : 0);
    }
  }

  /**
   * The probability that a text and a claim of Jaccard similarity {@code s} become candidates: one of {@link #BANDS}
   * bands of {@link #ROWS} minimum hashes agrees, {@code 1 - (1 - s^ROWS)^BANDS}.
   */
  public static double candidateProbability(double s) {
    return 1 - Math.pow(1 - Math.pow(s, ROWS), BANDS);
  }

  /** The exact Jaccard similarity of the shingle sets of two normalized texts. */
  public static double similarity(NormalizedText a, NormalizedText b) {
    return jaccard(shingles(a), shingles(b));
  }

  /** The 32 band hashes of a text's signature; what a banded join on (band, hash) would key on. */
  public static long[] bandsOf(NormalizedText text) {
    long[] s = shingles(text);
    return s.length == 0 ? new long[0] : bands(signature(s));
  }

  /** The sorted, distinct shingles of a normalized text: what the banded join verifies a candidate pair with. */
  public static long[] shinglesOf(NormalizedText text) {
    return shingles(text);
  }

  /** The 32 band hashes of sorted, distinct shingles (none for none); {@link #bandsOf} of the text they came from. */
  public static long[] bandsOfShingles(long[] shingles) {
    return shingles.length == 0 ? new long[0] : bands(signature(shingles));
  }

  /** The exact Jaccard similarity of two sorted, distinct shingle sets. */
  public static double jaccardOf(long[] a, long[] b) {
    return jaccard(a, b);
  }

  static double jaccard(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    int common = overlap(a, b);
    return (double) common / (a.length + b.length - common);
  }

  /** How many values two sorted, distinct shingle sets share. */
  public static int overlap(long[] a, long[] b) {
    return overlapAtLeast(a, b, 0);
  }

  /**
   * The overlap of two sorted, distinct sets, or a number below {@code least} as soon as what is left of either
   * cannot bring it there.
   */
  static int overlapAtLeast(long[] a, long[] b, int least) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (common + Math.min(a.length - i, b.length - j) < least) {
        return common;
      }
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return common;
  }

  /** Letters and digits of the Basic Multilingual Plane ({@link Character#isLetterOrDigit(char)}) as a bit set. */
  private static final long[] LETTER_OR_DIGIT = new long[1 << 10];

  static {
    for (int c = 0; c < 0x10000; c++) {
      if (Character.isLetterOrDigit((char) c)) {
        LETTER_OR_DIGIT[c >>> 6] |= 1L << c;
      }
    }
  }

  private static boolean letterOrDigit(char c) {
    return (LETTER_OR_DIGIT[c >>> 6] & (1L << c)) != 0;
  }

  /**
   * The units shingles are made of: the letters and digits of {@code text}, and one space for each run of anything
   * else between them. Returns how many were written to {@code units}.
   */
  private static int units(NormalizedText text, char[] units) {
    int n = 0;
    int length = text.length();
    char[] buffer = text.units();
    String string = buffer == null ? text.text() : null;
    for (int i = 0; i < length; i++) {
      char c = buffer != null ? buffer[i] : string.charAt(i);
      if (letterOrDigit(c)) {
        units[n++] = c;
      } else if (n > 0 && units[n - 1] != ' ') {
        units[n++] = ' ';
      }
    }
    if (n > 0 && units[n - 1] == ' ') {
      n--;
    }
    return n;
  }

  /**
   * The shingles of {@code n} units, repeats included and unsorted, into {@code out}; returns their number. A text
   * shorter than one shingle is one shingle.
   */
  private static int rawShingles(char[] units, int n, long[] out) {
    if (n == 0) {
      return 0;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
      int width = isIdeograph(units[i]) ? 2 : SHINGLE;
      if (i + width <= n) {
        out[m++] = pack(units, i, width);
      }
    }
    if (m == 0) {
      out[m++] = pack(units, 0, n);
    }
    return m;
  }

  static boolean isIdeograph(char c) {
    return c >= 0x3400 && c <= 0x9FFF || c >= 0xF900 && c <= 0xFAFF;
  }

  /**
   * The sorted, distinct shingles of a normalized text, each packed exactly into a long: two units (2 x 16 bits)
   * starting at an ideograph, three units (3 x 16 bits) elsewhere. A Chinese character carries about as much as an
   * English syllable or short word, so a bigram of ideographs weighs like a trigram of letters; a text shorter than one
   * shingle is one shingle.
   */
  static long[] shingles(NormalizedText text) {
    char[] units = new char[text.length()];
    int n = units(text, units);
    long[] out = new long[Math.max(1, n)];
    int m = rawShingles(units, n, out);
    Arrays.sort(out, 0, m);
    int d = 0;
    for (int i = 0; i < m; i++) {
      if (d == 0 || out[d - 1] != out[i]) {
        out[d++] = out[i];
      }
    }
    return Arrays.copyOf(out, d);
  }

  /**
   * The span of the ORIGINAL text covered by those of its shingles that are in {@code of} (sorted): from the start of
   * the first to the end of the last; the whole text when none is. The shingles are those of {@link #shingles}, each
   * mapped back through the units it was made of.
   */
  public static int[] spanOf(NormalizedText text, long[] of) {
    int length = text.length();
    char[] units = new char[length];
    int[] at = new int[length];
    int n = 0;
    for (int i = 0; i < length; i++) {
      char c = text.text().charAt(i);
      if (letterOrDigit(c)) {
        units[n] = c;
        at[n++] = i;
      } else if (n > 0 && units[n - 1] != ' ') {
        units[n] = ' ';
        at[n++] = i;
      }
    }
    if (n > 0 && units[n - 1] == ' ') {
      n--;
    }
    // The densest run of shared shingles: a shared shingle more than SHINGLE units after the last one starts a new
    // run (a common trigram elsewhere in the post is not part of the repeat); the run with most shingles wins.
    int first = -1;
    int last = -1;
    int best = 0;
    int runFirst = -1;
    int runLast = -1;
    int runCount = 0;
    int lastUnit = -1;
    for (int i = 0; i < n; i++) {
      int full = isIdeograph(units[i]) ? 2 : SHINGLE;
      int width = Math.min(full, n - i);
      if (width < full && i != 0) {
        break;
      }
      if (Arrays.binarySearch(of, pack(units, i, width)) < 0) {
        continue;
      }
      if (lastUnit < 0 || i - lastUnit > SHINGLE) {
        runFirst = at[i];
        runCount = 0;
      }
      runCount++;
      runLast = at[i + width - 1] + 1;
      lastUnit = i;
      if (runCount > best) {
        best = runCount;
        first = runFirst;
        last = runLast;
      }
    }
    int start = text.originalStart(first < 0 ? 0 : first);
    int end = text.originalEnd(last < 0 ? length : last);
    return new int[] {start, Math.max(start, end)};
  }

  private static long pack(char[] units, int from, int length) {
    long v = 0;
    for (int i = 0; i < length; i++) {
      v = (v << 16) | units[from + i];
    }
    return v;
  }

  /**
   * The minimum of each permutation over the shingles. A permutation is a multiply-add of a well-mixed base hash, kept
   * to its top 63 bits so that the minimum can be taken without a branch: {@code b + (d & (d >> 63))} with {@code d =
   * h - b} never overflows for non-negative values. A branch would be mispredicted at about every new minimum (128
   * times ln n for n shingles); without one, the JIT vectorizes the loop, about 7 times faster at 40 shingles.
   */
  private static long[] signature(long[] shingles) {
    long[] sig = new long[PERMUTATIONS];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (long s : shingles) {
      long x = mix(s);
      for (int p = 0; p < PERMUTATIONS; p++) {
        long h = (x * MULTIPLY[p] + ADD[p]) >>> 1;
        long b = sig[p];
        long d = h - b;
        sig[p] = b + (d & (d >> 63));
      }
    }
    return sig;
  }

  private static long[] bands(long[] sig) {
    long[] out = new long[BANDS];
    for (int b = 0; b < BANDS; b++) {
      long h = 0x9E3779B97F4A7C15L * (b + 1);
      for (int r = 0; r < ROWS; r++) {
        h = mix(h ^ sig[b * ROWS + r]);
      }
      out[b] = h;
    }
    return out;
  }


  /**
   * Whether a text of {@code distinct} shingles can reach {@code threshold} with a claim of {@code minShingles} to
   * {@code maxShingles} distinct shingles: Jaccard(A, B) is at most min(|A|,|B|) / max(|A|,|B|).
   */
  public static boolean inLengthWindow(int distinct, int minShingles, int maxShingles, double threshold) {
    return distinct > 0 && maxShingles > 0 && !below(distinct, threshold, minShingles)
        && !below(maxShingles, threshold, distinct);
  }

  /** Whether {@code count < threshold * of}, with room for rounding: an exact filter must never drop a pair at t. */
  static boolean below(int count, double threshold, int of) {
    return count < threshold * of - 1e-9;
  }

  /**
   * What a catalogue's claims know about shingles, for exact filters (a collision only lets a text through):
   *
   * <ul>
   *   <li>one bit per hashed shingle of any claim: J(A, B) >= t needs |A n B| >= t |A|, so a text with fewer than
   *       t |A| of its distinct shingles among all claims' shingles matches no claim. Eight bits per claim shingle,
   *       rounded up to a power of two, at least 2^16 and at most 2^24 (2 MB): sized to the catalogue so that a small
   *       one stays in the processor's cache, since every shingle of every text looks a bit up;
   *   <li>per hashed shingle, the lengths of the claims that have it, as a mask of 32 length classes (geometric, up
   *       to the longest claim): J(A, B) >= t also needs t |A| <= |B| <= |A| / t, so the shingles that count are
   *       those of claims of such a length. With English claims, the first test alone lets through every text made
   *       of common trigrams (one in eight on the generated archive); this one keeps one in 180. Two slots of four
   *       bytes per claim shingle, at most 2^21 slots (8 MB).
   * </ul>
   *
   * The in-pass index and the banded join ({@code io.winnow.sweep.ClaimJoin}) both use it.
   */
  public static final class ShingleFilter implements Serializable {
    private static final long serialVersionUID = 2L;
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int CLASSES = 32;
    private final long[] bits;
    private final int shift;
    private final int[] lengths;
    private final int lengthShift;
    /** ln of the ratio between length classes. */
    private final double classRatioLog;

    private ShingleFilter(long count, int longest) {
      int log2 = Math.max(16, Math.min(24, 64 - Long.numberOfLeadingZeros(Math.max(1, 8 * count - 1))));
      this.bits = new long[(1 << log2) / 64];
      this.shift = 64 - log2;
      int slots = Math.max(12, Math.min(21, 64 - Long.numberOfLeadingZeros(Math.max(1, 2 * count - 1))));
      this.lengths = new int[1 << slots];
      this.lengthShift = 64 - slots;
      this.classRatioLog = Math.log(longest + 1.0) / CLASSES;
    }

    /** The filter of the claims whose distinct shingles are {@code claimShingles}. */
    public static ShingleFilter of(Iterable<long[]> claimShingles) {
      long count = 0;
      int longest = 1;
      for (long[] claim : claimShingles) {
        count += claim.length;
        longest = Math.max(longest, claim.length);
      }
      ShingleFilter f = new ShingleFilter(count, longest);
      for (long[] claim : claimShingles) {
        if (claim.length == 0) {
          continue;
        }
        int lengthClass = 1 << f.lengthClass(claim.length);
        for (long sh : claim) {
          long h = sh * GOLDEN;
          int bit = (int) (h >>> f.shift);
          f.bits[bit >>> 6] |= 1L << bit;
          f.lengths[(int) (h >>> f.lengthShift)] |= lengthClass;
        }
      }
      return f;
    }

    /** The class of a claim of {@code length} shingles: 0 to 31, never smaller for a longer claim. */
    private int lengthClass(int length) {
      return Math.min(CLASSES - 1, (int) (Math.log(Math.max(1, length)) / classRatioLog));
    }

    /** 1 if the shingle whose product with {@link #GOLDEN} is {@code hashed} may occur in a claim, else 0. */
    int knownBit(long hashed) {
      int bit = (int) (hashed >>> shift);
      return (int) (bits[bit >>> 6] >>> bit) & 1;
    }

    /** How many of these shingles may occur in some claim (an upper bound: the bit set has false positives only). */
    public int known(long[] shingles) {
      int known = 0;
      for (long s : shingles) {
        known += knownBit(s * GOLDEN);
      }
      return known;
    }

    /**
     * {@link #mayReach} before deduplication, for a text's {@code m} shingles with repeats: the same test with bounds
     * instead of counts, so that only the texts that pass it are deduplicated. The distinct count d is at most m and
     * at least the number of bits the shingles set in 256 (a shingle always sets the same bit), so the claim lengths
     * that count are those a text of that many to m shingles can reach; the known shingles counted with repeats bound
     * the known distinct ones from above, and the unknown ones, hashed into 256 bits, bound the unknown distinct ones
     * from below. On the generated archive it keeps 1 in 11 of the texts that pass the first screen.
     */
    boolean mayReachWithRepeats(long[] shingles, int m, double threshold) {
      long[] seen = new long[4];
      for (int k = 0; k < m; k++) {
        int bit = (int) ((shingles[k] * GOLDEN) >>> 56);
        seen[bit >>> 6] |= 1L << bit;
      }
      int least = Long.bitCount(seen[0]) + Long.bitCount(seen[1]) + Long.bitCount(seen[2]) + Long.bitCount(seen[3]);
      int window = lengthWindow(least, m, threshold);
      long[] unknown = seen;
      Arrays.fill(unknown, 0);
      int known = 0;
      for (int k = 0; k < m; k++) {
        long h = shingles[k] * GOLDEN;
        int in = lengths[(int) (h >>> lengthShift)] & window;
        int isKnown = knownBit(h) & ((in | -in) >>> 31);
        known += isKnown;
        int bit = (int) (h >>> 56);
        unknown[bit >>> 6] |= (1L << bit) & (isKnown - 1L);
      }
      int unknownLeast = Long.bitCount(unknown[0]) + Long.bitCount(unknown[1]) + Long.bitCount(unknown[2])
          + Long.bitCount(unknown[3]);
      return known > 0 && !below(known, threshold, known + unknownLeast);
    }

    /** The length classes of the claims that a text of {@code least} to {@code most} distinct shingles can reach. */
    private int lengthWindow(int least, int most, double threshold) {
      int from = lengthClass((int) Math.floor(threshold * least));
      int to = lengthClass((int) Math.min(Integer.MAX_VALUE, Math.ceil(most / threshold)));
      return (int) (((1L << (to + 1)) - 1) & ~((1L << from) - 1));
    }

    /**
     * Whether a text with these distinct shingles can reach {@code threshold} with some claim: at least that share of
     * them may occur in a claim whose length allows it. Stops as soon as the answer is known.
     */
    public boolean mayReach(long[] distinct, double threshold) {
      return mayReach(distinct, distinct.length, threshold);
    }

    /** As {@link #mayReach(long[], double)} for the first {@code d} shingles of {@code distinct}. */
    boolean mayReach(long[] distinct, int d, double threshold) {
      if (d == 0) {
        return false;
      }
      int window = lengthWindow(d, d, threshold);
      int known = 0;
      for (int k = 0; k < d; k++) {
        long h = distinct[k] * GOLDEN;
        if (knownBit(h) == 1 && (lengths[(int) (h >>> lengthShift)] & window) != 0) {
          known++;
          if (!below(known, threshold, d)) {
            return true;
          }
        } else if (below(known + d - k - 1, threshold, d)) {
          return false;
        }
      }
      return false;
    }
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
