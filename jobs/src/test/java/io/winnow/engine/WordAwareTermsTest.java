package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.winnow.model.Condition;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.rules.RuleFixtures;
import io.winnow.rules.RuleLoadException;
import io.winnow.rules.RuleLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word-aware terms ({@code terms { ..., words = true }}): a Chinese phrase counts only where the text uses it as a
 * word, so 荐股 ("stock tips") no longer fires inside 推荐股票 ("recommend stocks"), nor 投资咨询 inside a company's
 * name; the same texts with plain terms show what it removes.
 */
class WordAwareTermsTest {
  private static final List<String> ADVICE = List.of("荐股", "投资咨询", "stock picks");
  private static int counter;

  private static CompiledRules compile(Condition when) {
    Rule rule = new Rule("t.words", 1, "unqualified-advice", "financial", Subject.POST, Severity.HIGH, Status.ACTIVE,
        "d", "delete-post", when, "t.conf:1", null, List.of());
    Policy policy = new Policy(Map.of(), List.of(), List.of(), Map.of(), null);
    return CompiledRules.of(new RuleSet(List.of(rule), policy, "words-" + (counter++), Map.of()), Subject.POST);
  }

  private static boolean fires(CompiledRules c, String text) {
    CompiledRules.TextMatch m = c.match(new String[] {text, null}, new byte[0]);
    return m != null
        && Arrays.stream(c.decide(m.candidates(), m.satisfiedLeaves(), new boolean[0])).anyMatch(r -> r == 0);
  }

  @Test
  void aChinesePhraseInsideALongerWordOrACompanyNameDoesNotCount() {
    CompiledRules words = compile(new Condition.Terms(ADVICE, List.of("text", "title"), 1, true));
    CompiledRules chars = compile(new Condition.Terms(ADVICE, List.of("text", "title"), 1));
    String[] offers = {"每天荐股，跟着我月赚30%", "老师荐股很准，进群", "提供投资咨询，私信我", "Daily stock picks in my group",
        "每天薦股，跟着我"};
    String[] harmless = {"推荐股票代码666，今天涨停了", "我推荐股票型基金给我爸", "@恒信投资咨询有限公司 你们的电话打不通",
        "投资咨询公司招聘文员"};
    for (String offer : offers) {
      assertEquals(true, fires(words, offer), "an offer in the listed words fires: " + offer);
      assertEquals(true, fires(chars, offer), "and fires without words too: " + offer);
    }
    for (String text : harmless) {
      assertEquals(false, fires(words, text), "a listed phrase inside a word or a name does not count: " + text);
      assertEquals(true, fires(chars, text), "plain terms fire on it (the error words removes): " + text);
    }
  }

  @Test
  void evidenceIsTheWordWithItsOffsetsAndOnlyTheWordUsesCount() {
    CompiledRules c = compile(new Condition.Terms(ADVICE, List.of("text", "title"), 2, true));
    String text = "推荐股票不如跟我：每天荐股，另有投资咨询";
    CompiledRules.TextMatch m = c.match(new String[] {text, null}, new byte[0]);
    assertEquals(List.of("荐股@11-13", "投资咨询@16-20"), m.hits().stream()
        .map(h -> h.phrase() + "@" + h.start() + "-" + h.end()).toList(), "推荐股票's 荐股 at 1-3 is no evidence");
    assertEquals(false, fires(c, "推荐股票，每天荐股"), "荐股 twice (once inside 推荐股票) is one distinct word, not two");
  }

  @Test
  void nearCountsOnlyWordUsesOnEitherSide() {
    CompiledRules c = compile(new Condition.Near(List.of("荐股"), List.of("稳赚"), 6, List.of("text"), true));
    assertEquals(true, fires(c, "每天荐股，稳赚不赔"));
    assertEquals(false, fires(c, "推荐股票，稳赚不赔"), "荐股 inside 推荐股票 is no side of the pair");
  }

  @Test
  void theRuleFileOptionIsReadAndChecked(@TempDir Path dir) {
    String pack = RuleFixtures.RULE.replace("terms { lists = [salt] }", "terms { lists = [salt], words = true }");
    Condition when = RuleLoader.load(RuleFixtures.write(dir.resolve("a"), "rumour.conf", pack)).rules().get(0).when();
    assertEquals(new Condition.Terms(List.of("salt water prevents", "喝盐水预防病毒"), List.of("text", "title"), 1, true),
        when);
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleLoader.load(RuleFixtures.write(
        dir.resolve("b"), "rumour.conf", pack.replace("words = true", "words = yes-please"))));
    assertEquals("words must be true (Chinese phrases count only as whole words) or false",
        e.problems().get(0).message());
  }
}
