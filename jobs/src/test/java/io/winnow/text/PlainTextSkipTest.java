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
 * The scan skips the fold of a text the fold would only collapse repeats in ({@link TermFolder#plainText}) and whose
 * collapsed reading holds no key ({@link Automaton#occursCollapsed}). Exact: on generated texts with every disguise,
 * plain text, links, ideographs and homophones, the check never passes a text whose fold does more, and the scan finds
 * the same hits as the scan that folds every text.
 */
class PlainTextSkipTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  private static final TermFolder FOLDER = TermFolder.shared();

  /** Disguises, hard cases of each check rule, and plain words, ideographs and punctuation that pass it. */
  private static final String[] PIECES = {"cure", "cancer", "the", "old town", "cuuures", "good", "ok", "a", "i",
      "b a k i n g", "5 g", "b.a.k.i.n.g", "link.example", "https://link.example/KyBe4Fw", "b4k1ng", "s0 d4", "$oda",
      "@home", "bаking", "ɡood", "cdc_news", "cdc.official", "it's", "so, cure", "cure) now", "新冠疫苗", "疾控中心",
      "新x冠x疫苗", "新aa冠", "A股", "ab", "x", "5g", "2020", "66", "7", "新冠 vaccine", "vaccine 疫苗", "运动# https", "b🔥a🔥k",
      "😂", "中", "ωμέγα", "ñandú", "cdc/news", "aa", "ab1", "1ab", "cure cancer now", "baking soda cures cancer",
      "寄控中心", "a b", "x 疫 y", "cu...re", "cu--re", "cure.", "新冠，疫苗", "疫苗。", "ab  cd", "1 2", "bakingsoda", "cuure",
      "CURE", "xinguan yimiao", "xg", "so da", "go od"};
  private static final String[] FILLERS = {" ", "", " ", "  ", "，", "。", ".", "-", "_", ",", "#", "2", "😂", "中", "x",
      " x ", "!", "'", "/", "..."};
  private static final List<String> TERMS = List.of("cure cancer", "baking soda cures cancer", "疾控中心", "新冠疫苗",
      "good", "link", "so da", "a b", "5g", "old town", "cures");
  private static final List<String> LITERALS = List.of("kybe", "ex", "cure", "a.b", "疾控", "oo");

  private static String text(Random r) {
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(6);
    for (int k = 0; k < parts; k++) {
      out.append(FILLERS[r.nextInt(FILLERS.length)].repeat(r.nextInt(4) == 0 ? 1 : 0));
      out.append(PIECES[r.nextInt(PIECES.length)]).append(FILLERS[r.nextInt(FILLERS.length)]);
    }
    return out.toString();
  }

  /** {@code s} with ideographs read through {@code han} and each run of one letter a-z written once. */
  private static String collapsed(char[] s, char[] han) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length; i++) {
      char c = s[i];
      if (i > 0 && c == s[i - 1] && c >= 'a' && c <= 'z') {
        continue;
      }
      out.append(han != null && FOLDER.classOf(c) == TermFolder.HAN ? han[c] : c);
    }
    return out.toString();
  }

  @Test
  void aTextTheCheckPassesFoldsToItsCollapsedSelf() {
    Random r = new Random(20261207L);
    int passed = 0;
    int failed = 0;
    for (int i = 0; i < 40_000; i++) {
      String original = text(r);
      for (String s : new String[] {NORMALIZER.normalize(original).text(), original}) {
        char[] units = s.toCharArray();
        int plain = FOLDER.plainText(units, units.length);
        if (plain == 0) {
          failed++;
          continue;
        }
        passed++;
        for (char[] han : new char[][] {null, PinyinChannel.homophoneTable()}) {
          TermFolder.Folded f = FOLDER.foldTracked(units, units.length, han, null);
          String what = "\"" + s + "\" (homophones " + (han != null) + ")";
          assertEquals(collapsed(units, han), f.text(), what + ": the fold only collapses repeats");
          assertEquals("verbatim true|breaks 0|han " + ((plain & TermFolder.PLAIN_HAN) != 0) + "|latin "
                  + ((plain & TermFolder.PLAIN_LATIN) != 0),
              "verbatim " + f.verbatim + "|breaks " + f.partBreakCount + "|han " + f.han + "|latin " + f.latin,
              what + ": the fold's flags");
        }
      }
    }
    assertTrue(passed > 10_000 && failed > 10_000, "texts the check passed " + passed + " and failed " + failed);
  }

  @Test
  void theCheckPassesPlainTextAndFailsEachFoldThatChangesIt() {
    for (String s : new String[] {"cure cancer now", "it's so, good", "cdc/news", "新冠疫苗。", "2020年", "a cat",
        "cure... now", "good 😂 day", "x"}) {
      char[] u = NORMALIZER.normalize(s).text().toCharArray();
      assertTrue(FOLDER.plainText(u, u.length) != 0, "\"" + s + "\" folds only its repeats");
    }
    for (String s : new String[] {"b a k i n g", "5 g 基站", "b.a.k.i.n.g", "cure-cancer", "b4k1ng", "@home", "bаking",
        "新冠 vaccine", "vaccine 疫苗", "新x冠x疫苗", "新冠，疫苗", "2020 年", "1 2"}) {
      char[] u = s.toCharArray();
      assertEquals(0, FOLDER.plainText(u, u.length), "\"" + s + "\" is folded");
    }
  }

  private static final Comparator<TermMatcher.Hit> ORDER = Comparator.comparingInt(TermMatcher.Hit::phrase)
      .thenComparingInt(TermMatcher.Hit::start).thenComparingInt(TermMatcher.Hit::end);

  @Test
  void theScanWithTheSkipFindsWhatTheScanFoldingEveryTextFinds() {
    for (boolean homophones : new boolean[] {false, true}) {
      List<String> phrases = new ArrayList<>(TERMS);
      phrases.addAll(LITERALS);
      BitSet anywhere = new BitSet();
      anywhere.set(TERMS.size(), phrases.size());
      int[] sounds = new int[phrases.size()];
      sounds[2] = homophones ? TermMatcher.HOMOPHONES | TermMatcher.PINYIN : TermMatcher.PINYIN;
      sounds[3] = TermMatcher.PINYIN;
      TermMatcher m = TermMatcher.build(phrases, NORMALIZER, anywhere, sounds);
      Random r = new Random(20261208L);
      int skipped = 0;
      int hits = 0;
      for (int i = 0; i < 30_000; i++) {
        String original = text(r);
        NormalizedText t = NORMALIZER.normalize(original);
        List<TermMatcher.Hit> actual = new ArrayList<>(m.scan(t));
        List<TermMatcher.Hit> oracle = new ArrayList<>(m.scanFoldingAll(t));
        actual.sort(ORDER);
        oracle.sort(ORDER);
        assertEquals(oracle, actual, "\"" + original + "\" (homophones " + homophones + "): the same hits");
        char[] u = t.text().toCharArray();
        skipped += FOLDER.plainText(u, u.length) != 0 && oracle.isEmpty() ? 1 : 0;
        hits += oracle.size();
      }
      assertTrue(skipped > 1_000 && hits > 5_000, "texts that skip the fold " + skipped + ", hits " + hits);
    }
  }
}
