package io.winnow.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>Both sides read the text's shingles in the global order with positional filtering (see {@link #search}), and
 * each side takes only the pairs the other cannot decide (for either: claims no longer than the text on the claim side,
 * no shorter on the text side). Cost per text: one primitive hash lookup per distinct shingle, a sort of their ranks,
 * and the claims listed under its rarest shingles up to the first that cannot fit. Immutable and thread-safe; built
 * once per executor.
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
  /** Each claim's distinct shingles, sorted by value (for the exact overlap). */
  private final long[][] shingles;
  private final double threshold;
  private final int minShared;
  private final Contained contained;
  /** Shingle -> its rank in the global order: rarest among the claims first, ties by value. */
  private final LongIntTable ranks;
  /**
   * Claim side, per rank (CSR: entries {@code [prefixStart[r], prefixStart[r + 1])}): the claims whose prefix holds
   * the shingle, packed as need << 48 | position in the claim's order << 32 | claim, sorted by need.
   */
  private final int[] prefixStart;
  private final long[] prefix;
  /**
   * Text side, per rank: every claim that has the shingle, packed as (65535 - shingles of the claim from that
   * position on) << 32 | claim, so sorted by what the claim can still share, most first.
   */
  private final int[] allStart;
  private final long[] all;
  /** The most distinct shingles of any claim: no text with a larger need can be contained in a claim. */
  private final int maxClaimShingles;
  /** Bits of every claim shingle: a text with fewer than minShared known shingles stops before any sort or lookup. */
  private final ClaimIndex.ShingleFilter known;

  public ContainmentIndex(List<String> ids, List<String> texts, double threshold, int minShared, Contained contained,
      TextNormalizer normalizer) {
    this.ids = ids.toArray(String[]::new);
    this.threshold = threshold;
    this.minShared = Math.max(1, minShared);
    this.contained = contained;
    this.shingles = new long[texts.size()][];
    int total = 0;
    for (int c = 0; c < texts.size(); c++) {
      shingles[c] = ClaimIndex.shingles(normalizer.normalize(texts.get(c)));
      if (shingles[c].length > 65535) { // positions and needs are packed in 16 bits
        throw new IllegalArgumentException("claim " + ids.get(c) + " has " + shingles[c].length + " distinct shingles; "
            + "containment takes claims of up to 65,535");
      }
      total += shingles[c].length;
    }
    LongIntTable frequency = new LongIntTable(total);
    for (long[] claim : shingles) {
      for (long x : claim) {
        frequency.put(x, frequency.get(x, 0) + 1);
      }
    }
    this.ranks = rank(frequency);
    this.known = ClaimIndex.ShingleFilter.of(Arrays.asList(shingles));
    int[][] orders = new int[shingles.length][];
    int max = 0;
    for (int c = 0; c < shingles.length; c++) {
      int[] order = new int[shingles[c].length];
      for (int i = 0; i < order.length; i++) {
        order[i] = ranks.get(shingles[c][i], -1);
      }
      Arrays.sort(order);
      orders[c] = order;
      max = Math.max(max, order.length);
    }
    this.maxClaimShingles = max;
    int u = ranks.size();
    this.prefixStart = new int[u + 1];
    this.allStart = new int[u + 1];
    for (int[] order : orders) {
      int need = claimSideNeed(order.length);
      for (int j = 0; j < order.length; j++) {
        allStart[order[j] + 1]++;
        if (j <= order.length - need) {
          prefixStart[order[j] + 1]++; // a claim shorter than minShared has no prefix: it is contained in no text
        }
      }
    }
    for (int r = 0; r < u; r++) {
      prefixStart[r + 1] += prefixStart[r];
      allStart[r + 1] += allStart[r];
    }
    this.prefix = new long[prefixStart[u]];
    this.all = new long[allStart[u]];
    int[] prefixAt = Arrays.copyOf(prefixStart, u);
    int[] allAt = Arrays.copyOf(allStart, u);
    for (int c = 0; c < orders.length; c++) {
      int[] order = orders[c];
      int n = order.length;
      int need = claimSideNeed(n);
      for (int j = 0; j < n; j++) {
        all[allAt[order[j]]++] = (long) (65535 - (n - j)) << 32 | c;
        if (j <= n - need) {
          prefix[prefixAt[order[j]]++] = (long) need << 48 | (long) j << 32 | c;
        }
      }
    }
    for (int r = 0; r < u; r++) {
      Arrays.sort(prefix, prefixStart[r], prefixStart[r + 1]);
      Arrays.sort(all, allStart[r], allStart[r + 1]);
    }
  }

  /** Every shingle's rank in the global order: fewer claims first, ties by value. */
  private static LongIntTable rank(LongIntTable frequency) {
    long[] keys = frequency.keys();
    Long[] boxed = new Long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      boxed[i] = keys[i];
    }
    Arrays.sort(boxed, (a, b) -> {
      int fa = frequency.get(a, 0);
      int fb = frequency.get(b, 0);
      return fa != fb ? Integer.compare(fa, fb) : Long.compare(a, b);
    });
    LongIntTable ranks = new LongIntTable(keys.length);
    for (int r = 0; r < boxed.length; r++) {
      ranks.put(boxed[r], r);
    }
    return ranks;
  }

  /** Shared shingles a claim of {@code n} needs to be contained: the threshold of n, and at least minShared. */
  private int claimSideNeed(int n) {
    return Math.max(minShared, (int) Math.ceil(threshold * n - 1e-9));
  }

  /** Shared shingles a text of {@code p} needs to be contained in a claim. */
  private int textSideNeed(int p) {
    return Math.max(minShared, (int) Math.ceil(threshold * p - 1e-9));
  }

  public int size() {
    return ids.length;
  }

  /** The best claim (highest score, then most shared shingles, then the earlier claim), or null. */
  public Hit match(NormalizedText text) {
    List<Hit> found = search(text);
    Hit best = null;
    for (Hit h : found) {
      if (best == null || h.score() > best.score() || h.score() == best.score() && (h.shared() > best.shared()
          || h.shared() == best.shared() && h.claim() < best.claim())) {
        best = h;
      }
    }
    return best == null ? null : withSpan(best, text);
  }

  /**
   * Every claim the text reaches the threshold with (spans not computed). The text's shingles are read in the global
   * order, the shingles no claim has first; a claim met for the first time at the text's position {@code i} and its
   * own position {@code j} can share at most the shingles left on both sides from there (positional filtering: the
   * first shingle two sets share in one order is the first of each), and is verified only if that reaches its need.
   */
  public List<Hit> search(NormalizedText text) {
    if (text.length() < 2) {
      return List.of();
    }
    long[] raw = new long[text.length()];
    int m = ClaimIndex.rolledShingles(text, raw);
    if (m < minShared) {
      return List.of(); // fewer shingles than a match must share
    }
    int maybeKnown = 0; // with repeats and the filter's false positives: never below the distinct known shingles
    for (int i = 0; i < m; i++) {
      maybeKnown += known.knownBit(raw[i] * ClaimIndex.ShingleFilter.GOLDEN);
    }
    if (maybeKnown < minShared) {
      return List.of();
    }
    long[] distinct = sortedDistinct(raw, m);
    int d = distinct.length;
    int[] known = new int[d];
    int k = 0;
    for (long x : distinct) {
      int r = ranks.get(x, -1);
      if (r >= 0) {
        known[k++] = r;
      }
    }
    if (k < minShared) {
      return List.of();
    }
    Arrays.sort(known, 0, k);
    int unknown = d - k;
    int[] candidates = new int[16];
    int count = 0;
    java.util.BitSet seen = new java.util.BitSet(ids.length);
    if (contained != Contained.POST) {
      for (int q = 0; q < k && d - unknown - q >= minShared; q++) {
        int left = d - unknown - q; // the text's shingles from this one on
        for (int e = prefixStart[known[q]]; e < prefixStart[known[q] + 1]; e++) {
          long entry = prefix[e];
          int need = (int) (entry >>> 48);
          if (need > left) {
            break; // sorted by need: no later claim of this shingle fits in what is left of the text
          }
          int c = (int) entry;
          int n = shingles[c].length;
          if (contained == Contained.EITHER && n > d || seen.get(c)) {
            continue; // a claim longer than the text is the text side's; a claim met before was decided there
          }
          seen.set(c);
          if (Math.min(left, n - (int) (entry >>> 32 & 0xFFFF)) >= need) {
            candidates = add(candidates, count++, c);
          }
        }
      }
    }
    if (contained != Contained.CLAIM) {
      int need = textSideNeed(d);
      int prefixLength = d - need + 1;
      if (need <= Math.min(d, maxClaimShingles)) {
        seen.clear();
        for (int q = 0; q < k && unknown + q < prefixLength; q++) {
          int left = d - unknown - q;
          for (int e = allStart[known[q]]; e < allStart[known[q] + 1]; e++) {
            long entry = all[e];
            int claimLeft = 65535 - (int) (entry >>> 32);
            if (claimLeft < need) {
              break; // sorted by what the claim has left, most first
            }
            int c = (int) entry;
            if (contained == Contained.EITHER && shingles[c].length < d || seen.get(c)) {
              continue; // a claim shorter than the text is the claim side's
            }
            seen.set(c);
            if (Math.min(left, claimLeft) >= need) {
              candidates = add(candidates, count++, c);
            }
          }
        }
      }
    }
    return verify(candidates, count, distinct);
  }

  private static int[] add(int[] candidates, int at, int c) {
    int[] out = at < candidates.length ? candidates : Arrays.copyOf(candidates, candidates.length * 2);
    out[at] = c;
    return out;
  }

  /** The candidates that reach the threshold with at least minShared shingles, by the exact overlap. */
  private List<Hit> verify(int[] candidates, int count, long[] distinct) {
    if (count == 0) {
      return List.of();
    }
    Arrays.sort(candidates, 0, count);
    List<Hit> out = new ArrayList<>(1);
    for (int i = 0; i < count; i++) {
      int c = candidates[i];
      if (i > 0 && candidates[i - 1] == c) {
        continue;
      }
      long[] claim = shingles[c];
      int denominator = switch (contained) {
        case CLAIM -> claim.length;
        case POST -> distinct.length;
        case EITHER -> Math.min(claim.length, distinct.length);
      };
      int least = Math.max(minShared, (int) Math.ceil(threshold * denominator - 1e-9));
      int shared = ClaimIndex.overlapAtLeast(claim, distinct, least);
      double score = contained.score(shared, claim.length, distinct.length);
      if (shared >= minShared && score >= threshold - 1e-12) {
        out.add(new Hit(c, ids[c], score, shared, -1, -1));
      }
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
