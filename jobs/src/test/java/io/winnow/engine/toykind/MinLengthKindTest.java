package io.winnow.engine.toykind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.engine.CompiledRules;
import io.winnow.engine.ConditionKinds;
import io.winnow.engine.ExampleRunner;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleFixtures;
import io.winnow.rules.RuleLoadException;
import io.winnow.rules.RuleLoader;
import io.winnow.rules.RuleProblem;
import io.winnow.text.TextNormalizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A condition kind added from outside the engine ({@link MinLengthKind}, one file) and registered with one line: the
 * loader reads and checks it with file and line, {@code rules test} runs and explains its examples, and the matcher
 * gives its evidence, composed with a shipped kind.
 */
class MinLengthKindTest {
  /** The one registration line. */
  private static final ConditionKinds KINDS = ConditionKinds.shipped().with(new MinLengthKind());

  private static final String PACK = RuleFixtures.RULE
      .replace("when { terms { lists = [salt] } }",
          "when { all = [ { terms { lists = [salt] } }, { min-length { chars = 30, in = [text] } } ] }")
      .replace("match = [\"salt water prevents the virus\", \"喝盐水预防病毒\"]",
          "match = [\"salt water prevents the virus, my aunt says so\"]")
      .replace("no-match = [\"fresh water\", \"喝水\"]", "no-match = [\"salt water prevents the virus\", \"fresh water"
          + " is what everyone should drink every day\"]");

  @Test
  void aKindOfItsOwnLoadsRunsItsExamplesAndGivesEvidence(@TempDir Path dir) {
    RuleSet rules = RuleLoader.load(RuleFixtures.write(dir, "rumour.conf", PACK), KINDS);
    assertEquals(new MinLengthKind.MinLength(30, List.of("text")), ((io.winnow.model.Condition.All) rules.rules()
        .get(0).when()).conditions().get(1), "the kind's own record, read from the rule file");

    ExampleRunner.Result result = ExampleRunner.run(rules, KINDS);
    assertEquals(0, result.failures(), "both examples of each side pass: " + result);
    String example = "salt water prevents the virus, my aunt says so";
    int length = TextNormalizer.shared().normalize(example).length();
    assertEquals("fired: terms found 'salt water prevents'; min-length 30 found '" + example + "' ~ " + length
        + " characters",
        result.rules().get(0).examples().get(0).why(), "explained by the kind itself");

    String text = "Salt water prevents the virus!!! Share it";
    CompiledRules compiled = CompiledRules.of(rules, Subject.POST, KINDS, Integer.MAX_VALUE);
    CompiledRules.TextMatch m = compiled.match(new String[] {text, null}, null);
    assertEquals(List.of(0), Arrays.stream(compiled.decide(m.candidates(), m.satisfiedLeaves(), new boolean[0]))
        .boxed().toList(), "the rule fires when both the phrase and the length hold");
    assertEquals(List.of("term:salt water prevents@0-19", "min-length:" + TextNormalizer.shared().normalize(text)
        .length() + " characters@0-" + text.length()), m.hits().stream().map(h -> compiled.leafKind(h.leaf()) + ":" + h.phrase() + "@" + h.start()
        + "-" + h.end()).toList());
    assertEquals(null, compiled.match(new String[] {"salt water prevents", null}, null),
        "too short: no candidate at all");
  }

  @Test
  void itsProblemsAreReportedWithFileAndLineLikeAnyKinds(@TempDir Path dir) {
    Path rules = RuleFixtures.write(dir, "rumour.conf", PACK.replace("chars = 30", "chars = 0"));
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleLoader.load(rules, KINDS));
    assertEquals(List.of(new RuleProblem(dir.getFileName() + "/rumour.conf", 11, "rumour.salt",
        "min-length needs chars = a whole number of at least 1")), e.problems());
  }

  @Test
  void withoutTheRegistrationLineTheKindIsUnknown(@TempDir Path dir) {
    Path rules = RuleFixtures.write(dir, "rumour.conf", PACK);
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleLoader.load(rules));
    assertEquals("unknown condition 'min-length'. Known conditions: all, any, name-like, not, regex, similar-to,"
        + " terms, where", e.problems().get(0).message());
    assertTrue(KINDS.keys().contains("min-length") && !ConditionKinds.shipped().keys().contains("min-length"),
        "registering makes a new registry; the shipped one is unchanged");
  }
}
