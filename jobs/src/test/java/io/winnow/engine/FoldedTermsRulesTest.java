package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleFixtures;
import io.winnow.rules.RuleLoadException;
import io.winnow.rules.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 through rules and the engine of a sweep: the folds apply to every terms rule (the shipped dangerous-cure rule
 * here), evidence quotes the original; the sound options are read from a rule file, act only where a rule asks for
 * them, and a wrong one is reported with its file and line.
 */
class FoldedTermsRulesTest {
  private static final String CURE_RULE = "rumour.health.dangerous-cure";

  private static List<String> fired(RuleSet rules, String text) {
    return ExampleRunner.evaluate(rules, Subject.POST, Map.of("post.text", text)).stream()
        .map(f -> f.ruleId() + ":" + f.hits().get(0).excerpt()).toList();
  }

  @Test
  void shippedTermsRulesSeeThroughTheFolds() {
    RuleSet shipped = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    assertEquals(List.of(CURE_RULE + ":b4k1ng s0da cur3s c4ncer"), fired(shipped, "omg b4k1ng s0da cur3s c4ncer!!"));
    assertEquals(List.of(CURE_RULE + ":BakingSodaCuresCancer"), fired(shipped, "#BakingSodaCuresCancer"));
    assertEquals(List.of(CURE_RULE + ":b a k i n g soda cures cancer"), fired(shipped, "b a k i n g soda cures cancer"));
    assertEquals(List.of(CURE_RULE + ":\u5c0f\u82cf\u6253\u80fd\u6cbb\u6108&#30284;\u75c7"),
        fired(shipped, "\u5c0f\u82cf\u6253\u80fd\u6cbb\u6108&#30284;\u75c7"));
    assertEquals(List.of(), fired(shipped, "baking and soda, then a cure for boredom"), "ordinary text: nothing");
  }

  private static final String SOUND_RULES = """
      rules = [
        { id = rumour.salt
          version = 1
          category = rumour
          subcategory = debunked-claim
          subject = post
          severity = high
          status = active
          description = "Salt water prevents the virus, in pinyin too."
          action = delete-post
          when { terms { lists = [salt], sounds = [%s] } }
        }
      ]
      """;

  @Test
  void soundOptionsComeFromTheRuleFile(@TempDir Path dir) {
    RuleSet pinyin = RuleLoader.load(RuleFixtures.write(dir.resolve("pinyin"), "rumour.conf",
        SOUND_RULES.formatted("pinyin")));
    assertEquals(List.of("rumour.salt:he yan shui yufang bingdu"), fired(pinyin, "he yan shui yufang bingdu 哈哈"));
    assertEquals(List.of(), fired(pinyin, "喝盐水预防病读"), "homophones were not asked for");
    RuleSet homophones = RuleLoader.load(RuleFixtures.write(dir.resolve("homophones"), "rumour.conf",
        SOUND_RULES.formatted("homophones")));
    assertEquals(List.of("rumour.salt:喝盐水预防病读"), fired(homophones, "喝盐水预防病读"));
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleLoader.load(RuleFixtures.write(
        dir.resolve("wrong"), "rumour.conf", SOUND_RULES.formatted("pinyin, tones"))));
    assertTrue(e.getMessage().contains("rumour.conf:11") && e.getMessage().contains("unknown sound 'tones'. Known"
        + " sounds: pinyin, homophones"), e.getMessage());
  }
}
