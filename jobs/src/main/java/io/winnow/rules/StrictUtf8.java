package io.winnow.rules;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes a rule file, list or catalogue as UTF-8 and nothing else. Java's {@code new String(bytes, UTF_8)} turns a
 * Latin-1 or GBK byte into U+FFFD without a word, and a list saved in GBK then matches nothing; here every line with
 * a byte sequence that is not UTF-8 is a problem with its file:line and column, so lint and the loader refuse it.
 */
final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * The text of {@code bytes}; adds one problem per line that is not valid UTF-8 to {@code problems} (the text is
   * then decoded leniently, so that the rest of the file can still be checked).
   */
  static String decode(byte[] bytes, String file, List<RuleProblem> problems) {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      // 0x0A never occurs inside a multi-byte UTF-8 sequence, so lines can be checked one by one.
      if (i == bytes.length || bytes[i] == '\n') {
        int at = firstInvalid(strict, bytes, start, i);
        if (at >= 0) {
          problems.add(new RuleProblem(file, line, null, String.format("not valid UTF-8: byte 0x%02X at column %d"
              + " (the file looks saved as Latin-1, GBK or another encoding). Save the file as UTF-8",
              bytes[at] & 0xFF, columnOf(bytes, start, at))));
        }
        line++;
        start = i + 1;
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Index of the first byte of {@code [from, to)} that starts an invalid sequence, or -1. */
  private static int firstInvalid(CharsetDecoder strict, byte[] bytes, int from, int to) {
    try {
      strict.reset().decode(ByteBuffer.wrap(bytes, from, to - from));
      return -1;
    } catch (CharacterCodingException e) {
      // Find the first bad byte by decoding growing prefixes of whole sequences.
      int i = from;
      while (i < to) {
        int b = bytes[i] & 0xFF;
        int len = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
        if (len == 0 || i + len > to) {
          return i;
        }
        try {
          strict.reset().decode(ByteBuffer.wrap(bytes, i, len));
        } catch (CharacterCodingException bad) {
          return i;
        }
        i += len;
      }
      return from;
    }
  }

  /** 1-based column in characters of the byte at {@code at}, counting the valid UTF-8 before it. */
  private static int columnOf(byte[] bytes, int lineStart, int at) {
    int column = 1;
    for (int i = lineStart; i < at; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return column;
  }
}
