package io.winnow.sweep;

/**
 * The quarantine's checks of a row's text fields in one walk over each field's UTF-8 bytes, inside the pass's UDF
 * ({@link TextMatch}), where Spark's expressions ({@code is_valid_utf8}, {@code contains('\uFFFD')}, {@code length})
 * decoded each text three times. Gives the same reason as {@link TextPass#quarantineReason} would for the text fields
 * alone: an invalid field (undecodable bytes, or U+FFFD already in the text) before any field that is too long, and of
 * several, the first in field order. Validity is Spark's ({@code UTF8String.isValid}: well-formed UTF-8 as Unicode
 * defines it, no overlong forms, no surrogates, nothing above U+10FFFF); a length is Spark's {@code length} (code
 * points, the same for valid text).
 */
final class TextChecks {
  /** Returned by {@link #walk} for an invalid field. */
  static final int INVALID = -1;

  private TextChecks() {}

  /** Why these texts (in the order of {@code fields}; null texts pass) cannot be evaluated, or null. */
  static String reason(byte[][] texts, String[] fields, int maxText) {
    int tooLong = -1;
    int tooLongChars = 0;
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] == null) {
        continue;
      }
      int chars = walk(texts[i]);
      if (chars == INVALID) {
        return invalid(fields[i]);
      }
      if (chars > maxText && tooLong < 0) {
        tooLong = i;
        tooLongChars = chars;
      }
    }
    return tooLong < 0 ? null : tooLong(fields[tooLong], maxText, tooLongChars);
  }

  /** The reason of an invalid field (undecodable bytes, or U+FFFD already in the text). */
  static String invalid(String field) {
    return field + " is not valid UTF-8 (undecodable bytes or U+FFFD)";
  }

  /** The reason of a field of {@code chars} code points, over {@code maxText}. */
  static String tooLong(String field, int maxText, int chars) {
    return field + " longer than " + maxText + " characters (" + chars + ")";
  }

  /** The number of code points in {@code b}, or {@link #INVALID} when it is not valid UTF-8 or holds U+FFFD. */
  static int walk(byte[] b) {
    int n = b.length;
    int chars = 0;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
      } else if (c >= 0xC2 && c <= 0xDF) {
        if (i + 1 >= n || !continuation(b[i + 1])) {
          return INVALID;
        }
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= n || !continuation(b[i + 2])) {
          return INVALID;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xE0 ? 0xA0 : 0x80;
        int hi = c == 0xED ? 0x9F : 0xBF;
        if (c1 < lo || c1 > hi) {
          return INVALID;
        }
        if (c == 0xEF && c1 == 0xBF && (b[i + 2] & 0xFF) == 0xBD) {
          return INVALID; // U+FFFD: the text was already mangled upstream
        }
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= n || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
          return INVALID;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xF0 ? 0x90 : 0x80;
        int hi = c == 0xF4 ? 0x8F : 0xBF;
        if (c1 < lo || c1 > hi) {
          return INVALID;
        }
        i += 4;
      } else {
        return INVALID; // a continuation byte without a lead, an overlong lead (C0, C1) or F5..FF
      }
      chars++;
    }
    return chars;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
