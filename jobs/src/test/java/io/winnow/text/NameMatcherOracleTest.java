package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.generate.GeneratedNames;
import io.winnow.model.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NameMatcher} finds exactly what {@link NameMatcherReference} (the matcher before issue 19's cuts) finds, field
 * by field (name, distance, start, end): on the generated account names of {@code NameBench} (an archive's mix and its
 * labelled accounts, seed 42) with the shipped rules' matchers, on edits and piled-up decorations of protected names
 * with max-distance 0, 1 and 2, and on edge cases.
 */
class NameMatcherOracleTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  static List<Condition.NameLike> shipped;

  @BeforeAll
  static void load() {
    shipped = GeneratedNames.shippedNameLike();
  }

  /**
   * As the engine asks: each name normalized once into a reused buffer, then every name-like leaf of the shipped rules
   * in rule order, two leaves per matcher (a matcher answers a text it answered last time, and keys a text once for
   * all matchers).
   */
  @Test
  void generatedAccountNamesGetTheSameHitsWithTheShippedRules() {
    List<String> names = new ArrayList<>(GeneratedNames.archive(60_000, 42L));
    names.addAll(GeneratedNames.labelled(5_000_000, 42L, 60_000));
    assertEquals(4, shipped.size(), "the four protected lists of the shipped impersonation rules");
    List<Condition.NameLike> leaves = GeneratedNames.shippedNameLikeLeaves();
    assertEquals(8, leaves.size(), "a protected-name rule and a not-protected rule per list");
    Map<Condition.NameLike, NameMatcher> now = new HashMap<>();
    Map<Condition.NameLike, NameMatcherReference> before = new HashMap<>();
    for (Condition.NameLike c : shipped) {
      now.put(c, new NameMatcher(c.names(), c.decorations(), c.maxDistance(), NORMALIZER));
      before.put(c, new NameMatcherReference(c.names(), c.decorations(), c.maxDistance(), NORMALIZER));
    }
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    int hits = 0;
    for (String name : names) {
      NormalizedText text = NORMALIZER.normalize(name, buffer);
      for (Condition.NameLike leaf : leaves) {
        NameMatcher.NameHit expected = before.get(leaf).match(text);
        assertEquals(expected, now.get(leaf).match(text), () -> "'" + name + "' in " + leaf.names());
        hits += expected == null ? 0 : 1;
      }
    }
    assertTrue(names.size() >= 100_000, "names compared: " + names.size());
    assertTrue(hits > 60_000, "hits compared: " + hits);
  }

  @Test
  void editsAndDecorationsOfProtectedNamesGetTheSameHitsAtEveryDistance() {
    SplittableRandom random = new SplittableRandom(19L);
    List<String> names = new ArrayList<>();
    List<String> protectedNames = new ArrayList<>();
    shipped.forEach(c -> protectedNames.addAll(c.names()));
    List<String> decorations = shipped.get(0).decorations();
    for (int i = 0; i < 5_000; i++) {
      names.add(disguise(protectedNames.get(random.nextInt(protectedNames.size())), decorations, random));
    }
    for (int distance = 0; distance <= 2; distance++) {
      for (Condition.NameLike c : shipped) {
        compare(c.names(), c.decorations(), distance, names);
      }
    }
  }

  @Test
  void edgeCasesGetTheSameHits() {
    List<String> protectedNames = List.of("cdc", "reuters", "人民日报", "us army", "usarmy", "abcd", "abce", "abdc",
        "news", "𠀀𠀁𠀂𠀃", "12345678", "reuters news", "cdc news", "news cdc");
    List<String> decorations = List.of("官方", "official", "real", "news", "fan", "2024", "hq", "a", "ab");
    List<String> names = new ArrayList<>(List.of("", " ", "_", "官方", "news", "realnews", "officialofficial",
        "12345678", "1234567", "123456789", "2024", "reuters2024", "𠀀𠀁𠀂𠀃", "𠀀𠀁𠀂𠀄", "\ud800", "a\udc00b", "abcd",
        "abdc", "abcx", "abxd", "abc", "abcde", "xabcd", "reuters news", "reuters newz", "real reuters news official",
        "cdcnewscdc", "news cdc news", "Rеuters", "ＣＤＣ", "a", "ab", "aab", "ababab"));
    StringBuilder many = new StringBuilder("reuters");
    for (int i = 0; i < 40; i++) {
      many.insert(0, i % 2 == 0 ? "real" : "official").append(i % 3 == 0 ? "hq" : "news").append(i);
      names.add(many.toString());
    }
    names.add("officialrealnewshq".repeat(20) + "cdc" + "官方".repeat(30) + "2024".repeat(10));
    for (int distance = 0; distance <= 2; distance++) {
      compare(protectedNames, decorations, distance, names);
      compare(protectedNames, List.of(), distance, names);
    }
  }

  /** Compares both matchers on every name; returns the hits. */
  private static int compare(List<String> protectedNames, List<String> decorations, int distance, List<String> names) {
    NameMatcher now = new NameMatcher(protectedNames, decorations, distance, NORMALIZER);
    NameMatcherReference before = new NameMatcherReference(protectedNames, decorations, distance, NORMALIZER);
    int hits = 0;
    for (String name : names) {
      NormalizedText text = NORMALIZER.normalize(name);
      NameMatcher.NameHit expected = before.match(text);
      assertEquals(expected, now.match(text), () -> "'" + name + "' with max-distance " + distance + " and "
          + protectedNames.size() + " names");
      hits += expected == null ? 0 : 1;
    }
    return hits;
  }

  /** A protected name with homoglyph-free edits, separators, digits and decorations at either end, piled up. */
  private static String disguise(String name, List<String> decorations, SplittableRandom random) {
    StringBuilder b = new StringBuilder(name);
    int edits = random.nextInt(4);
    for (int i = 0; i < edits && b.length() > 1; i++) {
      int at = random.nextInt(b.length() - 1);
      switch (random.nextInt(4)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, (char) ('a' + random.nextInt(26)));
        case 2 -> b.setCharAt(at, b.charAt(at + 1));
        default -> {
          char c = b.charAt(at);
          b.setCharAt(at, b.charAt(at + 1));
          b.setCharAt(at + 1, c);
        }
      }
    }
    int piled = random.nextInt(6);
    for (int i = 0; i < piled; i++) {
      String d = decorations.get(random.nextInt(decorations.size()));
      String sep = random.nextBoolean() ? "" : random.nextBoolean() ? " " : "_";
      if (random.nextBoolean()) {
        b.insert(0, d + sep);
      } else {
        b.append(sep).append(d);
      }
      if (random.nextInt(4) == 0) {
        b.append(random.nextInt(3000));
      }
    }
    return b.toString();
  }
}
