package io.winnow.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.SpoofChecker;

/**
 * The folds of the terms channel, applied alike to phrases and to normalized texts, after {@link TextNormalizer}: what
 * an evader changes in a phrase that a reader still reads as the phrase. One pass over the normalized units, a table
 * look-up per unit; every folded unit remembers the normalized range it came from, so hits map back to the original.
 *
 * <ul>
 *   <li>Confusables in mixed-script words: a Greek or Cyrillic letter in a word that also has Latin letters or digits
 *       becomes the Latin letter it is drawn like (ICU's confusable skeleton; {@code bаking} with a Cyrillic а is
 *       {@code baking}). A word wholly in Greek or Cyrillic is left alone: it is a real word of that language. Latin
 *       letters drawn like a-z ({@code ɡ}, {@code ı}) always become that letter.
 *   <li>Leet: in a word of at least two letters with fewer digits than letters, {@code 0 1 3 4 5 7 8 @ $} become
 *       {@code o i e a s t b a s} ({@code @} and {@code $} also at the start of a word) ({@code b4k1ng} is {@code baking}; {@code 5g} and {@code 2020s} are left alone).
 *       A short leet word, as many leet digits as letters or fewer ({@code s0}, {@code d0}, {@code s0d4}), is folded
 *       only beside such a word, across spaces ({@code d0 n0t}, {@code b4k1ng s0d4}): alone it is as likely
 *       {@code 5g}, {@code 4k} or {@code a1}.
 *   <li>Separators inside a word are dropped: one or two punctuation marks, symbols or emoji (not brackets, quotes or
 *       slashes, nor sentence punctuation such as commas) between two letters or digits ({@code b.a.k.i.n.g}, {@code baking-soda}, {@code b🔥a🔥k}).
 *       Where they joined two parts of two units or more ({@code cdc_news}, {@code cdc.official}), the second part's
 *       first unit is a part break ({@link Folded#breaksBefore}): a word edge for a phrase of whole words, so a
 *       handle still holds the name it is built on, while the joined form stays one word for joined phrases.
 *   <li>Runs of single letters are joined: at least {@code minSingleRun} one-letter (or digit) words in a row,
 *       separated only by spaces or separators ({@code b a k i n g}); two are enough next to an ideograph
 *       ({@code 5 G 基站}). Words of two letters or more are never joined to their neighbours, so {@code so da} stays
 *       two words, and "a b" in ordinary English stays as it is.
 *   <li>Spaces and separators between a word and an ideograph are dropped ({@code 5g 基站} is {@code 5g基站}).
 *   <li>Single Latin letters slipped between ideographs are dropped when they form a chain, at least two of them
 *       ({@code 新x冠x疫苗}); one alone is kept, since Chinese writes {@code A股}, {@code B超}, {@code T恤}.
 *   <li>Repeated letters are collapsed into one unit that records the count; {@link TermMatcher} then accepts a hit
 *       only where each count equals the phrase's or is an obvious repeat (three or more, more than the phrase has), so
 *       {@code cuuures} is {@code cures} but {@code good} is not {@code god}.
 * </ul>
 *
 * <p>Thread-safe; the tables are built once per JVM ({@link #shared()}).
 */
public final class TermFolder {
  static final byte OTHER = 0;
  static final byte LETTER = 1;
  static final byte DIGIT = 2;
  /** A Greek or Cyrillic letter drawn like a Latin one. */
  static final byte CONFUSABLE = 3;
  static final byte HAN = 4;
  static final byte SPACE = 5;
  /** Punctuation, symbols, emoji (surrogates): dropped between word characters. */
  static final byte SEPARATOR = 6;
  /** A letter or digit of another script: part of a word, never folded. */
  static final byte WORD = 7;
  /** A Latin letter drawn like one of a-z ({@code ɡ}, {@code ı}): always that letter. */
  static final byte LATIN_LIKE = 8;

  private final byte[] classes = new byte[0x10000];
  /** The Latin letter of a confusable, the letter of a leet digit or symbol, else the unit itself. */
  private final char[] latin = new char[0x10000];
  private final char[] leet = new char[0x10000];
  /** Per unit, whether it ends a word ({@link #isBracketOrQuote}), looked up once per separator after a word. */
  private final boolean[] enders = new boolean[0x10000];
  private final int minSingleRun;
  private final PlainCheck plain;
  private final byte[] plainCategories = new byte[0x10000];
  /** Separators (code points) between two letters that still count as inside a word ({@code b..a}, {@code b🔥a}). */
  private static final int MAX_INNER_SEPARATORS = 2;
  private static final String WORD_ENDERS = "<>\"'/\\,;:!?\u3001\u3002";
  private final ThreadLocal<Folded> scratch = ThreadLocal.withInitial(() -> new Folded(false));
  private final ThreadLocal<Folded> tracked = ThreadLocal.withInitial(() -> new Folded(true));

