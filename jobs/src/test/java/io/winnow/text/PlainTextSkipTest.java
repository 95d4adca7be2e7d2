package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan skips the fold of a text the fold would only collapse repeats in ({@link TermFolder#plainText}), or only
 * that beside links it folds alone ({@link TermFolder#plainTextBesideLinks}), and whose reading so holds no key
 * ({@link Automaton#scanCollapsed}). Exact: on generated texts with every disguise, plain text, links, ideographs and
 * homophones, the check never passes a text whose fold differs from that reading, and the scan finds the same hits as
 * the scan that folds every text.
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
      "CURE", "xinguan yimiao", "xg", "so da", "go od", "https://link.example/aq9jq9a", "http://t.cn/ab", "http://x.y/z",
      "https://link.example/i2x.x", "https://link.example/s0", "https://cure.example/good", "看 https://link.example/ab",
      "https://link.example/ab 看", "https://link.example/ab🙏看", "https://link.example/ab🙏 x", "s0 https://b4k1ng.com/d4"};
  private static final String[] FILLERS = {" ", "", " ", "  ", "，", "。", ".", "-", "_", ",", "#", "2", "😂", "中", "x",
      " x ", "!", "'", "/", "..."};
  private static final List<String> TERMS = List.of("cure cancer", "baking soda cures cancer", "疾控中心", "新冠疫苗",
      "good", "link", "so da", "a b", "5g", "old town", "cures");
  private static final List<String> LITERALS = List.of("kybe", "ex", "cure", "a.b", "疾控", "oo", "ab 看");

  /** Pieces the check passes alone, links, and what breaks it beside a link: half the texts are drawn from these. */
  private static final String[] NEAR_PLAIN = {"cure", "cancer", "the", "cuuures", "good", "a", "新冠疫苗", "2020",
      "it's", "so, cure", "https://link.example/aq9jq9a", "https://link.example/KyBe4Fw", "http://x.y/z",
      "https://link.example/s0", "https://cure.example/good", "s0", "b4k1ng", "x", "看", "😂", "https://a.b/c/d/x",
      "https://link.example/c/d/xy", "https://link.example/ab/s0", "https://link.example/cure/ab", "http://ex.com/ab"};

  private static String text(Random r) {
    String[] pieces = r.nextBoolean() ? PIECES : NEAR_PLAIN;
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(6);
    for (int k = 0; k < parts; k++) {
      out.append(FILLERS[r.nextInt(FILLERS.length)].repeat(r.nextInt(4) == 0 ? 1 : 0));
      out.append(pieces[r.nextInt(pieces.length)]).append(FILLERS[r.nextInt(FILLERS.length)]);
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
  void aTextTheCheckPassesFoldsToItsCollapsedSelfWithEachLinkFoldedAlone() {
    Random r = new Random(20261207L);
    int[] passed = new int[3];
    int[] links = new int[TermFolder.LINK_INTS * TermFolder.MAX_LINKS];
    for (int i = 0; i < 40_000; i++) {
      String original = text(r);
      for (String s : new String[] {NORMALIZER.normalize(original).text(), original}) {
        char[] units = s.toCharArray();
        int plain = FOLDER.plainText(units, units.length);
        int count = 0;
        if (plain == 0) {
          plain = FOLDER.plainTextBesideLinks(units, units.length, links);
          count = plain >>> TermFolder.LINKS_SHIFT;
        }
        passed[plain == 0 ? 0 : count == 0 ? 1 : 2]++;
        for (char[] han : plain == 0 ? new char[0][] : new char[][] {null, PinyinChannel.homophoneTable()}) {
          StringBuilder read = new StringBuilder();
          int pos = 0;
          for (int k = 0; k < count; k++) {
            read.append(collapsed(Arrays.copyOfRange(units, pos, links[4 * k]), han));
            read.append(FOLDER.foldPhrase(s.substring(links[4 * k + 1], links[4 * k + 2])).text());
            pos = links[4 * k + 3];
          }
          read.append(collapsed(Arrays.copyOfRange(units, pos, units.length), han));
          TermFolder.Folded f = FOLDER.foldTracked(units, units.length, han, null);
          String what = "\"" + s + "\" (homophones " + (han != null) + ", links " + count + ")";
          assertEquals(read.toString(), f.text(), what + ": the fold only collapses repeats beside the links");
          assertEquals((count == 0 ? "verbatim true|breaks 0|" : "") + "han " + ((plain & TermFolder.PLAIN_HAN) != 0)
                  + "|latin " + ((plain & TermFolder.PLAIN_LATIN) != 0),
              (count == 0 ? "verbatim " + f.verbatim + "|breaks " + f.partBreakCount + "|" : "") + "han " + f.han
                  + "|latin " + f.latin, what + ": the fold's flags");
        }
      }
    }
    assertTrue(passed[0] > 10_000 && passed[1] > 5_000 && passed[2] > 1_000,
        "texts the check failed, passed, passed beside links: " + Arrays.toString(passed));
  }

  @Test
  void theCheckPassesPlainTextAndFailsEachFoldThatChangesIt() {
    for (String s : new String[] {"cure cancer now", "it's so, good", "i'm ok", "cdc/news", "新冠疫苗。", "2020年", "a cat",
        "cure... now", "good 😂 day", "x"}) {
      char[] u = NORMALIZER.normalize(s).text().toCharArray();
      assertTrue(FOLDER.plainText(u, u.length) != 0, "\"" + s + "\" folds only its repeats");
    }
    for (String s : new String[] {"b a k i n g", "5 g 基站", "b.a.k.i.n.g", "cure-cancer", "b4k1ng", "@home", "bаking",
        "新冠 vaccine", "vaccine 疫苗", "新x冠x疫苗", "新冠，疫苗", "2020 年", "1 2 3", "中 1 2"}) {
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
        skipped += m.skippedFold(u, u.length, FOLDER) != 0 ? 1 : 0;
        hits += oracle.size();
      }
      assertTrue(skipped > 1_000 && hits > 5_000, "texts that skip the fold " + skipped + ", hits " + hits);
    }
  }

  /** Texts that end in links, as most posts with a link do, and keys across a link's edges: plain pieces first. */
  private static final String[] BEFORE_LINKS = {"now", "看", "cure", "the old town", "新冠疫苗", "it's", "拍了58张照片",
      "good day", "x", "a b", "s0", "#运动#", "😂", "now 看", "b4k1ng", "http://x.y/z"};
  private static final String[] LINKS = {"https://link.example/aq9jq9a", "https://link.example/q9jqa",
      "https://link.example/kq9jq", "http://t.cn/ab", "https://link.example/KyBe4Fw", "https://link.example/s0",
      "https://cure.example/good", "https://link.example/ab", "http://x.y/z", "https://a.b/c/d/x", "http://ex.com/ab",
      "https://link.example/ab🙏看", "https://shop.example/h"};

  private static String piece(String[] pieces, Random r) {
    return pieces[r.nextInt(4) == 0 ? r.nextInt(pieces.length) : r.nextInt(pieces.length / 2)];
  }

  private static String filler(Random r) {
    return r.nextInt(4) == 0 ? FILLERS[r.nextInt(FILLERS.length)] : " ";
  }

  @Test
  void theReadThatGoesOnFromTheScanBeforeALinkDecidesAsTheReadFromTheStart() {
    // keys across the start of a link, and across the unit where the check stops in it (the dot)
    List<String> phrases = List.of("now https://link.example/q9", "看 https", "疫苗看", "cure now", "good day",
        "example/ab", "看 https://link", "kybe", "ab 看");
    BitSet anywhere = new BitSet();
    anywhere.set(7, 9);
    Random r = new Random(20261209L);
    int[] outcomes = new int[3];
    for (boolean homophones : new boolean[] {false, true}) {
      // with homophones, no literal holds a space: the space beside an ideograph before a link is dropped freely
      List<String> used = homophones ? phrases.subList(0, 8) : phrases;
      int[] sounds = new int[used.size()];
      sounds[2] = homophones ? TermMatcher.HOMOPHONES : 0;
      TermMatcher m = TermMatcher.build(used, NORMALIZER, anywhere, sounds);
      for (int i = 0; i < 40_000; i++) {
        StringBuilder b = new StringBuilder();
        int parts = r.nextInt(3);
        for (int k = 0; k < parts; k++) {
          b.append(piece(BEFORE_LINKS, r)).append(filler(r));
        }
        b.append(piece(BEFORE_LINKS, r)).append(r.nextInt(6) == 0 ? "" : " ").append(piece(LINKS, r));
        if (r.nextInt(3) == 0) {
          b.append(filler(r)).append(piece(r.nextBoolean() ? LINKS : BEFORE_LINKS, r));
        }
        String original = r.nextInt(4) == 0 ? text(r) : b.toString();
        for (String s : new String[] {NORMALIZER.normalize(original).text(), original}) {
          char[] u = s.toCharArray();
          int rereading = m.skippedFoldRereading(u, u.length, FOLDER);
          assertEquals(rereading, m.skippedFold(u, u.length, FOLDER), "\"" + s + "\" (homophones " + homophones
              + "): the same skip and flags");
          outcomes[rereading == 0 ? 0 : rereading >>> TermFolder.LINKS_SHIFT == 0 ? 1 : 2]++;
        }
      }
      for (String s : new String[] {"now https://link.example/q9jqa", "看 https://link.example/ab"}) {
        char[] u = NORMALIZER.normalize(s).text().toCharArray();
        assertEquals(0, m.skippedFold(u, u.length, FOLDER), "\"" + s + "\": a key across the link's start");
      }
    }
    assertTrue(outcomes[0] > 20_000 && outcomes[2] > 20_000,
        "texts folded, skipped, skipped beside links: " + Arrays.toString(outcomes));
  }

  /** Units of generated last parts of links: letters (repeated too), leet digits and symbols, separators. */
  private static final String TAIL_UNITS = "abcdeikosuxyzaabb0134579$@._-=?%~+!";

  /**
   * A link's last part that the check passes is read as it is, not folded, and the scan of a link head's fold is kept
   * from the last link by the state before it: the same as each link folded and scanned in full, and as the fold of
   * the whole text.
   */
  @Test
  void aLinkReadWithItsShortcutsDecidesAsTheReadInFull() {
    // keys inside and across last parts (plain letters, their leet and repeated forms, a part joined to the head) and
    // across a link's start (the head's scan from the state before it)
    List<String> phrases = List.of("kybe", "cure", "example/ab", "soda", "bake", "ab 看", "xyz now", "aaab",
        "now https://link", "看 http://t.cn", "good day https");
    BitSet anywhere = new BitSet();
    anywhere.set(0, 2);
    Random r = new Random(20261210L);
    int[] outcomes = new int[3];
    for (boolean homophones : new boolean[] {false, true}) {
      int[] sounds = new int[phrases.size()];
      sounds[5] = homophones ? TermMatcher.HOMOPHONES : 0;
      TermMatcher m = TermMatcher.build(phrases, NORMALIZER, anywhere, sounds);
      for (int i = 0; i < 40_000; i++) {
        StringBuilder b = new StringBuilder(piece(BEFORE_LINKS, r)).append(' ');
        b.append(r.nextBoolean() ? "https://link.example/" : "http://t.cn/");
        int length = 1 + r.nextInt(r.nextInt(4) == 0 ? 3 : 9);
        for (int k = 0; k < length; k++) {
          b.append(TAIL_UNITS.charAt(r.nextInt(r.nextBoolean() ? 12 : TAIL_UNITS.length())));
        }
        if (r.nextInt(3) == 0) {
          b.append(' ').append(piece(r.nextBoolean() ? LINKS : BEFORE_LINKS, r));
        }
        for (String s : new String[] {NORMALIZER.normalize(b.toString()).text(), b.toString()}) {
          char[] u = s.toCharArray();
          int folding = m.skippedFoldReadingLinksInFull(u, u.length, FOLDER);
          assertEquals(folding, m.skippedFold(u, u.length, FOLDER), "\"" + s + "\" (homophones " + homophones
              + "): the same skip and flags as with each link read in full");
          outcomes[folding == 0 ? 0 : folding >>> TermFolder.LINKS_SHIFT == 0 ? 1 : 2]++;
        }
        NormalizedText t = NORMALIZER.normalize(b.toString());
        List<TermMatcher.Hit> actual = new ArrayList<>(m.scan(t));
        List<TermMatcher.Hit> oracle = new ArrayList<>(m.scanFoldingAll(t));
        actual.sort(ORDER);
        oracle.sort(ORDER);
        assertEquals(oracle, actual, "\"" + b + "\" (homophones " + homophones + "): the same hits");
      }
    }
    assertTrue(outcomes[0] > 10_000 && outcomes[2] > 20_000,
        "texts folded, skipped, skipped beside links: " + Arrays.toString(outcomes));
  }

  @Test
  void aLinkReadApartFindsWhatTheFoldFindsAcrossItsEdgesAndSlashes() {
    List<String> phrases = List.of("cdx", "example/xy", "ab 看", "看ab");
    BitSet anywhere = new BitSet();
    anywhere.set(2);
    TermMatcher m = TermMatcher.build(phrases, NORMALIZER, anywhere, new int[phrases.size()]);
    String[][] cases = {
        {"see https://a.b/c/d/x now", "0 16-21"}, // one-unit words joined at the link's end
        {"see https://a.b/c/d/x,yz now", "0 16-21"}, // and across its last slash
        {"https://link.example/xy", "1 13-23"}, // the link's head and its last part, read as one
        {"see https://link.example/ab 看", "2 25-29"}, // a literal's space among the units dropped beside 看
        {"看 https://link.example/ab", ""}, // 看 and the link, the space between them dropped: no key
        {"see https://link.example/kybe4fw now", ""}};
    for (String[] c : cases) {
      NormalizedText t = NORMALIZER.normalize(c[0]);
      String found = String.join(",", m.scan(t).stream().map(h -> h.phrase() + " " + h.start() + "-" + h.end())
          .toList());
      assertEquals(c[1], found, "\"" + c[0] + "\"");
      assertEquals(m.scanFoldingAll(t), m.scan(t), "\"" + c[0] + "\": as the scan that folds it");
    }
    char[] u = NORMALIZER.normalize("看 https://link.example/kybe4fw").text().toCharArray();
    TermMatcher noLiteral = TermMatcher.build(phrases.subList(0, 2), NORMALIZER);
    assertTrue(noLiteral.skippedFold(u, u.length, FOLDER) != 0, "a link beside an ideograph is read apart, no fold");
    assertEquals(0, m.skippedFold(u, u.length, FOLDER), "unless a literal holds a unit dropped there (the space)");
  }
}
