package io.winnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestCli;
import io.winnow.rules.RuleFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow rules lint / rules test in-process: exit codes and output. */
class RulesCommandTest {
  @TempDir Path tmp;

  /** The command's result with its elapsed time, the one line that varies, written {@code (T s)}. */
  static TestCli.Result winnow(String... args) {
    TestCli.Result r = TestCli.cli(args);
    return new TestCli.Result(r.exit(), r.out().replaceAll("\\(\\d+\\.\\d s\\)", "(T s)"), r.err());
  }

  static final String POST_RULE = RuleFixtures.RULE.replace("no-match = [\"fresh water\", \"喝水\"]",
      "no-match = [\"fresh water\", { text = \"salt water prevents nothing\", account { followers = 10 } }]").replace("when { terms { lists = [salt] } }", """
          when {
            all = [
              { terms { lists = [salt] } }
              { where = "account.followers < 5 AND account.verification_type IN ('none', 'individual')" }
            ]
          }""");

  @Test
  void passingExamplesExitZero() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", POST_RULE);
    TestCli.Result run = winnow("rules", "test", dir.toString());
    assertEquals("""
        PASS rumour.salt (2 match, 2 no-match)
        1 rules, 4 examples: 4 passed, 0 failed (T s)
        """, run.out());
    assertEquals(0, run.exit(), "all examples pass: exit 0");
  }

  @Test
  void failingExampleExitsOneAndSaysWhy() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf",
        POST_RULE.replace("\"fresh water\"", "\"salt water prevents colds\""));
    TestCli.Result run = winnow("rules", "test", dir.toString());
    assertEquals("""
        FAIL rumour.salt (2/2 match, 1/2 no-match)
          rules/rumour.conf:19: should not match: "salt water prevents colds"
            fired: terms found 'salt water prevents'; where "account.followers < 5 AND account.verification_type IN \
        ('none', 'individual')" is true (account.followers=0, account.verification_type='none')
        1 rules, 4 examples: 3 passed, 1 failed (T s)
        """, run.out());
    assertEquals(1, run.exit(), "a failing example: exit 1");
  }

  @Test
  void lintExitsTwoWithEveryProblem() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf",
        RuleFixtures.RULE.replace("action = delete-post", "action = ban").replace("lists = [salt]", "lists = [salty]"));
    TestCli.Result run = winnow("rules", "lint", dir.toString());
    assertEquals("""
        rules/rumour.conf:10: rule rumour.salt: unknown action 'ban' for a post rule. Known: limit-visibility, delete-post
        rules/rumour.conf:11: rule rumour.salt: unknown list 'salty'. Known lists: debunk, salt
        2 problems in %s
        """.formatted(dir), run.out());
    assertEquals(2, run.exit());
  }

  @Test
  void lintOfACleanDirectoryExitsZero() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", RuleFixtures.RULE);
    TestCli.Result run = winnow("rules", "lint", dir.toString());
    assertEquals(dir + ": 1 rules, no problems\n", run.out());
    assertEquals(0, run.exit());
  }

  @Test
  void testOfBrokenRulesExitsTwo() {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf",
        RuleFixtures.RULE.replace("lists = [salt]", "lists = [salty]"));
    TestCli.Result run = winnow("rules", "test", dir.toString());
    assertEquals(2, run.exit(), "rules that do not load are bad input: exit 2; " + run.err());
  }
}