  private static final class Holder {
    static final TermFolder SHARED = new TermFolder(3);
  }

  /** One instance per JVM. */
  public static TermFolder shared() {
    return Holder.SHARED;
  }

  /** @param minSingleRun one-letter words in a row that are joined into one word (two next to an ideograph) */
  TermFolder(int minSingleRun) {
    this.minSingleRun = minSingleRun;
    SpoofChecker spoof = new SpoofChecker.Builder().build();
    for (int c = 0; c < 0x10000; c++) {
      latin[c] = (char) c;
      leet[c] = (char) c;
      classes[c] = classify(c, spoof);
      enders[c] = isBracketOrQuote((char) c);
    }
    String digits = "0134578@$";
    String letters = "oieastbas";
    for (int k = 0; k < digits.length(); k++) {
      leet[digits.charAt(k)] = letters.charAt(k);
    }
    for (int c = 0; c < 0x10000; c++) {
      plainCategories[c] = (byte) plainCategory((char) c);
    }
    plain = new PlainCheck(minSingleRun);
  }

  private byte classify(int c, SpoofChecker spoof) {
    if (Character.isSurrogate((char) c)) {
      return SEPARATOR;
    }
    if (c >= 'a' && c <= 'z') {
      return LETTER;
    }
    if (c >= '0' && c <= '9') {
      return DIGIT;
    }
    if (c == ' ') {
      return SPACE;
    }
    int script = UScript.getScript(c);
    if (script == UScript.HAN && UCharacter.isLetter(c)) {
      return HAN;
    }
    if (UCharacter.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
      boolean lgc = script == UScript.GREEK || script == UScript.CYRILLIC || script == UScript.LATIN;
      if (lgc && UCharacter.isLowerCase(c)) {
        String skeleton = spoof.getSkeleton(SpoofChecker.ANY_CASE, String.valueOf((char) c));
        if (skeleton.length() == 1 && skeleton.charAt(0) >= 'a' && skeleton.charAt(0) <= 'z') {
          latin[c] = skeleton.charAt(0);
          return script == UScript.LATIN ? LATIN_LIKE : CONFUSABLE;
        }
      }
      return WORD;
    }
    return UCharacter.isWhitespace(c) ? SPACE : SEPARATOR;
  }

  byte classOf(char c) {
    return classes[c];
  }

  /**
   * Folds {@code text[0, n)} into a thread-local result, valid until the thread's next call. For phrases and texts
   * alike.
   */
  Folded fold(char[] text, int n) {
    return fold(text, n, (char[]) null);
  }

  /**
   * As {@link #fold(char[], int)}, with every ideograph read through {@code han} (one unit for one; null: as it is):
   * the scan's homophone reading.
   */
  Folded fold(char[] text, int n, char[] han) {
    return fold(text, n, han, null);
  }

  /**
   * As {@link #fold(char[], int, char[])}, noting in {@link Folded#watchedChanged} whether the fold dropped or changed
   * a unit that is set in {@code watched} (a table over all UTF-16 units; null: nothing watched).
   */
  Folded fold(char[] text, int n, char[] han, boolean[] watched) {
    Folded f = scratch.get();
    f.watched = watched;
    fold(text, n, f, han);
    return f;
  }

  /**
   * As {@link #fold(char[], int)}, with the normalized range and repeat count of every unit (a second thread-local
   * result): what a hit is checked against. Most texts match nothing, so the scan folds without them first.
   */
  Folded foldTracked(char[] text, int n) {
    Folded f = tracked.get();
    fold(text, n, f);
    return f;
  }

  /**
   * The tracked fold with {@code han} and {@code watched} as {@link #fold(char[], int, char[], boolean[])} takes them,
   * into a fresh result: the oracle of the untracked fold's fast paths ({@link #plainWordUntracked}, the ideograph
   * runs copied without tracking), which the tracked fold never takes.
   */
  Folded foldTracked(char[] text, int n, char[] han, boolean[] watched) {
    Folded f = new Folded(true);
    f.watched = watched;
    fold(text, n, f, han);
    return f;
  }

  /** Bits of {@link #plainText}: the fold would only collapse repeats, and would set {@link Folded#han} ... */
  static final int PLAIN = 1;
  static final int PLAIN_HAN = 2;
  /** ... and {@link Folded#latin}. */
  static final int PLAIN_LATIN = 4;
  /** Two one-unit words in a row: the fold joins them beside an ideograph only. */
  static final int PLAIN_PAIR = 8;
  /** Where {@link #plainTextBesideLinks} puts the number of links. */
  static final int LINKS_SHIFT = 4;
  /** At most this many links are folded apart in a text; a text with more is folded whole. */
  static final int MAX_LINKS = 4;
  /** Ints per link in {@link #plainTextBesideLinks}'s array. */
  static final int LINK_INTS = 4;
  /** A longer link is folded with its text. */
  static final int MAX_LINK_UNITS = 2048;

