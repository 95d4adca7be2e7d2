package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sentence models (Maven artifacts) at the semantic measure's usual threshold, 0.8: a claim's paraphrases
 * score above it; a news report on the same topic and unrelated posts below it; a debunk scores like a paraphrase, and
 * the refutation cues are what tell it apart. A model given by file path loads the same and hashes the same.
 */
class SentenceEncoderTest {
  private static final double THRESHOLD = 0.8;

  private static SentenceEncoder model(String id) {
    return SentenceEncoder.of(TestSpark.settings().semantic().models().get(id));
  }

  private static double cosine(SentenceEncoder e, String a, String b) {
    return SentenceEncoder.cosine(e.embed(a), e.embed(b));
  }

  @Test
  void englishParaphrasesMatchAndNewsAndUnrelatedPostsDoNot() {
    SentenceEncoder e = model("all-minilm-l6-v2-q");
    String claim = "Using a hair dryer to breathe in hot air kills the coronavirus";
    for (String paraphrase : List.of("Blowing hot air through a hairdryer will cure coronavirus",
        "Breathing in hot air from a hair dryer kills the coronavirus, pass it on")) {
      assertTrue(cosine(e, claim, paraphrase) >= THRESHOLD, paraphrase + ": " + cosine(e, claim, paraphrase));
    }
    for (String other : List.of("Hospital admissions for coronavirus rose 4% this week, health officials said",
        "Great pasta recipe for tonight, with garlic and olive oil")) {
      assertTrue(cosine(e, claim, other) < THRESHOLD, other + ": " + cosine(e, claim, other));
    }
    assertEquals(384, e.dimensions());
  }

  @Test
  void chineseParaphrasesMatchAndNewsAndUnrelatedPostsDoNot() {
    SentenceEncoder e = model("bge-small-zh-v15-q");
    String claim = "喝板蓝根可以预防新冠病毒";
    for (String paraphrase : List.of("每天喝板蓝根冲剂就能防住新冠病毒", "听说喝板蓝根能预防新冠病毒")) {
      assertTrue(cosine(e, claim, paraphrase) >= THRESHOLD, paraphrase + ": " + cosine(e, claim, paraphrase));
    }
    for (String other : List.of("本周新增新冠住院病例上升百分之四，卫健委通报", "今天的天气真好，适合去公园散步")) {
      assertTrue(cosine(e, claim, other) < THRESHOLD, other + ": " + cosine(e, claim, other));
    }
    assertEquals(512, e.dimensions());
  }

  @Test
  void debunksScoreLikeParaphrasesAndTheirCuesTellThemApart() {
    Refutations cues = new Refutations(TestSpark.settings().semantic().refutationCues());
    String en = "Using a hair dryer to breathe in hot air kills the coronavirus";
    String enDebunk = "A hair dryer's hot air does not kill the coronavirus, doctors say";
    assertTrue(cosine(model("all-minilm-l6-v2-q"), en, enDebunk) >= THRESHOLD, "cosine alone would match it");
    assertEquals("not", cues.cueAgainst(enDebunk, en));
    String zh = "喝板蓝根可以预防新冠病毒";
    String zhDebunk = "辟谣：喝板蓝根不能预防新冠病毒";
    assertTrue(cosine(model("bge-small-zh-v15-q"), zh, zhDebunk) >= THRESHOLD, "cosine alone would match it");
    assertEquals("谣", cues.cueAgainst(zhDebunk, zh));
    assertNull(cues.cueAgainst("Blowing hot air through a hairdryer will cure coronavirus", en), "a paraphrase");
    assertNull(cues.cueAgainst("nothing notable", "x"), "cues are whole words: 'not' is not in 'nothing'");
    assertNull(cues.cueAgainst("this is not true", "it is not safe"), "the claim has the cue too");
  }

  @Test
  void scriptsKeepEachModelToItsLanguage() {
    assertTrue(SentenceEncoder.Script.HAN.writes("转发：喝板蓝根能预防 COVID"), "a third of the letters are ideographs");
    assertTrue(!SentenceEncoder.Script.HAN.writes("Using a hair dryer kills the coronavirus 病毒"));
    assertTrue(SentenceEncoder.Script.LATIN.writes("Using a hair dryer kills the coronavirus 病毒"));
    assertTrue(!SentenceEncoder.Script.LATIN.writes("喝板蓝根可以预防新冠病毒 ok"));
    assertTrue(SentenceEncoder.Script.ANY.writes("喝板蓝根"));
  }

