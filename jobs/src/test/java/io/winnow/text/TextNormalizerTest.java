package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();

  private static NormalizedText norm(String s) {
    return NORMALIZER.normalize(s);
  }

  /** Asserts the normalized text and that normalized [start, end) maps back to original [origStart, origEnd). */
  private static void assertSpan(NormalizedText t, int start, int end, int origStart, int origEnd) {
    assertEquals(origStart, t.originalStart(start),
        "normalized " + start + " of \"" + t.text() + "\" should start at original " + origStart);
    assertEquals(origEnd, t.originalEnd(end),
        "normalized end " + end + " of \"" + t.text() + "\" should end at original " + origEnd);
  }

  @Test
  void zeroWidthCharactersAreRemovedInChinese() {
    NormalizedText t = norm("疾\u200b控\u200c中\u200d心\u2060\ufeff说");
    assertEquals("疾控中心说", t.text(), "ZWSP, ZWNJ, ZWJ, word joiner and BOM are dropped");
    assertSpan(t, 0, 4, 0, 7);
    assertSpan(t, 4, 5, 9, 10);
  }

  @Test
  void zeroWidthCharactersAreRemovedInEnglish() {
    NormalizedText t = norm("the c\u200bd\u00adc\ufe0f said");
    assertEquals("the cdc said", t.text(), "ZWSP, soft hyphen and variation selector are dropped");
    assertSpan(t, 4, 7, 4, 9);
  }

  @Test
  void otherFormatCharactersAreRemoved() {
    assertEquals("abcdef fed", norm("abc\u202edef\u202c").text(),
        "an RTL override run is read as stored and as displayed (reversed), the override and pop directional dropped");
    assertEquals("ab", norm("a\u0600b").text(), "other Cf characters are dropped");
    assertEquals("ab", norm("a\u0007\u0000b").text(), "control characters other than whitespace are dropped");
  }

  @Test
  void fullWidthLettersAndDigitsBecomeAscii() {
    NormalizedText letters = norm("ＣＤＣ通报");
    assertEquals("cdc通报", letters.text(), "full-width letters become lower-case ASCII");
    assertSpan(letters, 0, 3, 0, 3);
    NormalizedText digits = norm("call １２３");
    assertEquals("call 123", digits.text(), "full-width digits become ASCII digits");
    assertSpan(digits, 5, 8, 5, 8);
  }

  @Test
  void fullWidthCjkPunctuationBetweenIdeographsIsRemoved() {
    assertEquals("疾控中心", norm("疾．控，中！心").text(), "full-width punctuation between ideographs is a filler");
  }

  @Test
  void traditionalChineseBecomesSimplified() {
    NormalizedText t = norm("疾病預防控制中心");
    assertEquals("疾病预防控制中心", t.text(), "預 becomes 预");
    assertSpan(t, 0, 8, 0, 8);
    assertEquals("国家卫生健康委员会", norm("國家衛生健康委員會").text(), "a longer traditional name is simplified");
  }

  @Test
  void compatibilityIdeographsAndRadicalsFoldToUnifiedIdeographs() {
    assertEquals("一", norm("\u2f00").text(), "Kangxi radical one becomes the ideograph 一");
  }

  @Test
  void spacedOutChineseIsJoined() {
    NormalizedText t = norm("疾 控 中 心说");
    assertEquals("疾控中心说", t.text(), "spaces between ideographs are removed");
    assertSpan(t, 0, 4, 0, 7);
    assertEquals("疾控", norm("疾\u3000控").text(), "an ideographic space between ideographs is removed");
    assertEquals("疾控", norm("疾 \t\n 控").text(), "a run of mixed whitespace between ideographs is removed");
  }

  @Test
  void dottedAndSymbolSeparatedChineseIsJoined() {
    assertEquals("疾控中心", norm("疾.控.中.心").text(), "dots between ideographs are removed");
    assertEquals("疾控中心", norm("疾·控*中-心").text(), "middle dot, star and hyphen between ideographs are removed");
    assertEquals("疾控中心", norm("疾 . 控 _ 中 ~ 心").text(), "mixed filler runs between ideographs are removed");
    assertEquals("疾控", norm("疾\ud83d\ude00控").text(), "an emoji between ideographs is removed");
    NormalizedText t = norm("疾.控.中.心。今天");
    assertSpan(t, 0, 4, 0, 7);
  }

  @Test
  void englishSpacingIsKeptAndCollapsed() {
    assertEquals("the cdc said", norm("  The   CDC \t\n said  ").text(),
        "English words keep one space between them, trimmed at both ends");
    assertEquals("c d c", norm("c d c").text(), "spaced-out Latin letters are ordinary English spacing, kept");
    assertEquals("c.d.c.", norm("C.D.C.").text(), "dots between Latin letters are kept");
    assertEquals("疾控 cdc", norm("疾控 CDC").text(), "space between an ideograph and a Latin word is kept");
    assertEquals("说, hello", norm("说, hello").text(), "punctuation not between two ideographs is kept");
  }

  @Test
  void mixedCaseIsFolded() {
    NormalizedText t = norm("CdC and ＣdＣ");
    assertEquals("cdc and cdc", t.text(), "upper, lower and full-width case all fold to lower case");
    NormalizedText german = norm("Straße");
    assertEquals("strasse", german.text(), "full case folding: ß becomes ss");
    assertSpan(german, 4, 6, 4, 5);
    assertSpan(german, 4, 7, 4, 6);
  }

  @Test
  void combiningSequencesAreComposedAndMappedToTheWholeSequence() {
    NormalizedText t = norm("Cafe\u0301 ok");
    assertEquals("cafe ok", t.text(), "e + combining acute is e: diacritics are removed");
    assertSpan(t, 3, 4, 3, 4);
    assertSpan(t, 5, 7, 6, 8);
  }

  @Test
  void nullAndEmptyGiveEmptyText() {
    assertEquals("", norm(null).text(), "null normalizes to the empty text");
    assertEquals("", norm("").text(), "empty normalizes to the empty text");
    assertEquals("", norm(" \u200b\t ").text(), "only whitespace and invisibles normalize to the empty text");
    assertEquals(0, norm(null).originalStart(0), "offset 0 of the empty text maps to 0");
    assertEquals(0, norm(null).originalEnd(0), "end 0 of the empty text maps to 0");
  }

  @Test
  void offsetsOutsideTheTextAreRejected() {
    NormalizedText t = norm("abc");
    assertEquals(3, t.originalStart(3), "the end of the normalized text maps to the end of the original");
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.originalStart(4));
    assertEquals("Normalized index 4 is outside [0, 3]", e.getMessage(), "message names the index and the range");
  }

  @Test
  void hostileInputDoesNotThrow() {
    assertEquals("<script>alert(1)</script>", norm("<SCRIPT>alert(1)</SCRIPT>").text(), "markup is kept as text");
    NormalizedText lone = norm("\ud800x\udc00y\ud800");
    assertEquals("\ufffdx\ufffdy\ufffd", lone.text(), "lone surrogates become U+FFFD");
    assertSpan(lone, 1, 2, 1, 2);
    assertEquals("a\ud840\udc00b", norm("A\ud840\udc00B").text(), "a supplementary ideograph is kept as a pair");
    assertEquals("abc", norm("\u0301abc").text(), "a leading combining mark does not throw (and is dropped)");
    assertDoesNotThrow(() -> norm("\ufdfa\u0301\u0301\u0301\ud800\udfff\uffff\u0000"), "odd code points");
  }

  @Test
  void hugeInputIsNormalized() {
    StringBuilder b = new StringBuilder();
    while (b.length() < 2_000_000) {
      b.append("疾 控 中 心 ＣＤＣ\u200b ");
    }
    String huge = b.toString();
    NormalizedText t = norm(huge);
    assertEquals("疾控中心 cdc", t.text().substring(0, 8), "a 2M-unit post is normalized like a short one");
    assertEquals(huge.length() - 2, t.originalEnd(t.length()),
        "the last unit, a full-width C, ends before the trailing ZWSP and space");
  }

  @Test
  void everyBmpCharacterNormalizesWithoutThrowingAndOffsetsStayInRange() {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < 0x10000; c++) {
      b.append((char) c).append(c % 7 == 0 ? " " : "");
    }
    String all = b.toString();
    NormalizedText t = norm(all);
    int previousStart = 0;
    for (int i = 0; i < t.length(); i++) {
      int start = t.originalStart(i);
      int end = t.originalEnd(i + 1);
      if (start < previousStart || start >= end || end > all.length()) {
        throw new AssertionError("unit " + i + " maps to [" + start + ", " + end + ") after " + previousStart);
      }
      previousStart = start;
    }
  }

  @Test
  void concurrentCallsDoNotShareState() throws Exception {
    String[] inputs = {"疾 控 中 心", "ＣＤＣ said", "疾病預防控制中心", "Straße e\u0301", "x".repeat(70_000)};
    String[] expected = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      expected[i] = norm(inputs[i]).text();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 500; round++) {
            int i = round % inputs.length;
            if (!expected[i].equals(norm(inputs[i]).text())) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get(), "every thread normalizes every input like a single thread does");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The table path (a unit followed by a normalization boundary), the emoji path and the ICU path must together give
   * exactly what ICU gives for the whole string, on random mixes of units that compose, decompose, expand, vanish or
   * sit outside the Basic Multilingual Plane (no CJK or spaces here, so no filler is removed).
   */
  @Test
  void segmentedNormalizationEqualsIcuOnTheWholeString() {
    String[] units = {"a", "E", "\u0301", "\u0323", "\u1100", "\u1161", "\u11A8", "\uAC00", "\uFF21", "\uFE0F",
        "\u200D", "\uD83D\uDE0A", "\uD835\uDC00", "\u00DF", "\u2460", "\u0130", "!"};
    com.ibm.icu.text.Normalizer2 icu = com.ibm.icu.text.Normalizer2.getNFKCCasefoldInstance();
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261128);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + random.nextInt(12);
      for (int k = 0; k < n; k++) {
        b.append(units[random.nextInt(units.length)]);
      }
      String s = b.toString();
      assertEquals(withoutDiacritics(icu.normalize(s)), norm(s).text(), () -> "normalization of " + escape(s));
    }
  }

  /** ICU's result without combining diacritics: standalone ones dropped, Latin, Greek and Cyrillic letters bare. */
  private static String withoutDiacritics(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c >= 0x300 && c <= 0x36f) {
        return;
      }
      String d = com.ibm.icu.text.Normalizer2.getNFDInstance().normalize(new String(Character.toChars(c)));
      int script = com.ibm.icu.lang.UScript.getScript(c);
      boolean lgc = script == com.ibm.icu.lang.UScript.LATIN || script == com.ibm.icu.lang.UScript.GREEK
          || script == com.ibm.icu.lang.UScript.CYRILLIC;
      out.append(lgc ? com.ibm.icu.text.Normalizer2.getNFCInstance().normalize(d.replaceAll("[\u0300-\u036f]", ""))
          : new String(Character.toChars(c)));
    });
    return out.toString();
  }

  /** The per-task form (own buffer, offsets computed on demand) gives the same text and offsets as the plain form. */
  @Test
  void bufferFormGivesTheSameTextAndOffsets() {
    String[] inputs = {"疾 控.中 心 said ＣＤＣ", "e\u0301\u0323x \uD83D\uDE0A\uFE0F 預防", "\uD800 lone \uDC00",
        "Stra\u00DFe \u200B\u2060 x", "", "   ", "x".repeat(70_000) + " 中 心"};
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    for (String s : inputs) {
      NormalizedText plain = norm(s);
      NormalizedText buffered = NORMALIZER.normalize(s, buffer);
      assertEquals(plain.text(), buffered.text(), () -> "text of " + escape(s));
      for (int k = 0; k <= plain.length(); k++) {
        int at = k;
        assertEquals(plain.originalStart(k), buffered.originalStart(k), () -> "start " + at + " of " + escape(s));
        assertEquals(plain.originalEnd(k), buffered.originalEnd(k), () -> "end " + at + " of " + escape(s));
      }
    }
  }

  /**
   * UTF-8 input (what Spark hands over) gives what the decoded string gives: text, original and offsets, for
   * well-formed text in every encoded length and for malformed bytes (truncated, overlong, encoded surrogates, above
   * U+10FFFF, stray continuation bytes), which Java decodes to U+FFFD.
   */
  @Test
  void utf8InputGivesWhatTheDecodedStringGives() {
    byte[][] pieces = {"a".getBytes(UTF_8), "Ｚ".getBytes(UTF_8), "é".getBytes(UTF_8), "預防".getBytes(UTF_8),
        "\uD83D\uDE0A".getBytes(UTF_8), " ".getBytes(UTF_8), ".".getBytes(UTF_8), "\u200B".getBytes(UTF_8),
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
        (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xFF}};
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int round = 0; round < 3_000; round++) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      int n = 1 + random.nextInt(10);
      for (int k = 0; k < n; k++) {
        bytes.writeBytes(pieces[random.nextInt(pieces.length)]);
      }
      byte[] utf8 = bytes.toByteArray();
      String decoded = new String(utf8, UTF_8);
      NormalizedText expected = norm(decoded);
      NormalizedText actual = NORMALIZER.normalizeUtf8(utf8, buffer);
      assertEquals(expected.text(), actual.text(), () -> "text of " + escape(decoded));
      assertEquals(decoded, actual.original(), () -> "original of " + escape(decoded));
      for (int k = 0; k <= expected.length(); k++) {
        int at = k;
        assertEquals(expected.originalStart(k), actual.originalStart(k), () -> "start " + at + " of " + escape(decoded));
        assertEquals(expected.originalEnd(k), actual.originalEnd(k), () -> "end " + at + " of " + escape(decoded));
      }
    }
  }

  /**
   * The untracked forms (a task's buffer, UTF-8 input) take a fast path for ASCII letters, digits and single spaces;
   * on random mixes of those with what must leave it (a combining mark or zero-width unit after a letter, double
   * spaces, tabs, punctuation, expansions, ideographs, emoji, an entity, an override) they give the tracked form's text.
   */
  @Test
  void asciiFastPathGivesTheTrackedFormsText() {
    String[] pieces = {"a", "Z", "q7", "0", " ", " ", "  ", "\t", "\n", ".", "-", "e\u0301", "x\u200B", "\u00DF",
        "\uFB01", "中", "心", " 中", "\uD83D\uDE0A", "&amp;", "&#30284;", "\u202Edcba\u202C", "Word", "cdc", "\u0000",
        "\u007F", "#", "'s", "疫苗", "\u3000", "\u0301", "\u00A0", "\u00C4", "中\u0301", "\uFF21", "\u3002", "\u200D",
        "\u00AD", "\u2160", "\uFF0C", "\u1100\u1161", "\u304B\u3099"};
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261207);
    int fast = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + random.nextInt(16);
      for (int k = 0; k < n; k++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = b.toString();
      String expected = norm(s).text();
      assertEquals(expected, NORMALIZER.normalize(s, buffer).text(), () -> "buffer form of " + escape(s));
      assertEquals(expected, NORMALIZER.normalizeUtf8(s.getBytes(UTF_8), buffer).text(), () -> "UTF-8 of " + escape(s));
      fast += expected.matches("(?s).*[a-z0-9] [a-z0-9][a-z0-9 ].*") ? 1 : 0;
    }
    assertTrue(fast > 5_000, "texts with letters and spaces the fast path writes: " + fast);
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
    return b.toString();
  }

  @Test
  void sharedIsOneInstance() {
    assertSame(TextNormalizer.shared(), TextNormalizer.shared(), "shared() builds the tables once per JVM");
  }
}
