package io.winnow.generate;

import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.dictionary.py.PinyinDictionary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The disguises of issue 17 that real evaders use on a phrase, as the generator plants them ({@link Evasion} labels
 * them). Written from how such posts look, never from what the engine undoes: the measured recall per disguise is
 * whatever the engine makes of them.
 */
final class Disguises {
  private Disguises() {}

  /** Latin letters and the Cyrillic or Greek letter drawn like each. */
  private static final String LATIN = "aceopxyisov";
  private static final String LOOKALIKE = "\u0430\u0441\u0435\u043e\u0440\u0445\u0443\u0456\u0455\u03bf\u03bd";
  private static final String VOWELS = "aeiou";
  private static final String[] ACCENTED = {"\u00e1\u00e0\u00e2\u00e4", "\u00e9\u00e8\u00ea\u00eb",
      "\u00ed\u00ec\u00ee\u00ef", "\u00f3\u00f2\u00f4\u00f6", "\u00fa\u00f9\u00fb\u00fc"};
  private static final String COMBINING = "\u0336\u0335\u0301\u0308";
  private static final String LEET_FROM = "aeiost";
  private static final String LEET_TO = "431057";
  private static final char RLO = '\u202E';
  private static final char PDF = '\u202C';

  /** One letter of one word swapped for its Cyrillic or Greek look-alike. */
  static String lookalikeLetter(String phrase, SplittableRandom r) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < phrase.length(); i++) {
      if (LATIN.indexOf(Character.toLowerCase(phrase.charAt(i))) >= 0) {
        at.add(i);
      }
    }
    if (at.isEmpty()) {
      return phrase;
    }
    int i = at.get(r.nextInt(at.size()));
    char c = Character.toLowerCase(phrase.charAt(i));
    int k = LATIN.indexOf(c);
    return phrase.substring(0, i) + LOOKALIKE.charAt(k) + phrase.substring(i + 1);
  }

  /** The longest word spaced, dotted or starred out letter by letter ({@code b a k i n g}, {@code b.a.k.i.n.g}). */
  static String spacedLetters(String phrase, SplittableRandom r) {
    String sep = Rng.pick(r, new String[] {" ", ".", "*", "-"});
    return mapLongestWord(phrase, w -> String.join(sep, w.split("")));
  }

  /** Vowels accented, or one word struck through or marked letter by letter with a combining mark. */
  static String accents(String phrase, SplittableRandom r) {
    if (r.nextBoolean()) {
      StringBuilder out = new StringBuilder();
      for (char c : phrase.toCharArray()) {
        int v = VOWELS.indexOf(c);
        out.append(v >= 0 ? ACCENTED[v].charAt(r.nextInt(4)) : c);
      }
      return out.toString();
    }
    char mark = COMBINING.charAt(r.nextInt(COMBINING.length()));
    return mapLongestWord(phrase, w -> {
      StringBuilder out = new StringBuilder();
      for (char c : w.toCharArray()) {
        out.append(c).append(mark);
      }
      return out.toString();
    });
  }

  /** The words joined by hyphens or underscores, or written as one word, or as a hashtag in camel case. */
  static String joinedWords(String phrase, SplittableRandom r) {
    String[] words = phrase.split(" ");
    switch (r.nextInt(4)) {
      case 0:
        return String.join("-", words);
      case 1:
        return String.join("_", words);
      case 2:
        return String.join("", words);
      default:
        StringBuilder tag = new StringBuilder("#");
        for (String w : words) {
          tag.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return tag.toString();
    }
  }

  /** Vowels and s, t after the first letter of a word as digits, two in three of them ({@code b4k1ng s0d4}). */
  static String leet(String phrase, SplittableRandom r) {
    StringBuilder out = new StringBuilder(phrase);
    int first = -1;
    boolean changed = false;
    for (int i = 1; i < phrase.length(); i++) {
      int k = LEET_FROM.indexOf(Character.toLowerCase(phrase.charAt(i)));
      boolean inWord = phrase.charAt(i - 1) != ' ';
      if (k < 0 || !inWord) {
        continue;
      }
      first = first < 0 ? i : first;
      if (r.nextInt(3) > 0) {
        out.setCharAt(i, LEET_TO.charAt(k));
        changed = true;
      }
    }
    if (!changed && first >= 0) {
      out.setCharAt(first, LEET_TO.charAt(LEET_FROM.indexOf(Character.toLowerCase(phrase.charAt(first)))));
    }
    return out.toString();
  }

  /** One vowel of the longest word written three to five times ({@code cuuures}). */
  static String repeatedLetters(String phrase, SplittableRandom r) {
    return mapLongestWord(phrase, w -> {
      for (int i = 1; i < w.length(); i++) {
        if (VOWELS.indexOf(w.charAt(i)) >= 0) {
          return w.substring(0, i) + String.valueOf(w.charAt(i)).repeat(3 + r.nextInt(3)) + w.substring(i + 1);
        }
      }
      return w + String.valueOf(w.charAt(w.length() - 1)).repeat(3);
    });
  }

  /** One inner letter of the longest word left out ({@code bakng}). */
  static String droppedLetter(String phrase, SplittableRandom r) {
    return mapLongestWord(phrase, w -> {
      int i = 1 + r.nextInt(Math.max(1, w.length() - 2));
      return w.substring(0, i) + w.substring(i + 1);
    });
  }

  /**
   * HTML as a careless re-poster leaves it: in English a space as {@code &nbsp;} and a letter as a decimal reference;
   * in Chinese an ideograph as a decimal or hexadecimal reference ({@code &#30284;}).
   */
  static String htmlEntity(String phrase, SplittableRandom r) {
    int i = r.nextInt(phrase.length());
    while (!Character.isLetter(phrase.charAt(i))) {
      i = (i + 1) % phrase.length();
    }
    int c = phrase.charAt(i);
    String ref = r.nextBoolean() ? "&#" + c + ";" : "&#x" + Integer.toHexString(c) + ";";
    String out = phrase.substring(0, i) + ref + phrase.substring(i + 1);
    return Evasion.hasHan(phrase) ? out : out.replaceFirst(" ", "&nbsp;");
  }

  /** The phrase reversed inside a right-to-left override, so that it displays as written. */
  static String bidiOverride(String phrase) {
    return RLO + new StringBuilder(phrase).reverse().toString() + PDF;
  }

  /** A space between the Latin letters and digits of a Chinese phrase and around them ({@code 5 G 基站}). */
  static String latinSpacing(String phrase) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      char c = phrase.charAt(i);
      boolean latin = c < 0x80 && Character.isLetterOrDigit(c);
      boolean nextLatin = i + 1 < phrase.length() && phrase.charAt(i + 1) < 0x80
          && Character.isLetterOrDigit(phrase.charAt(i + 1));
      out.append(c);
      if (i + 1 < phrase.length() && (latin || nextLatin)) {
        out.append(' ');
      }
    }
    return out.toString();
  }

  /** Whether a Chinese phrase has Latin letters or digits for {@link #latinSpacing} to space. */
  static boolean hasLatin(String phrase) {
    return phrase.chars().anyMatch(c -> c < 0x80 && Character.isLetterOrDigit(c));
  }

  /** The phrase in pinyin without tones, syllables spaced or run together by word. */
  static String pinyin(String phrase, SplittableRandom r) {
    boolean spaced = r.nextBoolean();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      String p = syllable(phrase.charAt(i));
      if (spaced && out.length() > 0 && p != null) {
        out.append(' ');
      }
      out.append(p == null ? String.valueOf(phrase.charAt(i)) : p);
    }
    return out.toString();
  }

  /** The first letters of the phrase's syllables ({@code hysnyfbd}). */
  static String initials(String phrase) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      String p = syllable(phrase.charAt(i));
      out.append(p == null ? String.valueOf(phrase.charAt(i)) : p.substring(0, 1));
    }
    return out.toString();
  }

  /** One or two ideographs written in pinyin among the others ({@code 喝盐水能yufang病毒}). */
  static String pinyinMixed(String phrase, SplittableRandom r) {
    List<Integer> han = new ArrayList<>();
    for (int i = 0; i < phrase.length(); i++) {
      if (syllable(phrase.charAt(i)) != null) {
        han.add(i);
      }
    }
    int from = han.get(r.nextInt(han.size()));
    int count = 1 + r.nextInt(2);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      String p = syllable(phrase.charAt(i));
      out.append(i >= from && i < from + count && p != null ? p : String.valueOf(phrase.charAt(i)));
    }
    return out.toString();
  }

  /** A Latin letter slipped between each pair of ideographs ({@code 喝x盐x水}). */
  static String lettersBetween(String phrase, SplittableRandom r) {
    char letter = (char) ('a' + r.nextInt(26));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      char c = phrase.charAt(i);
      out.append(c);
      if (i + 1 < phrase.length() && Evasion.isHan(c) && Evasion.isHan(phrase.charAt(i + 1))) {
        out.append(letter);
      }
    }
    return out.toString();
  }

  private static String syllable(char c) {
    if (!Evasion.isHan(c)) {
      return null;
    }
    Pinyin[] p = PinyinDictionary.get(String.valueOf(c));
    return p == null || p.length == 0 || p[0] == null || p[0] == Pinyin.none5 ? null
        : p[0].getPinyinWithoutTone().toLowerCase(Locale.ROOT).replace('ü', 'v');
  }

  private static String mapLongestWord(String phrase, java.util.function.UnaryOperator<String> f) {
    String[] words = phrase.split(" ", -1);
    int longest = 0;
    for (int i = 1; i < words.length; i++) {
      if (words[i].length() > words[longest].length()) {
        longest = i;
      }
    }
    words[longest] = f.apply(words[longest]);
    return String.join(" ", words);
  }
}
