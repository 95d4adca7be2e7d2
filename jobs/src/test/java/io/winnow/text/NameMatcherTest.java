package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameMatcherTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  static final NameMatcher NAMES = new NameMatcher(
      List.of("疾控中心", "人民日报", "cdc", "reuters", "us army", "usarmy", "marcus whitlow", "中国科学院"),
      List.of("官方", "official", "real", "news", "fan"), 1, NORMALIZER);

  static NameMatcher.NameHit match(String name) {
    return NAMES.match(NORMALIZER.normalize(name));
  }

  @Test
  void homoglyphsFoldToTheProtectedName() {
    assertEquals("reuters", match("Rеuters").name(), "Cyrillic е");
    assertEquals("cdc", match("СDС").name(), "Cyrillic С");
    assertEquals("人民日报", match("入民日报").name(), "look-alike 入");
    assertEquals("marcus whitlow", match("Marcus Whit1ow").name(), "digit 1 for l");
    assertEquals(0, match("Rеuters").distance());
  }

  @Test
  void decorationsSymbolsAndDigitsAreStripped() {
    NameMatcher.NameHit hit = match("【疾控中心】官方");
    assertNotNull(hit);
    assertEquals("疾控中心", "【疾控中心】官方".substring(hit.start(), hit.end()), "the span quotes the original name");
    assertEquals("us army", match("Real U.S. Army Official").name());
    assertEquals("cdc", match("cdc_official_2024").name());
    assertEquals("cdc", match("C D C").name());
  }

  @Test
  void oneEditOnlyForLongEnoughNames() {
    assertEquals(1, match("Reutres").distance(), "transposition");
    assertEquals(1, match("中国科学阮").distance());
    assertNull(match("cbc"), "three letters must match exactly");
    assertNull(match("Sunny Panda 42"));
    assertNull(match("小鱼爱吃饭"));
    assertNull(match("Reuters Weather Fans Club"), "a longer name is not a copy");
  }

  @Test
  void editDistanceCountsTranspositionsOnce() {
    assertEquals(1, NameMatcher.levenshtein("reutres", "reuters", 2));
    assertEquals(1, NameMatcher.levenshtein("reuter", "reuters", 2));
    assertEquals(3, NameMatcher.levenshtein("abc", "xyz", 2), "bounded: bound + 1");
  }
}
