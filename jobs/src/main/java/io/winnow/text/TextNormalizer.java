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
 *   <li>traditional Chinese becomes simplified ({@code 預防} becomes {@code 预防}), character by character.
 * </ul>
 *
 * <p>Sentence punctuation between ideographs ({@code 。，！}) is a filler too, since evaders use it as well; the price is
 * that a phrase can match across a sentence break ({@code 死。亡} reads as {@code 死亡}). Ordinary English spacing is
 * kept, so Latin letters spaced out one by one ({@code c d c}) are not joined. Simplification is a per-character table,
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
  /** Per input BMP unit: its full normalization when it maps to exactly one unit. */
  private final char[] single = new char[0x10000];
  /** Per input BMP unit: its full normalization when it maps to two or more units, else null. */
  private final String[] several = new String[0x10000];
  private final byte[] flags = new byte[0x10000];
  /** Per normalized BMP unit: OTHER, CJK, SPACE, FILLER or REMOVE. */
  private final byte[] kinds = new byte[0x10000];
  /** Planes 1 and 2: 0 not yet known, 1 not inert, 2 + kind when inert (see {@link #inertKind}). */
  private final byte[] supplementary = new byte[0x20000];
  private final ThreadLocal<Buffer> scratch = ThreadLocal.withInitial(Buffer::new);

  public TextNormalizer() {
    buildSimplifiedTable();
    for (int c = 0; c < 0x10000; c++) {
      kinds[c] = classify(c);
      if (Character.isSurrogate((char) c)) {
        continue; // flags stay 0: surrogates always take the code-point path
      }
      String folded = simplify(nfkcCasefold.normalize(String.valueOf((char) c)));
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
    run(original, w);
    return w.finish(original, true);
  }

  /**
   * As {@link #normalize(String)}, with the caller's buffer instead of a thread-local one, and without copying the
   * offsets out of it: the result is valid only until {@code buffer} is used again. For a hot loop that owns its
   * buffer (one Spark task), this saves a thread-local look-up and a copy per text.
   */
  public NormalizedText normalize(String original, Buffer buffer) {
    if (original == null || original.isEmpty()) {
      return NormalizedText.EMPTY;
    }
    Buffer w = original.length() <= RETAINED_SCRATCH_UNITS ? buffer : new Buffer();
    run(original, w);
    return w.finish(original, w != buffer);
  }

  /**
   * Invariant of the loop: {@code i} is always at a normalization boundary. A unit followed by a boundary (or the end)
   * is then a segment of its own, which the tables normalize exactly; emoji and other supplementary characters that
   * normalization leaves alone are copied; everything else goes through ICU a segment at a time.
   */
  private void run(String original, Buffer w) {
    int n = original.length();
    w.reset(n);
    int i = 0;
    while (i < n) {
      char c = original.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(original.charAt(i + 1))) {
          byte kind = inertKind(Character.toCodePoint(c, original.charAt(i + 1)));
          if (kind >= 0) {
            w.emit(c, kind, i, i + 2);
            w.emit(original.charAt(i + 1), kind, i, i + 2);
            i += 2;
            continue;
          }
        }
        i = normalizeSegment(original, i, w);
      } else if (i + 1 == n || (flags[original.charAt(i + 1)] & BOUNDARY) != 0) {
        byte f = flags[c];
        if ((f & MAPS_TO_SEVERAL) != 0) {
          String s = several[c];
          for (int k = 0; k < s.length(); k++) {
            char u = s.charAt(k);
            w.emit(u, kinds[u], i, i + 1);
          }
        } else if ((f & MAPS_TO_NOTHING) == 0) {
          char u = single[c];
          w.emit(u, kinds[u], i, i + 1);
        }
        i++;
      } else {
        i = normalizeSegment(original, i, w);
      }
    }
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
  private int normalizeSegment(String s, int start, Buffer w) {
    int n = s.length();
    int cp = s.codePointAt(start);
    if (isLoneSurrogate(s, start, cp)) {
      w.emit('\uFFFD', kinds['\uFFFD'], start, start + 1);
      return start + 1;
    }
    int end = start + Character.charCount(cp);
    while (end < n) {
      int next = s.codePointAt(end);
      if (isLoneSurrogate(s, end, next) || nfkcCasefold.hasBoundaryBefore(next)) {
        break;
      }
      end += Character.charCount(next);
    }
    // Invisible units that close the segment (a word joiner, a variation selector) map to nothing and would only
    // widen the original span that evidence quotes, so they stay out of it.
    int spanEnd = end;
    while (spanEnd > start + 1 && isMappedToNothing(s.charAt(spanEnd - 1))) {
      spanEnd--;
    }
    StringBuilder out = w.segment;
    out.setLength(0);
    nfkcCasefold.normalize(s.substring(start, spanEnd), out);
    for (int k = 0; k < out.length(); ) {
      int u = out.codePointAt(k);
      if (u < 0x10000) {
        char simple = simplified[u];
        w.emit(simple, kinds[simple], start, spanEnd);
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

  private static boolean isLoneSurrogate(String s, int index, int cp) {
    return cp < 0x10000 && Character.isSurrogate(s.charAt(index));
  }

  /**
   * Work space of {@link #normalize(String, Buffer)}: output units and their original spans. Not thread-safe; one per
   * thread or per task.
   */
  public static final class Buffer {
    char[] out = new char[256];
    int[] spans = new int[512];
    final StringBuilder segment = new StringBuilder();
    int length;
    /** Start of the pending run of whitespace and fillers in {@code out}, or -1. */
    int runStart;
    /** Kind of the last unit before the pending run that was neither whitespace nor filler. */
    byte kindBeforeRun;
    byte lastKind;

    void reset(int inputLength) {
      if (out.length < inputLength + 16) {
        out = new char[inputLength + 16];
        spans = new int[2 * (inputLength + 16)];
      }
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
            spans[2 * length - 1] = end; // collapse into the previous space
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
        spans = Arrays.copyOf(spans, 4 * length);
      }
      out[length] = u;
      spans[2 * length] = start;
      spans[2 * length + 1] = end;
      length++;
    }

    public Buffer() {}

    NormalizedText finish(String original, boolean copySpans) {
      int n = length;
      if (n > 0 && out[n - 1] == ' ') {
        n--; // trailing whitespace
      }
      return new NormalizedText(original, new String(out, 0, n), copySpans ? Arrays.copyOf(spans, 2 * n) : spans);
    }
  }
}
