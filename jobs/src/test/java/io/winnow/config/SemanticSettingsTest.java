package io.winnow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.winnow.TestSpark;
import io.winnow.UserError;
import io.winnow.text.SentenceEncoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** winnow.semantic: the shipped models, a model added by path, and the messages of a wrong model or value. */
class SemanticSettingsTest {
  @Test
  void theShippedModelsAndAModelAddedByPath() {
    Settings s = TestSpark.settings(Map.of("winnow.semantic.models.mine.onnx", "/models/m.onnx",
        "winnow.semantic.models.mine.tokenizer", "/models/tokenizer.json", "winnow.semantic.models.mine.pooling", "cls",
        "winnow.semantic.models.mine.max-tokens", "256", "winnow.semantic.models.mine.script", "any"));
    assertEquals(new SentenceEncoder.Spec("all-minilm-l6-v2-q", "classpath:all-minilm-l6-v2-q.onnx",
        "classpath:all-minilm-l6-v2-q-tokenizer.json", SentenceEncoder.Pooling.MEAN, 128, 1,
        SentenceEncoder.Script.LATIN, 20000), s.semantic().models().get("all-minilm-l6-v2-q"));
    assertEquals(new SentenceEncoder.Spec("mine", "/models/m.onnx", "/models/tokenizer.json",
        SentenceEncoder.Pooling.CLS, 256, 1, SentenceEncoder.Script.ANY, 20000), s.semantic().model("mine", "r"));
    assertEquals(List.of("all-minilm-l6-v2-q", "bge-small-zh-v15-q", "mine"),
        s.semantic().models().keySet().stream().sorted().toList());
  }

  @Test
  void anUnknownModelNamesTheRuleAndTheKnownOnes() {
    UserError e = assertThrows(UserError.class, () -> TestSpark.settings().semantic().model("labse", "rumour.x"));
    assertEquals("rule rumour.x: unknown semantic model 'labse'. Known (winnow.semantic.models): all-minilm-l6-v2-q,"
        + " bge-small-zh-v15-q. Add it to the config with its onnx and tokenizer files", e.getMessage());
  }

  @Test
  void aWrongPoolingIsReportedWithItsKey() {
    UserError e = assertThrows(UserError.class, () -> TestSpark.settings(Map.of(
        "winnow.semantic.models.all-minilm-l6-v2-q.pooling", "max")));
    assertEquals("configuration: command-line flag: Invalid value at 'winnow.semantic.models.all-minilm-l6-v2-q.pooling':"
        + " 'max' is not a pooling. Use mean (sentence-transformers) or cls (BGE)", e.getMessage());
  }

  @Test
  void claimsSearchedIsOverlappingByDefaultAllOrReachedOnRequestAndAnythingElseIsReportedWithItsKey() {
    assertEquals(SemanticSettings.ClaimsSearched.OVERLAPPING, TestSpark.settings().semantic().claimsSearched());
    assertEquals(List.of(SemanticSettings.ClaimsSearched.ALL, SemanticSettings.ClaimsSearched.REACHED), List.of(
        TestSpark.settings(Map.of("winnow.semantic.claims-searched", "all")).semantic().claimsSearched(),
        TestSpark.settings(Map.of("winnow.semantic.claims-searched", "reached")).semantic().claimsSearched()));
    UserError e = assertThrows(UserError.class, () -> TestSpark.settings(Map.of(
        "winnow.semantic.claims-searched", "some")));
    assertEquals("configuration: command-line flag: Invalid value at 'winnow.semantic.claims-searched': 'some' is not"
        + " a choice of claims. Give overlapping (the claims some passing post overlaps), reached (the claims some"
        + " post's first stage reached) or all", e.getMessage());
  }
}
