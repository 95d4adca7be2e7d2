package io.winnow.generate;

import java.util.SplittableRandom;

/**
 * Ways a planted trigger phrase is disguised; the name is what labels.kind records. The sweep's normalizer undoes
 * them (case, width, invisible characters, traditional characters, spacing between CJK characters).
 */
enum Evasion {
  ZERO_WIDTH("zero-width"),
  FULL_WIDTH("full-width"),
  TRADITIONAL("traditional"),
  CJK_SPACING("cjk-spacing");

  static final Evasion[] CHINESE = {ZERO_WIDTH, TRADITIONAL, CJK_SPACING};
  static final Evasion[] ENGLISH = {ZERO_WIDTH, FULL_WIDTH};

  private static final String ZERO_WIDTH_CHARS = "\u200B\u200C\u200D\u2060";
  private static final String SIMPLIFIED =
      "锁来铁线运银暂电盐预会传风机杀灭踪说没体岛苏胶鱼胆问诊开药给询写诉状赢荐资财对辅导报证现场惨点赞过万视频惊转发这条锦鲤赏费进扫码";
  private static final String TRADITIONAL_CHARS =
      "鎖來鐵線運銀暫電鹽預會傳風機殺滅蹤說沒體島蘇膠魚膽問診開藥給詢寫訴狀贏薦資財對輔導報證現場慘點贊過萬視頻驚轉發這條錦鯉賞費進掃碼";

  final String label;

  Evasion(String label) {
    this.label = label;
  }

  String apply(String phrase, SplittableRandom r) {
    StringBuilder out = new StringBuilder(phrase.length() * 2);
    switch (this) {
      case ZERO_WIDTH -> {
        for (int i = 0; i < phrase.length(); i++) {
          out.append(phrase.charAt(i));
          if (i + 1 < phrase.length() && !Character.isHighSurrogate(phrase.charAt(i))) {
            out.append(ZERO_WIDTH_CHARS.charAt(r.nextInt(ZERO_WIDTH_CHARS.length())));
          }
        }
      }
      case FULL_WIDTH -> {
        for (int i = 0; i < phrase.length(); i++) {
          char c = phrase.charAt(i);
          out.append(c > ' ' && c < 0x7f ? (char) (c + 0xFEE0) : c);
        }
      }
      case TRADITIONAL -> {
        for (int i = 0; i < phrase.length(); i++) {
          char c = phrase.charAt(i);
          int k = SIMPLIFIED.indexOf(c);
          out.append(k >= 0 ? TRADITIONAL_CHARS.charAt(k) : c);
        }
      }
      case CJK_SPACING -> {
        String sep = r.nextBoolean() ? " " : (r.nextBoolean() ? "." : "·");
        for (int i = 0; i < phrase.length(); i++) {
          char c = phrase.charAt(i);
          out.append(c);
          if (i + 1 < phrase.length() && isHan(c) && isHan(phrase.charAt(i + 1))) {
            out.append(sep);
          }
        }
      }
      default -> throw new IllegalStateException(name());
    }
    return out.toString();
  }

  static boolean hasHan(String s) {
    return s.chars().anyMatch(c -> isHan((char) c));
  }

  static boolean isHan(char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  static {
    if (SIMPLIFIED.length() != TRADITIONAL_CHARS.length()) {
      throw new ExceptionInInitializerError("simplified/traditional tables differ in length");
    }
  }
}
