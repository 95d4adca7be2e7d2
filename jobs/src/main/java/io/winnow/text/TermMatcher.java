package io.winnow.text;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every occurrence of many phrases in one pass over a {@link NormalizedText}, with one Aho-Corasick automaton
 * (com.hankcs's double-array trie, chosen as the fastest pure-Java automaton in a measurement of the available ones
 * on this project's machines; BENCHMARKS.md has the matcher's throughput) for all phrases.
 *
 * <p>Phrases are normalized with the same {@link TextNormalizer} as the texts, so {@code 疾病預防控制中心} in a list
 * matches {@code 疾病预防 控制中心} in a post. A phrase that starts (ends) with an ASCII letter or digit only matches
 * where the text has no ASCII letter or digit just before (after) it, so {@code cure} does not fire inside
 * {@code secure}; ideographs match anywhere, since Chinese is written without spaces.
 *
 * <p>Immutable after {@link #build}; {@link #scan} may be called from many threads at once. Serializable, so a driver
 * can build it once and broadcast it; it keeps no reference to the normalizer.
 */
public final class TermMatcher implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Receives hits without allocation: phrase index in the build list, normalized start and end (exclusive). */
  @FunctionalInterface
  public interface HitConsumer {
    void hit(int phraseIndex, int start, int end);
  }

  /** One occurrence of phrase {@code phrase} (its index in the build list) at {@code [start, end)} of the text. */
  public record Hit(int phrase, int start, int end) {}

  /**
   * All phrases that normalize to one key, and the word-boundary checks that key needs; {@code anywhere} are the
   * phrases among them that match without the checks.
   */
  private record Key(int[] phrases, int[] anywhere, boolean boundaryBefore, boolean boundaryAfter)
      implements Serializable {}

  private final Automaton<Key> automaton;
  private final int phraseCount;
  private final int keyCount;

  private TermMatcher(Automaton<Key> automaton, int phraseCount, int keyCount) {
    this.automaton = automaton;
    this.phraseCount = phraseCount;
    this.keyCount = keyCount;
  }

  /**
   * Normalizes every phrase with {@code normalizer} and compiles them into one automaton. Duplicates are fine: each
   * phrase keeps its own index, and phrases that normalize alike share one key.
   *
   * @throws IllegalArgumentException listing every phrase that is null or normalizes to nothing (it would match
   *     everywhere or nowhere, which is never what a rule author meant)
   */
  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer) {
    return build(phrases, normalizer, new java.util.BitSet());
  }

  /**
   * As {@link #build(List, TextNormalizer)}, but the phrases whose index is set in {@code anywhere} also match inside
   * ASCII words (a regex prefilter literal must be found wherever the regex could match).
   */
  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer, java.util.BitSet anywhere) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < phrases.size(); i++) {
      String phrase = phrases.get(i);
      String key = phrase == null ? "" : normalizer.normalize(phrase).text();
      if (key.isEmpty()) {
        problems.add("#" + i + " " + (phrase == null ? "null" : "\"" + phrase + "\""));
        continue;
      }
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.size() + " phrase(s) are empty after normalization (only"
          + " whitespace, punctuation or invisible characters): " + String.join(", ", problems)
          + ". Remove them or give them letters, digits or ideographs.");
    }
    TreeMap<String, Key> keys = new TreeMap<>();
    byKey.forEach((key, indices) -> keys.put(key, new Key(
        indices.stream().mapToInt(Integer::intValue).toArray(),
        indices.stream().filter(anywhere::get).mapToInt(Integer::intValue).toArray(),
        isAsciiAlnum(key.charAt(0)),
        isAsciiAlnum(key.charAt(key.length() - 1)))));
    Automaton<Key> automaton = new Automaton<>();
    if (!keys.isEmpty()) {
      automaton.build(keys);
      automaton.pack();
    }
    return new TermMatcher(automaton, phrases.size(), keys.size());
  }

  /** Number of phrases given to {@link #build}. */
  public int phraseCount() {
    return phraseCount;
  }

  /** Number of distinct normalized phrases in the automaton. */
  public int keyCount() {
    return keyCount;
  }

  /**
   * Calls {@code consumer} for every occurrence of every phrase, overlapping ones included, in order of their end
   * offset. Offsets are in {@code text.text()}; map them back with {@link NormalizedText#originalStart} and
   * {@link NormalizedText#originalEnd}.
   */
  public void scan(NormalizedText text, HitConsumer consumer) {
    if (keyCount == 0 || text.length() == 0) {
      return;
    }
    BoundaryFilter filter = new BoundaryFilter(text, consumer);
    char[] units = text.units();
    if (units != null) {
      automaton.scan(units, text.length(), filter);
    } else {
      automaton.parseText(text.text(), filter);
    }
  }

  /** Convenience form of {@link #scan(NormalizedText, HitConsumer)} that collects the hits. */
  public List<Hit> scan(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    scan(text, (phrase, start, end) -> hits.add(new Hit(phrase, start, end)));
    return hits;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }

  /** Drops hits that start or end inside an ASCII word, then fans a key out to its phrases. */
  private static final class BoundaryFilter implements AhoCorasickDoubleArrayTrie.IHit<Key> {
    private final NormalizedText text;
    private final HitConsumer consumer;

    BoundaryFilter(NormalizedText text, HitConsumer consumer) {
      this.text = text;
      this.consumer = consumer;
    }

    @Override
    public void hit(int begin, int end, Key key) {
      boolean bounded = !(key.boundaryBefore && begin > 0 && isAsciiAlnum(text.charAt(begin - 1)))
          && !(key.boundaryAfter && end < text.length() && isAsciiAlnum(text.charAt(end)));
      for (int phrase : bounded ? key.phrases : key.anywhere) {
        consumer.hit(phrase, begin, end);
      }
    }
  }

  /**
   * The library's automaton with a scan over a range of a char array (the normalizer's buffer, no string built) and
   * the state loop inlined; the same transitions as its {@code parseText}. A state's base, failure link and whether it
   * has output are packed into one long ({@link #pack}), so a step reads two arrays (that long, then {@code check}),
   * not four: with 10,000 rules the arrays are megabytes, and each read of a cold one is a cache miss.
   */
  private static final class Automaton<V> extends AhoCorasickDoubleArrayTrie<V> {
    private static final long serialVersionUID = 1L;
    private static final long HAS_OUTPUT = 0x8000_0000L;
    /** Per state: base in the high 32 bits, {@link #HAS_OUTPUT}, the failure link in the low 31 bits. */
    private long[] nodes;

    void pack() {
      nodes = new long[Math.max(base.length, fail.length)];
      for (int state = 0; state < nodes.length; state++) {
        long b = state < base.length ? base[state] : 0;
        long f = state < fail.length ? fail[state] & 0x7FFF_FFFFL : 0;
        boolean out = state < output.length && output[state] != null;
        nodes[state] = (b << 32) | (out ? HAS_OUTPUT : 0) | f;
      }
    }

    /** Generic in V on purpose: the library's value array is an Object[], which a Key[] view would fail to cast. */
    void scan(char[] text, int length, AhoCorasickDoubleArrayTrie.IHit<V> hit) {
      int state = 0;
      long node = nodes[0];
      for (int i = 0; i < length; i++) {
        char c = text[i];
        int next;
        while (true) {
          // transitionWithRoot: the child at base + c + 1 if check agrees, else the root stays, else fail.
          int b = (int) (node >>> 32);
          next = b + c + 1;
          if (check[next] == b) {
            break;
          }
          if (state == 0) {
            next = 0;
            break;
          }
          state = (int) (node & 0x7FFF_FFFFL);
          node = nodes[state];
        }
        state = next;
        node = nodes[state];
        if ((node & HAS_OUTPUT) != 0) {
          for (int k : output[state]) {
            hit.hit(i + 1 - l[k], i + 1, v[k]);
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TermMatcher[" + phraseCount + " phrases, " + keyCount + " keys]";
  }
}
