package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
