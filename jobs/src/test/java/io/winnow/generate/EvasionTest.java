package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            String disguised = e.apply(phrase, new SplittableRandom(checked));
            assertNotEquals(phrase, disguised, e.label + " changes " + p.key() + " '" + phrase + "'");
            assertTrue(disguised.length() >= phrase.length() || e == Evasion.HOMOPHONE, disguised);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 200, "phrases disguised: " + checked);
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
