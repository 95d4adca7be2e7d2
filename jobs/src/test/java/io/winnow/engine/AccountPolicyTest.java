package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.Evidence;
import io.winnow.engine.PolicyRows.Finding;
import io.winnow.engine.PolicyRows.PriorStrike;
import io.winnow.engine.PolicyRows.RuleRef;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Policy;
import io.winnow.model.Severity;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The policy of one account in plain Java, without Spark: post actions, ladders, prior strikes, merging, ids. */
class AccountPolicyTest {
  static final LocalDate TO = LocalDate.parse("2026-10-07");
  static final LocalDate DAY = LocalDate.parse("2026-10-02");

  /** rumour: 2 strikes demonetise, 3 suspend 7 days; low weighs 0.5, critical 2; critical and close-account reviewed. */
  static Policy policy(boolean countReposts) {
    CategoryPolicy rumour = new CategoryPolicy("rumour", List.of(new LadderStep(2, "demonetise", null),
        new LadderStep(3, "suspend", 7)), 1000);
    return new Policy(Map.of("rumour", rumour), List.of(Severity.CRITICAL), List.of("close-account"),
        Map.of(Severity.LOW, 0.5, Severity.CRITICAL, 2.0), null,
        new Policy.Reposts(List.of("rumour"), countReposts), List.of("name-like"));
  }

  static Finding post(String post, String rule, String severity, String action, boolean priorOrigin,
      Evidence... evidence) {
    return new Finding("post", post, "a1", "x", "2026-10-02", DAY, rule, 1, "active", "rumour", "fabricated-news",
        severity, action, null, List.of(evidence), priorOrigin);
  }

  static Evidence term(String rule, String phrase, int start) {
    return new Evidence(rule, "term", "text", phrase, start, start + phrase.length(), phrase);
  }

  static Evidence strike(String rule, String field, String post) {
    return new Evidence(rule, "strike", field, post, null, null, null);
  }

  static Map<String, Action> bySubject(List<Action> actions) {
    return actions.stream().collect(Collectors.toMap(a -> a.subjectKind() + " " + a.subjectId(), a -> a));
  }

  @Test
  void theStrongestRuleDecidesAPostsActionAndItsEvidenceIsSorted() {
    List<Action> actions = new AccountPolicy(policy(false), "h", TO, false).decide(List.of(
        post("p1", "rum.b", "medium", "limit-visibility", false, term("rum.b", "hoax", 9)),
        post("p1", "rum.a", "low", "delete-post", false, term("rum.a", "fake", 3))), List.of());
    assertEquals(1, actions.size(), "one post action, no ladder (0.5 + 1 strikes is under 2)");
    Action a = actions.get(0);
    assertEquals("delete-post", a.action(), "the stronger action wins over the higher severity");
    assertEquals("low", a.severity(), "the severity of the rule that decided");
    assertEquals(List.of(new RuleRef("rum.a", 1), new RuleRef("rum.b", 1)), a.rules());
    assertEquals(List.of(term("rum.a", "fake", 3), term("rum.b", "hoax", 9)), a.evidence());
    assertEquals(Boolean.FALSE, a.reviewRequired());
    assertNull(a.strikes(), "post actions carry no strikes");
    assertEquals(AccountPolicy.sha256Hex32("h|post|x|p1|rumour|delete-post"), a.actionId());
  }

  @Test
  void strikesAreSummedSeverityWeightsAgainstTheLadder() {
    Map<String, Action> actions = bySubject(new AccountPolicy(policy(false), "h", TO, false).decide(List.of(
        post("p1", "rum.a", "critical", "delete-post", false),
        post("p2", "rum.a", "low", "limit-visibility", false)), List.of()));
    Action ladder = actions.get("account a1");
    assertEquals("demonetise", ladder.action(), "2 + 0.5 strikes reach the step at 2, not the one at 3");
    assertEquals(2, ladder.strikes(), "2.5 strikes recorded rounded down");
    assertEquals("critical", ladder.severity(), "the highest severity of the struck posts");
    assertEquals(Boolean.TRUE, ladder.reviewRequired(), "critical is reviewed");
    assertEquals(List.of(strike("rum.a", "post", "p1"), strike("rum.a", "post", "p2")), ladder.evidence());
    assertEquals(TO.toString(), ladder.dt(), "an account action is dated the window's last day");
    assertEquals(DAY, ladder.contentDate());
  }

  @Test
  void priorStrikesCountAndAPostThatGaveOneBeforeGivesNoneAgain() {
    List<Finding> findings = List.of(post("p1", "rum.a", "critical", "delete-post", false),
        post("p2", "rum.a", "critical", "delete-post", true));
    List<PriorStrike> prior = List.of(new PriorStrike("a1", "x", "rumour", 1.0, "rum.z v2", "p0"),
        new PriorStrike("a1", "y", "rumour", 5.0, "rum.z v2", "p9"));
    Map<String, Action> actions = bySubject(new AccountPolicy(policy(false), "h", TO, false).decide(findings, prior));
    Action ladder = actions.get("account a1");
    assertEquals("suspend", ladder.action(), "2 (p1) + 1 (ledger) strikes; p2 gave its strike before; platform y's"
        + " strike is another account's");
    assertEquals(7, ladder.suspendDays());
    assertEquals(3, ladder.strikes());
    assertEquals(List.of(strike("rum.a", "post", "p1"), strike("rum.z", "ledger", "p0")), ladder.evidence());
    assertTrue(actions.containsKey("post p2"), "the post itself is still actioned");
  }

