package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextNormalizer#normalizeDecoded} after {@link TextNormalizer#decodeChecked} (the pass's checked decode) gives
 * what {@link TextNormalizer#normalizeUtf8} gives for the same bytes: the normalized text, the original, and the original
 * span of every unit; and the count is the text's code points. Over texts of hostile units: surrogate pairs, combining
 * marks, full-width, zero-width, traditional ideographs, HTML references, bidi overrides, spaces and fillers.
 */
class DecodedNormalizationTest {
  private static final String[] PIECES = {"转发这条锦鲤", "ＣＤＣ１２３", "疾 控.中·心", "預防", "bákíng", "b̶a̶k̶i̶n̶g̶",
      "😀", "𠀀", "\u200B", "\u2060", "\uFE0F", "\u202Ealert\u202C", "&amp;", "&#x5730;震", "&lt", "  ", "。", "e\u0301",
      "\u1100\u1161", "ﬁ", "ß", "İ", "a", "Z", "1", "\t", "ｶﾞ", "😀\uFE0F", "\u0301", "https://t.cn/abc"};

  @Test
  void theDecodedTextNormalizesAsTheBytesDo() {
    TextNormalizer normalizer = TextNormalizer.shared();
    TextNormalizer.Buffer direct = new TextNormalizer.Buffer();
    TextNormalizer.Buffer decoded = new TextNormalizer.Buffer();
    Random random = new Random(15);
    int nonEmpty = 0;
    for (int n = 0; n < 50_000; n++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StringBuilder original = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        String p = PIECES[random.nextInt(PIECES.length)];
        original.append(p);
        byte[] b = p.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
      byte[] utf8 = out.toByteArray();
      String s = original.toString();
      assertEquals(s.codePointCount(0, s.length()), normalizer.decodeChecked(utf8, decoded), "code points of " + s);
      NormalizedText a = normalizer.normalizeUtf8(utf8, direct);
      NormalizedText b = normalizer.normalizeDecoded(utf8, decoded);
      assertEquals(a.text(), b.text(), s);
      assertEquals(a.original(), b.original(), s);
      for (int i = 0; i < a.length(); i++) {
        assertEquals(a.originalStart(i), b.originalStart(i), s + " unit " + i);
        assertEquals(a.originalEnd(i + 1), b.originalEnd(i + 1), s + " unit " + i);
      }
      nonEmpty += a.length() > 0 ? 1 : 0;
    }
    assertTrue(nonEmpty > 40_000, "texts normalized to something: " + nonEmpty);
  }
}
