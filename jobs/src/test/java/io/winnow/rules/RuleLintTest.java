package io.winnow.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broken rule directory per lint check: the exact message, with file and line. */
class RuleLintTest {
  @TempDir Path tmp;

  private List<String> lint(String pack) {
    return lint(pack, RuleFixtures.POLICY);
  }

  private List<String> lint(String pack, String policy) {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", pack, "policy.conf", policy);
    return RuleLoader.check(dir).problems().stream().map(RuleProblem::toString).toList();
  }

  private static String rule(String from, String to) {
    if (!RuleFixtures.RULE.contains(from)) {
      throw new IllegalArgumentException("fixture has no " + from);
    }
    return RuleFixtures.RULE.replace(from, to);
  }

  @Test
  void validDirectoryHasNoProblems() {
    assertEquals(List.of(), lint(RuleFixtures.RULE), "the fixture rule is clean");
  }

  @Test
  void syntaxError() {
    assertEquals(List.of("rules/rumour.conf:3: syntax error: Expecting a value but got wrong token: '=' (if you"
        + " intended '=' to be part of a key or string value, try enclosing the key or value in double quotes, or you"
        + " may be able to rename the file .properties rather than .conf)"),
        lint(rule("version = 1", "version = = 1")));
  }

  @Test
  void unknownKey() {
    assertEquals(List.of("rules/rumour.conf:8: rule rumour.salt: unknown key 'colour'. Known keys: action, category,"
        + " days, description, examples, id, severity, status, subcategory, subject, version, when"),
        lint(rule("status = active", "status = active, colour = red")));
  }

  @Test
  void duplicateIdAcrossFiles() throws Exception {
    RuleFixtures.write(tmp.resolve("rules"), "other.conf", RuleFixtures.RULE);
    assertEquals(List.of("rules/rumour.conf:2: rule rumour.salt: duplicate id, first defined at rules/other.conf:2."
        + " Give every rule its own id"), lint(RuleFixtures.RULE));
  }

