package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every disguise changes every phrase it may be applied to, and only in the way its label says. */
class EvasionTest {
  @Test
  void everyDisguiseChangesEveryPhraseOfItsLanguage() {
    int checked = 0;
    for (PostPlant p : PostPlant.ALL) {
      if (!p.isViolation()) {
        continue;
      }
      String[][] phrases = Vocabulary.TRIGGERS.get(p);
      for (int lang = 0; lang < 2; lang++) {
        for (String phrase : phrases[lang]) {
          for (Evasion e : lang == 0 ? Evasion.CHINESE : Evasion.ENGLISH) {
            if (!e.appliesTo(phrase)) {
              continue;
            }
            String disguised = e.apply(phrase, new SplittableRandom(checked));
            assertNotEquals(phrase, disguised, e.label + " changes " + p.key() + " '" + phrase + "'");
            assertTrue(disguised.length() >= phrase.length() || e == Evasion.HOMOPHONE || e == Evasion.DROPPED_LETTER
                || e == Evasion.PINYIN_INITIALS || e == Evasion.JOINED_WORDS, disguised);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 200, "phrases disguised: " + checked);
  }

  @Test
  void theDisguisesOfIssue17LookAsTheirLabelsSay() {
    SplittableRandom r = new SplittableRandom(5);
    assertEquals("\u202erecnac seruc ados gnikab\u202c", Evasion.BIDI_OVERRIDE.apply("baking soda cures cancer", r));
    assertEquals("5 G 基站会传播病毒", Evasion.LATIN_SPACING.apply("5G基站会传播病毒", r));
    assertEquals("hysnyfbd", Evasion.PINYIN_INITIALS.apply("喝盐水能预防病毒", r));
    assertEquals("he yan shui neng yu fang bing du".replace(" ", ""),
        Evasion.PINYIN.apply("喝盐水能预防病毒", r).replace(" ", ""), "the whole phrase in pinyin");
    String mixed = Evasion.PINYIN_MIXED.apply("喝盐水能预防病毒", r);
    assertTrue(mixed.matches("[\\p{IsHan}a-z]+") && mixed.replaceAll("[a-z]", "").length() < 8, mixed);
    String between = Evasion.LETTERS_BETWEEN.apply("喝盐水", r);
    assertEquals(5, between.length(), "a letter between each pair: " + between);
    assertEquals("喝盐水", between.replaceAll("[a-z]", ""));
    assertEquals("baking soda cures cancer", Evasion.SPACED_LETTERS.apply("baking soda cures cancer", r)
        .replaceAll("(?<=\\p{L})[ .*-](?=\\p{L}[ .*-]|\\p{L}$|\\p{L} )", ""), "only one word is spaced out");
    assertFalse(Evasion.LEET.apply("baking soda cures cancer", r).equals("baking soda cures cancer"));
    assertEquals(1, Evasion.LOOKALIKE_LETTER.apply("baking soda cures cancer", r).chars().filter(c -> c > 0x7f)
        .count(), "one letter swapped");
    assertTrue(Evasion.HTML_ENTITY.apply("小苏打能治愈癌症", r).matches(".*&#x?[0-9a-f]+;.*"));
    assertTrue(Evasion.REPEATED_LETTERS.apply("baking soda cures cancer", r).matches(".*([aeiou])\\1\\1.*"));
    assertEquals("baking soda cures cancer".length() - 1, Evasion.DROPPED_LETTER.apply("baking soda cures cancer", r)
        .length());
    assertFalse(Evasion.LATIN_SPACING.appliesTo("喝盐水能预防病毒"), "no Latin letters or digits to space");
  }

  @Test
  void homophonesKeepTheLengthAndEmojiComeOutAgain() {
    assertEquals("喝盐水能预防病读", Evasion.HOMOPHONE.apply("喝盐水能预防病毒", new SplittableRandom(1)));
    assertEquals("疫描里有追踪芯片", Evasion.HOMOPHONE.apply("疫苗里有追踪芯片", new SplittableRandom(1)));
    String zh = Evasion.EMOJI_BETWEEN.apply("在线问诊", new SplittableRandom(3));
    assertEquals(7, zh.codePointCount(0, zh.length()), "an emoji between each pair of characters: " + zh);
    assertEquals("在线问诊", zh.replaceAll("[^\\p{IsHan}]", ""));
    String en = Evasion.EMOJI_BETWEEN.apply("share or bad luck", new SplittableRandom(3));
    assertEquals("share or bad luck", en.replaceAll("[^a-z ]", "").replaceAll(" +", " "), en);
    assertEquals(4 + 3, en.split(" ").length, "an emoji between the words: " + en);
  }
}