  @Test
  void aModelGivenByPathLoadsAndHashesLikeTheArtifact(@TempDir Path tmp) throws Exception {
    Path onnx = tmp.resolve("m.onnx");
    Path tokenizer = tmp.resolve("tokenizer.json");
    byte[] bytes;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
      bytes = in.readAllBytes();
    }
    Files.write(onnx, bytes);
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.write(tokenizer, in.readAllBytes());
    }
    SentenceEncoder byPath = SentenceEncoder.of(new SentenceEncoder.Spec("my-model", onnx.toString(),
        tokenizer.toString(), SentenceEncoder.Pooling.MEAN, 128, 1, SentenceEncoder.Script.ANY, 0));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), byPath.sha256());
    assertEquals(model("all-minilm-l6-v2-q").sha256(), byPath.sha256());
    assertArrayEquals(model("all-minilm-l6-v2-q").embed("hot air kills the virus"),
        byPath.embed("hot air kills the virus"), "the same model gives the same vector");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.of(
        new SentenceEncoder.Spec("gone", tmp.resolve("gone.onnx").toString(), tokenizer.toString(),
            SentenceEncoder.Pooling.MEAN, 128, 1, SentenceEncoder.Script.ANY, 0)));
    assertEquals("cannot load the semantic model gone (onnx " + tmp.resolve("gone.onnx") + ", tokenizer " + tokenizer
        + "): no file " + tmp.resolve("gone.onnx").toAbsolutePath() + " (the onnx of gone). Check"
        + " winnow.semantic.models.gone", missing.getMessage());
  }

  @Test
  void anEncoderRemembersTheVectorsOfItsLastTextsOnly() {
    SentenceEncoder.Spec shipped = TestSpark.settings().semantic().models().get("all-minilm-l6-v2-q");
    SentenceEncoder e = SentenceEncoder.of(new SentenceEncoder.Spec("remembers-two", shipped.onnx(),
        shipped.tokenizer(), shipped.pooling(), shipped.maxTokens(), 1, shipped.script(), 2));
    assertNull(e.recent("hot air kills the virus"), "nothing remembered yet");
    float[] hot = e.embed("hot air kills the virus");
    e.remember("hot air kills the virus", hot);
    assertArrayEquals(model("all-minilm-l6-v2-q").embed("hot air kills the virus"), e.recent("hot air kills the virus"),
        "the vector embed gave");
    e.remember("vinegar kills the virus", e.embed("vinegar kills the virus"));
    e.recent("hot air kills the virus"); // used last: the vinegar text is now the least recently used
    e.remember("5g towers spread the virus", e.embed("5g towers spread the virus"));
    assertNull(e.recent("vinegar kills the virus"), "two texts at most: the least recently used one is forgotten");
    assertArrayEquals(hot, e.recent("hot air kills the virus"));
    assertTrue(e.recent("5g towers spread the virus") != null);
  }

  @Test
  void aTextReadAsTheSameTokensAsOneEmbeddedLatelyGetsItsVectorWithoutTheModel() {
    SentenceEncoder.Spec shipped = TestSpark.settings().semantic().models().get("all-minilm-l6-v2-q");
    SentenceEncoder e = SentenceEncoder.of(new SentenceEncoder.Spec("same-tokens", shipped.onnx(),
        shipped.tokenizer(), shipped.pooling(), shipped.maxTokens(), 1, shipped.script(), 2));
    SentenceEncoder fresh = model("all-minilm-l6-v2-q");
    String first = "Just learned that drinking salt water prevents the virus. Save this! \uD83D\uDD25";
    // Uncased, and neither emoji is in the vocabulary (both are its unknown token): the model reads the same input.
    String sameTokens = "just learned that DRINKING salt water prevents the virus. Save this! \uD83C\uDF89";
    String other = "Just learned that drinking salt water prevents the flu. Save this! \uD83D\uDD25";
    SentenceEncoder.Embedding a = e.embedOnce(first);
    assertTrue(a.ran(), "nothing embedded before");
    assertArrayEquals(fresh.embed(first), a.vector(), "the vector embed gives");
    SentenceEncoder.Embedding b = e.embedOnce(sameTokens);
    assertEquals(false, b.ran(), "the same tokens: the model does not run again");
    assertArrayEquals(fresh.embed(sameTokens), b.vector(), "and the vector is the one the model gives this text, bit for bit");
    SentenceEncoder.Embedding c = e.embedOnce(other);
    assertTrue(c.ran(), "one word differs: another input");
    assertArrayEquals(fresh.embed(other), c.vector());
    assertTrue(!java.util.Arrays.equals(a.vector(), c.vector()), "and another vector");
    SentenceEncoder none = SentenceEncoder.of(new SentenceEncoder.Spec("same-tokens-off", shipped.onnx(),
        shipped.tokenizer(), shipped.pooling(), shipped.maxTokens(), 1, shipped.script(), 0));
    none.embedOnce(first);
    assertTrue(none.embedOnce(sameTokens).ran(), "recent-texts = 0 remembers nothing");
  }
}