  /**
   * Whether the fold of {@code s[0, n)} would only collapse repeated letters a-z (and read ideographs as homophones):
   * then its units are {@code s} with each run of one letter a-z written once, nothing dropped, no part break, and a
   * scan may read {@code s} as that ({@link Automaton#scanCollapsed}) instead of folding it. One class look-up per
   * unit, most texts in one pass. Returns 0 when the fold may do more, else {@link #PLAIN} with {@link #PLAIN_HAN} and
   * {@link #PLAIN_LATIN} as {@link Folded#han} and {@link Folded#latin} would be.
   *
   * <p>Conservative, each rule the negation of a fold's condition (or a wider one): only a-z, digits, ideographs,
   * spaces and separators that are no leet symbol ({@code @ $}); no word of letters and digits ({@code b4k1ng},
   * {@code 5g}); no three one-unit words with only spaces or separators between them, nor two in a text with an
   * ideograph (runs of single letters); no word of letters between two ideographs (letters between ideographs); no run
   * of spaces and separators between a word unit or ideograph and another, one of them an ideograph (dropped beside
   * ideographs); no run of one or two separators that end no word between two word units (inside a word).
   */
  int plainText(char[] s, int n) {
    int flags = plainSpan(s, 0, n);
    return (flags & (PLAIN_PAIR | PLAIN_HAN)) == (PLAIN_PAIR | PLAIN_HAN) ? 0 : flags & ~PLAIN_PAIR;
  }

  /**
   * As {@link #plainText}, with each link ({@code http://} or {@code https://} to the next space, printable ASCII) read
   * apart: when the rest of the text passes the check and no rule of the fold reaches across a link's edges, the fold
   * of the text is the rest as it is (repeats collapsed) with each link folded alone, and the spaces and separators
   * between a link and an ideograph dropped. The link's edges: a space or the text's edge on either side, no leet
   * symbol in the spaces and separators there, two word units at its end (no run of single letters goes on past it;
   * it starts with {@code http}, so none comes into it). Returns the flags of {@link #plainText} (with
   * {@link #PLAIN_LATIN} for the links) and the number of links at {@link #LINKS_SHIFT}; for each link {@code k},
   * {@code links[4k, 4k + 4)} holds where the text before it stops (before the dropped units), its start and end, and
   * where the text after it resumes. 0 when the text must be folded.
   */
  int plainTextBesideLinks(char[] s, int n, int[] links) {
    int flags = 0;
    int count = 0;
    int pos = 0;
    for (int at = linkAt(s, n, 0); at >= 0; at = linkAt(s, n, at + 1)) {
      if (count == MAX_LINKS || !link(s, n, at, links, count)) {
        return 0;
      }
      int span = plainSpan(s, pos, links[4 * count]);
      if (span == 0) {
        return 0;
      }
      flags |= span;
      pos = links[4 * count + 3];
      count++;
    }
    int span = plainSpan(s, pos, n);
    return span == 0 ? 0 : besideLinksFlags(flags | span, count);
  }

  /** {@link #plainTextBesideLinks}'s result from the flags of its spans (with {@link #PLAIN_PAIR}) and links. */
  static int besideLinksFlags(int flags, int count) {
    if ((flags & (PLAIN_PAIR | PLAIN_HAN)) == (PLAIN_PAIR | PLAIN_HAN)) {
      return 0;
    }
    return (flags & ~PLAIN_PAIR) | (count > 0 ? PLAIN_LATIN : 0) | (count << LINKS_SHIFT);
  }

  /**
   * The link at {@code at} as {@link #plainTextBesideLinks} reads it apart, its four ints written at {@code links[4k,
   * 4k + 4)}; false when no rule of the fold may be kept from reaching across its edges (the text must be folded).
   */
  boolean link(char[] s, int n, int at, int[] links, int k) {
    int end = at;
    while (end < n && s[end] > ' ' && s[end] < 0x7F) {
      end++;
    }
    if (end - at > MAX_LINK_UNITS || (end < n && s[end] != ' ') || !isWordUnit(classes[s[end - 1]])
        || !isWordUnit(classes[s[end - 2]])) {
      return false;
    }
    int before = gapEdge(s, n, at, -1);
    int after = gapEdge(s, n, end, 1);
    if (before == -2 || after == -2) {
      return false;
    }
    links[4 * k] = before;
    links[4 * k + 1] = at;
    links[4 * k + 2] = end;
    links[4 * k + 3] = after;
    return true;
  }

