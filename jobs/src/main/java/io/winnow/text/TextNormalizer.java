package io.winnow.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import java.util.Arrays;

/**
 * Folds away the cheap tricks used to slip a phrase past a filter, in one pass over the text, while remembering where
 * each normalized character came from:
 *
 * <ul>
 *   <li>Unicode NFKC with case folding (full-width {@code ＣＤＣ１２３} becomes {@code cdc123});
 *   <li>zero-width and other invisible characters are dropped (format {@code Cf}, default-ignorable, controls);
 *   <li>whitespace, punctuation and symbols between two CJK ideographs are dropped ({@code 疾 控.中·心} becomes
 *       {@code 疾控中心}); elsewhere they are kept, and runs of whitespace become one space, trimmed at both ends;
 *   <li>traditional Chinese becomes simplified ({@code 預防} becomes {@code 预防}), character by character;
 *   <li>accents and other combining diacritics are removed (from the Combining Diacritical Marks blocks, and from
 *       Latin, Greek and Cyrillic letters: {@code bákíng} and {@code b̶a̶k̶i̶n̶g̶} become {@code baking}; marks of other
 *       scripts, such as kana's voicing marks, are kept);
 *   <li>before all that, HTML character references are decoded and right-to-left override runs are read in display
 *       order ({@link SourceDecoder}); their units map back to the whole reference or run.
 * </ul>
 *
 * <p>Sentence punctuation between ideographs ({@code 。，！}) is a filler too, since evaders use it as well; the price is
 * that a phrase can match across a sentence break ({@code 死。亡} reads as {@code 死亡}). Ordinary English spacing is
 * kept, so Latin letters spaced out one by one ({@code c d c}) are not joined here (terms join them: {@link TermFolder}). Simplification is a per-character table,
 * so it is applied identically to phrases and posts even where it is linguistically loose ({@code 乾} becomes
 * {@code 干}); only characters of U+3400–U+9FFF and U+F900–U+FAFF are simplified.
 *
 * <p>All Unicode look-ups for the Basic Multilingual Plane are done once, in the constructor (a tenth of a second; ICU's
 * Traditional-Simplified transliterator, far too slow to run per post or even per start, is run by the build:
 * {@link SimplifiedTable}). Per call, a character is
 * a few array look-ups; ICU is only called for characters that can combine with their neighbours (combining marks,
 * Hangul jamo) and for supplementary code points that normalization changes (emoji are copied). Thread-safe: build one per JVM and share it ({@link #shared()}).
 */
public final class TextNormalizer {
  static final byte OTHER = 0;
  static final byte CJK = 1;
  static final byte SPACE = 2;
  /** Punctuation or symbol: removed when it sits between two CJK ideographs. */
  static final byte FILLER = 3;
  static final byte REMOVE = 4;

  /** The character is a normalization boundary: it can be normalized alone when its successor is one too. */
  private static final byte BOUNDARY = 1;
  private static final byte MAPS_TO_NOTHING = 2;
  private static final byte MAPS_TO_SEVERAL = 4;

  /**
   * Scratch buffers are kept per thread up to this many UTF-16 units; longer input gets throw-away buffers so that one
   * huge post does not pin megabytes per executor thread.
   */
  private static final int RETAINED_SCRATCH_UNITS = 1 << 16;

