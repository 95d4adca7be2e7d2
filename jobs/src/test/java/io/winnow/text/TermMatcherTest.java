package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.text.TermMatcher.Hit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TermMatcherTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  private static final Comparator<Hit> ORDER =
      Comparator.comparingInt(Hit::start).thenComparingInt(Hit::end).thenComparingInt(Hit::phrase);

  private static TermMatcher matcher(String... phrases) {
    return TermMatcher.build(List.of(phrases), NORMALIZER);
  }

  private static List<Hit> scan(TermMatcher m, String original) {
    List<Hit> hits = new ArrayList<>(m.scan(NORMALIZER.normalize(original)));
    hits.sort(ORDER);
    return hits;
  }

  /** The original text a hit points at, as evidence would quote it. */
  private static String quote(NormalizedText t, Hit h) {
    return t.original().substring(t.originalStart(h.start()), t.originalEnd(h.end()));
  }

  private static void assertSingleHitQuoting(TermMatcher m, String original, int phrase, String quoted) {
    NormalizedText t = NORMALIZER.normalize(original);
    List<Hit> hits = m.scan(t);
    assertEquals(1, hits.size(), "one hit expected in \"" + original + "\", got " + hits);
    assertEquals(phrase, hits.get(0).phrase(), "hit is phrase #" + phrase);
    assertEquals(quoted, quote(t, hits.get(0)), "hit quotes the original \"" + quoted + "\"");
  }

  @Test
  void chineseEvasionsAreFoundAndQuotedFromTheOriginal() {
    TermMatcher m = matcher("疾控中心", "疾病预防控制中心");
    assertSingleHitQuoting(m, "据疾\u200b控中心说", 0, "疾\u200b控中心");
    assertSingleHitQuoting(m, "据疾 控 中 心说", 0, "疾 控 中 心");
    assertSingleHitQuoting(m, "据疾.控.中.心。", 0, "疾.控.中.心");
    assertSingleHitQuoting(m, "疾·控*中-心", 0, "疾·控*中-心");
    assertSingleHitQuoting(m, "疾　控　中　心", 0, "疾　控　中　心");
    assertEquals(List.of(new Hit(1, 0, 8)), scan(m, "疾病預防控制中心通知"),
        "the traditional full name hits the simplified phrase, and its 控制中心 is not 疾控中心");
  }

  @Test
  void englishEvasionsAreFoundAndQuotedFromTheOriginal() {
    TermMatcher m = matcher("cdc", "123", "free money");
    assertSingleHitQuoting(m, "the c\u200bdc said", 0, "c\u200bdc");
    assertSingleHitQuoting(m, "the ＣＤＣ said", 0, "ＣＤＣ");
    assertSingleHitQuoting(m, "call １２３ now", 1, "１２３");
    assertSingleHitQuoting(m, "The CdC said", 0, "CdC");
    assertSingleHitQuoting(m, "get FREE   Money now", 2, "FREE   Money");
    assertSingleHitQuoting(m, "get free\u00a0\u200bmoney", 2, "free\u00a0\u200bmoney");
  }

  @Test
  void combinedEvasionsAreFoundAndQuotedFromTheOriginal() {
    TermMatcher m = matcher("疾病预防控制中心", "cdc");
    assertSingleHitQuoting(m, "转发：疾 病.預\u200b防·控　制中\u00ad心！", 0, "疾 病.預\u200b防·控　制中\u00ad心");
    assertSingleHitQuoting(m, "The Ｃ\u200bＤc said", 1, "Ｃ\u200bＤc");
  }

  @Test
  void phrasesAreNormalizedLikeTexts() {
    TermMatcher m = matcher("疾病預防控制中心", "  ＣＤＣ ", "疾 控");
    assertEquals(List.of(new Hit(0, 0, 8), new Hit(2, 8, 10)), scan(m, "疾病预防控制中心，疾控"),
        "a traditional phrase hits simplified text; a spaced phrase is joined like text");
    assertEquals(List.of(new Hit(1, 0, 3)), scan(m, "cdc"), "a full-width, padded phrase hits plain cdc");
  }

  @Test
  void asciiPhrasesRespectWordBoundaries() {
    TermMatcher m = matcher("cure", "123", "covid疫苗");
    assertEquals(List.of(), scan(m, "a secure cures curex 41234 1234"), "no hit inside ASCII words or numbers");
    assertEquals(List.of(new Hit(0, 2, 6), new Hit(0, 7, 11), new Hit(1, 12, 15), new Hit(0, 16, 20)),
        scan(m, "a cure,cure 123 cure"), "hits where punctuation, space or the ends border the phrase");
    assertEquals(List.of(new Hit(0, 1, 5)), scan(m, "买cure药"), "ideographs count as boundaries for ASCII phrases");
    assertEquals(List.of(new Hit(2, 0, 7)), scan(m, "covid疫苗有毒"),
        "a phrase ending in an ideograph needs no boundary after");
    assertEquals(List.of(), scan(m, "xcovid疫苗"), "a phrase starting with a letter needs a boundary before");
  }

  @Test
  void chinesePhrasesMatchAnywhere() {
    TermMatcher m = matcher("中心");
    assertEquals(List.of(new Hit(0, 2, 4), new Hit(0, 7, 9)), scan(m, "疾控中心abc中心x"),
        "an ideograph phrase hits inside running text and next to Latin letters");
  }

  @Test
  void duplicatePhrasesEachKeepTheirIndex() {
    TermMatcher m = matcher("cdc", "CDC", "ＣＤＣ", "other");
    assertEquals(List.of(new Hit(0, 4, 7), new Hit(1, 4, 7), new Hit(2, 4, 7)), scan(m, "the CDC"),
        "three phrases that normalize to cdc each report their own index");
    assertEquals(4, m.phraseCount(), "all four phrases are counted");
    assertEquals(2, m.keyCount(), "the automaton holds two distinct keys");
  }

  @Test
  void overlappingPhrasesAreAllReported() {
    TermMatcher m = matcher("疾控", "控中", "疾控中心", "中心");
    assertEquals(List.of(new Hit(0, 0, 2), new Hit(2, 0, 4), new Hit(1, 1, 3), new Hit(3, 2, 4)),
        scan(m, "疾控中心"), "every overlapping phrase is reported");
  }

  @Test
  void unrelatedTextHasNoHits() {
    TermMatcher m = matcher("疾控中心", "cdc", "free money", "疾病预防控制中心");
    assertEquals(List.of(), scan(m, "今天天气很好，我们去公园散步。The weather is fine; money is not free."),
        "ordinary bilingual text has no hits");
    assertEquals(List.of(), scan(m, "疾病。控制中心 abcdc cdcs cd c c dc"), "near misses have no hits");
    assertEquals(List.of(), scan(m, null), "null text has no hits");
    assertEquals(List.of(), scan(m, ""), "empty text has no hits");
  }

  @Test
  void noPhrasesMeansNoHits() {
    assertEquals(List.of(), scan(matcher(), "疾控中心 cdc"), "a matcher without phrases finds nothing");
  }

  @Test
  void phrasesEmptyAfterNormalizationAreAllReported() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TermMatcher.build(Arrays.asList("ok", " ", null, "\u200b"), NORMALIZER));
    assertEquals("3 phrase(s) are empty after normalization (only whitespace, punctuation or invisible"
        + " characters): #1 \" \", #2 null, #3 \"\u200b\". Remove them or give them letters, digits or ideographs.",
        e.getMessage(), "every empty phrase is named with its index");
  }

  @Test
  void hostileTextDoesNotThrow() {
    TermMatcher m = matcher("script", "疾控");
    assertEquals(List.of(new Hit(0, 1, 7), new Hit(0, 18, 24)), scan(m, "<SCRIPT>alert(1)</script>"),
        "markup is scanned as text");
    assertEquals(List.of(new Hit(1, 1, 3)), scan(m, "\ud800疾\u202e控\udc00"), "lone surrogates and RTL override");
  }

  @Test
  void manyPatternsAgreeWithIndexOfOracle() {
    Random random = new Random(20240611L);
    String alphabet = "ab1疾控中心 .";
    List<String> phrases = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String p = randomString(random, "ab1疾控中心", 1 + random.nextInt(6));
      phrases.add(random.nextInt(10) == 0 ? p.toUpperCase() : p);
    }
    TermMatcher m = TermMatcher.build(phrases, NORMALIZER);
    int total = 0;
    for (int round = 0; round < 300; round++) {
      NormalizedText t = NORMALIZER.normalize(randomString(random, alphabet, random.nextInt(200)));
      List<Hit> expected = foldedOracle(phrases, t);
      List<Hit> actual = new ArrayList<>(m.scan(t));
      actual.sort(ORDER);
      assertEquals(expected, actual, "automaton and indexOf oracle agree on \"" + t.text() + "\"");
      assertEquals(expected, bufferScan(m, t), "the sweep's path (UTF-8 into a buffer) agrees too");
      total += expected.size();
    }
    assertTrue(total > 10_000, "the random texts exercise many hits, got " + total);
  }

  @Test
  void phrasesFoundInsideWordsAgreeWithIndexOfOracle() {
    // regex prefilter literals: every occurrence in the normalized text, inside words too, whether the fold of the text
    // only collapsed repeats (found by the folded automaton) or changed more (leet, separators: the normalized text)
    Random random = new Random(20261206L);
    String letters = "aab1疾控中";
    for (boolean homophones : new boolean[] {false, true}) {
      List<String> phrases = new ArrayList<>();
      java.util.BitSet anywhere = new java.util.BitSet();
      for (int i = 0; i < 400; i++) {
        phrases.add(randomString(random, letters, 1 + random.nextInt(5)));
        if (i % 2 == 0) {
          anywhere.set(i);
        }
      }
      int[] sounds = new int[phrases.size()];
      sounds[1] = homophones ? TermMatcher.HOMOPHONES : 0;
      phrases.set(1, "疾控");
      TermMatcher m = TermMatcher.build(phrases, NORMALIZER, anywhere, sounds);
      int total = 0;
      for (int round = 0; round < 400; round++) {
        String alphabet = round % 2 == 0 ? letters + " " : letters + " .4-";
        NormalizedText t = NORMALIZER.normalize(randomString(random, alphabet, random.nextInt(60)));
        List<Hit> expected = new ArrayList<>();
        for (int p = 0; p < phrases.size(); p += 2) {
          String key = NORMALIZER.normalize(phrases.get(p)).text();
          for (int at = t.text().indexOf(key); at >= 0; at = t.text().indexOf(key, at + 1)) {
            expected.add(new Hit(p, at, at + key.length()));
          }
        }
        expected.sort(ORDER);
        List<Hit> actual = new ArrayList<>(m.scan(t).stream().filter(h -> anywhere.get(h.phrase())).toList());
        actual.sort(ORDER);
        assertEquals(expected, actual, "phrases inside words (homophones " + homophones + ") on \"" + t.text() + "\"");
        total += expected.size();
      }
      assertTrue(total > 2_000, "the random texts exercise many hits, got " + total);
    }
  }

  @Test
  void tenThousandRealisticPhrasesAgreeWithOracle() {
    Random random = new Random(7L);
    List<String> phrases = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      phrases.add(random.nextBoolean()
          ? randomString(random, "abcdefghij", 3 + random.nextInt(5))
          : randomString(random, "疾控中心病毒疫苗预防谣言", 2 + random.nextInt(3)));
    }
    TermMatcher m = TermMatcher.build(phrases, NORMALIZER);
    for (int round = 0; round < 50; round++) {
      NormalizedText t = NORMALIZER.normalize(randomString(random, "abcdefghij疾控中心病毒疫苗预防谣言 ,", 500));
      List<Hit> actual = new ArrayList<>(m.scan(t));
      actual.sort(ORDER);
      assertEquals(foldedOracle(phrases, t), actual, "10,000 phrases agree with the oracle on round " + round);
      assertEquals(actual, bufferScan(m, t), "the sweep's path (UTF-8 into a buffer) agrees on round " + round);
    }
  }

  @Test
  void concurrentScansGiveTheSameHits() throws Exception {
    TermMatcher m = matcher("疾控中心", "cdc", "中心", "cure");
    String text = "疾 控 中 心 and the ＣＤＣ found a cure; 中心".repeat(200);
    List<Hit> expected = scan(m, text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Hit>>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> scan(m, text)));
      }
      for (Future<List<Hit>> r : results) {
        assertEquals(expected, r.get(), "a scan on another thread gives the same " + expected.size() + " hits");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSerializedMatcherFindsTheSameHits() throws Exception {
    TermMatcher m = matcher("疾控中心", "cdc", "cdc");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    TermMatcher copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TermMatcher) in.readObject();
    }
    assertEquals(List.of(new Hit(0, 0, 4), new Hit(1, 5, 8), new Hit(2, 5, 8)), scan(copy, "疾 控 中 心 CDC"),
        "a matcher read back from Java serialization (a Spark broadcast) finds the same hits");
    assertEquals(List.of(new Hit(0, 0, 4), new Hit(1, 5, 8), new Hit(2, 5, 8)),
        bufferScan(copy, NORMALIZER.normalize("疾 控 中 心 CDC")), "its packed automaton too");
  }

  /**
   * The hits as the sweep finds them: the original as UTF-8 normalized into a reused buffer, scanned by the packed
   * automaton (a normalized string goes through the library's own scan).
   */
  private static List<Hit> bufferScan(TermMatcher m, NormalizedText t) {
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    NormalizedText b = NORMALIZER.normalizeUtf8(t.original().getBytes(java.nio.charset.StandardCharsets.UTF_8), buffer);
    assertTrue(b.length() == 0 || b.units() != null, "a buffer form");
    List<Hit> hits = new ArrayList<>(m.scan(b));
    hits.sort(ORDER);
    return hits;
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Every occurrence of every key by indexOf, with the ASCII word-boundary rule. */
  private static List<Hit> oracle(String[] keys, String text) {
    List<Hit> hits = new ArrayList<>();
    for (int p = 0; p < keys.length; p++) {
      String key = keys[p];
      for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
        int end = at + key.length();
        boolean before = !asciiAlnum(key.charAt(0)) || at == 0 || !asciiAlnum(text.charAt(at - 1));
        boolean after = !asciiAlnum(key.charAt(key.length() - 1)) || end == text.length()
            || !asciiAlnum(text.charAt(end));
        if (before && after) {
          hits.add(new Hit(p, at, end));
        }
      }
    }
    hits.sort(ORDER);
    return hits;
  }

  /**
   * The hits of {@code phrases} by indexOf over the folded text ({@link TermFolder}): every occurrence of a folded phrase
   * with ASCII word boundaries whose repeated letters agree with the phrase's (equal, or three or more and more than the
   * phrase has), reported over the normalized units it came from. Phrases here have no spaces, so no joined forms.
   */
  private static List<Hit> foldedOracle(List<String> phrases, NormalizedText t) {
    TermFolder folder = TermFolder.shared();
    TermFolder.Folded f = folder.foldPhrase(t.text());
    String text = f.text();
    List<Hit> hits = new ArrayList<>();
    for (int p = 0; p < phrases.size(); p++) {
      TermFolder.Folded k = folder.foldPhrase(NORMALIZER.normalize(phrases.get(p)).text());
      String key = k.text();
      for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
        int end = at + key.length();
        // a word edge: no ASCII letter or digit beside the hit, or a part break (cdc in cdc_news)
        boolean before = !asciiAlnum(key.charAt(0)) || at == 0 || !asciiAlnum(text.charAt(at - 1))
            || f.breaksBefore(at);
        boolean after = !asciiAlnum(key.charAt(key.length() - 1)) || end == text.length()
            || !asciiAlnum(text.charAt(end)) || f.breaksBefore(end);
        boolean repeats = true;
        for (int i = 0; i < key.length(); i++) {
          int have = f.repeats[at + i];
          int want = k.repeats[i];
          repeats &= have == want || (have > want && have >= 3);
        }
        if (before && after && repeats) {
          hits.add(new Hit(p, f.from[at], f.to[end - 1]));
        }
      }
    }
    hits.sort(ORDER);
    return hits;
  }

  private static boolean asciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
