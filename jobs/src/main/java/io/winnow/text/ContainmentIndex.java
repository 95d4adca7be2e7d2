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
    int[] candidates = new int[8];
    int count = 0;
    if (contained != Contained.POST) {
      for (int i = 0; i < m; i++) {
        long h = raw[i] * ClaimIndex.ShingleFilter.GOLDEN;
        if ((prefixBits[(int) (h >>> prefixShift) >>> 6] & (1L << (h >>> prefixShift))) == 0) {
          continue;
        }
        int[] claims = byPrefix.get(raw[i]);
        if (claims != null) {
          for (int c : claims) {
            count = add(candidates = grow(candidates, count), count, c);
          }
        }
      }
    }
    long[] distinct = null;
    if (contained != Contained.CLAIM) {
      distinct = sortedDistinct(raw, m);
      for (int c : textSidePrefix(distinct)) {
        count = add(candidates = grow(candidates, count), count, c);
      }
    }
    if (count == 0) {
      return List.of();
    }
    distinct = distinct != null ? distinct : sortedDistinct(raw, m);
    List<Hit> out = new ArrayList<>(1);
    for (int i = 0; i < count; i++) {
      int c = candidates[i];
      int shared = overlap(shingles[c], distinct);
      double score = contained.score(shared, shingles[c].length, distinct.length);
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
    long[] known = Arrays.stream(distinct).filter(byShingle::containsKey).toArray();
    long[] ordered = byRarity(known);
    int[] out = new int[0];
    for (int i = 0; i < prefix - unknown; i++) {
      int[] claims = byShingle.get(ordered[i]);
      int at = out.length;
      out = Arrays.copyOf(out, at + claims.length);
      System.arraycopy(claims, 0, out, at, claims.length);
    }
    return out;
  }

  private static int[] grow(int[] a, int count) {
    return count < a.length ? a : Arrays.copyOf(a, a.length * 2);
  }

  /** Adds {@code c} to the first {@code count} of {@code a} unless there; returns the new count. */
  private static int add(int[] a, int count, int c) {
    for (int i = 0; i < count; i++) {
      if (a[i] == c) {
        return count;
      }
    }
    a[count] = c;
    return count + 1;
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
