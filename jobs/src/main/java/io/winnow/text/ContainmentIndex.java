package io.winnow.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Repeats of catalogue claims by containment: the share of a claim's distinct shingles found in a text (the claim
 * repeated inside a longer post), of the text's found in a claim (the post an excerpt of a longer claim), or the larger
 * of the two. The shingles are {@link ClaimIndex}'s. A pair counts when its score reaches the threshold AND the two
 * share at least {@code minShared} shingles, so that a two-shingle overlap never counts, however short one side is.
 *
 * <p>Candidates by prefix filtering, which is exact (nothing a brute-force comparison finds is missed): order all
 * shingles by how many claims have them, rarest first (ties by value). A text that holds at least {@code a} of a
 * claim's {@code n} shingles holds one of the claim's first {@code n - a + 1} in that order; so each claim is indexed
 * under that prefix only, mostly shingles few other claims share. For the other direction, a text of {@code p}
 * shingles of which at least {@code b} are in one claim has one of its own first {@code p - b + 1} in that claim; the
 * text's shingles no claim has come first in the order, so a text with more than {@code p - b} of them is dropped
 * before any lookup. Every candidate is verified with the exact overlap of the sorted shingle sets.
 *
 * <p>Cost per text: one pass over its shingles with a bit-set lookup each (the claims' prefix shingles, 8 bits per
 * shingle), a hash lookup only where the bit is set. Immutable and thread-safe; built once per executor.
 */
