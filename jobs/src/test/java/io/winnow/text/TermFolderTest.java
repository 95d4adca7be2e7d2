package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scan's fold on spaces and separators, the branches its fast paths take: a space between Latin words is kept, a
 * space or separator between an ideograph and a word is dropped, a word ender ({@code , ) ' /}) keeps the separators
 * after a word while other punctuation inside a word is dropped; the untracked fold (what the automaton scans) and the
 * tracked one (what hits are checked against) agree (repeated letters collapse, as everywhere in the fold), and each tracked unit points at the normalized unit it came from.
 */
class TermFolderTest {
  private static final TermFolder FOLDER = TermFolder.shared();

  /** The untracked fold of {@code normalized}, with whether it was verbatim: "units|verbatim". */
  private static String fold(String normalized) {
    TermFolder.Folded f = FOLDER.fold(normalized.toCharArray(), normalized.length());
    return f.text() + "|" + f.verbatim;
  }

  /** The tracked fold: each unit with the normalized range it came from, "u[from,to)". */
  private static String tracked(String normalized) {
    TermFolder.Folded f = FOLDER.foldTracked(normalized.toCharArray(), normalized.length());
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < f.length; k++) {
      out.append(f.units[k]).append('[').append(f.from[k]).append(',').append(f.to[k]).append(')');
    }
    return out.toString();
  }

  @Test
  void spacesBetweenLatinWordsAreKeptAndEachComesFromItsOwnUnit() {
    assertEquals("cure cancer now|true", fold("cure cancer now"));
    assertEquals("o[0,1)k[1,2) [2,3)s[3,4)o[4,5)", tracked("ok so"));
    assertEquals("cure  cancer|true", fold("cure  cancer"), "two spaces are copied as they are");
  }

  @Test
  void aSpaceOrSeparatorBetweenAnIdeographAndAWordIsDropped() {
    assertEquals("新冠vacine|false", fold("新冠 vaccine"));
    assertEquals("vacine新冠|false", fold("vaccine 新冠"));
    assertEquals("运动htps|false", fold("运动# https"));
    assertEquals("冠[0,1)v[2,3)x[3,4)", tracked("冠 vx"));
  }

  @Test
  void wordEndersKeepTheSeparatorsAfterAWordOtherPunctuationInsideAWordIsDropped() {
    assertEquals("so, cure|true", fold("so, cure"));
    assertEquals("cure) now|true", fold("cure) now"));
    assertEquals("it's|true", fold("it's"));
    assertEquals("cdc/news|true", fold("cdc/news"));
    assertEquals("baking|false", fold("b.a.k.i.n.g"));
    assertEquals("linkexample|false", fold("link.example"));
  }

  @Test
  void theUntrackedAndTrackedFoldsGiveTheSameUnits() {
    for (String text : new String[] {"cure cancer", "新冠 vaccine 疫苗", "so, cure) now", "b a k i n g soda", "运动# https",
        "x 疫 y", "ab  cd", "a, b"}) {
      TermFolder.Folded f = FOLDER.foldTracked(text.toCharArray(), text.length());
      String trackedUnits = f.text();
      assertEquals(trackedUnits + "|" + f.verbatim, fold(text), "\"" + text + "\" folds alike tracked and not");
    }
  }

  /**
   * Every disguise, plain words, spaces and ideographs side by side: the pieces of the random texts below, joined by
   * the fillers (nothing between two pieces makes words touch words, digits and ideographs).
   */
  private static final String[] PIECES = {"cure", "cancer", "the", "old town", "bakingsoda", "cuuures", "good", "ok",
      "a", "b a k i n g", "5 g", "b.a.k.i.n.g", "link.example", "https://link.example/KyBe4Fw", "b4k1ng", "s0 d4", "$oda",
      "@home", "bаking", "ɡood", "cdc_news", "cdc.official", "it's", "so, cure", "cure) now", "新冠疫苗", "疾控中心", "新x冠x疫苗",
      "A股", "ab", "x", "5g", "2020s", "66", "新冠 vaccine", "vaccine 疫苗", "运动# https", "b🔥a🔥k", "😂", "中",
      "ωμέγα", "ñandú", "cdc/news", "aa", "ab1", "1ab", "i2x",
      "cure cancer now", "spent the afternoon at the library", "新冠 vaccine is fine", "ab cd"};
  private static final String[] FILLERS = {" ", "", "", " ", "  ", "，", ".", "-", "_", ",", "#", "2", "😂", "中", "x",
      " x ", "!", "'", "/"};

  private static String text(Random r) {
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(7);
    for (int k = 0; k < parts; k++) {
      out.append(FILLERS[r.nextInt(FILLERS.length)].repeat(r.nextInt(4) == 0 ? 1 : 0));
      out.append(PIECES[r.nextInt(PIECES.length)]).append(FILLERS[r.nextInt(FILLERS.length)]);
    }
    return out.toString();
  }

  /** Two plain words and the space between them: one stretch of the fast path. */
  private static final Pattern PLAIN_WORDS = Pattern.compile("(^|[ 中])[a-z]{2,} [a-z]{2,}( |$)");

  /** Everything the scan reads of a fold: units, flags, part breaks. */
  private static String described(TermFolder.Folded f) {
    return f.text() + "|han " + f.han + "|latin " + f.latin + "|lettersByHan " + f.lettersByHan + "|verbatim "
        + f.verbatim + "|watchedChanged " + f.watchedChanged + "|breaks "
        + Arrays.toString(Arrays.copyOf(f.partBreaks, f.partBreakCount));
  }

  @Test
  void theScansUntrackedFoldFoldsAsTheTrackedFoldOnTextsWithEveryDisguise() {
    boolean[] watched = new boolean[0x10000];
    "kybe.4x疾".chars().forEach(c -> watched[c] = true);
    Random r = new Random(20261207L);
    int plainRuns = 0;
    for (int i = 0; i < 30_000; i++) {
      String original = text(r);
      for (String s : new String[] {TextNormalizer.shared().normalize(original).text(), original}) {
        char[] units = s.toCharArray();
        for (char[] han : new char[][] {null, PinyinChannel.homophoneTable()}) {
          String oracle = described(FOLDER.foldTracked(units, units.length, han, watched));
          String actual = described(FOLDER.fold(units, units.length, han, watched));
          assertEquals(oracle, actual, "\"" + s + "\" (homophones " + (han != null) + "): the scan's fold");
        }
        plainRuns += PLAIN_WORDS.matcher(s).find() ? 1 : 0;
      }
    }
    assertTrue(plainRuns > 10_000, "texts with plain words in a row: " + plainRuns);
  }
}
