package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped rule packs are well formed, cover every subcategory, and their examples hold (text conditions). */
class RulePacksTest {
  static MiniRules packs;

  @BeforeAll
  static void load() {
    packs = MiniRules.load();
  }

  @Test
  void everyRuleIsWellFormed() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (MiniRules.Rule r : packs.rules) {
      String at = r.origin() + ": rule " + r.id() + ": ";
      if (!ids.add(r.id())) {
        problems.add(at + "duplicate id");
      }
      if (!MiniRules.SUBCATEGORIES.getOrDefault(r.category(), Set.of()).contains(r.subcategory())) {
        problems.add(at + "unknown category/subcategory " + r.category() + "/" + r.subcategory());
      }
      if (!r.origin().startsWith(r.category() + ".conf")) {
        problems.add(at + "belongs in " + r.category() + ".conf");
      }
      boolean account = r.category().equals("impersonation");
      if (!r.subject().equals(account ? "account" : "post")) {
        problems.add(at + "subject should be " + (account ? "account" : "post"));
      }
      if (!(account ? MiniRules.ACCOUNT_ACTIONS : MiniRules.POST_ACTIONS).contains(r.action())) {
        problems.add(at + "action " + r.action() + " does not apply to a " + r.subject());
      }
      if (!Set.of("active", "shadow", "disabled").contains(r.status())) {
        problems.add(at + "status " + r.status());
      }
      if (r.match().size() < 2 || r.noMatch().size() < 2) {
        problems.add(at + "needs examples, match and no-match");
      }
      boolean chinese = r.match().stream().anyMatch(Evasion::hasHan);
      boolean english = r.match().stream().anyMatch(s -> !Evasion.hasHan(s));
      if (!chinese || !english) {
        problems.add(at + "match examples need Chinese and English texts");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everySubcategoryHasAnActiveRule() {
    Set<String> covered = new TreeSet<>();
    packs.rules.stream().filter(r -> r.status().equals("active"))
        .forEach(r -> covered.add(r.category() + "." + r.subcategory()));
    Set<String> all = new TreeSet<>();
    MiniRules.SUBCATEGORIES.forEach((c, subs) -> subs.forEach(s -> all.add(c + "." + s)));
    assertEquals(all, covered);
  }

}
