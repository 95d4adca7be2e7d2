package io.winnow.text;

import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.dictionary.py.PinyinDictionary;

/**
 * The sound of a text: every ideograph replaced by its pinyin without tone (HanLP's dictionary, the first reading of a
 * character read on its own, {@code ü} as {@code v}), Latin letters kept, spaces and separators dropped. A phrase's
 * pinyin matched here finds it written in pinyin ({@code xinguan yimiao}, {@code xin guan 疫苗}), in homophones
 * ({@code 病读} for {@code 病毒}), or both; its initials ({@code xgym}) find it abbreviated. Each unit records where its
 * syllable or Latin word starts and ends: a match must begin and end on those edges, so {@code shipin} does not fire
 * inside {@code shipping}. Reading each character alone is crude for characters with several readings (重, 行), but
 * phrases are read the same way, so it is consistent.
 *
 * <p>The table of 21,000 ideographs is built on first use (about half a second), only in JVMs whose rules ask for it.
 */
final class PinyinChannel {
  static final byte START = 1;
  static final byte END = 2;

  private PinyinChannel() {}

  private static final class Table {
    static final String[] PINYIN = build();
    /** The same as units: per BMP unit, {@code [OFFSET[c], OFFSET[c + 1])} of {@link #LETTERS} (empty: none). */
    static final int[] OFFSET = new int[0x10001];
    static final char[] LETTERS = letters();

    private static char[] letters() {
      StringBuilder all = new StringBuilder();
      for (int c = 0; c < 0x10000; c++) {
        OFFSET[c] = all.length();
        if (PINYIN[c] != null) {
          all.append(PINYIN[c]);
        }
      }
      OFFSET[0x10000] = all.length();
      return all.toString().toCharArray();
    }

    private static String[] build() {
      String[] t = new String[0x10000];
      for (int c = 0x3400; c < 0xA000; c++) {
        Pinyin[] p = PinyinDictionary.get(String.valueOf((char) c));
        if (p != null && p.length > 0 && p[0] != null && p[0] != Pinyin.none5) {
          String s = p[0].getPinyinWithoutTone().toLowerCase(java.util.Locale.ROOT).replace('ü', 'v');
          if (!s.isEmpty() && s.chars().allMatch(u -> u >= 'a' && u <= 'z')) {
            t[c] = s;
          }
        }
      }
      return t;
    }
  }

  /** Per BMP unit: the first ideograph (by code point) with the same pinyin, or the unit itself. */
  private static final class Homophones {
    static final char[] CANONICAL = build();

    private static char[] build() {
      char[] canonical = new char[0x10000];
      java.util.Map<String, Character> first = new java.util.HashMap<>();
      for (int c = 0; c < 0x10000; c++) {
        String p = Table.PINYIN[c];
        if (p == null) {
          canonical[c] = (char) c;
        } else {
          first.putIfAbsent(p, (char) c);
          canonical[c] = first.get(p);
        }
      }
      return canonical;
    }
  }

  /** Per BMP unit, the first ideograph that reads the same, or the unit itself (what {@link #canonical} reads). */
  /** Letters of the pinyin of ideograph {@code c} as the channel reads it (0: none, the channel breaks there). */
  static int pinyinLength(char c) {
    return Table.OFFSET[c + 1] - Table.OFFSET[c];
  }

  static char[] homophoneTable() {
    return Homophones.CANONICAL;
  }

  /**
   * {@code s[0, n)} with every ideograph replaced by the first ideograph that reads the same (in {@code out}, one unit
   * for one): homophones become equal, so a phrase's homophones are found by an automaton over the same units.
   */
  static void canonical(char[] s, int n, char[] out) {
    char[] table = Homophones.CANONICAL;
    for (int i = 0; i < n; i++) {
      out[i] = table[s[i]];
    }
  }

  /** {@code phrase} with every ideograph read as {@link #canonical}, or null when one has no pinyin. */
  static String canonical(String phrase) {
    char[] out = new char[phrase.length()];
    for (int i = 0; i < out.length; i++) {
      if (of(phrase.charAt(i)) == null) {
        return null;
      }
    }
    canonical(phrase.toCharArray(), out.length, out);
    return new String(out);
  }