  private final Normalizer2 nfkcCasefold = Normalizer2.getNFKCCasefoldInstance();
  /** BMP traditional ideograph to its simplified form (identity elsewhere). */
  private final char[] simplified = new char[0x10000];
  /** BMP unit without its diacritics ({@code á} to {@code a}); 0 for a combining diacritic, which is dropped. */
  private final char[] bare = new char[0x10000];
  /** Per input BMP unit: its full normalization when it maps to exactly one unit. */
  private final char[] single = new char[0x10000];
  /** Per input BMP unit: its full normalization when it maps to two or more units, else null. */
  private final String[] several = new String[0x10000];
  private final byte[] flags = new byte[0x10000];
  /** Per normalized BMP unit: OTHER, CJK, SPACE, FILLER or REMOVE. */
  private final byte[] kinds = new byte[0x10000];
  /**
   * The hot loop's one look-up per unit: bits 0-15 its single-unit normalization, bits 16-18 that unit's kind, then
   * the flags below.
   */
  private final int[] packed = new int[0x10000];
  private static final int P_KIND_SHIFT = 16;
  private static final int P_BOUNDARY = 1 << 19;
  private static final int P_NOTHING = 1 << 20;
  private static final int P_SEVERAL = 1 << 21;
  /** Planes 1 and 2: 0 not yet known, 1 not inert, 2 + kind when inert (see {@link #inertKind}). */
  private final byte[] supplementary = new byte[0x20000];
  private final ThreadLocal<Buffer> scratch = ThreadLocal.withInitial(Buffer::new);

  public TextNormalizer() {
    buildSimplifiedTable();
    buildBareTable();
    for (int c = 0; c < 0x10000; c++) {
      kinds[c] = classify(c);
      if (Character.isSurrogate((char) c)) {
        continue; // flags stay 0: surrogates always take the code-point path
      }
      String folded = strip(simplify(nfkcCasefold.normalize(String.valueOf((char) c))));
      byte f = nfkcCasefold.hasBoundaryBefore(c) ? BOUNDARY : 0;
      if (folded.isEmpty()) {
        f |= MAPS_TO_NOTHING;
      } else if (folded.length() == 1) {
        single[c] = folded.charAt(0);
      } else {
        f |= MAPS_TO_SEVERAL;
        several[c] = folded;
      }
      flags[c] = f;
    }
    for (int c = 0; c < 0x10000; c++) {
      byte f = flags[c];
      packed[c] = single[c] | (kinds[single[c]] << P_KIND_SHIFT) | ((f & BOUNDARY) != 0 ? P_BOUNDARY : 0)
          | ((f & MAPS_TO_NOTHING) != 0 ? P_NOTHING : 0) | ((f & MAPS_TO_SEVERAL) != 0 ? P_SEVERAL : 0);
    }
  }

  private static final class Holder {
    static final TextNormalizer SHARED = new TextNormalizer();
  }

  /** One instance per JVM, built on first use; what executors should use so the tables are built once. */
  public static TextNormalizer shared() {
    return Holder.SHARED;
  }

  private void buildSimplifiedTable() {
    SimplifiedTable.fill(simplified); // ICU's Traditional-Simplified, precomputed by the build
  }

  /** Diacritics: a combining mark of the diacritic blocks maps to 0 (dropped); LGC letters lose their marks. */
  private void buildBareTable() {
    Normalizer2 nfd = Normalizer2.getNFDInstance();
    Normalizer2 nfc = Normalizer2.getNFCInstance();
    for (int c = 0; c < 0x10000; c++) {
      bare[c] = (char) c;
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      if (isDiacritic(c)) {
        bare[c] = 0;
        continue;
      }
      int script = UScript.getScript(c);
      if (script != UScript.LATIN && script != UScript.GREEK && script != UScript.CYRILLIC) {
        continue;
      }
      String d = nfd.normalize(String.valueOf((char) c));
      if (d.length() < 2) {
        continue;
      }
      StringBuilder kept = new StringBuilder();
      d.codePoints().filter(u -> !isDiacritic(u)).forEach(kept::appendCodePoint);
      String base = nfc.normalize(kept);
      if (base.length() == 1) {
        bare[c] = base.charAt(0);
      }
    }
  }