  @Test
  void anAccountRuleAndTheLadderMergeIntoOneActionPerCategory() {
    Evidence name = new Evidence("rum.acct", "name-like", "display_name", "CDC 1", 0, 3, "CDC");
    Finding account = new Finding("account", "a1", "a1", "x", null, null, "rum.acct", 4, "active", "rumour",
        "fabricated-news", "high", "remove-followers", null, List.of(name), false);
    List<Action> actions = new AccountPolicy(policy(false), "h", TO, false).decide(List.of(account,
        post("p1", "rum.a", "critical", "delete-post", false)), List.of());
    List<Action> accountActions = actions.stream().filter(a -> a.subjectKind().equals("account")).toList();
    assertEquals(1, accountActions.size(), "one account action in rumour");
    Action a = accountActions.get(0);
    assertEquals("demonetise", a.action(), "the ladder's demonetise (2 strikes) is stronger than remove-followers");
    assertEquals(2, a.strikes());
    assertEquals(List.of(new RuleRef("rum.a", 1), new RuleRef("rum.acct", 4)), a.rules());
    assertEquals(List.of(strike("rum.a", "post", "p1"), name), a.evidence());
  }

  @Test
  void aNameMatchAloneWaitsForAPersonAndAnUnknownSeverityLeavesTheFlagUnknown() {
    Evidence name = new Evidence("imp", "name-like", "display_name", "CDC 1", 0, 3, "CDC");
    Evidence read = new Evidence("imp", "predicate", "account.verified", "false", null, null, null);
    Finding account = new Finding("account", "a1", "a1", "x", null, null, "imp", 1, "active", "rumour", "x", "high",
        "suspend", 7, List.of(name, read), false);
    Action a = new AccountPolicy(policy(false), "h", TO, false).decide(List.of(account), List.of()).get(0);
    assertEquals(Boolean.TRUE, a.reviewRequired(), "name-like evidence alone, apart from predicates");
    Action unknown = new AccountPolicy(policy(false), "h", TO, false).decide(List.of(
        post("p1", "rum.a", "unheard-of", "limit-visibility", false)), List.of()).get(0);
    assertNull(unknown.severity());
    assertNull(unknown.reviewRequired(), "as SQL's false OR (null = 'critical'): unknown");
  }

  @Test
  void repostsCountTowardStrikesOnlyWhenThePolicySaysSo() {
    Evidence link = new Evidence("rum.a", "repost", "repost_of", "p0", null, null, null);
    List<Finding> findings = List.of(post("r1", "rum.a", "medium", "limit-visibility", false, link),
        post("r2", "rum.a", "medium", "limit-visibility", false, link));
    assertEquals(List.of(), new AccountPolicy(policy(false), "h", TO, false).decide(findings, List.of()),
        "a repost never gets a post action, and does not count");
    List<Action> counted = new AccountPolicy(policy(true), "h", TO, false).decide(findings, List.of());
    assertEquals(1, counted.size());
    assertEquals("demonetise", counted.get(0).action(), "two reposts of medium weight 1 reach 2 strikes");
  }

  @Test
  void globalIdsMakeOneAccountOfOneIdOnTwoPlatforms() {
    Finding onY = new Finding("post", "p1", "a1", "y", "2026-10-02", DAY, "rum.a", 1, "active", "rumour", "f",
        "medium", "limit-visibility", null, List.of(), false);
    Finding onZ = new Finding("post", "p2", "a1", "z", "2026-10-02", DAY, "rum.a", 1, "active", "rumour", "f",
        "medium", "limit-visibility", null, List.of(), false);
    assertEquals(2, new AccountPolicy(policy(false), "h", TO, false).decide(List.of(onY, onZ), List.of()).size(),
        "two accounts with one strike each: two post actions, no ladder");
    Map<String, Action> global = bySubject(new AccountPolicy(policy(false), "h", TO, true)
        .decide(List.of(onY, onZ), List.of()));
    assertEquals("demonetise", global.get("account a1").action(), "one account with 2 strikes");
    assertEquals("z", global.get("account a1").platform(), "the greatest platform, as Spark's max");
    assertEquals(AccountPolicy.sha256Hex32("h|account|a1|rumour|demonetise"), global.get("account a1").actionId(),
        "a global id leaves the platform out of the action id");
  }

  @Test
  void stringsOrderByCodePointAndTheIdIsSparksSha2Prefix() {
    assertTrue("\uD83D\uDE00".compareTo("\uFF21") < 0, "UTF-16 order puts the emoji first");
    assertTrue(PolicyRows.compareStrings("\uD83D\uDE00", "\uFF21") > 0, "UTF-8 byte order puts it after");
    assertTrue(PolicyRows.compareStrings(null, "") < 0, "null first");
    assertEquals("ba7816bf8f01cfea414140de5dae2223", AccountPolicy.sha256Hex32("abc"), "SHA-256 of abc, 32 chars");
  }
}