  @Test
  void unknownList() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: unknown list 'salty'. Known lists: debunk, salt"),
        lint(rule("lists = [salt]", "lists = [salty]")));
  }

  @Test
  void emptyList() throws Exception {
    RuleFixtures.write(tmp.resolve("rules"));
    Files.writeString(tmp.resolve("rules/lists/empty.txt"), "# nothing yet\n");
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: list 'empty' is empty (lists/empty.txt). Add one"
        + " phrase per line to it"), lint(rule("lists = [salt]", "lists = [empty]")));
  }

  @Test
  void invalidRegex() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: invalid regex 'salt (water': missing closing )."
        + " Fix the pattern (re2j syntax: no backreferences or lookaround)"),
        lint(rule("terms { lists = [salt] }", "regex { pattern = \"salt (water\" }")));
  }

  @Test
  void unknownColumnInWhere() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: unknown column 'account.follower'. Known account"
        + " columns: account_id, handle, display_name, bio, created_at, followers, verified, verification_type,"
        + " credentials, self_media, monetization_enabled, platform"),
        lint(rule("when { terms { lists = [salt] } }", "when { where = \"account.follower > 10\" }")));
  }

  @Test
  void stringColumnComparedWithANumber() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: type error: account.verification_type is a string"
        + " and is compared with a number. Compare it with a quoted string, e.g. account.verification_type = 'value'"),
        lint(rule("when { terms { lists = [salt] } }", "when { where = \"account.verification_type > 3\" }")));
  }

  @Test
  void notOnAString() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: type error: account.handle is a string, not"
        + " true/false, so it cannot be used with NOT, AND or OR. Compare it, e.g. account.handle = 'value'"),
        lint(rule("when { terms { lists = [salt] } }", "when { where = \"NOT account.handle\" }")));
  }

  @Test
  void unknownAction() {
    assertEquals(List.of("rules/rumour.conf:10: rule rumour.salt: unknown action 'ban' for a post rule. Known:"
        + " limit-visibility, delete-post"), lint(rule("action = delete-post", "action = ban")));
  }

  @Test
  void suspendNeedsDays() {
    String account = rule("subject = post", "subject = account").replace("action = delete-post", "action = suspend")
        .replace("terms { lists = [salt] }", "terms { lists = [salt], in = [display_name] }");
    assertEquals(List.of("rules/rumour.conf:10: rule rumour.salt: action suspend needs days. Add days = N (how long"
        + " the suspension lasts)"), lint(account));
  }

  @Test
  void ruleWithoutExamples() {
    String noExamples = RuleFixtures.RULE.replaceAll("(?s)\\s*examples \\{.*?\\n    \\}", "");
    assertEquals(List.of("rules/rumour.conf:2: rule rumour.salt: rule without examples. Add examples { match ="
        + " [...], no-match = [...] } with records the rule must and must not match"), lint(noExamples));
  }

  @Test
  void ladderStepsOutOfOrder() throws Exception {
    String policy = RuleFixtures.POLICY.replace("ladder = [ { strikes = 2, action = demonetise } ]",
        "ladder = [ { strikes = 3, action = demonetise }, { strikes = 2, action = close-account } ]");
    assertEquals(List.of("rules/policy.conf:9: category rumour: ladder steps out of order (2 strikes after 3). List"
        + " steps by ascending strikes"), lint(RuleFixtures.RULE, policy));
  }

  @Test
  void unknownKeyInPolicy() {
    String policy = policy("review-required-actions = [close-account]",
        "review-required-actions = [close-account], review-threshold = 3");
    assertEquals(List.of("rules/policy.conf:3: unknown key 'review-threshold' in policy. Known keys: categories,"
        + " reports, reposts, review-required-actions, review-required-evidence-only, review-required-severities,"
        + " severity-weights"),
        lint(RuleFixtures.RULE, policy));
  }

  @Test
  void unknownKeyOutsidePolicy() {
    assertEquals(List.of("rules/policy.conf:14: unknown key 'categories' in policy.conf. Known keys: policy"),
        lint(RuleFixtures.RULE, RuleFixtures.POLICY + "categories { spam { ladder = [] } }\n"));
  }

  @Test
  void unknownKeyInALadderStep() {
    String policy = policy("ladder = [ { strikes = 2, action = demonetise } ]",
        "ladder = [ { strikes = 2, action = demonetise, day = 3 } ]");
    assertEquals(List.of("rules/policy.conf:9: unknown key 'day' in a ladder step of category rumour. Known keys:"
        + " action, days, strikes"), lint(RuleFixtures.RULE, policy));
  }

  @Test
  void unknownKeyInACategory() {
    String policy = policy("max-actions = 100", "max-action = 100");
    assertEquals(List.of("rules/policy.conf:7: missing key 'max-actions' in category rumour. See rules/README.md for"
        + " the policy format",
        "rules/policy.conf:10: unknown key 'max-action' in category rumour. Known keys: ladder, max-actions,"
        + " strike-expiry-days, subcategories"), lint(RuleFixtures.RULE, policy));
  }

  @Test
  void strikeExpiryDaysPerCategoryOrTheSettingsDefault() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", RuleFixtures.RULE, "policy.conf",
        policy("max-actions = 100", "max-actions = 100, strike-expiry-days = 30"));
    io.winnow.model.CategoryPolicy rumour = RuleLoader.load(dir).policy().category("rumour");
    assertEquals(30, rumour.strikeExpiryDays(90), "the category's own expiry wins over the settings' 90");
    Path plain = RuleFixtures.write(tmp.resolve("rules-plain"), "rumour.conf", RuleFixtures.RULE, "policy.conf",
        RuleFixtures.POLICY);
    assertEquals(90, RuleLoader.load(plain).policy().category("rumour").strikeExpiryDays(90),
        "without strike-expiry-days the settings' default applies");
  }

  @Test
  void strikeExpiryDaysOutOfRange() {
    assertEquals(List.of("rules/policy.conf:10: category rumour: strike-expiry-days must be 1 to 36500 (days a strike"
        + " counts after its post's day), found 0"),
        lint(RuleFixtures.RULE, policy("max-actions = 100", "max-actions = 100, strike-expiry-days = 0")));
  }

  @Test
  void wrongTypesInPolicyAreEachReported() {
    String policy = policy("max-actions = 100", "max-actions = lots")
        .replace("{ strikes = 2, action = demonetise }", "{ strikes = two, action = demonetise }")
        .replace("max-reports-per-reporter = 3", "max-reports-per-reporter = [3]");
    assertEquals(List.of(
        "rules/policy.conf:5: reports: max-reports-per-reporter must be a whole number, found [3]. Write"
            + " max-reports-per-reporter = N",
        "rules/policy.conf:9: a ladder step of category rumour: strikes must be a whole number, found \"two\"."
            + " Write strikes = N",
        "rules/policy.conf:10: category rumour: max-actions must be a whole number, found \"lots\". Write"
            + " max-actions = N"), lint(RuleFixtures.RULE, policy));
  }

  @Test
  void policyProblemsStopASweep() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", RuleFixtures.RULE, "policy.conf",
        policy("max-actions = 100", "max-actions = lots"));
    RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
        () -> RuleLoader.load(dir));
    assertEquals("1 problem in " + dir + ":\nrules/policy.conf:10: category rumour: max-actions must be a whole"
        + " number, found \"lots\". Write max-actions = N", e.getMessage());
  }

  @Test
  void aSweepReportsPolicyProblemsInFileOrder() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", RuleFixtures.RULE, "policy.conf",
        policy("max-actions = 100", "max-action = 100")
            .replace("action = demonetise }", "action = demonetise, day = 3 }"));
    RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
        () -> RuleLoader.load(dir));
    assertEquals(List.of(7, 9, 10), e.problems().stream().map(RuleProblem::line).toList(),
        "missing max-actions (7), unknown key in the ladder (9), unknown key max-action (10): " + e.getMessage());
  }

  private static String policy(String from, String to) {
    if (!RuleFixtures.POLICY.contains(from)) {
      throw new IllegalArgumentException("policy fixture has no " + from);
    }
    return RuleFixtures.POLICY.replace(from, to);
  }

  @Test
  void similarToNeedsAKnownCatalogue() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: unknown catalogue 'debunked'. Known catalogues:"
        + " none (add catalogues/NAME.tsv)"),
        lint(rule("terms { lists = [salt] }", "similar-to { catalogue = debunked, threshold = 0.8 }")));
  }

  @Test
  void nameLikeIsForAccountRules() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: name-like reads display names and handles, so it"
        + " needs subject = account. Use terms for post text"),
        lint(rule("terms { lists = [salt] }", "name-like { list = salt }")));
  }

  @Test
  void nameLikeMaxDistanceIsSmall() {
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: max-distance must be 0, 1 or 2 (edits between a"
        + " name and a protected name)"),
        lint(rule("terms { lists = [salt] }", "name-like { list = salt, max-distance = 5 }")
            .replace("subject = post", "subject = account").replace("action = delete-post", "action = close-account")));
  }

  @Test
  void exampleWithAnUnknownField() {
    assertEquals(List.of("rules/rumour.conf:13: rule rumour.salt: unknown field 'txt' in a post example. Known:"
        + " post_id, account_id, created_at, text, title, repost_of, likes, shares, comments, views, monetized,"
        + " hashtags, links, dt, platform, or post { ... }, account { ... }, reports { ... }"),
        lint(rule("match = [\"salt water prevents the virus\"", "match = [{ txt = \"salt water prevents\" }")));
  }

  @Test
  void regexWithoutLiteralIsANoteNotAProblem() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf",
        rule("terms { lists = [salt] }", "regex { pattern = \"[0-9]+ ?%\" }"));
    RuleLoader.Check check = RuleLoader.check(dir);
    assertEquals(List.of(), check.problems().stream().map(RuleProblem::toString).toList());
    assertEquals(List.of("rules/rumour.conf:11: rule rumour.salt: note: regex '[0-9]+ ?%' has no literal text the"
        + " prefilter can use, so it runs on every row. Add a fixed word to the pattern if you can"),
        check.notes().stream().map(RuleProblem::toString).toList());
  }

  @Test
  void everyProblemAtOnce() {
    List<String> problems = lint(rule("action = delete-post", "action = ban").replace("lists = [salt]",
        "lists = [salty]"));
    assertEquals(2, problems.size(), "unknown action and unknown list, both reported: " + problems);
  }
}
