package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The semantic first stage: a paraphrase keeps enough of a claim's keywords (content-word 4-grams, Chinese characters
 * other than function characters) to pass; a post that shares only function words, or too small a share, does not.
 */
class KeywordSketchTest {
  private static final List<String> IDS = List.of("c-hair", "c-vinegar", "c-5g");
  private static final List<String> CLAIMS = List.of("a hair dryer up your nose kills the virus", "熏醋能杀灭病毒",
      "5G towers spread the virus");
  private static final KeywordSketch SKETCH = new KeywordSketch(IDS, CLAIMS, 0.3, 3, TextNormalizer.shared());

  private static KeywordSketch.Hit best(String text) {
    return SKETCH.best(TextNormalizer.shared().normalize(text));
  }

  @Test
  void keywordsAreContentWordGramsAndChineseCharacters() {
    // hair; drye ryer; nose; kill ills; viru irus ("your" and "the", "up", "a" are function words or too short)
    assertEquals(8, KeywordSketch.keywords(TextNormalizer.shared().normalize(CLAIMS.get(0))).length);
    // 熏 醋 杀 灭 病 毒 (能 is a function character)
    assertEquals(6, KeywordSketch.keywords(TextNormalizer.shared().normalize(CLAIMS.get(1))).length);
    // 5g whole; towe ower wers; spre prea read; viru irus
    assertEquals(9, KeywordSketch.keywords(TextNormalizer.shared().normalize(CLAIMS.get(2))).length);
  }

  @Test
  void paraphrasesPassWithTheClaimTheyShareMostWith() {
    // hair drye ryer viru irus of c-hair's 8 ("hairdryer" holds "hair" and "dryer"; "coronavirus" holds "virus")
    assertEquals(new KeywordSketch.Hit(0, "c-hair", 5, 8),
        best("Blowing a hairdryer into your nostrils destroys the coronavirus"));
    // 熏 醋 病 毒 of c-vinegar's 6
    assertEquals(new KeywordSketch.Hit(1, "c-vinegar", 4, 6), best("在家里煮醋熏一熏，屋里的病毒全死光"));
    // 5g viru irus, and "spreads" holds spre prea read: 6 of 9
    assertEquals(new KeywordSketch.Hit(2, "c-5g", 6, 9), best("The virus spreads wherever they put up 5G masts"));
  }

  @Test
  void functionWordsAndSmallSharesDoNotPass() {
    assertNull(best("Had the best tacos in Seattle today, your turn"), "nothing but function words in common");
    // viru irus: 2 of c-hair's 8, below both 3 and 0.3 x 8
    assertNull(best("Hospital admissions rose again with the virus this week"));
    assertNull(best("病毒"), "two keywords are fewer than min-shared 3");
  }

  @Test
  void passesIsTrueExactlyWhereSomeClaimIsBest() {
    for (String passing : List.of("在家里煮醋熏一熏，屋里的病毒全死光", "The virus spreads wherever they put up 5G masts")) {
      assertTrue(SKETCH.passes(TextNormalizer.shared().normalize(passing)), passing);
    }
    for (String failing : List.of("Had the best tacos in Seattle today, your turn",
        "Hospital admissions rose again with the virus this week", "病毒")) {
      assertFalse(SKETCH.passes(TextNormalizer.shared().normalize(failing)), failing);
    }
  }

  private static List<Integer> reached(String text) {
    return java.util.Arrays.stream(SKETCH.reached(TextNormalizer.shared().normalize(text))).boxed().toList();
  }

  @Test
  void reachedNamesEveryClaimATextPassesOnAndNoOther() {
    // c-hair: hair drye ryer nose viru irus, 6 of 8; c-5g: all 9; c-vinegar: no Chinese character in common
    assertEquals(List.of(0, 2), reached("The hair dryer and 5G towers spread the virus up your nose"));
    // viru irus are only 2 of c-hair's 8: c-5g alone, though the text shares keywords with both
    assertEquals(List.of(2), reached("The virus spreads wherever they put up 5G masts"));
    assertEquals(List.of(1), reached("在家里煮醋熏一熏，屋里的病毒全死光"));
    for (String failing : List.of("Had the best tacos in Seattle today, your turn",
        "Hospital admissions rose again with the virus this week", "病毒")) {
      assertEquals(List.of(), reached(failing), failing);
    }
  }
}
