package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.engine.ExampleRunner;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import io.winnow.text.NameMatcher;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Homoglyph impersonators, without Spark: every look-alike the generator swaps in folds back to its letter under
 * name-like (the shipped lists, decorations and max-distance), never under the normalizer that terms use; and the
 * accounts of the demo archive (20,000 accounts, seed 42) hold the expected number of them, each caught by the shipped
 * rules of its subcategory through name-like alone.
 */
class HomoglyphTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  static RuleLists lists;
  static RuleSet rules;
  /** The name-like matcher of each impersonation subcategory, as the shipped rules build it. */
  static Map<String, NameMatcher> shipped = new TreeMap<>();

  @BeforeAll
  static void load() {
    lists = RuleLists.load();
    rules = RuleLoader.load(RuleLists.rulesDir());
    RuleLists.PROTECTED_LIST.forEach((sub, list) -> shipped.put(sub, new NameMatcher(lists.lists.get(list),
        lists.lists.get("name-decorations"), 1, NORMALIZER)));
  }

  @Test
  void everyLookAlikeIsItsLetterToNameLikeButNotToTheNormalizer() {
    for (Map.Entry<Character, String> e : new TreeMap<>(Homoglyph.LOOKALIKES).entrySet()) {
      String letter = String.valueOf(e.getKey());
      NameMatcher one = new NameMatcher(List.of(letter), List.of(), 1, NORMALIZER);
      for (char alike : e.getValue().toCharArray()) {
        String a = String.valueOf(alike);
        NameMatcher.NameHit hit = one.match(NORMALIZER.normalize(a));
        assertNotNull(hit, a + " (U+" + Integer.toHexString(alike) + ") reads as " + letter + " to name-like");
        assertEquals(0, hit.distance(), a);
        assertNotEquals(NORMALIZER.normalize(letter).text(), NORMALIZER.normalize(a).text(),
            a + " is not folded to " + letter + " by the normalizer, so terms do not see through it");
      }
    }
  }

  /**
   * Every name a homoglyph impersonator may copy, disguised as the generator does (many draws) and decorated as the
   * generator does, is its protected name as a whole to name-like, and no phrase of the protected list survives in it.
   */
  @Test
  void everyDisguisedNameIsCaughtByNameLikeAndEvadesTerms() {
    Set<String> notWhole = new TreeSet<>();
    int checked = 0;
    for (ProtectedEntity e : Vocabulary.PROTECTED) {
      NameMatcher matcher = shipped.get(e.subcategory());
      String list = RuleLists.PROTECTED_LIST.get(e.subcategory());
      for (String name : List.of(e.name(), e.otherName(), e.handle())) {
        if (!Homoglyph.applies(name)) {
          continue;
        }
        boolean handle = name.equals(e.handle());
        List<String> templates = handle ? List.of(Vocabulary.IMPERSONATOR_HANDLE)
            : List.of(Evasion.hasHan(name) ? Vocabulary.IMPERSONATOR_NAME_ZH : Vocabulary.IMPERSONATOR_NAME_EN);
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int draw = 0; draw < 20; draw++) {
          String disguised = Homoglyph.apply(name, r);
          assertNotEquals(name, disguised);
          assertNull(lists.firstIn(list, RuleLists.normalize(disguised)), "no phrase of " + list + " in " + disguised);
          for (String t : templates) {
            String shown = t.replace("{name}", disguised).replace("{handle}", disguised).replace("{n}", "42");
            NameMatcher.NameHit hit = matcher.match(NORMALIZER.normalize(shown));
            if (hit == null) {
              notWhole.add(name);
            } else {
              assertEquals(0, hit.distance(), shown);
              checked++;
            }
          }
        }
      }
    }
    assertEquals(Vocabulary.LISTED_IN_PART, notWhole, "the names name-like does not read as a whole");
    assertTrue(checked > 1000, "disguised names checked: " + checked);
    for (ProtectedEntity e : Vocabulary.PROTECTED) {
      assertTrue(Homoglyph.disguisable(e.handle()), e.handle());
    }
  }

  /** The demo archive's accounts (bin/winnow demo: 20,000 accounts, seed 42; posts do not change accounts). */
  @Test
  void theDemoArchiveHoldsHomoglyphImpersonatorsCaughtByTheShippedRules() {
    GenerateSettings settings = GenerateSettings.from(io.winnow.TestSpark.settings().generate());
    assertEquals(0.25, settings.homoglyphShare());
    AccountLayout layout = new AccountLayout(20_000, settings.platforms().size(), settings);
    ArchiveRows rows = new ArchiveRows(settings, new GenerateRequest(1_000, 20_000, 1, 42, "unused"), layout, false);
    List<Long> labelled = new ArrayList<>();
    for (long i = 0; i < layout.licensedStart; i++) {
      labelled.add(i);
    }
    Map<String, Integer> homoglyphs = new TreeMap<>();
    int impersonators = 0;
    int eligible = 0;
    for (java.util.Iterator<Row> it = rows.accountLabels(labelled.iterator()); it.hasNext(); ) {
      Row label = it.next();
      long i = Long.parseLong(label.getString(1).substring(1));
      Row account = rows.accountRow(i);
      String display = account.getString(2);
      String handle = account.getString(1);
      Map<String, Object> record = Map.of("account.display_name", display, "account.handle", handle,
          "account.verified", account.getBoolean(6), "account.verification_type", account.getString(7));
      List<String> fired = ExampleRunner.evaluate(rules, Subject.ACCOUNT, record).stream()
          .map(ExampleRunner.Firing::ruleId).toList();
      String kind = label.getString(8);
      if (!LabelSchema.VIOLATION.equals(label.getString(7))) {
        assertEquals(List.of(), fired, kind + " " + display + " / " + handle + " is not actioned");
        continue;
      }
      impersonators++;
      String sub = label.getString(6);
      if (Homoglyph.disguisable(layout.entityOf(i))) {
        eligible++;
      }
      assertEquals(List.of("impersonation." + sub + ".protected-name"), fired, display + " / " + handle);
      if (Homoglyph.LABEL.equals(kind)) {
        homoglyphs.merge(sub, 1, Integer::sum);
        String list = RuleLists.PROTECTED_LIST.get(sub);
        for (String field : List.of(display, handle)) {
          assertNull(lists.firstIn(list, RuleLists.normalize(field)), "terms do not see through " + field);
          assertNotNull(shipped.get(sub).match(NORMALIZER.normalize(field)), "name-like does: " + field);
        }
      } else {
        assertEquals(LabelSchema.LIST_PHRASE, kind);
      }
    }
    assertEquals(160, impersonators, "0.002 x 20,000 per subcategory");
    assertEquals(153, eligible, "impersonators of a name with look-alike letters (all but Xinhua's 7)");
    assertEquals(Map.of("institution", 13, "military", 9, "news-anchor", 8, "news-media", 9), homoglyphs,
        "homoglyph impersonators per subcategory");
    int total = homoglyphs.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(39, total);
    double share = (double) total / eligible;
    assertTrue(share > 0.18 && share < 0.32, "about homoglyph-share (0.25) of the eligible impersonators: " + share);
  }
}