public final class ContainmentIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whose shingles are counted: the claim's found in the text, the text's found in the claim, or the larger. */
  public enum Contained {
    CLAIM, POST, EITHER;

    /** The score of a pair: the overlap over the claim's, the text's or the smaller shingle count. */
    public double score(int overlap, int claimShingles, int textShingles) {
      return switch (this) {
        case CLAIM -> (double) overlap / claimShingles;
        case POST -> (double) overlap / textShingles;
        case EITHER -> (double) overlap / Math.min(claimShingles, textShingles);
      };
    }

    /** What evidence calls the measure. */
    public String label() {
      return switch (this) {
        case CLAIM -> "claim contained";
        case POST -> "post contained";
        case EITHER -> "contained";
      };
    }
  }

  /** The closest claim: index, id, score, shared shingles, and the span of the text those shingles cover. */
  public record Hit(int claim, String id, double score, int shared, int start, int end) {}

  private final String[] ids;
  private final long[][] shingles;
  private final double threshold;
  private final int minShared;
  private final Contained contained;
  /** Shingle -> how many claims have it. */
  private final Map<Long, Integer> frequency = new HashMap<>();
  /** Shingle -> the claims indexed under it: prefixes (claim side), every shingle (text side). */
  private final Map<Long, int[]> byPrefix = new HashMap<>();
  private final Map<Long, int[]> byShingle = new HashMap<>();
  /** The most distinct shingles of any claim: no text with a larger need can be contained in a claim. */
  private final int maxClaimShingles;
  /** Bits of the hashed prefix shingles: most shingles of a text are no claim's prefix and stop here. */
  private final long[] prefixBits;
  private final int prefixShift;

  public ContainmentIndex(List<String> ids, List<String> texts, double threshold, int minShared, Contained contained,
      TextNormalizer normalizer) {
    this.ids = ids.toArray(String[]::new);
    this.threshold = threshold;
    this.minShared = Math.max(1, minShared);
    this.contained = contained;
    this.shingles = new long[texts.size()][];
    for (int c = 0; c < texts.size(); c++) {
      shingles[c] = ClaimIndex.shingles(normalizer.normalize(texts.get(c)));
      for (long s : shingles[c]) {
        frequency.merge(s, 1, Integer::sum);
      }
    }
    this.maxClaimShingles = Arrays.stream(shingles).mapToInt(x -> x.length).max().orElse(0);
    Map<Long, List<Integer>> prefix = new HashMap<>();
    Map<Long, List<Integer>> all = new HashMap<>();
    for (int c = 0; c < shingles.length; c++) {
      long[] s = shingles[c];
      for (long x : s) {
        all.computeIfAbsent(x, k -> new ArrayList<>()).add(c);
      }
      int need = claimSideNeed(s.length);
      if (need > s.length) {
        continue; // too short to be contained in any text: fewer shingles than minShared
      }
      long[] ordered = byRarity(s);
      for (int i = 0; i < s.length - need + 1; i++) {
        prefix.computeIfAbsent(ordered[i], k -> new ArrayList<>()).add(c);
      }
    }
    prefix.forEach((k, v) -> byPrefix.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    all.forEach((k, v) -> byShingle.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    int bits = Math.max(1 << 10, Integer.highestOneBit(Math.max(1, byPrefix.size())) << 4);
    this.prefixBits = new long[bits >>> 6];
    this.prefixShift = 64 - Integer.numberOfTrailingZeros(bits);
    for (long s : byPrefix.keySet()) {
      long h = s * ClaimIndex.ShingleFilter.GOLDEN;
      prefixBits[(int) (h >>> prefixShift) >>> 6] |= 1L << (h >>> prefixShift);
    }
  }

  /** Shared shingles a claim of {@code n} needs to be contained: the threshold of n, and at least minShared. */
  private int claimSideNeed(int n) {
    return Math.max(minShared, (int) Math.ceil(threshold * n - 1e-9));
  }

  /** Shared shingles a text of {@code p} needs to be contained in a claim. */
  private int textSideNeed(int p) {
    return Math.max(minShared, (int) Math.ceil(threshold * p - 1e-9));
  }

  /** {@code s} in the global order: rarest among the claims first, ties by value. */
  private long[] byRarity(long[] s) {
    Long[] boxed = Arrays.stream(s).boxed().toArray(Long[]::new);
    Arrays.sort(boxed, (a, b) -> {
      int fa = frequency.getOrDefault(a, 0);
      int fb = frequency.getOrDefault(b, 0);
      return fa != fb ? Integer.compare(fa, fb) : Long.compare(a, b);
    });
    return Arrays.stream(boxed).mapToLong(Long::longValue).toArray();
  }

  public int size() {
    return ids.length;
  }

  /** The best claim (highest score, then most shared shingles, then the earlier claim), or null. */
  public Hit match(NormalizedText text) {
    List<Hit> all = search(text);
    Hit best = null;
    for (Hit h : all) {
      if (best == null || h.score() > best.score() || h.score() == best.score() && (h.shared() > best.shared()
          || h.shared() == best.shared() && h.claim() < best.claim())) {
        best = h;
      }
    }
    return best == null ? null : withSpan(best, text);
  }

  /** Every claim the text reaches the threshold with (spans not computed). */
  public List<Hit> search(NormalizedText text) {
    if (text.length() < 2) {
      return List.of();
    }
    long[] raw = new long[text.length()];
    int m = ClaimIndex.rolledShingles(text, raw);
    if (m < minShared) {
      return List.of(); // fewer shingles than a match must share
    }
    int[] candidates = new int[16];
    int count = 0;
    if (contained != Contained.POST) {
      for (int i = 0; i < m; i++) {
        long h = raw[i] * ClaimIndex.ShingleFilter.GOLDEN;
        if ((prefixBits[(int) (h >>> prefixShift) >>> 6] & (1L << (h >>> prefixShift))) == 0) {
          continue;
        }
        int[] claims = byPrefix.get(raw[i]);
        if (claims != null) {
          if (count + claims.length > candidates.length) {
            candidates = Arrays.copyOf(candidates, Math.max(candidates.length * 2, count + claims.length));
          }
          System.arraycopy(claims, 0, candidates, count, claims.length);
          count += claims.length;
        }
      }
    }
    long[] distinct = null;
    // A text is contained in a claim only if the claim can hold the share of it the threshold needs: a text whose
    // need is above the longest claim is left to the claim side (for either, the claim is then the smaller side).
    if (contained != Contained.CLAIM) {
      long[] copy = Arrays.copyOf(raw, m);
      int d = ClaimIndex.distinct(copy, m);
      if (textSideNeed(d) <= maxClaimShingles) {
        distinct = Arrays.copyOf(copy, d);
        Arrays.sort(distinct);
        int[] more = textSidePrefix(distinct);
        candidates = Arrays.copyOf(candidates, count + more.length);
        System.arraycopy(more, 0, candidates, count, more.length);
        count += more.length;
      }
    }
    if (count == 0) {
      return List.of();
    }
    Arrays.sort(candidates, 0, count);
    distinct = distinct != null ? distinct : sortedDistinct(raw, m);
    List<Hit> out = new ArrayList<>(1);
    for (int i = 0; i < count; i++) {
      int c = candidates[i];
      if (i > 0 && candidates[i - 1] == c) {
        continue;
      }
      long[] claim = shingles[c];
      int least = Math.max(minShared, (int) Math.ceil((threshold - 1e-12) * Math.min(claim.length, distinct.length)));
      if (least > Math.min(claim.length, distinct.length)) {
        continue; // cannot share enough: the smaller side has fewer shingles than a match needs
      }
      int shared = overlap(claim, distinct);
      double score = contained.score(shared, claim.length, distinct.length);
      if (shared >= minShared && score >= threshold - 1e-12) {
        out.add(new Hit(c, ids[c], score, shared, -1, -1));
      }
    }
    return out;
  }

  /** The claims that have one of the text's first {@code p - b + 1} shingles in the global order. */
  private int[] textSidePrefix(long[] distinct) {
    int p = distinct.length;
    int need = textSideNeed(p);
    if (need > p) {
      return new int[0];
    }
    int prefix = p - need + 1;
    int unknown = 0;
    for (long s : distinct) {
      unknown += byShingle.containsKey(s) ? 0 : 1;
    }
    if (unknown >= prefix) {
      return new int[0]; // the unknown shingles fill the prefix: too few can be in any claim
    }
    // The known shingles, rarest first: (claims that have it, index) packed into one long each, sorted.
    long[] order = new long[p - unknown];
    int k = 0;
    for (int i = 0; i < p; i++) {
      Integer f = frequency.get(distinct[i]);
      if (f != null) {
        order[k++] = ((long) f << 32) | i;
      }
    }
    Arrays.sort(order);
    int total = 0;
    int[][] lists = new int[prefix - unknown][];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = byShingle.get(distinct[(int) order[i]]);
      total += lists[i].length;
    }
    int[] out = new int[total];
    int at = 0;
    for (int[] l : lists) {
      System.arraycopy(l, 0, out, at, l.length);
      at += l.length;
    }
    return out;
  }

  private static long[] sortedDistinct(long[] raw, int m) {
    long[] s = Arrays.copyOf(raw, m);
    Arrays.sort(s);
    int d = 0;
    for (int i = 0; i < m; i++) {
      if (d == 0 || s[d - 1] != s[i]) {
        s[d++] = s[i];
      }
    }
    return Arrays.copyOf(s, d);
  }

  /** How many values two sorted, distinct sets share ({@link ClaimIndex#overlap}). */
  public static int overlap(long[] a, long[] b) {
    return ClaimIndex.overlap(a, b);
  }

  /** The hit with the span of the ORIGINAL text covered by the shingles it shares with its claim. */
  private Hit withSpan(Hit h, NormalizedText text) {
    int[] span = ClaimIndex.spanOf(text, shingles[h.claim()]);
    return new Hit(h.claim(), h.id(), h.score(), h.shared(), span[0], span[1]);
  }
}
