package io.winnow.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The semantic measure's first stage: does a text share enough keywords with some claim to be worth a sentence model?
 * A paraphrase keeps a claim's content words (the virus, the hair dryer, 醋, 病毒) while its wording changes, so the
 * keywords are (a) the character 4-grams inside Latin words of four letters or more ("coronavirus" holds "viru" and
 * "irus", so it meets "virus"; "hairdryer" meets "hair dryer"), and (b) single Chinese characters; function words
 * and characters ({@code semantic-stopwords.txt}) are never keywords; a token of letters and digits ("5g", "h1n1") is
 * one keyword whole. Shingles across words ("the v", "he b") would
 * let most posts through: on a generated archive, a fifth of ordinary English posts share a fifth of some claim's
 * shingles with it.
 *
 * <p>A text passes when it holds at least {@code share} of some claim's distinct keywords, and at least {@code
 * minShared}. Exact and cheap by prefix filtering ({@link ContainmentIndex} does the same for shingles): a claim is
 * indexed under only its {@code n - need + 1} rarest keywords, one of which any passing text must hold; candidates are
 * verified with the exact overlap. Immutable and thread-safe; built once per executor.
 */
public final class KeywordSketch implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Set<String> STOP = stopwords();

  /** The claim sharing the largest share of its keywords with a text. */
  public record Hit(int claim, String id, int shared, int keywords) {
    public double share() {
      return (double) shared / keywords;
    }
  }

  private final String[] ids;
  private final long[][] keywords;
  private final double share;
  private final int minShared;
  /**
   * The claims indexed under each prefix keyword, in an open-addressing table (keywords are never 0, the empty slot):
   * probed for every keyword of every post, so without boxing and with a mixed hash (the packed 4-grams of a Long
   * collide in a HashMap's buckets).
   */
  private final long[] prefixKeys;
  private final int[][] prefixClaims;
  /**
   * The last text {@link #passes} was asked about on this thread, and the answer: the leaves of one catalogue (one per
   * model) share a sketch and ask about the same field one after the other.
   */
  private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();
  /** Every keyword's claims ({@link #overlapping}); made on first use, never sent with the sketch. */
  private transient volatile Map<Long, int[]> inverted;

  public KeywordSketch(List<String> ids, List<String> texts, double share, int minShared, TextNormalizer normalizer) {
    this.ids = ids.toArray(String[]::new);
    this.share = share;
    this.minShared = minShared;
    this.keywords = new long[texts.size()][];
    Map<Long, Integer> frequency = new HashMap<>();
    for (int c = 0; c < texts.size(); c++) {
      keywords[c] = keywords(normalizer.normalize(texts.get(c)));
      for (long k : keywords[c]) {
        frequency.merge(k, 1, Integer::sum);
      }
    }
    Map<Long, List<Integer>> prefix = new HashMap<>();
    for (int c = 0; c < keywords.length; c++) {
      long[] k = keywords[c];
      int need = need(k.length);
      if (need > k.length) {
        continue; // fewer keywords than a pass needs: no text can pass on this claim
      }
      Long[] ordered = Arrays.stream(k).boxed().toArray(Long[]::new);
      Arrays.sort(ordered, (a, b) -> frequency.get(a).equals(frequency.get(b)) ? Long.compare(a, b)
          : Integer.compare(frequency.get(a), frequency.get(b)));
      for (int i = 0; i < k.length - need + 1; i++) {
        prefix.computeIfAbsent(ordered[i], x -> new ArrayList<>()).add(c);
      }
    }
    int slots = Integer.highestOneBit(Math.max(4, prefix.size() * 2 - 1)) << 1;
    this.prefixKeys = new long[slots];
    this.prefixClaims = new int[slots][];
    prefix.forEach((k, v) -> {
      int i = slot(k);
      while (prefixKeys[i] != 0) {
        i = (i + 1) & (slots - 1);
      }
      prefixKeys[i] = k;
      prefixClaims[i] = v.stream().mapToInt(Integer::intValue).toArray();
    });
  }

  private int slot(long keyword) {
    long h = keyword * 0x9E3779B97F4A7C15L;
    return (int) (h ^ h >>> 32) & (prefixKeys.length - 1);
  }

  /** The claims indexed under {@code keyword}, or null. */
  private int[] byPrefix(long keyword) {
    for (int i = slot(keyword); prefixKeys[i] != 0; i = (i + 1) & (prefixKeys.length - 1)) {
      if (prefixKeys[i] == keyword) {
        return prefixClaims[i];
      }
    }
    return null;
  }

  private int need(int n) {
    return Math.max(minShared, (int) Math.ceil(share * n - 1e-9));
  }

  /**
   * Whether {@code text} passes on some claim: {@code best(text) != null}, without looking for the best (the first
   * claim that passes ends the search). The per-post test of the sweep's text pass.
   */
  public boolean passes(NormalizedText text) {
    String s = text.text();
    Object[] last = LAST.get();
    if (last != null && last[0] == this && s.equals(last[1])) {
      return (Boolean) last[2];
    }
    boolean passes = passes(keywords(text));
    LAST.set(new Object[] {this, s, passes});
    return passes;
  }

  private boolean passes(long[] k) {
    if (k.length < minShared) {
      return false;
    }
    for (long x : k) {
      int[] claims = byPrefix(x);
      if (claims != null) {
        for (int c : claims) {
          int need = need(keywords[c].length);
          if (ClaimIndex.overlapAtLeast(keywords[c], k, need) >= need) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Every claim {@code text} passes on, in catalogue order (empty when it passes on none, i.e. when {@link #passes}
   * is false): the claims the semantic stage compares a passing text with.
   */
  public int[] reached(NormalizedText text) {
    long[] k = keywords(text);
    if (k.length < minShared) {
      return new int[0];
    }
    BitSet tried = new BitSet(keywords.length);
    BitSet passed = new BitSet(keywords.length);
    for (long x : k) {
      int[] claims = byPrefix(x);
      if (claims == null) {
        continue;
      }
      for (int c : claims) {
        if (!tried.get(c)) {
          tried.set(c);
          int need = need(keywords[c].length);
          if (ClaimIndex.overlapAtLeast(keywords[c], k, need) >= need) {
            passed.set(c);
          }
        }
      }
    }
    return passed.stream().toArray();
  }

  /**
   * Every claim sharing with {@code text} at least {@code share} of the smaller side's keywords (the text's or the
   * claim's, whichever has fewer), and at least {@code minShared}, in catalogue order: the claims {@link #reached} names,
   * and besides them the long claims a short text restates (it holds under {@code share} of the claim's keywords, but
   * most of its own are the claim's). With {@code winnow.semantic.claims-searched = overlapping}, the claims a sweep
   * embeds are those some passing text overlaps. Exact, through an index of every keyword of every claim (built on first
   * use: only the texts that passed are asked).
   */
  public int[] overlapping(NormalizedText text) {
    long[] k = keywords(text);
    if (k.length < minShared) {
      return new int[0];
    }
    Map<Long, int[]> index = everyKeyword();
    Map<Integer, Integer> shared = new HashMap<>();
    for (long x : k) {
      int[] claims = index.get(x);
      if (claims != null) {
        for (int c : claims) {
          shared.merge(c, 1, Integer::sum);
        }
      }
    }
    return shared.entrySet().stream().filter(e -> e.getValue() >= Math.max(minShared, (int) Math.ceil(
        share * Math.min(k.length, keywords[e.getKey()].length) - 1e-9))).mapToInt(Map.Entry::getKey).sorted()
        .toArray();
  }

  /** The claims holding each keyword, made on first use. */
  private Map<Long, int[]> everyKeyword() {
    Map<Long, int[]> index = inverted;
    if (index == null) {
      Map<Long, List<Integer>> lists = new HashMap<>();
      for (int c = 0; c < keywords.length; c++) {
        for (long x : keywords[c]) {
          lists.computeIfAbsent(x, y -> new ArrayList<>()).add(c);
        }
      }
      Map<Long, int[]> built = new HashMap<>();
      lists.forEach((x, l) -> built.put(x, l.stream().mapToInt(Integer::intValue).toArray()));
      inverted = index = built;
    }
    return index;
  }

  /** The claim sharing the largest share of its keywords with {@code text} among those that pass, or null. */
  public Hit best(NormalizedText text) {
    long[] k = keywords(text);
    if (k.length < minShared) {
      return null;
    }
    Set<Integer> tried = new HashSet<>();
    Hit best = null;
    for (long x : k) {
      int[] claims = byPrefix(x);
      if (claims == null) {
        continue;
      }
      for (int c : claims) {
        if (!tried.add(c)) {
          continue;
        }
        int shared = ClaimIndex.overlap(keywords[c], k);
        if (shared >= need(keywords[c].length)) {
          Hit h = new Hit(c, ids[c], shared, keywords[c].length);
          if (best == null || h.share() > best.share() || h.share() == best.share() && c < best.claim()) {
            best = h;
          }
        }
      }
    }
    return best;
  }

  /** The sorted, distinct keywords of a normalized text (see the class comment), each packed into a long. */
  public static long[] keywords(NormalizedText text) {
    String s = text.text();
    long[] out = new long[Math.max(8, s.length())];
    int n = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (ClaimIndex.isIdeograph(c)) {
        if (!STOP.contains(String.valueOf(c))) {
          out[n++] = c;
        }
        i++;
      } else if (Character.isLetterOrDigit(c)) {
        int end = i;
        boolean digit = false;
        boolean letter = false;
        while (end < s.length() && Character.isLetterOrDigit(s.charAt(end)) && !ClaimIndex.isIdeograph(s.charAt(end))) {
          digit |= Character.isDigit(s.charAt(end));
          letter |= Character.isLetter(s.charAt(end));
          end++;
        }
        if (digit && letter && end - i <= 4) {
          out[n++] = 1L << 62 | (long) s.charAt(i) << 48 | (end - i > 1 ? (long) s.charAt(i + 1) << 32 : 0)
              | (end - i > 2 ? (long) s.charAt(i + 2) << 16 : 0) | (end - i > 3 ? s.charAt(i + 3) : 0);
        } else if (end - i >= 4 && !STOP.contains(s.substring(i, end))) {
          for (int g = i; g + 4 <= end; g++) {
            out[n++] = 1L << 63 | (long) s.charAt(g) << 48 | (long) s.charAt(g + 1) << 32
                | (long) s.charAt(g + 2) << 16 | s.charAt(g + 3);
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    Arrays.sort(out, 0, n);
    int distinct = 0;
    for (int j = 0; j < n; j++) {
      if (distinct == 0 || out[j] != out[distinct - 1]) {
        out[distinct++] = out[j];
      }
    }
    return Arrays.copyOf(out, distinct);
  }

  private static Set<String> stopwords() {
    Set<String> out = new HashSet<>();
    try (InputStream in = KeywordSketch.class.getResourceAsStream("semantic-stopwords.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(TextNormalizer.shared().normalize(line.strip()).text());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read semantic-stopwords.txt from the class path", e);
    }
    return Set.copyOf(out);
  }
}