  /** The combining diacritical marks: U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F. */
  private static boolean isDiacritic(int c) {
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF)
        || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
  }

  /** {@code s} with {@link #bare} applied to each unit (diacritics dropped). */
  private String strip(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char b = bare[c];
      if (b != c && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null && b != 0) {
        out.append(b);
      }
    }
    return out == null ? s : out.toString();
  }

  private String simplify(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (simplified[c] != c) {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = simplified[c];
      }
    }
    return chars == null ? s : new String(chars);
  }

  private static byte classify(int cp) {
    if (UCharacter.isUWhiteSpace(cp)) {
      return SPACE;
    }
    int type = UCharacter.getType(cp);
    if (type == UCharacterCategory.FORMAT
        || type == UCharacterCategory.CONTROL
        || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
      return REMOVE;
    }
    if (UScript.getScript(cp) == UScript.HAN
        && (type == UCharacterCategory.OTHER_LETTER
            || type == UCharacterCategory.LETTER_NUMBER
            || type == UCharacterCategory.MODIFIER_LETTER)) {
      return CJK;
    }
    switch (type) {
      case UCharacterCategory.CONNECTOR_PUNCTUATION:
      case UCharacterCategory.DASH_PUNCTUATION:
      case UCharacterCategory.START_PUNCTUATION:
      case UCharacterCategory.END_PUNCTUATION:
      case UCharacterCategory.INITIAL_PUNCTUATION:
      case UCharacterCategory.FINAL_PUNCTUATION:
      case UCharacterCategory.OTHER_PUNCTUATION:
      case UCharacterCategory.MATH_SYMBOL:
      case UCharacterCategory.CURRENCY_SYMBOL:
      case UCharacterCategory.MODIFIER_SYMBOL:
      case UCharacterCategory.OTHER_SYMBOL:
        return FILLER;
      default:
        return OTHER;
    }
  }

  /** Normalizes {@code original}; null gives the empty text. Never throws on any string, however malformed. */
  public NormalizedText normalize(String original) {
    if (original == null || original.isEmpty()) {
      return NormalizedText.EMPTY;
    }
    Buffer w = original.length() <= RETAINED_SCRATCH_UNITS ? scratch.get() : new Buffer();
    run(original, w, true);
    return w.finish(original, null);
  }

  /**
   * As {@link #normalize(String)}, with the caller's buffer instead of a thread-local one, and with the offsets back
   * into the original computed only when asked for (by normalizing again): most texts of a sweep match nothing, and
   * for them the offsets would be work thrown away. For a hot loop that owns its buffer (one Spark task).
   */
  public NormalizedText normalize(String original, Buffer buffer) {
    if (original == null || original.isEmpty()) {
      return NormalizedText.EMPTY;
    }
    Buffer w = original.length() <= RETAINED_SCRATCH_UNITS ? buffer : new Buffer();
    run(original, w, false);
    return w.finish(original, this);
  }

  /**
   * As {@link #normalize(String, Buffer)}, reading the text as UTF-8 bytes (what Spark stores), decoded straight into
   * the buffer: no {@code String} is built for a text that matches nothing. The original string, for evidence, is
   * decoded on demand. Malformed UTF-8 is decoded as Java does (each bad sequence becomes U+FFFD) and normalized
   * the same way. The result is valid until {@code buffer} is used again, and {@code utf8} must not change until then.
   */
  public NormalizedText normalizeUtf8(byte[] utf8, Buffer buffer) {
    if (utf8 == null || utf8.length == 0) {
      return NormalizedText.EMPTY;
    }
    Buffer w = utf8.length <= RETAINED_SCRATCH_UNITS ? buffer : new Buffer();
    int n = decode(utf8, w);
    if (n < 0) {
      return normalize(new String(utf8, java.nio.charset.StandardCharsets.UTF_8), buffer);
    }
    run(w.in, n, w, false, w.sourceMarks);
    return w.finish(utf8, this);
  }

  /** Returned by {@link #decodeChecked} for bytes that are not valid UTF-8 or that hold U+FFFD. */
  public static final int INVALID = -1;

  /**
   * The first half of {@link #normalizeUtf8}, with the sweep's text checks read off the same walk over the bytes:
   * decodes {@code utf8} (not null, at most {@link #decodesInPlace} bytes) into {@code buffer} and returns its number of
   * code points, or {@link #INVALID} when it is not well-formed UTF-8 (as Spark's {@code UTF8String.isValid} judges it:
   * no overlong forms, no surrogates, nothing above U+10FFFF) or holds U+FFFD. After a count, {@link #normalizeDecoded}
   * normalizes what was decoded, as {@link #normalizeUtf8} would have.
   */
  public int decodeChecked(byte[] utf8, Buffer buffer) {
    int n = decode(utf8, buffer);
    if (n < 0 || buffer.replacement) {
      return INVALID;
    }
    buffer.decodedLength = n;
    return n - buffer.pairs;
  }

  /** Whether {@link #decodeChecked} may decode {@code utf8} into a task's buffer (not too large to keep). */
  public static boolean decodesInPlace(byte[] utf8) {
    return utf8.length <= RETAINED_SCRATCH_UNITS;
  }

  /**
   * {@link #normalizeUtf8} of {@code utf8}, whose units {@link #decodeChecked} decoded into {@code buffer} (and counted)
   * last; null or empty gives the empty text.
   */
  public NormalizedText normalizeDecoded(byte[] utf8, Buffer buffer) {
    if (utf8 == null || utf8.length == 0) {
      return NormalizedText.EMPTY;
    }
    run(buffer.in, buffer.decodedLength, buffer, false, buffer.sourceMarks);
    return buffer.finish(utf8, this);
  }

  /**
   * Strict UTF-8 to UTF-16 into {@code w.in}; returns the number of units, or -1 at the first malformed or
   * non-shortest sequence, encoded surrogate or code point above U+10FFFF (the caller then lets Java decode). Notes
   * in {@code w} whether the text holds U+FFFD and how many surrogate pairs it decoded (the text checks' figures).
   */
  private static int decode(byte[] b, Buffer w) {
    int n = b.length;
    if (w.in.length < n) {
      w.in = new char[n + 16];
    }
    char[] out = w.in;
    int i = 0;
    int o = 0;
    boolean marks = false; // an ampersand or an override seen: SourceDecoder has work (saves it a look at each unit)
    boolean replacement = false;
    int pairs = 0;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        marks |= c == '&';
        out[o++] = (char) c;
        i++;
        continue;
      }
      c &= 0xFF;
      if (c >= 0xC2 && c <= 0xDF) {
        if (i + 1 >= n || (b[i + 1] & 0xC0) != 0x80) {
          return -1;
        }
        out[o++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= n || (b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80) {
          return -1;
        }
        int u = ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
        if (u < 0x800 || Character.isSurrogate((char) u)) {
          return -1;
        }
        marks |= u == 0x202D || u == 0x202E;
        replacement |= u == 0xFFFD;
        out[o++] = (char) u;
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= n || (b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) {
          return -1;
        }
        int u = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
        if (u < 0x10000 || u > 0x10FFFF) {
          return -1;
        }
        out[o++] = Character.highSurrogate(u);
        out[o++] = Character.lowSurrogate(u);
        pairs++;
        i += 4;
      } else {
        return -1;
      }
    }
    w.sourceMarks = marks;
    w.replacement = replacement;
    w.pairs = pairs;
    return o;
  }

  /**
   * Invariant of the loop: {@code i} is always at a normalization boundary. A unit followed by a boundary (or the end)
   * is then a segment of its own, which the tables normalize exactly; emoji and other supplementary characters that
   * normalization leaves alone are copied; everything else goes through ICU a segment at a time.
   */
  private void run(String original, Buffer w, boolean trackSpans) {
    int n = original.length();
    if (w.in.length < n) {
      w.in = new char[n + 16];
    }
    original.getChars(0, n, w.in, 0);
    run(w.in, n, w, trackSpans, SourceDecoder.needed(w.in, n));
  }

  /** {@code decode}: whether the text holds anything {@link SourceDecoder} decodes (false: it is not looked at). */
  private void run(char[] text, int length, Buffer w, boolean trackSpans, boolean decode) {
    char[] s = text;
    int n = length;
    w.decodedFrom = null;
    if (decode) {
      SourceDecoder.decode(text, length, w.decoded);
      s = w.decoded.units;
      n = w.decoded.length;
    }
    w.reset(n, trackSpans);
    if (s != text) {
      w.decodedFrom = w.decoded;
    }
    int i = 0;
    while (i < n) {
      char c = s[i];
      if (!trackSpans) {
        int j = c < 0x80 ? asciiRun(s, n, i, w) : w.runStart < 0 ? singleRun(s, n, i, w) : i;
        if (j > i) {
          i = j;
          continue;
        }
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s[i + 1])) {
          byte kind = inertKind(Character.toCodePoint(c, s[i + 1]));
          if (kind >= 0) {
            w.emit(c, kind, i, i + 2);
            w.emit(s[i + 1], kind, i, i + 2);
            i += 2;
            continue;
          }
        }
        i = normalizeSegment(s, n, i, w);
      } else if (i + 1 == n || (packed[s[i + 1]] & P_BOUNDARY) != 0 || inertPairAt(s, n, i + 1)) {
        int e = packed[c];
        if ((e & P_SEVERAL) != 0) {
          String several = this.several[c];
          for (int k = 0; k < several.length(); k++) {
            char u = several.charAt(k);
            w.emit(u, kinds[u], i, i + 1);
          }
        } else if ((e & P_NOTHING) == 0) {
          w.emit((char) e, (byte) ((e >>> P_KIND_SHIFT) & 7), i, i + 1);
        }
        i++;
      } else {
        int j = i + 1;
        while (j < n && (packed[s[j]] & (P_NOTHING | P_BOUNDARY)) == P_NOTHING) {
          j++;
        }
        if (j > i + 1 && (j == n || (packed[s[j]] & P_BOUNDARY) != 0) && (packed[c] & (P_SEVERAL | P_NOTHING)) == 0) {
          // c, then units that normalize to nothing (a zero-width space inside a word), then a boundary: the segment
          // normalizes to c's own normalization, and the span leaves the invisible units out as ICU's path does.
          int e = packed[c];
          w.emit((char) e, (byte) ((e >>> P_KIND_SHIFT) & 7), i, i + 1);
          i = j;
        } else {
          i = normalizeSegment(s, n, i, w);
        }
      }
    }
  }

  /**
   * The fast path of the most common units, ASCII letters and digits and single spaces between words, each followed by
   * ASCII (a normalization boundary): what {@link Buffer#emit} would write, written in one tight loop with the buffer's
   * state in locals. Returns the index after them ({@code i} when the unit at {@code i} is not one). Offsets are not
   * tracked on this path, so only for untracked normalization.
   */
  private int asciiRun(char[] s, int n, int i, Buffer w) {
    char[] out = w.out;
    int len = w.length;
    int limit = Math.min(n - 1, i + out.length - len); // room for one unit per unit read
    int runStart = w.runStart;
    byte kindBeforeRun = w.kindBeforeRun;
    byte lastKind = w.lastKind;
    int j = i;
    while (j < limit) {
      char c = s[j];
      if (c >= 0x80 || s[j + 1] >= 0x80) {
        break;
      }
      int e = packed[c];
      if ((e & (P_NOTHING | P_SEVERAL | (7 << P_KIND_SHIFT))) == (OTHER << P_KIND_SHIFT)) {
        out[len++] = (char) e; // a letter or digit ends any run of whitespace and fillers
        runStart = -1;
        lastKind = OTHER;
      } else if (c == ' ' && len > 0 && out[len - 1] != ' ') {
        if (runStart < 0) {
          runStart = len;
          kindBeforeRun = lastKind;
        }
        out[len++] = ' ';
      } else {
        break;
      }
      j++;
    }
    w.length = len;
    w.runStart = runStart;
    w.kindBeforeRun = kindBeforeRun;
    w.lastKind = lastKind;
    return j;
  }

  /**
   * The fast path of other units (ideographs, most of all) that normalize to one unit of kind {@link #OTHER} or
   * {@link #CJK} and are each followed by a normalization boundary, outside a run of whitespace and fillers: what
   * {@link Buffer#emit} would write, in one tight loop. Returns the index after them ({@code i} when the unit at
   * {@code i} is not one). Untracked normalization only.
   */
  private int singleRun(char[] s, int n, int i, Buffer w) {
    char[] out = w.out;
    int len = w.length;
    int limit = Math.min(n - 1, i + out.length - len); // room for one unit per unit read
    int lastKind = w.lastKind;
    int j = i;
    while (j < limit) {
      char c = s[j];
      int e = packed[c];
      if ((e & (P_NOTHING | P_SEVERAL | (6 << P_KIND_SHIFT))) != 0 || (packed[s[j + 1]] & P_BOUNDARY) == 0
          || Character.isSurrogate(c)) {
        break; // kinds OTHER (0) and CJK (1) only
      }
      out[len++] = (char) e;
      lastKind = (e >>> P_KIND_SHIFT) & 7;
      j++;
    }
    w.length = len;
    w.lastKind = (byte) lastKind;
    return j;
  }

  /** Whether an inert supplementary character (an emoji, say) starts at {@code i}: there is a boundary before it. */
  private boolean inertPairAt(char[] s, int n, int i) {
    return Character.isHighSurrogate(s[i]) && i + 1 < n && Character.isLowSurrogate(s[i + 1])
        && inertKind(Character.toCodePoint(s[i], s[i + 1])) >= 0;
  }

  /**
   * The kind of supplementary code point {@code cp} when normalization leaves it alone and it combines with neither
   * neighbour (ICU's "inert": most emoji, CJK extension ideographs), else -1. Memoized for planes 1 and 2; the cache
   * is filled lazily and racily, which is safe since every thread writes the same value.
   */
  private byte inertKind(int cp) {
    int slot = cp - 0x10000;
    if (slot >= supplementary.length) {
      return nfkcCasefold.isInert(cp) ? classify(cp) : -1;
    }
    byte known = supplementary[slot];
    if (known == 0) {
      known = nfkcCasefold.isInert(cp) ? (byte) (2 + classify(cp)) : 1;
      supplementary[slot] = known;
    }
    return (byte) (known - 2);
  }

  /**
   * Normalizes the segment starting at {@code start} with ICU (combining sequences, supplementary code points); every
   * unit it produces maps to the whole segment. Returns the index after the segment.
   */
  private int normalizeSegment(char[] s, int n, int start, Buffer w) {
    int cp = Character.codePointAt(s, start, n);
    if (isLoneSurrogate(s, start, cp)) {
      w.emit('\uFFFD', kinds['\uFFFD'], start, start + 1);
      return start + 1;
    }
    int end = start + Character.charCount(cp);
    while (end < n) {
      int next = Character.codePointAt(s, end, n);
      if (isLoneSurrogate(s, end, next) || nfkcCasefold.hasBoundaryBefore(next)) {
        break;
      }
      end += Character.charCount(next);
    }
    // Invisible units that close the segment (a word joiner, a variation selector) map to nothing and would only
    // widen the original span that evidence quotes, so they stay out of it.
    int spanEnd = end;
    while (spanEnd > start + 1 && isMappedToNothing(s[spanEnd - 1])) {
      spanEnd--;
    }
    StringBuilder out = w.segment;
    out.setLength(0);
    nfkcCasefold.normalize(java.nio.CharBuffer.wrap(s, start, spanEnd - start), out);
    for (int k = 0; k < out.length(); ) {
      int u = out.codePointAt(k);
      if (u < 0x10000) {
        char simple = bare[simplified[u]];
        if (simple != 0) {
          w.emit(simple, kinds[simple], start, spanEnd);
        }
        k++;
      } else {
        byte kind = classify(u);
        w.emit(Character.highSurrogate(u), kind, start, spanEnd);
        w.emit(Character.lowSurrogate(u), kind, start, spanEnd);
        k += 2;
      }
    }
    return end;
  }

  private boolean isMappedToNothing(char c) {
    return (flags[c] & MAPS_TO_NOTHING) != 0;
  }

  private static boolean isLoneSurrogate(char[] s, int index, int cp) {
    return cp < 0x10000 && Character.isSurrogate(s[index]);
  }

  /**
   * Work space of {@link #normalize(String, Buffer)}: output units and their original spans. Not thread-safe; one per
   * thread or per task.
   */
  public static final class Buffer {
    char[] in = new char[256];
    char[] out = new char[256];
    int[] spans = new int[512];
    boolean trackSpans;
    final StringBuilder segment = new StringBuilder();
    /** The decoded source of the text being normalized, or null when it needed no decoding (spans are then direct). */
    SourceDecoder.Decoded decodedFrom;
    /** Whether the last UTF-8 text decoded into {@link #in} held an ampersand or a bidi override. */
    boolean sourceMarks;
    /** Whether the last UTF-8 text decoded into {@link #in} held U+FFFD, and how many surrogate pairs it gave. */
    boolean replacement;
    int pairs;
    /** The units {@link #decodeChecked} decoded into {@link #in} last. */
    int decodedLength;
    final SourceDecoder.Decoded decoded = new SourceDecoder.Decoded();
    int length;
    /** Start of the pending run of whitespace and fillers in {@code out}, or -1. */
    int runStart;
    /** Kind of the last unit before the pending run that was neither whitespace nor filler. */
    byte kindBeforeRun;
    byte lastKind;

    public Buffer() {}

    void reset(int inputLength, boolean track) {
      if (out.length < inputLength + 16) {
        out = new char[inputLength + 16];
      }
      if (track && spans.length < 2 * out.length) {
        spans = new int[2 * out.length];
      }
      trackSpans = track;
      length = 0;
      runStart = -1;
      lastKind = OTHER;
    }

    void emit(char u, byte kind, int start, int end) {
      switch (kind) {
        case REMOVE:
          return;
        case SPACE:
          if (length == 0) {
            return; // leading whitespace
          }
          openRun();
          if (out[length - 1] == ' ') {
            if (trackSpans) {
              spans[2 * length - 1] = decodedFrom == null ? end : decodedFrom.to[end - 1]; // collapse into it
            }
            return;
          }
          append(' ', start, end);
          return;
        case FILLER:
          openRun();
          append(u, start, end);
          return;
        default:
          if (runStart >= 0) {
            if (kind == CJK && kindBeforeRun == CJK) {
              length = runStart; // 疾 控 / 疾.控: filler inserted between ideographs
            }
            runStart = -1;
          }
          append(u, start, end);
          lastKind = kind;
      }
    }

    private void openRun() {
      if (runStart < 0) {
        runStart = length;
        kindBeforeRun = lastKind;
      }
    }

    private void append(char u, int start, int end) {
      if (length == out.length) {
        out = Arrays.copyOf(out, 2 * length);
        if (trackSpans) {
          spans = Arrays.copyOf(spans, 4 * length);
        }
      }
      out[length] = u;
      if (trackSpans) {
        spans[2 * length] = decodedFrom == null ? start : decodedFrom.from[start];
        spans[2 * length + 1] = decodedFrom == null ? end : decodedFrom.to[end - 1];
      }
      length++;
    }


    /** The result; with {@code lazy} set, offsets were not tracked and are computed by it on demand. */
    NormalizedText finish(String original, TextNormalizer lazy) {
      int n = trimmedLength();
      return lazy != null ? new NormalizedText(original, null, out, n, lazy)
          : new NormalizedText(original, new String(out, 0, n), Arrays.copyOf(spans, 2 * n));
    }

    /** The result of {@link #normalizeUtf8}: the original is decoded on demand. */
    NormalizedText finish(byte[] utf8, TextNormalizer lazy) {
      return new NormalizedText(null, utf8, out, trimmedLength(), lazy);
    }

    private int trimmedLength() {
      int n = length;
      if (n > 0 && out[n - 1] == ' ') {
        n--; // trailing whitespace
      }
      return n;
    }
  }
}
