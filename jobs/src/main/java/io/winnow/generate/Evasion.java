package io.winnow.generate;

import java.util.SplittableRandom;

/**
 * Ways a planted list phrase is disguised; the label is what labels.kind records. The first four are the ones the
 * sweep's normalizer was written to undo (invisible characters, width, traditional characters, spacing between CJK
 * characters); the last two are disguises real posts use that it was not written for: characters swapped for others
 * read the same way (病毒 as 病读) and emoji between the characters (in English, between the words).
 */
enum Evasion {
  ZERO_WIDTH("zero-width"),
  FULL_WIDTH("full-width"),
  TRADITIONAL("traditional"),
  CJK_SPACING("cjk-spacing"),
  HOMOPHONE("homophone"),
  EMOJI_BETWEEN("emoji-between");

  static final Evasion[] CHINESE = {ZERO_WIDTH, TRADITIONAL, CJK_SPACING, HOMOPHONE, EMOJI_BETWEEN};
  static final Evasion[] ENGLISH = {ZERO_WIDTH, FULL_WIDTH, EMOJI_BETWEEN};

  private static final String ZERO_WIDTH_CHARS = "\u200B\u200C\u200D\u2060";
  private static final String SIMPLIFIED =
      "锁来铁线运银暂电盐预会传风机杀灭踪说没体岛苏胶鱼胆问诊开药给询写诉状赢荐资财对辅导报证现场惨点赞过万视频惊转发这条锦鲤赏费进扫码";
  private static final String TRADITIONAL_CHARS =
      "鎖來鐵線運銀暫電鹽預會傳風機殺滅蹤說沒體島蘇膠魚膽問診開藥給詢寫訴狀贏薦資財對輔導報證現場慘點贊過萬視頻驚轉發這條錦鯉賞費進掃碼";

  /**
   * Same-pinyin substitutes (tones may differ slightly, as in real posts): each character of {@link #HOMOPHONE_OF}
   * is written as the character at the same position here. Every Chinese list phrase the generator plants has at
   * least one of them (EvasionTest checks).
   */
  private static final String HOMOPHONE_OF = "毒苗锁电染岛愈癌鱼诊药询诉赢荐财辅证场赞频震鲤霉敢费码铁运停";
  private static final String HOMOPHONE_AS = "读描所店冉导玉挨渔枕要寻素营见才府正厂暂贫阵里梅赶废马帖韵亭";
  private static final String[] BETWEEN = {"👉", "🔥", "❗", "✨", "💥", "👀"};

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
      case HOMOPHONE -> {
        for (int i = 0; i < phrase.length(); i++) {
          char c = phrase.charAt(i);
          int k = HOMOPHONE_OF.indexOf(c);
          out.append(k >= 0 ? HOMOPHONE_AS.charAt(k) : c);
        }
      }
      case EMOJI_BETWEEN -> {
        // between CJK characters; in English between the words, or the letters of a single word
        String emoji = BETWEEN[r.nextInt(BETWEEN.length)];
        boolean han = hasHan(phrase);
        boolean letters = !han && phrase.indexOf(' ') < 0;
        for (int i = 0; i < phrase.length(); i++) {
          char c = phrase.charAt(i);
          if (i > 0 && (letters || han && c != ' ' && (isHan(c) || isHan(phrase.charAt(i - 1))))) {
            out.append(emoji);
          }
          out.append(!han && c == ' ' ? " " + emoji + " " : String.valueOf(c));
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
    if (HOMOPHONE_OF.length() != HOMOPHONE_AS.length()) {
      throw new ExceptionInInitializerError("homophone tables differ in length");
    }
  }
}
