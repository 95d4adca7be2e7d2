package io.winnow.text;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.text.translate.EntityArrays;

/**
 * What a reader sees rather than what the bytes say, before normalization: HTML character references decoded
 * ({@code &#30284;} is 癌, {@code &nbsp;} a no-break space, the names of HTML 4 and {@code &apos;}, from Commons Text's
 * tables), and text inside a right-to-left override (U+202E, up to U+202C or the end of the line) read both as stored
 * and, after a space, in the order it is displayed in ({@code \u202Egnikab\u202C} shows "baking": it reads
 * "gnikab baking"), since either order may be the one that hides a phrase.
 *
 * <p>Each decoded unit remembers the original span it came from: a character reference maps to the whole reference,
 * and every unit of a reversed run maps to the whole run (the run is what the author wrote; spans stay in order).
 * Most texts hold neither an ampersand nor an override: {@link #needed} tells, with one cheap look per unit, and then
 * nothing is copied.
 */
final class SourceDecoder {
  private static final char RLO = '\u202E';
  private static final char LRO = '\u202D';
  private static final char PDF = '\u202C';
  /** The longest named reference of the tables, with its ampersand and semicolon. */
  private static final int MAX_REFERENCE = 12;
  private static final Map<String, String> NAMED = named();

  private SourceDecoder() {}

  private static Map<String, String> named() {
    Map<String, String> m = new HashMap<>();
    for (Map<CharSequence, CharSequence> table : java.util.List.of(EntityArrays.BASIC_UNESCAPE,
        EntityArrays.APOS_UNESCAPE, EntityArrays.ISO8859_1_UNESCAPE, EntityArrays.HTML40_EXTENDED_UNESCAPE)) {
      table.forEach((k, v) -> m.put(k.toString(), v.toString()));
    }
    return Map.copyOf(m);
  }

  /** Whether {@code s[0, n)} holds anything to decode (an ampersand or an override). */
  static boolean needed(char[] s, int n) {
    for (int i = 0; i < n; i++) {
      char c = s[i];
      if (c == '&' || c == RLO || c == LRO) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes {@code s[0, n)} into {@code out}: returns the decoded units (in {@code out.units}, {@code out.length}),
   * and for each decoded unit its original span ({@code out.from}, {@code out.to}).
   */
  static void decode(char[] s, int n, Decoded out) {
    out.reset(n);
    int i = 0;
    while (i < n) {
      char c = s[i];
      if (c == '&') {
        i = reference(s, n, i, out);
      } else if (c == RLO) {
        i = reversed(s, n, i, out);
      } else {
        out.add(c, i, i + 1);
        i++;
      }
    }
  }

  /** A character reference at {@code i}, decoded; or the ampersand alone when it is none. Returns the next index. */
  private static int reference(char[] s, int n, int i, Decoded out) {
    int semi = -1;
    for (int j = i + 1; j < n && j <= i + MAX_REFERENCE; j++) {
      if (s[j] == ';') {
        semi = j;
        break;
      }
    }
    String value = semi < 0 ? null : valueOf(new String(s, i, semi + 1 - i));
    if (value == null) {
      out.add('&', i, i + 1);
      return i + 1;
    }
    for (int k = 0; k < value.length(); k++) {
      out.add(value.charAt(k), i, semi + 1);
    }
    return semi + 1;
  }

  private static String valueOf(String reference) {
    if (reference.length() > 3 && reference.charAt(1) == '#') {
      boolean hex = reference.charAt(2) == 'x' || reference.charAt(2) == 'X';
      String digits = reference.substring(hex ? 3 : 2, reference.length() - 1);
      try {
        int cp = Integer.parseInt(digits, hex ? 16 : 10);
        return cp > 0 && Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)
            ? new String(Character.toChars(cp)) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return NAMED.get(reference);
  }

  /** The override run starting at {@code i}, reversed by code point; returns the index after it. */
  private static int reversed(char[] s, int n, int i, Decoded out) {
    int end = i + 1;
    while (end < n && s[end] != PDF && s[end] != '\n' && s[end] != '\r' && s[end] != '\u2029') {
      end++;
    }
    int spanEnd = end < n && s[end] == PDF ? end + 1 : end;
    // logical order first (what the bytes say, as before), then display order (what a reader sees): either may be
    // the one that hides a phrase
    for (int k = i + 1; k < end; k++) {
      out.add(s[k], i, spanEnd);
    }
    out.add(' ', i, spanEnd);
    for (int k = end - 1; k > i; ) {
      if (Character.isLowSurrogate(s[k]) && k - 1 > i && Character.isHighSurrogate(s[k - 1])) {
        out.add(s[k - 1], i, spanEnd);
        out.add(s[k], i, spanEnd);
        k -= 2;
      } else {
        out.add(s[k], i, spanEnd);
        k--;
      }
    }
    return spanEnd;
  }

  /** Decoded units and the original span of each; reused from text to text. */
  static final class Decoded {
    char[] units = new char[256];
    int[] from = new int[256];
    int[] to = new int[256];
    int length;

    void reset(int capacity) {
      if (units.length < capacity + 16) {
        units = new char[capacity + 16];
        from = new int[capacity + 16];
        to = new int[capacity + 16];
      }
      length = 0;
    }

    void add(char c, int start, int end) {
      if (length == units.length) {
        units = java.util.Arrays.copyOf(units, 2 * length);
        from = java.util.Arrays.copyOf(from, 2 * length);
        to = java.util.Arrays.copyOf(to, 2 * length);
      }
      units[length] = c;
      from[length] = start;
      to[length] = end;
      length++;
    }
  }
}
