package io.winnow.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.model.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** similar-to with measure = semantic: it needs a model, and a threshold where unrelated texts do not match. */
class SemanticLintTest {
  private static Path dir(Path tmp, String condition) throws IOException {
    Path dir = RuleFixtures.write(tmp, "rumour.conf", RuleFixtures.RULE.replace("when { terms { lists = [salt] } }",
        "when { " + condition + " }"));
    Files.createDirectories(dir.resolve("catalogues"));
    Files.writeString(dir.resolve("catalogues/claims.tsv"), "c-en\tdrinking salt water prevents the virus\n");
    return dir;
  }

  private static List<String> problems(Path dir) {
    return RuleLoader.check(dir).problems().stream().map(RuleProblem::toString).toList();
  }

  @Test
  void aSemanticConditionReadsWithItsModel(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, measure = semantic, model = all-minilm-l6-v2-q,"
        + " threshold = 0.8 }");
    Condition.SimilarTo x = (Condition.SimilarTo) RuleLoader.check(dir).ruleSet().rules().get(0).when();
    assertEquals(Condition.Measure.SEMANTIC, x.measure());
    assertEquals("all-minilm-l6-v2-q", x.model());
    assertEquals(0.8, x.threshold());
    assertEquals(3, x.minShared(), "the first stage's shared shingles when the rule names none");
  }

  @Test
  void semanticNeedsAModel(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, measure = semantic, threshold = 0.8 }");
    assertEquals(List.of(dir.getFileName() + "/rumour.conf:11: rule rumour.salt: measure = semantic needs model = ID,"
        + " a sentence model of winnow.semantic.models (shipped: all-minilm-l6-v2-q for English, bge-small-zh-v15-q"
        + " for Chinese)"), problems(dir));
  }

  @Test
  void aModelOnAShingleMeasureAndALowCosineAreRefused(@TempDir Path tmp) throws IOException {
    Path model = dir(tmp.resolve("model"), "similar-to { catalogue = claims, threshold = 0.8, model = x }");
    assertEquals(List.of(model.getFileName() + "/rumour.conf:11: rule rumour.salt: model applies to measure ="
        + " semantic only. Remove it or add measure = semantic"), problems(model));
    Path low = dir(tmp.resolve("low"), "similar-to { catalogue = claims, measure = semantic, model = m,"
        + " threshold = 0.4 }");
    assertEquals(List.of(low.getFileName() + "/rumour.conf:11: rule rumour.salt: threshold 0.4 is below 0.5: at that"
        + " cosine unrelated texts match (small sentence models score them 0.3 to 0.5). Use threshold = 0.8 or so"),
        problems(low));
  }
}