  /** The pinyin of one ideograph, or null when it has none. */
  static String of(char c) {
    return Table.PINYIN[c];
  }

  /** The full pinyin of a phrase of ideographs, or null when a character has none or is not an ideograph. */
  static String full(String phrase) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      String p = of(phrase.charAt(i));
      if (p == null) {
        return null;
      }
      out.append(p);
    }
    return out.toString();
  }

  /** The initials of a phrase of ideographs (the first letter of each syllable), or null. */
  static String initials(String phrase) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < phrase.length(); i++) {
      String p = of(phrase.charAt(i));
      if (p == null) {
        return null;
      }
      out.append(p.charAt(0));
    }
    return out.toString();
  }

  /** The sound units of a normalized text, with the normalized unit each came from and its edges. */
  static final class Sound {
    char[] units = new char[512];
    int[] source = new int[512];
    byte[] edges = new byte[512];
    int length;
    /** Per normalized unit, ideographs to the nearest Latin letter after it (capped), see {@link #of}. */
    private byte[] after = new byte[512];

    /**
     * Builds the sound of {@code s[0, n)}, whose units are classed by {@code folder}. A hit must hold a Latin letter
     * and at most {@code reach} ideographs, so an ideograph more than {@code reach} ideographs (counted across spaces
     * and separators only) from every Latin letter cannot be in one: it is not read, and a run of them becomes one
     * break. Texts that are mostly Chinese with a Latin word or two are read around those words only.
     */
    void of(char[] s, int n, TermFolder folder, int reach) {
      length = 0;
      if (units.length < 4 * n) {
        units = new char[4 * n + 16];
        source = new int[4 * n + 16];
        edges = new byte[4 * n + 16];
      }
      if (after.length < n) {
        after = new byte[n + 16];
      }
      int cap = Math.min(reach + 1, 127);
      int d = cap;
      for (int i = n - 1; i >= 0; i--) {
        d = distance(folder.classOf(s[i]), d, cap);
        after[i] = (byte) d;
      }
      int before = cap;
      for (int i = 0; i < n; i++) {
        char c = s[i];
        byte k = folder.classOf(c);
        before = distance(k, before, cap);
        if (k == TermFolder.HAN && before >= cap && after[i] >= cap) {
          if (length == 0 || units[length - 1] != ' ') {
            add(' ', i, (byte) 0);
          }
          continue;
        }
        if (k == TermFolder.HAN) {
          int from = Table.OFFSET[c];
          int to = Table.OFFSET[c + 1];
          if (from == to) {
            add(' ', i, (byte) 0);
            continue;
          }
          for (int j = from; j < to; j++) {
            add(Table.LETTERS[j], i, (byte) ((j == from ? START : 0) | (j == to - 1 ? END : 0)));
          }
        } else if (k == TermFolder.LETTER) {
          boolean first = i == 0 || folder.classOf(s[i - 1]) != TermFolder.LETTER;
          boolean last = i + 1 == n || folder.classOf(s[i + 1]) != TermFolder.LETTER;
          add(c, i, (byte) ((first ? START : 0) | (last ? END : 0)));
        } else if (k != TermFolder.SPACE && k != TermFolder.SEPARATOR) {
          add(' ', i, (byte) 0);
        }
      }
    }

    /** Ideographs to the last Latin letter seen, after a unit of class {@code k} (capped at {@code cap}). */
    private static int distance(byte k, int d, int cap) {
      if (k == TermFolder.LETTER) {
        return 0;
      }
      if (k == TermFolder.HAN) {
        return Math.min(d + 1, cap);
      }
      return k == TermFolder.SPACE || k == TermFolder.SEPARATOR ? d : cap;
    }

    private void add(char c, int from, byte edge) {
      if (length == units.length) {
        units = java.util.Arrays.copyOf(units, 2 * length);
        source = java.util.Arrays.copyOf(source, 2 * length);
        edges = java.util.Arrays.copyOf(edges, 2 * length);
      }
      units[length] = c;
      source[length] = from;
      edges[length] = edge;
      length++;
    }
  }
}