  /** The next link at or after {@code from}: {@code http://} or {@code https://} at a text's start or after a space. */
  static int linkAt(char[] s, int n, int from) {
    for (int i = from; i + 7 < n; i++) {
      if (s[i] == 'h' && s[i + 1] == 't' && s[i + 2] == 't' && s[i + 3] == 'p' && (i == 0 || s[i - 1] == ' ')) {
        int colon = s[i + 4] == 's' ? i + 5 : i + 4;
        if (colon + 2 < n && s[colon] == ':' && s[colon + 1] == '/' && s[colon + 2] == '/') {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The edge of the text beside a link at {@code from} (its start, {@code step} -1, or its end, 1): when an ideograph
   * lies beyond the spaces and separators there, the fold drops them, and the text stops (resumes) at that ideograph;
   * else at {@code from}. -2 when a leet symbol is among them (the fold reads it as a word's start).
   */
  private int gapEdge(char[] s, int n, int from, int step) {
    int u = step < 0 ? from - 1 : from;
    boolean leetSymbol = false;
    while (u >= 0 && u < n && (classes[s[u]] == SPACE || classes[s[u]] == SEPARATOR)) {
      leetSymbol |= leet[s[u]] != s[u];
      u += step;
    }
    if (leetSymbol) {
      return -2;
    }
    return u >= 0 && u < n && classes[s[u]] == HAN ? (step < 0 ? u + 1 : u) : from;
  }

  /** {@link #plainText} of {@code s[from, to)}, with {@link #PLAIN_PAIR}; a run at an edge is not checked there. */
  int plainSpan(char[] s, int from, int to) {
    int[] next = plain.next;
    int state = PlainCheck.START;
    for (int i = from; i < to && state != PlainCheck.REJECT; i++) {
      state = next[state * PlainCheck.CATEGORIES + plainCategories[s[i]]];
    }
    return plain.flags[next[state * PlainCheck.CATEGORIES + PlainCheck.END]];
  }

  /** The category of a unit in {@link PlainCheck}. */
  private int plainCategory(char c) {
    byte k = classes[c];
    if (k == LETTER) {
      return PlainCheck.LETTER;
    } else if (k == DIGIT) {
      return PlainCheck.DIGIT;
    } else if (k == HAN) {
      return PlainCheck.HAN;
    } else if (k == SPACE) {
      return PlainCheck.SPACE;
    } else if (k != SEPARATOR || leet[c] != c) {
      return PlainCheck.OTHER;
    }
    return enders[c] ? PlainCheck.ENDER : Character.isLowSurrogate(c) ? PlainCheck.LOW : PlainCheck.MARK;
  }

  /** The machine of {@link #plainText} and the category of every unit in it, for a scan that runs it. */
  PlainCheck plainCheck() {
    return plain;
  }

  boolean isWordUnitOf(char c) {
    return isWordUnit(classes[c]);
  }

  byte plainCategoryOf(char c) {
    return plainCategories[c];
  }

  /** Folds a normalized phrase: a fresh result (phrases are folded once, at build time). */
  Folded foldPhrase(String normalized) {
    Folded f = new Folded(true);
    fold(normalized.toCharArray(), normalized.length(), f);
    return f;
  }

  /**
   * Brackets, quotes, slashes and sentence punctuation end a word ({@code alert(1)</script>} and {@code cure,cure} are
   * several words); other punctuation ({@code . - _ *}), symbols and emoji between two word units are inside it.
   */
  private static boolean isBracketOrQuote(char c) {
    int type = Character.getType(c);
    return type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
        || WORD_ENDERS.indexOf(c) >= 0;
  }

  private boolean isWordUnit(byte k) {
    return k == LETTER || k == DIGIT || k == CONFUSABLE || k == WORD || k == LATIN_LIKE;
  }

  void fold(char[] s, int n, Folded f) {
    fold(s, n, f, null);
  }

  private void fold(char[] s, int n, Folded f, char[] han) {
    f.reset(n);
    int i = 0;
    int lastEnd = -1; // normalized end of the last word emitted, -1 before any
    while (i < n) {
      byte k = classes[s[i]];
      if (k == LETTER) {
        int j = plainWord(s, n, i, f);
        if (j > 0) {
          lastEnd = j;
          i = j;
          continue;
        }
      }
      if (k == HAN) {
        // a run of ideographs, the most common unit of Chinese text: copied (read as homophones when asked)
        f.han = true;
        if (f.tracked) {
          do {
            f.add(han == null ? s[i] : han[s[i]], i, i + 1);
            i++;
          } while (i < n && classes[s[i]] == HAN);
        } else {
          char[] out = f.units; // room for every unit read (see plainWordUntracked)
          int o = f.length;
          do {
            out[o++] = han == null ? s[i] : han[s[i]];
            i++;
          } while (i < n && classes[s[i]] == HAN);
          f.length = o;
        }
      } else if (isWordUnit(k) || startsLeetWord(s, n, i)) {
        int end = wordEnd(s, n, i);
        int runEnd = singleRunEnd(s, n, i, end, f.han);
        emitWord(s, n, i, runEnd, f);
        lastEnd = runEnd;
        i = runEnd;
      } else if (k == SPACE && i > 0 && i + 1 < n && classes[s[i + 1]] == LETTER && classes[s[i - 1]] != HAN) {
        // one space before a Latin word, not after an ideograph (most spaces of English): kept, as the branch below
        // would keep it
        f.add(s[i], i, i + 1);
        i++;
      } else if (k == SPACE || k == SEPARATOR) {
        int j = i;
        while (j < n && (classes[s[j]] == SPACE || classes[s[j]] == SEPARATOR) && !startsLeetWord(s, n, j)) {
          j++;
        }
        boolean afterWordOrHan = i > 0 && (lastEnd == i || classes[s[i - 1]] == HAN);
        boolean beforeWordOrHan = j < n && (isWordUnit(classes[s[j]]) || classes[s[j]] == HAN);
        boolean touchesHan = (i > 0 && classes[s[i - 1]] == HAN) || (j < n && classes[s[j]] == HAN);
        if (!(afterWordOrHan && beforeWordOrHan && touchesHan)) {
          f.addAll(s, i, j); // spaces and separators: no a-z among them
        } else {
          f.dropped(s, i, j);
        }
        i = j;
      } else {
        f.add(s[i], i, i + 1);
        i++;
      }
    }
    if (f.lettersByHan) {
      dropLetterChains(f);
    }
  }

  /**
   * The fast path of the common word, a-z only, not a single letter, not inside a word, followed by a space, an
   * ideograph, the end or a separator that ends it: copied with repeats collapsed; returns its end. Returns -1 (and
   * emits nothing) for any other word, which the general path then folds.
   */
  private int plainWord(char[] s, int n, int i, Folded f) {
    if (!f.tracked) {
      return plainWordUntracked(s, n, i, f);
    }
    int j = i;
    while (j < n && classes[s[j]] == LETTER) {
      j++;
    }
    if (j - i < 2 || (i > 0 && isWordUnit(classes[s[i - 1]]))) {
      return -1;
    }
    if (j < n) {
      byte k = classes[s[j]];
      if (k != SPACE && k != HAN && !(k == SEPARATOR && !continuesWord(s, n, j))) {
        return -1;
      }
    }
    int lastOut = -1;
    for (int u = i; u < j; u++) {
      char c = s[u];
      if (lastOut >= 0 && f.units[lastOut] == c) {
        if (f.tracked) {
          f.repeat(lastOut, u + 1);
        }
        continue;
      }
      f.add(c, u, u + 1);
      lastOut = f.length - 1;
    }
    if (j - i == 2 && f.han && hanBefore(s, i)) {
      f.lettersByHan = true;
    }
    return j;
  }

  /**
   * {@link #plainWord} for the scan's fold, the hottest loop of the channel: one pass that copies while it reads, and
   * commits the copy ({@code f.length}) only once the word turns out plain. No capacity check: a fold never emits more
   * units than it reads, and {@link Folded#reset} gives room for all of them.
   */
  private int plainWordUntracked(char[] s, int n, int i, Folded f) {
    if (i > 0 && isWordUnit(classes[s[i - 1]])) {
      return -1;
    }
    char[] out = f.units;
    int o = f.length;
    char last = 0;
    int j = i;
    while (j < n) {
      char c = s[j];
      if ((char) (c - 'a') > 'z' - 'a') { // not a-z (LETTER): no table read in the hottest loop
        break;
      }
      out[o] = c; // written always (there is room), kept unless it repeats the last: no branch to mispredict
      o += c != last ? 1 : 0;
      last = c;
      j++;
    }
    if (j - i < 2) {
      return -1;
    }
    if (j < n) {
      byte k = classes[s[j]];
      if (k != SPACE && k != HAN && !(k == SEPARATOR && !continuesWord(s, n, j))) {
        return -1;
      }
    }
    f.length = o;
    f.latin = true;
    if (j - i == 2 && f.han && hanBefore(s, i)) {
      f.lettersByHan = true;
    }
    return j;
  }

  /** Whether the separators at {@code j} are inside a word (followed by a word unit, few, not ending words). */
  private boolean continuesWord(char[] s, int n, int j) {
    int m = j;
    int marks = 0;
    while (m < n && classes[s[m]] == SEPARATOR) {
      if (enders[s[m]]) {
        return false;
      }
      marks += Character.isLowSurrogate(s[m]) ? 0 : 1;
      m++;
    }
    return marks <= MAX_INNER_SEPARATORS && m < n && isWordUnit(classes[s[m]]);
  }

  /** Whether a leet symbol ({@code @}, {@code $}) at {@code i} starts a word ({@code $oda}). */
  private boolean startsLeetWord(char[] s, int n, int i) {
    return classes[s[i]] == SEPARATOR && leet[s[i]] != s[i] && i + 1 < n && isWordUnit(classes[s[i + 1]]);
  }

  /** End of the word at {@code i}: word units, with separators inside (followed by a word unit) included. */
  private int wordEnd(char[] s, int n, int i) {
    int j = i;
    while (j < n) {
      byte k = classes[s[j]];
      if (k == LETTER) {
        j++;
      } else if (isWordUnit(k)) {
        j++;
      } else if (k == SEPARATOR && continuesWord(s, n, j)) {
        while (classes[s[j]] == SEPARATOR) {
          j++;
        }
      } else {
        break;
      }
    }
    return j;
  }

  /**
   * When the word {@code [i, end)} is one unit and starts a run of such words separated only by spaces and
   * separators, long enough to join, the end of that run; else {@code end}.
   */
  private int singleRunEnd(char[] s, int n, int i, int end, boolean hanSeen) {
    if (end != i + 1 || (i > 0 && isWordUnit(classes[s[i - 1]]))) {
      return end;
    }
    int count = 1;
    int last = end;
    int j = end;
    while (true) {
      int m = j;
      while (m < n && (classes[s[m]] == SPACE || classes[s[m]] == SEPARATOR)) {
        m++;
      }
      if (m == j || m >= n || !isWordUnit(classes[s[m]]) || wordEnd(s, n, m) != m + 1) {
        break;
      }
      count++;
      last = m + 1;
      j = m + 1;
    }
    boolean byHan = (hanSeen && i > 0 && hanBefore(s, i)) || (last < n && hanAfter(s, n, last));
    return count >= minSingleRun || (count >= 2 && byHan) ? last : end;
  }

  private boolean hanBefore(char[] s, int i) {
    int j = i - 1;
    while (j >= 0 && classes[s[j]] == SPACE) {
      j--;
    }
    return j >= 0 && classes[s[j]] == HAN;
  }

  private boolean hanAfter(char[] s, int n, int i) {
    int j = i;
    while (j < n && classes[s[j]] == SPACE) {
      j++;
    }
    return j < n && classes[s[j]] == HAN;
  }

  /** Emits the word (or joined run) {@code [start, end)}: separators dropped, confusables, leet, repeats folded. */
  private void emitWord(char[] s, int n, int start, int end, Folded f) {
    if (isPlain(s, start, end)) {
      // the common case, a word of a-z only: copied, repeats collapsed
      int lastOut = -1;
      for (int u = start; u < end; u++) {
        char c = s[u];
        if (lastOut >= 0 && f.units[lastOut] == c) {
          if (f.tracked) {
            f.repeat(lastOut, u + 1);
          }
          continue;
        }
        f.add(c, u, u + 1);
        lastOut = f.length - 1;
      }
      if (end - start <= 2 && start > 0 && f.han && hanBefore(s, start)) {
        f.lettersByHan = true;
      }
      return;
    }
    int letters = 0;
    int digits = 0;
    int confusables = 0;
    for (int u = start; u < end; u++) {
      char c = s[u];
      byte k = classes[c];
      if (k == LETTER || k == LATIN_LIKE) {
        letters++;
      } else if (k == CONFUSABLE) {
        confusables++;
      } else if (k == DIGIT || (k == SEPARATOR && leet[c] != c)) {
        digits++;
      }
    }
    boolean mixed = confusables > 0 && (letters > 0 || digits > 0);
    int allLetters = letters + (mixed ? confusables : 0);
    boolean leetWord = digits > 0 && allLetters >= 2 && digits < allLetters;
    if (leetWord) {
      f.leetEnd = end;
    } else if (digits > 0 && allLetters >= 1 && digits <= allLetters && onlyLeetDigits(s, start, end)) {
      // a short leet word (s0, d0, s0d4) only beside a leet word: alone it is as likely 5g, 4k or a1
      leetWord = (f.leetEnd >= 0 && onlySpaces(s, f.leetEnd, start)) || leetWordAfter(s, n, end);
    }
    if (start > 0 && f.han && hanBefore(s, start) && allLetters == end - start && end - start <= 2) {
      f.lettersByHan = true;
    }
    int lastOut = -1; // index in f of the last letter emitted from this word
    int partStart = start; // where the current part of the word began (after the last separator)
    boolean partBreak = false; // the next unit emitted starts a part of two units or more after one as long
    for (int u = start; u < end; u++) {
      char c = s[u];
      byte k = classes[c];
      char out;
      if (k == LETTER) {
        out = c;
      } else if (k == LATIN_LIKE) {
        out = latin[c];
      } else if (k == CONFUSABLE) {
        out = mixed ? latin[c] : c;
      } else if (k == DIGIT) {
        out = leetWord ? leet[c] : c;
      } else if (k == SEPARATOR || k == SPACE) {
        if (!(leetWord && leet[c] != c)) {
          f.changed(c);
          if (u > partStart) {
            partBreak = u - partStart >= 2 && partLength(s, u, end) >= 2;
          }
          partStart = u + 1;
          continue;
        }
        out = leet[c];
      } else {
        out = c;
      }
      if (out != c) {
        f.changed(c);
      }
      if (lastOut >= 0 && out >= 'a' && out <= 'z' && f.units[lastOut] == out && lastOut == f.length - 1) {
        if (f.tracked) {
          f.repeat(lastOut, u + 1);
        }
        partBreak = false;
        continue;
      }
      if (partBreak) {
        f.partBreak(f.length);
        partBreak = false;
      }
      f.add(out, u, u + 1);
      lastOut = f.length - 1;
    }
  }

  /** Word units of the part of a word after the separators at {@code u}, up to the next separator or {@code end}. */
  private int partLength(char[] s, int u, int end) {
    int j = u;
    while (j < end && (classes[s[j]] == SEPARATOR || classes[s[j]] == SPACE)) {
      j++;
    }
    int units = 0;
    while (j < end && classes[s[j]] != SEPARATOR && classes[s[j]] != SPACE) {
      units++;
      j++;
    }
    return units;
  }

  private boolean onlyLeetDigits(char[] s, int start, int end) {
    for (int u = start; u < end; u++) {
      if (classes[s[u]] == DIGIT && leet[s[u]] == s[u]) {
        return false;
      }
    }
    return true;
  }

  private boolean onlySpaces(char[] s, int from, int to) {
    for (int u = from; u < to; u++) {
      if (classes[s[u]] != SPACE) {
        return false;
      }
    }
    return from < to;
  }

  /** Whether the word after the spaces at {@code end} is a leet word (more letters than digits, two letters or more). */
  private boolean leetWordAfter(char[] s, int n, int end) {
    int i = end;
    while (i < n && classes[s[i]] == SPACE) {
      i++;
    }
    if (i == end || i >= n || !(isWordUnit(classes[s[i]]) || startsLeetWord(s, n, i))) {
      return false;
    }
    int to = wordEnd(s, n, i);
    int letters = 0;
    int digits = 0;
    for (int u = i; u < to; u++) {
      byte k = classes[s[u]];
      if (k == LETTER || k == LATIN_LIKE || k == CONFUSABLE) {
        letters++;
      } else if (k == DIGIT || (k == SEPARATOR && leet[s[u]] != s[u])) {
        digits++;
      }
    }
    return digits > 0 && letters >= 2 && digits < letters;
  }

  private boolean isPlain(char[] s, int start, int end) {
    for (int u = start; u < end; u++) {
      if (classes[s[u]] != LETTER) {
        return false;
      }
    }
    return true;
  }

  /**
   * Drops single Latin letters between two ideographs when at least two such letters are in a chain
   * (ideograph, letter, ideograph, letter, ideograph).
   */
  private void dropLetterChains(Folded f) {
    int n = f.length;
    boolean[] drop = null;
    for (int i = 1; i + 3 < n; i++) {
      if (isSandwiched(f, i) && isSandwiched(f, i + 2)) {
        drop = drop == null ? new boolean[n] : drop;
        drop[i] = true;
        drop[i + 2] = true;
      }
    }
    if (drop == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (drop[i]) {
        f.changed(f.units[i]); // a letter a-z emitted as itself: the normalized unit
      }
    }
    for (int k = 0; k < f.partBreakCount; k++) {
      int at = f.partBreaks[k];
      for (int i = 0; i < at && i < n; i++) {
        f.partBreaks[k] -= drop[i] ? 1 : 0;
      }
    }
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (!drop[i]) {
        f.units[o] = f.units[i];
        if (f.tracked) {
          f.from[o] = f.from[i];
          f.to[o] = f.to[i];
          f.repeats[o] = f.repeats[i];
        }
        o++;
      }
    }
    f.length = o;
  }

  private boolean isSandwiched(Folded f, int i) {
    char c = f.units[i];
    return c >= 'a' && c <= 'z' && classes[f.units[i - 1]] == HAN && classes[f.units[i + 1]] == HAN;
  }

  /** Folded units, and for each the normalized range it came from and how many repeated letters it stands for. */
  static final class Folded {
    /** Whether {@link #from}, {@link #to} and {@link #repeats} are kept (else only the units). */
    final boolean tracked;
    char[] units = new char[256];
    int[] from = new int[256];
    int[] to = new int[256];
    int[] repeats = new int[256];
    int length;

    Folded(boolean tracked) {
      this.tracked = tracked;
    }
    boolean han;
    /** Whether a Latin letter (a-z) was emitted. */
    boolean latin;
    boolean lettersByHan;
    /**
     * Whether the fold only collapsed repeated letters (a-z): every other unit is the normalized one, none dropped
     * (ideographs read as homophones count as themselves). Then a string is in the normalized text exactly where its
     * collapsed form is in the folded one with the same repeats inside and at least as many at either end.
     */
    boolean verbatim;
    /**
     * The units whose change the caller watches (see {@link #watchedChanged}), or null: set per fold by
     * {@link TermFolder#fold(char[], int, char[], boolean[])}.
     */
    boolean[] watched;
    /**
     * Whether the fold dropped a unit, or emitted one as another, whose normalized unit is set in {@link #watched} (a
     * repeat collapsed into its run is neither). When false, every string of watched units in the normalized text is
     * in the folded text at the same units, unchanged and contiguous: what the matcher's regex literals rely on.
     */
    boolean watchedChanged;
    /**
     * Units that begin a part of a word after dropped separators, both parts two units or more ({@code news} in
     * {@code cdc_news}): a word edge for phrases of whole words, though the parts are joined for joined phrases.
     */
    int[] partBreaks = new int[8];
    int partBreakCount;
    /** Normalized end of the last leet word emitted ({@code b4k1ng}), -1 before any: a short one beside it is leet. */
    int leetEnd;

    void reset(int capacity) {
      if (units.length < capacity + 16) {
        units = new char[capacity + 16];
        if (tracked) {
          from = new int[capacity + 16];
          to = new int[capacity + 16];
          repeats = new int[capacity + 16];
        }
      }
      length = 0;
      han = false;
      latin = false;
      lettersByHan = false;
      verbatim = true;
      watchedChanged = false;
      partBreakCount = 0;
      leetEnd = -1;
    }

    /** The normalized unit {@code c} was dropped or emitted as another unit. */
    void changed(char c) {
      verbatim = false;
      if (watched != null && watched[c]) {
        watchedChanged = true;
      }
    }

    /** The normalized units {@code s[from, to)} were dropped. */
    void dropped(char[] s, int from, int to) {
      verbatim = false;
      for (int u = from; u < to && watched != null && !watchedChanged; u++) {
        watchedChanged = watched[s[u]];
      }
    }

    void partBreak(int index) {
      if (partBreakCount == partBreaks.length) {
        partBreaks = java.util.Arrays.copyOf(partBreaks, 2 * partBreakCount);
      }
      partBreaks[partBreakCount++] = index;
    }

    /** Whether a word edge lies just before unit {@code index}: a part break of a word joined around separators. */
    boolean breaksBefore(int index) {
      if (partBreakCount == 0) {
        return false;
      }
      for (int k = 0; k < partBreakCount; k++) {
        if (partBreaks[k] == index) {
          return true;
        }
      }
      return false;
    }

    void add(char c, int start, int end) {
      if (length == units.length) {
        units = java.util.Arrays.copyOf(units, 2 * length);
        if (tracked) {
          from = java.util.Arrays.copyOf(from, 2 * length);
          to = java.util.Arrays.copyOf(to, 2 * length);
          repeats = java.util.Arrays.copyOf(repeats, 2 * length);
        }
      }
      units[length] = c;
      latin |= c >= 'a' && c <= 'z';
      if (tracked) {
        from[length] = start;
        to[length] = end;
        repeats[length] = 1;
      }
      length++;
    }

    /** Adds {@code s[from, to)}, units that are not a-z, each from its own normalized unit. */
    void addAll(char[] s, int from, int to) {
      if (tracked || length + to - from > units.length) {
        for (int u = from; u < to; u++) {
          add(s[u], u, u + 1);
        }
        return;
      }
      System.arraycopy(s, from, units, length, to - from);
      length += to - from;
    }

    void repeat(int index, int end) {
      repeats[index]++;
      to[index] = end;
    }

    String text() {
      return new String(units, 0, length);
    }
  }
}
