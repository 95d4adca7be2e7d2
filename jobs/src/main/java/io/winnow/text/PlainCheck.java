package io.winnow.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check of {@link TermFolder#plainText} as a finite machine over one category per unit: one table look-up per
 * unit, which a scan can run beside its own ({@link Automaton#scanChecked}). The machine is generated from
 * {@link #step}, which states the rules once, by visiting every state it reaches.
 *
 * <p>Rules (each the negation of a fold's condition, or a wider one): only a-z, digits, ideographs, spaces and
 * separators that are no leet symbol ({@code @ $}); no word of letters and digits ({@code b4k1ng}, {@code 5g}); no
 * {@code minSingleRun} one-unit words with only spaces or separators between them, nor two in a text with an ideograph
 * (runs of single letters); no word of letters between two ideographs (letters between ideographs); no run of spaces
 * and separators between a word unit or ideograph and another, one of them an ideograph (dropped beside ideographs);
 * no run of one or two separators that end no word between two word units (inside a word).
 */
final class PlainCheck {
  /** Categories of units. */
  static final int LETTER = 0;
  static final int DIGIT = 1;
  static final int HAN = 2;
  static final int SPACE = 3;
  /** A separator that is one mark (not a low surrogate), ends no word, and is no leet symbol. */
  static final int MARK = 4;
  /** The low surrogate of a separator (an emoji's second unit): no mark of its own. */
  static final int LOW = 5;
  /** A separator that ends a word ({@code , ' / )}). */
  static final int ENDER = 6;
  /** Anything else: the fold may change it. */
  static final int OTHER = 7;
  /** The end of the text (or span): no unit. */
  static final int END = 8;
  static final int CATEGORIES = 9;
  /** The categories of the units a fold may drop between a word and a link (as a bit set): spaces, separators. */
  static final int GAP_CATEGORIES = 1 << SPACE | 1 << MARK | 1 << LOW | 1 << ENDER;

  /** The state every text starts in, and the absorbing state of a text the fold may change more in. */
  static final int START = 1;
  static final int REJECT = 0;

  private static final int NONE = 0;
  private static final int LETTERS = 1;
  private static final int DIGITS = 2;
  private static final int IDEOGRAPHS = 3;
  private static final int GAP = 4;

  private final int minSingleRun;
  /** Per state and category ({@code state * CATEGORIES + category}): the next state. */
  final int[] next;
  /** Per state: {@link TermFolder#PLAIN} and the flags of what it has seen (ideographs, a-z, a pair of single words). */
  final int[] flags;

  PlainCheck(int minSingleRun) {
    this.minSingleRun = minSingleRun;
    Map<Integer, Integer> ids = new HashMap<>();
    List<Integer> keys = new ArrayList<>();
    ids.put(-1, REJECT);
    keys.add(-1);
    ids.put(0, START);
    keys.add(0);
    List<int[]> rows = new ArrayList<>();
    for (int s = 0; s < keys.size(); s++) {
      int[] row = new int[CATEGORIES];
      for (int c = 0; c < CATEGORIES; c++) {
        int key = keys.get(s) < 0 ? -1 : step(keys.get(s), c);
        Integer id = ids.get(key);
        if (id == null) {
          id = keys.size();
          ids.put(key, id);
          keys.add(key);
        }
        row[c] = id;
      }
      rows.add(row);
    }
    next = new int[rows.size() * CATEGORIES];
    flags = new int[rows.size()];
    for (int s = 0; s < rows.size(); s++) {
      System.arraycopy(rows.get(s), 0, next, s * CATEGORIES, CATEGORIES);
      int key = keys.get(s);
      flags[s] = key < 0 ? 0 : TermFolder.PLAIN | (bit(key, HAN_SEEN) ? TermFolder.PLAIN_HAN : 0)
          | (bit(key, LATIN_SEEN) ? TermFolder.PLAIN_LATIN : 0) | (bit(key, PAIR) ? TermFolder.PLAIN_PAIR : 0);
    }
  }

  /** The states the machine reaches. */
  int states() {
    return flags.length;
  }

  // A state's key: mode (3 bits), then flags.
  private static final int ONE_UNIT = 1 << 3; // the word so far is one unit
  private static final int AFTER_HAN = 1 << 4; // the word began right after an ideograph
  private static final int LEFT_WORD = 1 << 5; // the gap began after a word
  private static final int LEFT_HAN = 1 << 6; // the gap began after an ideograph
  private static final int GAP_SPACE = 1 << 7;
  private static final int GAP_ENDER = 1 << 8;
  private static final int MARKS = 9; // 2 bits: marks in the gap, 3 for more than two
  private static final int SINGLES = 11; // 2 bits: one-unit words in a row
  private static final int PAIR = 1 << 13;
  private static final int HAN_SEEN = 1 << 14;
  private static final int LATIN_SEEN = 1 << 15;
  private static final int KEPT = PAIR | HAN_SEEN | LATIN_SEEN | (3 << SINGLES);

  private static boolean bit(int key, int bit) {
    return (key & bit) != 0;
  }

  /** The next state's key after a unit of {@code category} (or the end), -1 to reject. */
  private int step(int key, int category) {
    int mode = key & 7;
    boolean word = mode == LETTERS || mode == DIGITS;
    if (category == OTHER) {
      return -1;
    }
    if (category == LETTER || category == DIGIT) {
      int kind = category == LETTER ? LETTERS : DIGITS;
      if (word) {
        return mode != kind ? -1 : key & ~ONE_UNIT; // letters and digits in one word: leet, 5g
      }
      if (mode == GAP && (bit(key, LEFT_HAN) || (bit(key, LEFT_WORD) && !bit(key, GAP_SPACE)
          && !bit(key, GAP_ENDER) && ((key >> MARKS) & 3) <= 2))) {
        return -1; // dropped beside an ideograph, or separators inside a word
      }
      return (key & KEPT) | kind | ONE_UNIT | (mode == IDEOGRAPHS ? AFTER_HAN : 0)
          | (category == LETTER ? LATIN_SEEN : 0);
    }
    if (word) {
      key = wordEnd(key);
      if (key < 0 || (category == HAN && mode == LETTERS && bit(key, AFTER_HAN))) {
        return -1; // a run of single words, or letters between ideographs
      }
    }
    if (category == HAN) {
      if (mode == GAP && (bit(key, LEFT_WORD) || bit(key, LEFT_HAN))) {
        return -1; // a gap between a word or ideograph and an ideograph: dropped
      }
      return (key & (PAIR | LATIN_SEEN)) | HAN_SEEN | IDEOGRAPHS;
    }
    if (category == END) {
      return bit(key, PAIR) && bit(key, HAN_SEEN) ? -1 : key & (PAIR | HAN_SEEN | LATIN_SEEN);
    }
    if (mode != GAP) {
      key = (key & KEPT) | GAP | (word ? LEFT_WORD : 0) | (mode == IDEOGRAPHS ? LEFT_HAN : 0);
    }
    int marks = Math.min(3, ((key >> MARKS) & 3) + (category == MARK || category == ENDER ? 1 : 0));
    return (key & ~(3 << MARKS)) | (marks << MARKS) | (category == SPACE ? GAP_SPACE : 0)
        | (category == ENDER ? GAP_ENDER : 0);
  }

  /** The key after a word ends: one more single word in a row, or none; -1 for a run the fold may join. */
  private int wordEnd(int key) {
    int singles = bit(key, ONE_UNIT) ? ((key >> SINGLES) & 3) + 1 : 0;
    if (singles >= minSingleRun) {
      return -1;
    }
    return (key & ~(3 << SINGLES)) | (singles << SINGLES) | (singles == 2 ? PAIR : 0);
  }
}
