package io.winnow.generate;

import java.util.SplittableRandom;

/**
 * Ways a planted list phrase is disguised; the label is what labels.kind records. The first four are the ones the
 * sweep's normalizer was written to undo (invisible characters, width, traditional characters, spacing between CJK
 * characters); the last two are disguises real posts use that it was not written for: characters swapped for others
 * read the same way (病毒 as 病读) and emoji between the characters (in English, between the words). The rest are the
 * disguises of issue 17 ({@link Disguises}): look-alike letters, spaced, accented, joined, leet, repeated or dropped
 * letters, HTML references, override runs; in Chinese spaced Latin letters, pinyin (whole, initials, mixed) and
 * letters between the characters.
 */
enum Evasion {
  ZERO_WIDTH("zero-width"),
  FULL_WIDTH("full-width"),
  TRADITIONAL("traditional"),
  CJK_SPACING("cjk-spacing"),
  HOMOPHONE("homophone"),
  EMOJI_BETWEEN("emoji-between"),
  // the disguises of issue 17 (Disguises)
  LOOKALIKE_LETTER("lookalike-letter"),
  SPACED_LETTERS("spaced-letters"),
  ACCENTS("accents"),
  JOINED_WORDS("joined-words"),
  LEET("leet"),
  REPEATED_LETTERS("repeated-letters"),
  DROPPED_LETTER("dropped-letter"),
  HTML_ENTITY("html-entity"),
  BIDI_OVERRIDE("bidi-override"),
  LATIN_SPACING("latin-spacing"),
  PINYIN("pinyin"),
  PINYIN_INITIALS("pinyin-initials"),
  PINYIN_MIXED("pinyin-mixed"),
  LETTERS_BETWEEN("letters-between");

  static final Evasion[] CHINESE = {ZERO_WIDTH, TRADITIONAL, CJK_SPACING, HOMOPHONE, EMOJI_BETWEEN, HTML_ENTITY,
      BIDI_OVERRIDE, LATIN_SPACING, PINYIN, PINYIN_INITIALS, PINYIN_MIXED, LETTERS_BETWEEN};
  static final Evasion[] ENGLISH = {ZERO_WIDTH, FULL_WIDTH, EMOJI_BETWEEN, LOOKALIKE_LETTER, SPACED_LETTERS, ACCENTS,
      JOINED_WORDS, LEET, REPEATED_LETTERS, DROPPED_LETTER, HTML_ENTITY, BIDI_OVERRIDE};

  /**
   * Whether this disguise can be applied to {@code phrase}: latin-spacing needs Latin letters or digits, joined-words
   * two words.
   */
  boolean appliesTo(String phrase) {
    return switch (this) {
      case LATIN_SPACING -> Disguises.hasLatin(phrase);
      case JOINED_WORDS -> phrase.trim().indexOf(' ') > 0;
      default -> true;
    };
  }

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
      case LOOKALIKE_LETTER -> out.append(Disguises.lookalikeLetter(phrase, r));
      case SPACED_LETTERS -> out.append(Disguises.spacedLetters(phrase, r));
      case ACCENTS -> out.append(Disguises.accents(phrase, r));
      case JOINED_WORDS -> out.append(Disguises.joinedWords(phrase, r));
      case LEET -> out.append(Disguises.leet(phrase, r));
      case REPEATED_LETTERS -> out.append(Disguises.repeatedLetters(phrase, r));
      case DROPPED_LETTER -> out.append(Disguises.droppedLetter(phrase, r));
      case HTML_ENTITY -> out.append(Disguises.htmlEntity(phrase, r));
      case BIDI_OVERRIDE -> out.append(Disguises.bidiOverride(phrase));
      case LATIN_SPACING -> out.append(Disguises.latinSpacing(phrase));
      case PINYIN -> out.append(Disguises.pinyin(phrase, r));
      case PINYIN_INITIALS -> out.append(Disguises.initials(phrase));
      case PINYIN_MIXED -> out.append(Disguises.pinyinMixed(phrase, r));
      case LETTERS_BETWEEN -> out.append(Disguises.lettersBetween(phrase, r));
      default -> throw new IllegalStateException(name());
    }
    return out.toString();
  }

  /** The disguises for a list phrase of {@code plant}: those of its language that apply to one of its phrases. */
  static Evasion[] forPlant(PostPlant plant, boolean chinese) {
    String[] phrases = Vocabulary.TRIGGERS.get(plant)[chinese ? 0 : 1];
    return java.util.Arrays.stream(chinese ? CHINESE : ENGLISH)
        .filter(e -> java.util.Arrays.stream(phrases).anyMatch(e::appliesTo)).toArray(Evasion[]::new);
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
