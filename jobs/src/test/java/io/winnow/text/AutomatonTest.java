package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The double-array automaton against a brute-force oracle (every {@code indexOf} of every key), over random key sets of
 * narrow and wide alphabets: the same hits, in the same order (by end, then by descending sorted key index).
 */
class AutomatonTest {
  private static final String LATIN = "abcde ";
  /** Ideographs far apart in UTF-16, Latin letters, a digit, a space and an emoji's surrogate pair. */
  private static final String WIDE = "疾控中心谣言a" + "zq9 " + "\ud83d\udd25" + "\u9fa5\u4e00";

  record Found(int begin, int end, String key) {}

  @Test
  void narrowAlphabetAgreesWithTheOracle() {
    Random random = new Random(11L);
    for (int round = 0; round < 20; round++) {
      agree(random, LATIN, 1 + random.nextInt(2_000), 1 + random.nextInt(8), 300);
    }
  }

  @Test
  void wideAlphabetAgreesWithTheOracle() {
    Random random = new Random(12L);
    for (int round = 0; round < 20; round++) {
      agree(random, WIDE, 1 + random.nextInt(2_000), 1 + random.nextInt(6), 300);
    }
  }

  @Test
  void fiftyThousandLongKeysAgreeWithTheOracle() {
    // many long keys of few letters: the shape (an English list) the library's builder did not finish in 300 s
    Random random = new Random(13L);
    agree(random, "abcdefgh ", 50_000, 25, 2_000);
  }

  @Test
  void unitsOfNoKeyResetTheScanToTheRoot() {
    Automaton<String> a = automaton("abc", "bcd", "c");
    assertEquals(List.of(new Found(2, 3, "c"), new Found(0, 3, "abc"), new Found(1, 4, "bcd")), scan(a, "abcd"),
        "overlaps, ordered by end, then by descending sorted index (c after abc)");
    assertEquals(List.of(), scan(a, "abxcdbxd").stream().filter(f -> f.key().length() > 1).toList(),
        "x is in no key: no key is found across it");
    assertEquals(List.of(new Found(3, 4, "c"), new Found(6, 7, "c")), scan(a, "abxcdbcq"),
        "single units found either side of units of no key");
  }

  @Test
  void noKeysGiveNoAutomaton() {
    assertNull(Automaton.build(new TreeMap<String, String>()), "no keys: null, the caller skips the scan");
  }

  @Test
  void aSerializedAutomatonFindsTheSameHits() throws Exception {
    Automaton<String> a = automaton("疾控中心", "中心", "cdc", "dc");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    Automaton<String> copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      @SuppressWarnings("unchecked")
      Automaton<String> read = (Automaton<String>) in.readObject();
      copy = read;
    }
    // sorted: cdc, dc, 中心 (U+4E2D), 疾控中心 (U+75BE); at one end in descending order
    assertEquals(List.of(new Found(0, 4, "疾控中心"), new Found(2, 4, "中心"), new Found(6, 8, "dc"),
        new Found(5, 8, "cdc")), scan(copy, "疾控中心 cdc"), "read back from Java serialization (a Spark broadcast)");
  }

  private static void agree(Random random, String alphabet, int keyCount, int maxLength, int texts) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (int tries = 0; keys.size() < keyCount && tries < 4 * keyCount; tries++) {
      String k = random(random, alphabet, 1 + random.nextInt(maxLength));
      keys.put(k, k);
    }
    Automaton<String> a = Automaton.build(keys);
    String[] sorted = keys.keySet().toArray(String[]::new);
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    int longest = 0;
    for (int k = 0; k < sorted.length; k++) {
      index.put(sorted[k], k);
      longest = Math.max(longest, sorted[k].length());
    }
    int hits = 0;
    for (int t = 0; t < texts; t++) {
      String text = random(random, alphabet + "x", random.nextInt(4 * maxLength + 40));
      List<Found> expected = oracle(sorted, index, longest, text);
      assertEquals(expected, scan(a, text), sorted.length + " keys of up to " + maxLength + " units on \"" + text + "\"");
      hits += expected.size();
    }
    assertTrue(hits > texts, "the texts exercise hits, got " + hits);
  }

  /** Every occurrence of every key, by end, then by descending index of the key in sorted order. */
  private static List<Found> oracle(String[] sorted, java.util.Map<String, Integer> index, int longest, String text) {
    List<Found> found = new ArrayList<>();
    for (int end = 1; end <= text.length(); end++) {
      List<Integer> ending = new ArrayList<>();
      for (int length = 1; length <= Math.min(longest, end); length++) {
        Integer k = index.get(text.substring(end - length, end));
        if (k != null) {
          ending.add(k);
        }
      }
      ending.sort(java.util.Comparator.reverseOrder());
      for (int k : ending) {
        found.add(new Found(end - sorted[k].length(), end, sorted[k]));
      }
    }
    return found;
  }

  private static Automaton<String> automaton(String... keys) {
    TreeMap<String, String> map = new TreeMap<>();
    for (String k : keys) {
      map.put(k, k);
    }
    return Automaton.build(map);
  }

  private static List<Found> scan(Automaton<String> a, String text) {
    List<Found> found = new ArrayList<>();
    a.scan(text.toCharArray(), text.length(), (b, e, v) -> found.add(new Found(b, e, v)));
    return found;
  }

  private static String random(Random random, String alphabet, int length) {
    StringBuilder b = new StringBuilder();
    while (b.length() < length) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      if (Character.isHighSurrogate(c)) {
        continue; // the pair is written whole below
      }
      if (Character.isLowSurrogate(c)) {
        b.append('\ud83d');
      }
      b.append(c);
    }
    return b.toString();
  }
}
