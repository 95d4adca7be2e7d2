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

  /**
   * The hash filter in front of the deletion index loses nothing: over 1,000 generated protected names, every variant
   * one edit away (in letters that are their own skeleton) (deletion, insertion, substitution, transposition) is found with distance 1, and a name is reported
   * for a random string exactly when brute force finds a protected key within one edit.
   */
  @Test
  void oneEditVariantsAreFoundAndNothingElse() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(99);
    // Letters that are their own confusable skeleton (m is "rn" and d is "cl", which would make one edit two).
    String letters = "abcdefghijklmnopqrstuvwxyz".chars().mapToObj(c -> String.valueOf((char) c))
        .filter(c -> NameMatcher.key(NORMALIZER.normalize(c)).text().equals(c)).collect(
            java.util.stream.Collectors.joining());
    assertEquals(true, letters.length() >= 15, "enough plain letters: " + letters);
    java.util.List<String> names = randomNames(r, letters, 1_000);
    NameMatcher matcher = new NameMatcher(names, List.of(), 1, NORMALIZER);
    for (int i = 0; i < 2_000; i++) {
      String name = names.get(r.nextInt(names.size()));
      int at = r.nextInt(name.length() - 1);
      char c = letters.charAt(r.nextInt(letters.length()));
      String variant = switch (i % 4) {
        case 0 -> name.substring(0, at) + name.substring(at + 1);
        case 1 -> name.substring(0, at) + c + name.substring(at);
        case 2 -> name.substring(0, at) + (name.charAt(at) == c ? (char) (c == 'z' ? 'a' : c + 1) : c)
            + name.substring(at + 1);
        default -> name.substring(0, at) + name.charAt(at + 1) + name.charAt(at) + name.substring(at + 2);
      };
      NameMatcher.NameHit hit = matcher.match(NORMALIZER.normalize(variant));
      assertNotNull(hit, variant + " is one edit from " + name);
      assertEquals(variant.equals(name) ? 0 : 1, hit.distance(), variant);
    }
    for (int i = 0; i < 2_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = 8 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b.append(letters.charAt(r.nextInt(6))); // a small alphabet, so that some land within one edit
      }
      String s = b.toString();
      boolean expected = names.stream().anyMatch(k -> NameMatcher.levenshtein(s, k, 1) <= 1);
      assertEquals(expected, matcher.match(NORMALIZER.normalize(s)) != null, s);
    }
  }

  /**
   * The hash filter also screens the ranges left after stripping decorations and trailing digits (their hashes come
   * from the prefix hashes of the whole key): a one-edit variant wrapped in decorations or followed by digits is found
   * at distance 1, an exact copy at 0, and with no edits allowed only the exact copy.
   */
  @Test
  void decoratedVariantsAreScreenedByTheirRange() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    String letters = "abcefghijknopqrstuvwxyz";
    java.util.List<String> names = randomNames(r, letters, 500);
    List<String> decorations = List.of("official", "real");
    NameMatcher oneEdit = new NameMatcher(names, decorations, 1, NORMALIZER);
    NameMatcher exactOnly = new NameMatcher(names, decorations, 0, NORMALIZER);
    String[][] wrappers = {{"official ", ""}, {"", " real"}, {"", "2024"}, {"real_", "_official"}, {"", "official99"}};
    for (int i = 0; i < 1_000; i++) {
      String name = names.get(r.nextInt(names.size()));
      int at = r.nextInt(name.length() - 1);
      String variant = name.substring(0, at) + name.substring(at + 1);
      String[] w = wrappers[i % wrappers.length];
      NameMatcher.NameHit copy = oneEdit.match(NORMALIZER.normalize(w[0] + name + w[1]));
      assertNotNull(copy, w[0] + name + w[1]);
      assertEquals(0, copy.distance());
      NameMatcher.NameHit edited = oneEdit.match(NORMALIZER.normalize(w[0] + variant + w[1]));
      assertNotNull(edited, w[0] + variant + w[1] + " is one edit from " + name);
      assertEquals(1, edited.distance());
      assertNotNull(exactOnly.match(NORMALIZER.normalize(w[0] + name + w[1])), w[0] + name + w[1]);
      boolean exactVariant = names.contains(variant);
      assertEquals(exactVariant, exactOnly.match(NORMALIZER.normalize(w[0] + variant + w[1])) != null, variant);
    }
  }

  /**
   * What a name reduces to: skeletons of one character and of several ({@code m} is {@code rn}), a supplementary
   * ideograph kept whole, separators dropped, and for each key unit the index in the normalized text it came from
   * and whether it was a digit.
   */
  @Test
  void keysFoldSkeletonsAndKeepWhereEachUnitCameFrom() {
    assertEquals(NameMatcher.key(NORMALIZER.normalize("Reuters")).text(),
        NameMatcher.key(NORMALIZER.normalize("R\u0435uters")).text(), "Cyrillic e");
    NameMatcher.Key key = NameMatcher.key(NORMALIZER.normalize("m_\uD840\uDC00 7"));
    assertEquals("rn\uD840\uDC007", key.text());
    assertEquals(List.of(0, 0, 2, 2, 5), java.util.stream.IntStream.range(0, 5).map(i -> key.at()[i]).boxed().toList());
    assertEquals(List.of(false, false, false, false, true),
        java.util.stream.IntStream.range(0, 5).mapToObj(i -> key.digit()[i]).toList());
  }

  /** {@code count} names of 8 to 15 letters drawn from {@code letters}. */
  static java.util.List<String> randomNames(java.util.SplittableRandom r, String letters, int count) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      int n = 8 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b.append(letters.charAt(r.nextInt(letters.length())));
      }
      names.add(b.toString());
    }
    return names;
  }
}
