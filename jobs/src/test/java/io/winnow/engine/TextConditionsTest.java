package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.winnow.model.Condition;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.rules.RegexLiterals;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regex prefilters and near proximity at unit level, without Spark. */
class TextConditionsTest {
  private static int counter;

  private static CompiledRules compile(Condition when) {
    Rule rule = new Rule("t.rule", 1, "rumour", "debunked-claim", Subject.POST, Severity.HIGH, Status.ACTIVE, "d",
        "delete-post", when, "t.conf:1", null, List.of());
    Policy policy = new Policy(Map.of(), List.of(), List.of(), Map.of(), null);
    return CompiledRules.of(new RuleSet(List.of(rule), policy, "hash-" + (counter++), Map.of()), Subject.POST);
  }

  private static boolean fires(CompiledRules c, String text) {
    CompiledRules.TextMatch m = c.match(new String[] {text, null}, new byte[0]);
    return m != null
        && Arrays.stream(c.decide(m.candidates(), m.satisfiedLeaves(), new boolean[0])).anyMatch(r -> r == 0);
  }

  @Test
  void requiredLiteralsAreExtractedConservatively() {
    assertEquals("tip to unlock $", RegexLiterals.required("tip to unlock \\$[0-9]+"), "an escaped symbol is literal");
    assertEquals("月赚", RegexLiterals.required("每?月赚[0-9]+%"), "an optional character is not required");
    assertEquals("to unlock", RegexLiterals.required("(?i)(tip|pay) to unlock"),
        "flags are skipped, groups break the run");
    assertEquals("salt water", RegexLiterals.required("salt water( prevents)?"));
    assertNull(RegexLiterals.required("cure|heal"), "top-level alternation: no single literal is required");
    assertNull(RegexLiterals.required("[0-9]+ ?%"), "no literal text at all");
    assertEquals("ab", RegexLiterals.required("ab+c"), "a repeated character counts once, then the run ends");
  }

  @Test
  void minDistinctCountsDifferentPhrasesAcrossFieldsOnce() {
    CompiledRules c = compile(new Condition.All(List.of(
        new Condition.Terms(List.of("miracle cure", "doctors hate", "100% natural"), List.of("text", "title"), 2),
        new Condition.Not(new Condition.Terms(List.of("satire"), List.of("text"), 1)))));
    assertEquals(false, fires(c, "miracle cure! miracle cure! MIRACLE CURE"), "one phrase three times is one");
    assertEquals(true, fires(c, "A miracle cure doctors hate"), "two different phrases");
    assertEquals(false, fires(c, "A miracle cure doctors hate (satire)"), "the not-leaf holds it back");
    CompiledRules.TextMatch m = c.match(new String[] {"miracle cure", "Doctors hate it"}, new byte[0]);
    assertEquals(List.of(0), Arrays.stream(c.decide(m.candidates(), m.satisfiedLeaves(), new boolean[0])).boxed()
        .toList(), "one phrase in the text and one in the title");
    assertEquals(List.of("text/miracle cure", "title/Doctors hate"), m.hits().stream()
        .map(h -> h.field() + "/" + h.excerpt()).toList());
    assertEquals(false, fires(c, "nothing here"));
  }

  @Test
  void regexRunsBehindItsPrefilterAndMatchesNormalizedText() {
    CompiledRules c = compile(new Condition.Regex("tip to unlock \\$?[0-9]+", List.of("text"), "tip to unlock"));
    assertEquals(true, fires(c, "TIP TO UNLOCK $15 a month"), "case and width do not matter");
    assertEquals(true, fires(c, "ｔｉｐ to unlock 20"), "full-width letters are normalized");
    assertEquals(false, fires(c, "tip to unlock the door"), "the literal occurs, the regex does not match");
    assertEquals(false, fires(c, "pay 15 to unlock"), "no literal, the regex never runs");
    CompiledRules.TextMatch m = c.match(new String[] {"Now: Tip to unlock $15", null}, new byte[0]);
    assertEquals(List.of("regex/Tip to unlock $15/5/22"), m.hits().stream()
        .map(h -> c.leafKind(h.leaf()) + "/" + h.excerpt() + "/" + h.start() + "/" + h.end()).toList(),
        "evidence quotes the original text");
  }

  @Test
  void prefilterLiteralMatchesInsideWords() {
    CompiledRules c = compile(new Condition.Regex("unlock\\w*", List.of("text"), "unlock"));
    assertEquals(true, fires(c, "unlocking now"), "a prefilter literal is not bound to word boundaries");
  }

  @Test
  void regexWithoutPrefilterRunsOnEveryRow() {
    CompiledRules c = compile(new Condition.Regex("[0-9]+ ?%", List.of("text"), null));
    assertEquals(true, fires(c, "gain 30 % a month"));
    assertEquals(false, fires(c, "no numbers here"));
  }

  @Test
  void nearNeedsBothPhrasesWithinTheDistance() {
    CompiledRules c = compile(new Condition.Near(List.of("stock picks", "荐股"), List.of("guaranteed", "稳赚"), 10,
        List.of("text")));
    assertEquals(true, fires(c, "stock picks, guaranteed"), "2 characters apart");
    assertEquals(true, fires(c, "guaranteed!! stock picks"), "either order");
    assertEquals(true, fires(c, "荐股稳赚"), "touching counts as 0");
    assertEquals(false, fires(c, "stock picks are fun to read about, nothing is guaranteed"), "more than 10 apart");
    assertEquals(false, fires(c, "stock picks only"), "second list missing");
    String exactly10 = "stock picks" + "x".repeat(8) + " guaranteed";
    assertEquals(true, fires(c, "stock picks 12345678 guaranteed"), "exactly 10 characters between them");
    assertEquals(false, fires(c, "stock picks 123456789 guaranteed"), "11 characters between them");
    assertEquals(false, fires(c, exactly10), "an ASCII phrase glued to a word does not match");
  }

  @Test
  void nearEvidenceIsTheClosestPair() {
    CompiledRules c = compile(new Condition.Near(List.of("荐股"), List.of("稳赚"), 5, List.of("text")));
    CompiledRules.TextMatch m = c.match(new String[] {"稳赚……每天荐股，稳赚", null}, new byte[0]);
    assertEquals(List.of("near:荐股@6", "near:稳赚@9"),
        m.hits().stream().map(h -> c.leafKind(h.leaf()) + ":" + h.excerpt() + "@" + h.start()).toList(),
        "evidence names the kind of condition that found it");
  }
}
