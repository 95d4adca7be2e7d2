package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The variant vocabulary is kept apart from the rule lists: what the rules catch of it is measured recall. */
class VariantsTest {
  /**
   * Not a phrase list: the words name-like strips from account names before it compares them (官方, "the", "real");
   * no condition matches them in a text, and they occur in ordinary English ("the").
   */
  static final String DECORATIONS = "name-decorations";

  @Test
  void noVariantPhraseIsOrContainsALineOfAnyRuleList() {
    RuleLists lists = RuleLists.load();
    assertTrue(lists.lists.keySet().containsAll(RuleLists.POST_LISTS), "read the lists: " + lists.lists.keySet());
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<PostPlant, String[][]> e : Variants.PHRASES.entrySet()) {
      for (String[] language : e.getValue()) {
        for (String phrase : language) {
          checked++;
          String normalized = RuleLists.normalize(phrase);
          lists.lists.forEach((list, lines) -> {
            if (list.equals(DECORATIONS)) {
              return;
            }
            for (String line : lines) {
              if (normalized.contains(line)) {
                problems.add(e.getKey().subcategory + " variant '" + phrase + "' contains '" + line + "' of " + list);
              }
            }
          });
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(checked >= 80, "variants checked: " + checked);
  }

  @Test
  void everyPostSubcategoryHasChineseAndEnglishVariantsUnlikeItsListPhrases() {
    Set<String> covered = new TreeSet<>();
    for (PostPlant p : PostPlant.ALL) {
      if (!p.isViolation()) {
        continue;
      }
      String[][] variants = Variants.PHRASES.get(p);
      assertEquals(2, variants.length, p.key());
      assertTrue(variants[0].length >= 3 && variants[1].length >= 3, p.key() + ": a few variants per language");
      for (String zh : variants[0]) {
        assertTrue(Evasion.hasHan(zh), p.key() + ": Chinese variant " + zh);
      }
      for (String en : variants[1]) {
        assertTrue(!Evasion.hasHan(en), p.key() + ": English variant " + en);
      }
      Set<String> listPhrases = new TreeSet<>();
      for (String[] language : Vocabulary.TRIGGERS.get(p)) {
        listPhrases.addAll(List.of(language));
      }
      for (String[] language : variants) {
        for (String v : language) {
          assertTrue(!listPhrases.contains(v), p.key() + ": " + v + " is a list phrase of the generator");
        }
      }
      covered.add(p.key());
    }
    assertEquals(PostPlant.violationKeys(), covered);
  }
}
