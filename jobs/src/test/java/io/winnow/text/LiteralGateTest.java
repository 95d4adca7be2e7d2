package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Regex prefilter literals (phrases found inside words) are looked for in the folded text unless the fold dropped or
 * changed a unit that some literal holds; then, and only then, the normalized text gets its own automaton pass. On
 * generated texts with every disguise (links with leet ids, separators, spaced-out letters, repeats, confusables,
 * accents, letters between ideographs, homophones) the matcher finds exactly the hits it finds with that pass run on
 * every text the fold changed, and every literal hit is an occurrence in the normalized text ({@code indexOf}).
 */
class LiteralGateTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  /** Literals: words, a dot (dropped inside words by the fold), a leet digit, ideographs, a letter repeat. */
  private static final List<String> LITERALS = List.of("unlock ", "kybe", "ex", "ampl", "cure", "i2x", "a.b", "4f",
      "疾控", "aab", "oo", "so 1", "中心x");
  private static final List<String> TERMS = List.of("baking soda", "cure cancer", "疾控中心", "link", "新冠疫苗");
  private static final String[] PIECES = {"https://link.example/KyBe4Fw", "https://link.example/i2xWRfv", "b4k1ng",
      "c.u.r.e", "u n l o c k", "unl0ck", "cuuure", "\u0441ure", "cùre", "新x冠x疫苗", "疾 控 中 心", "疾控中心x",
      "a.b", "aab", "a-a-b", "so 1", "s0 d4", "book", "b🔥o🔥o🔥k", "#bakingsoda", "baking_soda", "ex4mple", "EXAMPLE",
      "疫苗", "寄控", "www.t.cn/ab", "4f", "4 f", "ampl", "am.pl", "1i2x", "unlock ", "Unlock", "aaab"};
  private static final String[] FILLERS = {" ", "", "，", ".", "_", " ", "2", "😂", "#", "  ", "x", "中"};

  private static String text(Random r) {
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(6);
    for (int k = 0; k < parts; k++) {
      out.append(PIECES[r.nextInt(PIECES.length)]).append(FILLERS[r.nextInt(FILLERS.length)]);
    }
    return out.toString();
  }

  private static final Comparator<TermMatcher.Hit> ORDER = Comparator.comparingInt(TermMatcher.Hit::phrase)
      .thenComparingInt(TermMatcher.Hit::start).thenComparingInt(TermMatcher.Hit::end);

  @Test
  void literalsFoundInTheFoldedTextAgreeWithTheNormalizedTextPass() {
    for (boolean homophones : new boolean[] {false, true}) {
      List<String> phrases = new ArrayList<>(TERMS);
      phrases.addAll(LITERALS);
      BitSet anywhere = new BitSet();
      anywhere.set(TERMS.size(), phrases.size());
      int[] sounds = new int[phrases.size()];
      sounds[2] = homophones ? TermMatcher.HOMOPHONES | TermMatcher.PINYIN : 0;
      TermMatcher m = TermMatcher.build(phrases, NORMALIZER, anywhere, sounds);
      boolean[] watched = new boolean[0x10000];
      LITERALS.forEach(l -> NORMALIZER.normalize(l).text().chars().forEach(c -> watched[c] = true));
      Random r = new Random(20261207L);
      int foundInFolded = 0;
      for (int i = 0; i < 20_000; i++) {
        String original = text(r);
        NormalizedText t = NORMALIZER.normalize(original);
        List<TermMatcher.Hit> actual = new ArrayList<>(m.scan(t));
        List<TermMatcher.Hit> oracle = new ArrayList<>(m.scanWithPlainLiterals(t));
        actual.sort(ORDER);
        oracle.sort(ORDER);
        assertEquals(oracle, actual, "\"" + original + "\" (homophones " + homophones + "): the same hits as with the"
            + " normalized text's own pass");
        List<TermMatcher.Hit> literals = actual.stream().filter(h -> anywhere.get(h.phrase())).toList();
        assertEquals(occurrences(phrases, anywhere, t), literals, "\"" + original + "\": literal hits are occurrences");
        char[] units = t.text().toCharArray();
        TermFolder.Folded f = TermFolder.shared().fold(units, units.length, null, watched);
        if (!f.verbatim && !f.watchedChanged && !literals.isEmpty()) {
          foundInFolded++;
        }
      }
      assertTrue(foundInFolded > 1_000, "texts the fold changed whose literals came from the folded text: "
          + foundInFolded);
    }
  }

  private static List<TermMatcher.Hit> occurrences(List<String> phrases, BitSet anywhere, NormalizedText t) {
    List<TermMatcher.Hit> out = new ArrayList<>();
    for (int p = anywhere.nextSetBit(0); p >= 0; p = anywhere.nextSetBit(p + 1)) {
      String key = NORMALIZER.normalize(phrases.get(p)).text();
      for (int at = t.text().indexOf(key); at >= 0; at = t.text().indexOf(key, at + 1)) {
        out.add(new TermMatcher.Hit(p, at, at + key.length()));
      }
    }
    out.sort(ORDER);
    return out;
  }

  @Test
  void aLinkWhoseDotAndLeetDigitNoLiteralHoldsSkipsTheNormalizedPass() {
    TermMatcher m = TermMatcher.build(List.of("cure cancer", "unlock "), NORMALIZER, bits(1));
    NormalizedText t = NORMALIZER.normalize("unlock now https://link.example/KyBe4Fw");
    char[] units = t.text().toCharArray();
    boolean[] watched = new boolean[0x10000];
    "unlock ".chars().forEach(c -> watched[c] = true);
    TermFolder.Folded f = TermFolder.shared().fold(units, units.length, null, watched);
    assertEquals(false, f.verbatim, "the fold dropped the link's dot and read its 4 as a letter");
    assertEquals(false, f.watchedChanged, "neither '.' nor '4' is in the literal");
    assertEquals(List.of(new TermMatcher.Hit(1, 0, 6)), m.scan(t), "the literal (trimmed: unlock), found in the folded text");
    NormalizedText dotted = NORMALIZER.normalize("un.lock now");
    char[] d = dotted.text().toCharArray();
    assertEquals(false, TermFolder.shared().fold(d, d.length, null, watched).watchedChanged,
        "the dot dropped inside un.lock is in no literal");
    assertEquals(List.of(), m.scan(dotted), "un.lock, folded to the literal, is not the literal in the normalized text");
  }

  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }
}
