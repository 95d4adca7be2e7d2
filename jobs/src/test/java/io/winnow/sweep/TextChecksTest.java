package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.winnow.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The text checks' one walk against what Spark's expressions said of the same bytes: {@code is_valid_utf8} is {@link
 * UTF8String#isValid}, {@code contains('\uFFFD')} and {@code length} are {@link UTF8String#contains} and
 * {@link UTF8String#numChars}.
 */
class TextChecksTest {
  private static final UTF8String REPLACEMENT = UTF8String.fromString("\uFFFD");

  /** What the Spark expressions of the quarantine decided for these bytes, in {@link TextChecks#walk}'s terms. */
  private static int spark(byte[] b) {
    UTF8String s = UTF8String.fromBytes(b);
    return !s.isValid() || s.contains(REPLACEMENT) ? TextChecks.INVALID : s.numChars();
  }

  private static final TextNormalizer.Buffer BUFFER = new TextNormalizer.Buffer();

  /** The walk, and the normalizer's decode that reads the same figures for the pass (its checks' one walk). */
  private static void same(byte[] b) {
    int expected = spark(b);
    int actual = TextChecks.walk(b);
    int decoded = TextNormalizer.shared().decodeChecked(b, BUFFER);
    if (expected != actual || expected != decoded) {
      StringBuilder hex = new StringBuilder();
      for (byte x : b) {
        hex.append(String.format("%02X ", x & 0xFF));
      }
      assertEquals(expected, actual, "bytes " + hex.toString().trim());
      assertEquals(expected, decoded, "decoded: bytes " + hex.toString().trim());
    }
  }

  @Test
  void everySequenceOfUpToThreeBytesIsJudgedAsSparkJudgesIt() {
    for (int a = 0; a < 256; a++) {
      same(new byte[] {(byte) a});
      for (int b = 0; b < 256; b++) {
        same(new byte[] {(byte) a, (byte) b});
        for (int c = 0; c < 256; c++) {
          same(new byte[] {(byte) a, (byte) b, (byte) c});
        }
      }
    }
  }

  @Test
  void fourByteSequencesAroundEveryBoundaryAreJudgedAsSparkJudgesThem() {
    int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBD, 0xBF, 0xC0, 0xC2, 0xE0, 0xEF, 0xF0, 0xFF};
    for (int a = 0xC0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (int c : edges) {
          for (int d : edges) {
            same(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            same(new byte[] {0x41, (byte) a, (byte) b, (byte) c, (byte) d, 0x42});
          }
        }
      }
    }
  }

  @Test
  void randomTextsOfValidAndBrokenPiecesAreJudgedAsSparkJudgesThem() {
    byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "锦鲤".getBytes(StandardCharsets.UTF_8),
        "é".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
        "\uFFFD".getBytes(StandardCharsets.UTF_8), {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xEF, (byte) 0xBF}, {(byte) 0xBD}, {(byte) 0xFF}};
    Random random = new Random(19);
    for (int n = 0; n < 300_000; n++) {
      int length = 1 + random.nextInt(8);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < length; i++) {
        // Mostly valid pieces, so that texts with one flaw somewhere are common.
        byte[] p = pieces[random.nextInt(10) < 8 ? random.nextInt(4) : random.nextInt(pieces.length)];
        out.write(p, 0, p.length);
      }
      same(out.toByteArray());
    }
  }

  @Test
  void aReasonNamesTheFirstInvalidFieldBeforeAnyFieldTooLongAndNullsPass() {
    String[] fields = {"text", "title"};
    byte[] valid = "锦鲤锦鲤锦鲤".getBytes(StandardCharsets.UTF_8); // 6 characters, 18 bytes
    byte[] invalid = {0x41, (byte) 0xFF};
    byte[] replacement = "a\uFFFDb".getBytes(StandardCharsets.UTF_8);
    assertNull(TextChecks.reason(new byte[][] {valid, null}, fields, 6), "6 characters are not over 6");
    assertNull(TextChecks.reason(new byte[][] {null, null}, fields, 0), "null texts pass");
    assertEquals("text longer than 5 characters (6)", TextChecks.reason(new byte[][] {valid, null}, fields, 5),
        "a length in characters, not bytes");
    assertEquals("title longer than 5 characters (6)", TextChecks.reason(new byte[][] {null, valid}, fields, 5),
        "the title alone too long");
    assertEquals("text longer than 5 characters (6)", TextChecks.reason(new byte[][] {valid, valid}, fields, 5),
        "of two fields too long, the first");
    assertEquals("title is not valid UTF-8 (undecodable bytes or U+FFFD)",
        TextChecks.reason(new byte[][] {valid, invalid}, fields, 5), "an invalid title before a text too long");
    assertEquals("text is not valid UTF-8 (undecodable bytes or U+FFFD)",
        TextChecks.reason(new byte[][] {replacement, invalid}, fields, 5), "of two invalid fields, the first");
    assertEquals("title is not valid UTF-8 (undecodable bytes or U+FFFD)",
        TextChecks.reason(new byte[][] {null, replacement}, fields, 100), "U+FFFD already in the text");
  }
}
