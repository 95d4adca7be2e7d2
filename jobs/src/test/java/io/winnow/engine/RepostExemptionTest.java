package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.model.Condition;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledRules#holdsOnRepost}: a repost carries what its original met, and its own words go through the
 * rule's exemptions, with the exemptions' own exceptions (an affirmation cancels a refutation) read from them too.
 */
class RepostExemptionTest {
  private static final List<String> TEXT = List.of("text", "title");

  /** claim AND NOT ((refutation OR marker near claim) AND NOT affirmation), as the shipped rumour rules are built. */
  private static CompiledRules rumourRule() {
    Condition claim = new Condition.Terms(List.of("喝盐水能预防病毒"), TEXT, 1);
    Condition exemption = new Condition.All(List.of(
        new Condition.Any(List.of(new Condition.Terms(List.of("假消息", "造谣", "fake"), TEXT, 1),
            new Condition.Near(List.of("喝盐水能预防病毒"), List.of("谣言"), 8, TEXT))),
        new Condition.Not(new Condition.Terms(List.of("不是假消息", "不是谣言"), TEXT, 1))));
    Rule rule = new Rule("t.repost", 1, "rumour", "debunked-claim", Subject.POST, Severity.MEDIUM, Status.ACTIVE, "d",
        "limit-visibility", new Condition.All(List.of(claim, new Condition.Not(exemption))), "t.conf:1", null,
        List.of());
    return CompiledRules.of(new RuleSet(List.of(rule), new Policy(Map.of(), List.of(), List.of(), Map.of(), null),
        "repost-exemption", Map.of()), Subject.POST);
  }

  private static boolean holds(String ownWords) {
    return rumourRule().holdsOnRepost(0, new String[] {ownWords, null});
  }

  @Test
  void theRepostsOwnWordsAreCheckedByTheExemptionsOnly() {
    assertEquals(true, holds(""), "a repost that adds nothing carries the claim");
    assertEquals(true, holds("真的假的？"), "a question meets no exemption (whether it amplifies is the policy's call)");
    assertEquals(false, holds("假消息也发，良心何在？"), "a refutation in its own words exempts it");
    assertEquals(false, holds("This is fake, stop sharing"), "in English too");
    assertEquals(false, holds("造谣好玩？"), "造谣 refutes");
    assertEquals(true, holds("这不是假消息，大家注意"), "an affirmation cancels the refutation it contains");
    assertEquals(false, holds("喝盐水能预防病毒？谣言，别信"), "a marker near the claim, both in its own words");
    assertEquals(true, holds("谣言满天飞的年代，大家注意身体"), "a marker with no claim beside it exempts nothing");
  }
}
