package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4's acceptance: each evasion, in Chinese and in English, through the shipped rules and the engine of a sweep
 * ({@link CompiledRules} with where predicates evaluated): caught by the expected rule, with evidence whose offsets
 * quote the original text; and the hard negatives not caught.
 */
class EvasionAcceptanceTest {
  static RuleSet rules;

  @BeforeAll
  static void load() {
    rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
  }

  static final String DEBUNKED = "rumour.debunked.catalogue-claim";
  static final String INSTITUTION = "impersonation.institution.protected-name";
  static final String MEDIA = "impersonation.news-media.protected-name";
  static final String MILITARY = "impersonation.military.protected-name";
  static final String ANCHOR = "impersonation.news-anchor.protected-name";

  /** evasion, language, subject, field, value, rule expected, the original text the evidence must quote. */
  static Stream<Arguments> evasions() {
    return Stream.of(
        post("zero-width", "zh", "听说喝\u200b盐\u200c水能预\u200d防病毒，快转发", DEBUNKED, "喝\u200b盐\u200c水能预\u200d防病毒"),
        post("zero-width", "en", "Drinking salt\u200b water pre\u2060vents the virus!", DEBUNKED,
            "Drinking salt\u200b water pre\u2060vents the virus"),
        account("zero-width", "zh", "疾\u200b控\u200b中\u200b心", INSTITUTION, "疾\u200b控\u200b中\u200b心"),
        account("zero-width", "en", "Reu\u200bters", MEDIA, "Reu\u200bters"),
        post("full-width", "zh", "家族群里都在传：５Ｇ基站会传播病毒", DEBUNKED, "５Ｇ基站会传播病毒"),
        post("full-width", "en", "ＶＡＣＣＩＮＥＳ ＣＯＮＴＡＩＮ ＴＲＡＣＫＩＮＧ ＭＩＣＲＯＣＨＩＰＳ", DEBUNKED,
            "ＶＡＣＣＩＮＥＳ ＣＯＮＴＡＩＮ ＴＲＡＣＫＩＮＧ ＭＩＣＲＯＣＨＩＰＳ"),
        account("full-width", "en", "ＣＤＣ Updates", INSTITUTION, "ＣＤＣ"),
        post("traditional", "zh", "長輩群裡說：喝鹽水能預防病毒", DEBUNKED, "喝鹽水能預防病毒"),
        account("traditional", "zh", "中國疾病預防控制中心發布", INSTITUTION, "中國疾病預防控制中心"),
        // English has no traditional form; its counterpart is the compatibility form of letters (ligatures, ℂ).
        account("traditional", "en", "ℂDℂ Updates", INSTITUTION, "ℂDℂ"),
        post("spaced-dotted", "zh", "听说喝.盐.水.能.预.防.病.毒", DEBUNKED, "喝.盐.水.能.预.防.病.毒"),
        account("spaced-dotted", "zh", "疾 控 中 心", INSTITUTION, "疾 控 中 心"),
        account("spaced-dotted", "en", "C.D.C", INSTITUTION, "C.D.C"),
        account("spaced-dotted", "en", "U S A r m y", MILITARY, "U S A r m y"),
        account("homoglyph", "en", "Rеuters Official", MEDIA, "Rеuters"),
        account("homoglyph", "en", "Marcus Whit1ow", ANCHOR, "Marcus Whit1ow"),
        account("homoglyph", "zh", "入民日报", MEDIA, "入民日报"),
        account("homoglyph", "zh", "疾控中⼼官方", INSTITUTION, "疾控中⼼"),
        account("decorated", "zh", "央视新闻频道官方", MEDIA, "央视新闻"),
        account("decorated", "en", "Real BBC News HQ", MEDIA, "BBC News"));
  }

  static Arguments post(String evasion, String language, String text, String rule, String quoted) {
    return Arguments.of(evasion, language, Subject.POST, Map.of("post.text", text), rule, quoted);
  }

  static Arguments account(String evasion, String language, String name, String rule, String quoted) {
    return Arguments.of(evasion, language, Subject.ACCOUNT, Map.of("account.display_name", name), rule, quoted);
  }

  @ParameterizedTest(name = "{0} ({1}): {3}")
  @MethodSource("evasions")
  void caughtWithEvidenceInTheOriginal(String evasion, String language, Subject subject, Map<String, Object> record,
      String rule, String quoted) {
    List<ExampleRunner.Firing> fired = ExampleRunner.evaluate(rules, subject, record);
    ExampleRunner.Firing firing = fired.stream().filter(f -> f.ruleId().equals(rule)).findFirst().orElse(null);
    assertTrue(firing != null, evasion + " " + language + " is caught by " + rule + "; fired: " + fired);
    String original = (String) record.values().iterator().next();
    assertFalse(firing.hits().isEmpty(), "evidence is given");
    for (CompiledRules.Hit h : firing.hits()) {
      assertEquals(original.substring(h.start(), h.end()), h.excerpt(), "offsets point into the original text");
    }
    assertTrue(firing.hits().stream().anyMatch(h -> h.excerpt().equals(quoted)),
        "evidence quotes '" + quoted + "' as written; got " + firing.hits());
  }

  static Stream<Arguments> hardNegatives() {
    return Stream.of(
        Arguments.of("verified institution (zh)", Subject.ACCOUNT, Map.of("account.display_name", "中国疾病预防控制中心",
            "account.handle", "chinacdc", "account.verified", true, "account.verification_type", "government")),
        Arguments.of("verified institution (en)", Subject.ACCOUNT, Map.of("account.display_name", "CDC",
            "account.handle", "cdcgov", "account.verified", true, "account.verification_type", "government")),
        Arguments.of("verified media with a decorated name", Subject.ACCOUNT, Map.of("account.display_name",
            "Reuters Official", "account.verified", true, "account.verification_type", "media")),
        Arguments.of("fan account (zh)", Subject.ACCOUNT, Map.of("account.display_name", "入民日报粉丝站（非官方）")),
        Arguments.of("fan account (en)", Subject.ACCOUNT, Map.of("account.display_name",
            "Rеuters fan page (not affiliated)")),
        Arguments.of("ordinary name close to nothing protected", Subject.ACCOUNT,
            Map.of("account.display_name", "Cozy Maple 18", "account.handle", "cozymaple18")),
        Arguments.of("licensed doctor (zh)", Subject.POST, Map.of("post.text", "在线问诊，50元一次，不用去医院",
            "account.credentials", List.of("medical-license"))),
        Arguments.of("licensed doctor (en)", Subject.POST, Map.of("post.text",
            "Online consultation, only $20, no need for a hospital", "account.credentials", List.of("medical-license"))),
        Arguments.of("debunking post (zh)", Subject.POST, Map.of("post.text", "辟谣：网传“喝鹽水能預防病毒”不实，请勿转发。")),
        Arguments.of("debunking post (en)", Subject.POST, Map.of("post.text",
            "FACT CHECK: the claim that ５Ｇ towers spread the virus is false.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hardNegatives")
  void hardNegativesAreNotCaught(String what, Subject subject, Map<String, Object> record) {
    assertEquals(List.of(), ExampleRunner.evaluate(rules, subject, record).stream().map(ExampleRunner.Firing::ruleId)
        .toList(), what + " is not actioned");
  }
}
