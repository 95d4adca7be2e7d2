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

  @Test
  void overlappingAddsTheLongClaimsAShortTextRestatesToTheClaimsItReaches() {
    String longClaim = "Health officials warn that drinking bleach kills the coronavirus inside your body within"
        + " minutes and cures every patient";
    KeywordSketch sketch = new KeywordSketch(List.of("c-long", "c-5g", "c-vinegar"), List.of(longClaim, CLAIMS.get(2),
        CLAIMS.get(1)), 0.3, 3, TextNormalizer.shared());
    // "bleach kills coronavirus": blea leac each kill ills coro oron rona onav navi avir viru irus, 13 keywords, all of
    // them c-long's, which has 45: 13 < ceil(0.3 x 45) = 14, so the text does not reach it; it holds 0.3 of its own
    // 13 (4), so it overlaps it. c-5g: viru irus, 2 of 9, under min-shared 3 either way.
    NormalizedText text = TextNormalizer.shared().normalize("bleach kills coronavirus");
    assertEquals(List.of(13, 45), List.of(KeywordSketch.keywords(text).length,
        KeywordSketch.keywords(TextNormalizer.shared().normalize(longClaim)).length));
    assertEquals(List.of(), java.util.Arrays.stream(sketch.reached(text)).boxed().toList());
    assertEquals(List.of(0), java.util.Arrays.stream(sketch.overlapping(text)).boxed().toList());
    // A long text (29 keywords): it holds all 9 of c-5g's, and 8 of c-long's, under 0.3 of the smaller side, its own
    // 29 (9): it reaches and overlaps c-5g alone.
    NormalizedText longText = TextNormalizer.shared().normalize("The hair dryer and 5G towers spread the virus up your"
        + " nose, and a long paragraph about bleach that kills nothing");
    assertEquals(List.of(1), java.util.Arrays.stream(sketch.reached(longText)).boxed().toList());
    assertEquals(List.of(1), java.util.Arrays.stream(sketch.overlapping(longText)).boxed().toList());
  }

  @Test
  void aTextAskedAboutTwiceGetsEachSketchsOwnAnswer() {
    // The leaves of one catalogue share a sketch and ask about a field one after the other; another catalogue's
    // sketch, asked about the same text in between, answers for its own claims.
    KeywordSketch vinegarOnly = new KeywordSketch(List.of("c-vinegar"), List.of("熏醋能杀灭病毒"), 0.3, 3,
        TextNormalizer.shared());
    NormalizedText fiveG = TextNormalizer.shared().normalize("The virus spreads wherever they put up 5G masts");
    NormalizedText vinegar = TextNormalizer.shared().normalize("在家里煮醋熏一熏，屋里的病毒全死光");
    assertEquals(List.of(true, true, false, false, true, true, true), List.of(SKETCH.passes(fiveG),
        SKETCH.passes(fiveG), vinegarOnly.passes(fiveG), vinegarOnly.passes(fiveG), SKETCH.passes(fiveG),
        vinegarOnly.passes(vinegar), SKETCH.passes(vinegar)));
    assertFalse(vinegarOnly.passes(TextNormalizer.shared().normalize("The virus spreads wherever they put up 5G masts")),
        "an equal text in another object");
  }

  @Test
  void passesAndReachedAgreeWithTheOverlapOfEveryClaimOnALargeCatalogue() {
    // 3,000 claims of random syllables over a small alphabet: many keywords, shared by many claims, so the index's
    // table has long probe runs. Each text is checked against every claim by the rule itself: it passes on a claim
    // when it holds at least max(3, ceil(0.3 x n)) of the claim's n keywords.
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    String[] syllables = {"ka", "ro", "mi", "tel", "van", "su", "dor", "pe", "lin", "qua", "bex",
        "zo", "fir", "nu", "gal", "hep", "wy", "jor", "cam", "ost"};
    java.util.function.IntFunction<String> words = n -> {
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < n; w++) {
        b.append(w > 0 ? " " : "");
        for (int i = 0, m = 2 + r.nextInt(2); i < m; i++) {
          b.append(syllables[r.nextInt(syllables.length)]);
        }
      }
      return b.toString();
    };
    List<String> ids = new java.util.ArrayList<>();
    List<String> claims = new java.util.ArrayList<>();
    for (int c = 0; c < 3000; c++) {
      ids.add("c" + c);
      claims.add(words.apply(3 + r.nextInt(5)));
    }
    KeywordSketch sketch = new KeywordSketch(ids, claims, 0.3, 3, TextNormalizer.shared());
    long[][] claimKeywords = claims.stream().map(c -> KeywordSketch.keywords(TextNormalizer.shared().normalize(c)))
        .toArray(long[][]::new);
    int passing = 0;
    int overlapping = 0;
    for (int t = 0; t < 300; t++) {
      NormalizedText text = TextNormalizer.shared().normalize(words.apply(1 + r.nextInt(5)));
      long[] k = KeywordSketch.keywords(text);
      List<Integer> expected = new java.util.ArrayList<>();
      for (int c = 0; c < claims.size(); c++) {
        int need = Math.max(3, (int) Math.ceil(0.3 * claimKeywords[c].length - 1e-9));
        if (claimKeywords[c].length >= need && ClaimIndex.overlap(claimKeywords[c], k) >= need) {
          expected.add(c);
        }
      }
      passing += expected.isEmpty() ? 0 : 1;
      assertEquals(expected, java.util.Arrays.stream(sketch.reached(text)).boxed().toList(), text.text());
      // Overlapping: the same rule on the smaller side, max(3, ceil(0.3 x min(n, m))) for a text of m keywords.
      List<Integer> overlapped = new java.util.ArrayList<>();
      for (int c = 0; c < claims.size(); c++) {
        int need = Math.max(3, (int) Math.ceil(0.3 * Math.min(k.length, claimKeywords[c].length) - 1e-9));
        if (ClaimIndex.overlap(claimKeywords[c], k) >= need) {
          overlapped.add(c);
        }
      }
      overlapping += overlapped.size() - expected.size();
      assertEquals(overlapped, java.util.Arrays.stream(sketch.overlapping(text)).boxed().toList(), text.text());
      assertEquals(!expected.isEmpty(), sketch.passes(text), text.text());
    }
    assertTrue(passing > 30 && passing < 270, "both kinds of text are tried: " + passing + " of 300 pass");
    assertTrue(overlapping > 0, "some claims are overlapped and not reached: " + overlapping);
  }
}
