package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The pass's text checks read off the decode that starts each field's match ({@code TextNormalizer.decodeChecked})
 * instead of a walk of their own: every row's result (a quarantine reason, or null, or the match with its candidates,
 * leaves, evidence and offsets, pending texts) is the old path's, the checks' own walk then the match
 * ({@link TextMatch#checkingByOwnWalk}), on rows of the shipped rules' phrases mixed with hostile units (surrogate
 * pairs, combining marks, full-width, zero-width, HTML references, a bidi override, U+FFFD, broken bytes), texts over
 * the length limit, null fields and texts too large to decode in place.
 */
class TextMatchDecodedChecksTest {
  private static final String[] PIECES = {"转发这条锦鲤", "，3天内必有好运！", "地震", "震惊", "完整视频", "荐股", "投资咨询",
      "辟谣", "今天天气很好", "CDC", "ＣＤＣ１２３", "疾 控.中·心", "預防", "bákíng", "b̶a̶k̶i̶n̶g̶", "😀", "𠀀", "\u200B",
      "\u202Ealert\u202C", "&amp;", "&#x5730;震", "\uFFFD", " ", "。", "shocking full video", "https://t.cn/abc 地震",
      "a", "锦鲤", "e\u0301"};
  private static final byte[][] BROKEN = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}};

  private static byte[] text(Random random) {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = kind == 1 ? 1 + random.nextInt(40) : 1 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      byte[] p = random.nextInt(60) == 0 ? BROKEN[random.nextInt(BROKEN.length)]
          : PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8);
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  /** A result as text: rows and arrays (Java arrays, as the UDF hands them to Spark) element by element. */
  private static String render(Object o) {
    if (o instanceof Row r) {
      StringBuilder b = new StringBuilder("(");
      for (int i = 0; i < r.length(); i++) {
        b.append(i == 0 ? "" : ", ").append(render(r.get(i)));
      }
      return b.append(')').toString();
    }
    if (o instanceof Object[] a) {
      return Arrays.stream(a).map(TextMatchDecodedChecksTest::render).toList().toString();
    }
    if (o instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof long[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof byte[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(o);
  }

  @Test
  void everyRowGetsTheResultOfTheChecksOwnWalkThenTheMatch() throws Exception {
    SubjectRules rules = TextPassTest.shippedPostRules(TestSpark.session());
    int maxText = 60;
    TextMatch decoded = TextMatch.checking(rules, maxText);
    TextMatch walked = TextMatch.checkingByOwnWalk(rules, maxText);
    Random random = new Random(1519);
    Map<String, Integer> outcomes = new HashMap<>();
    for (int n = 0; n < 40_000; n++) {
      byte[] text = text(random);
      byte[] title = random.nextInt(3) == 0 ? text(random) : null;
      String known = null; // every predicate unknown, as in the pass of posts with no account facts
      String expected = render(walked.call(text, title, known));
      String actual = render(decoded.call(text, title, known));
      assertEquals(expected, actual, "text " + (text == null ? null : new String(text, StandardCharsets.UTF_8))
          + " | title " + (title == null ? null : new String(title, StandardCharsets.UTF_8)));
      String outcome = expected.equals("null") ? "nothing" : expected.contains("not valid UTF-8") ? "invalid"
          : expected.contains(" longer than ") ? "too long" : "match";
      outcomes.merge(outcome, 1, Integer::sum);
    }
    assertTrue(outcomes.getOrDefault("match", 0) > 1000 && outcomes.getOrDefault("invalid", 0) > 1000
        && outcomes.getOrDefault("too long", 0) > 500 && outcomes.getOrDefault("nothing", 0) > 1000,
        "the rows cover every outcome: " + outcomes);
  }

  @Test
  void aTextTooLargeToDecodeInPlaceIsCheckedByTheWalkAsBefore() throws Exception {
    SubjectRules rules = TextPassTest.shippedPostRules(TestSpark.session());
    TextMatch decoded = TextMatch.checking(rules, 100_000);
    TextMatch walked = TextMatch.checkingByOwnWalk(rules, 100_000);
    byte[] large = "转发这条锦鲤，3天内必有好运！".repeat(2_000).getBytes(StandardCharsets.UTF_8); // 90,000 bytes
    byte[] broken = Arrays.copyOf(large, large.length + 1);
    broken[large.length] = (byte) 0xFF;
    for (byte[][] row : new byte[][][] {{large, null}, {"好".getBytes(StandardCharsets.UTF_8), broken},
        {broken, "地震".getBytes(StandardCharsets.UTF_8)}}) {
      assertEquals(render(walked.call(row[0], row[1], null)), render(decoded.call(row[0], row[1], null)));
    }
    assertTrue(render(decoded.call(large, null, null)).contains("锦鲤"), "the large text is matched");
  }
}
