package io.winnow.generate;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * How a homoglyph impersonator spells a protected name: every letter that has a look-alike is swapped for one, Cyrillic
 * or Greek letters for Latin ones ({@code Rеutеrѕ}) and look-alike ideographs for Chinese ones ({@code 入民曰报}).
 *
 * <p>Only look-alikes that the sweep's normalizer does not fold back into the letter are used (not the Kangxi radical
 * ⼈ or a compatibility ideograph, which NFKC turns into 人 itself; ⼊ becomes 入, still a look-alike), and every letter
 * of the name that has one is swapped: no phrase of a rule list survives in the name, so what catches it is the
 * {@code name-like} condition's confusable skeleton (ICU's, plus NameMatcher's table of look-alike ideographs).
 * HomoglyphTest checks each pair against NameMatcher and the normalizer.
 */
final class Homoglyph {
  private Homoglyph() {}

  /** labels.kind of a homoglyph impersonator. */
  static final String LABEL = LabelSchema.HOMOGLYPH;

  /** Per letter, its look-alikes. */
  static final Map<Character, String> LOOKALIKES = Map.ofEntries(
      Map.entry('a', "а"), Map.entry('c', "с"), Map.entry('d', "ԁ"), Map.entry('e', "е"), Map.entry('h', "һ"),
      Map.entry('i', "і"), Map.entry('j', "ј"), Map.entry('o', "оο"), Map.entry('p', "рρ"), Map.entry('q', "ԛ"),
      Map.entry('s', "ѕ"), Map.entry('u', "υ"), Map.entry('v', "ν"), Map.entry('w', "ԝ"), Map.entry('x', "х"),
      Map.entry('y', "у"),
      Map.entry('A', "АΑ"), Map.entry('C', "С"), Map.entry('E', "Е"), Map.entry('I', "ІΙ"), Map.entry('J', "Ј"),
      Map.entry('O', "ОΟ"), Map.entry('P', "РΡ"), Map.entry('Q', "Ԛ"), Map.entry('S', "Ѕ"), Map.entry('V', "Ѵ"),
      Map.entry('W', "Ԝ"), Map.entry('X', "Х"), Map.entry('Y', "Ү"),
      // 入 and 曰, or their Kangxi radicals ⼊ and ⽈ (which NFKC turns into 入 and 曰, not into 人 and 日)
      Map.entry('人', "入⼊"), Map.entry('日', "曰⽈"));

  /** Whether {@code name} has a letter with a look-alike. */
  static boolean applies(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (LOOKALIKES.containsKey(name.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a homoglyph impersonator may copy {@code name}: it has look-alikes and is a protected name as a whole. */
  static boolean disguisable(String name) {
    return applies(name) && !Vocabulary.LISTED_IN_PART.contains(name);
  }

  /** Whether some name of {@code e} is {@link #disguisable}. */
  static boolean disguisable(ProtectedEntity e) {
    return disguisable(e.name()) || disguisable(e.otherName());
  }

  /** {@code name} with every letter that has look-alikes swapped for one of them. */
  static String apply(String name, SplittableRandom r) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      String alike = LOOKALIKES.get(c);
      out.append(alike == null ? c : alike.charAt(alike.length() == 1 ? 0 : r.nextInt(alike.length())));
    }
    return out.toString();
  }
}
