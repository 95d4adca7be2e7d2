package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.rules.RuleLoader;
import io.winnow.text.ClaimIndex;
import io.winnow.text.KeywordSketch;
import io.winnow.text.SentenceEncoder;
import io.winnow.text.TextNormalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * similar-to with measure = semantic in a whole sweep, with the shipped English and Chinese models: paraphrases of a
 * claim are found with the claim id, cosine, model id and SHA-256 and the first-stage signal as evidence; a debunk, a
 * news report on the same topic and unrelated posts are not; the manifest records the models and the cascade.
 */
class SemanticSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;

  static final String PACK = """
      rules = [
        { id = rumour.paraphrase-en, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = medium, status = active, description = "A debunked claim restated in other words (English)."
          action = limit-visibility
          when { similar-to { catalogue = claims, measure = semantic, model = all-minilm-l6-v2-q, threshold = 0.8 } }
        }
        { id = rumour.paraphrase-zh, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = medium, status = active, description = "A debunked claim restated in other words (Chinese)."
          action = limit-visibility
          when { similar-to { catalogue = claims, measure = semantic, model = bge-small-zh-v15-q, threshold = 0.8 } }
        }
      ]
      """;

  static final String HAIR_CLAIM = "Using a hair dryer to breathe in hot air kills the coronavirus";
  static final String ISATIS_CLAIM = "喝板蓝根可以预防新冠病毒";
  static final String CATALOGUE = "c-hair\t" + HAIR_CLAIM + "\nc-isatis\t" + ISATIS_CLAIM + "\n";

  static final String PARAPHRASE_EN = "Blowing hot air through a hairdryer will cure coronavirus";
  static final String PARAPHRASE_ZH = "每天喝板蓝根冲剂就能防住新冠病毒";
  static final String DEBUNK_EN = "A hair dryer's hot air does not kill the coronavirus, doctors say";
  static final String DEBUNK_ZH = "辟谣：喝板蓝根不能预防新冠病毒";
  static final String NEWS_EN = "Hospital admissions for coronavirus rose 4% this week, health officials said";
  static final String UNRELATED = "Great pasta recipe for tonight, with garlic and olive oil";

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    Files.createDirectories(rules.resolve("catalogues"));
    Files.writeString(rules.resolve("policy.conf"), ClaimJoinSweepTest.POLICY);
    Files.writeString(rules.resolve("rumour.conf"), PACK);
    Files.writeString(rules.resolve("catalogues/claims.tsv"), CATALOGUE);
    archive = tmp.resolve("archive");
    List<Row> posts = new ArrayList<>();
    posts.add(ClaimJoinSweepTest.post("p1", "a1", PARAPHRASE_EN, null));
    posts.add(ClaimJoinSweepTest.post("p2", "a2", PARAPHRASE_ZH, null));
    posts.add(ClaimJoinSweepTest.post("p3", "a1", DEBUNK_EN, null));
    posts.add(ClaimJoinSweepTest.post("p4", "a2", DEBUNK_ZH, null));
    posts.add(ClaimJoinSweepTest.post("p5", "a1", NEWS_EN, null));
    posts.add(ClaimJoinSweepTest.post("p6", "a2", UNRELATED, null));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    spark.createDataFrame(List.of(ClaimJoinSweepTest.account("a1", 10L), ClaimJoinSweepTest.account("a2", 10L)),
        ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  /** The keywords two texts share, as the first stage counts them. */
  private static int shared(String a, String b) {
    return ClaimIndex.overlap(KeywordSketch.keywords(TextNormalizer.shared().normalize(a)),
        KeywordSketch.keywords(TextNormalizer.shared().normalize(b)));
  }

  private static int keywords(String a) {
    return KeywordSketch.keywords(TextNormalizer.shared().normalize(a)).length;
  }

  private static String expected(String post, String claimId, String claim, String model, Settings settings) {
    SentenceEncoder encoder = SentenceEncoder.of(settings.semantic().models().get(model));
    return String.format(Locale.ROOT, "%s (cosine %.2f, model %s sha256:%s; first stage: %s shares %d of %d"
        + " keywords; claim: %s)", claimId, SentenceEncoder.cosine(encoder.embed(post), encoder.embed(claim)), model,
        encoder.sha256(), claimId, shared(post, claim), keywords(claim), claim);
  }

  @Test
  void paraphrasesMatchWhileDebunksNewsAndUnrelatedPostsDoNot() throws Exception {
    Settings settings = TestSpark.settings();
    Path out = tmp.resolve("out");
    List<String> lines = new ArrayList<>();
    new Sweep(spark, settings, RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), out.toString(), "run", false, "test"),
        lines::add).execute();
    List<String> rows = new ArrayList<>();
    for (Row r : spark.read().parquet(out.resolve("runs/run/findings").toString()).orderBy("subject_id", "rule_id")
        .collectAsList()) {
      for (Row e : r.<Row>getList(r.fieldIndex("evidence"))) {
        rows.add(r.getAs("subject_id") + " " + r.getAs("rule_id") + ": " + e.getAs("kind") + " '" + e.getAs("value")
            + "' " + e.getAs("start") + "-" + e.getAs("end"));
      }
    }
    assertEquals(List.of(
        "p1 rumour.paraphrase-en: similar-to '" + expected(PARAPHRASE_EN, "c-hair", HAIR_CLAIM, "all-minilm-l6-v2-q",
            settings) + "' 0-" + PARAPHRASE_EN.length(),
        "p2 rumour.paraphrase-zh: similar-to '" + expected(PARAPHRASE_ZH, "c-isatis", ISATIS_CLAIM,
            "bge-small-zh-v15-q", settings) + "' 0-" + PARAPHRASE_ZH.length()), rows,
        "the two paraphrases only, each by the rule of its language's model");
    JsonNode semantic = new ObjectMapper().readTree(out.resolve("runs/run/manifest.json").toFile()).get("semantic");
    assertEquals(6, semantic.get("posts_evaluated").asInt());
    // The pasta post shares no keyword with either claim: it never reaches the model. The news report shares
    // "coronavirus" (8 of the hair-dryer claim's 19 keywords) with it, above the first stage's share.
    assertEquals(5, semantic.get("posts_reaching_model").asInt(), "all but the unrelated post");
    assertEquals(SentenceEncoder.of(settings.semantic().models().get("bge-small-zh-v15-q")).sha256(),
        semantic.get("models").get("bge-small-zh-v15-q").get("sha256").asText());
    assertEquals(2, semantic.get("matched").asInt(), "one paraphrase per language");
    // Both debunks score above 0.8 (embeddings barely see negation) and are stopped by a refutation cue ("not"; 谣).
    assertEquals(2, semantic.get("refuted").asInt(), "the two debunks");
    assertEquals(List.of("overlapping", "scan"), List.of(semantic.get("leaves").get(0).get("claims_searched").asText(),
        semantic.get("leaves").get(0).get("search").asText()));
    // explain shows the claim's text beside the post's.
    String explained = new io.winnow.audit.Explainer(spark, io.winnow.run.RunDirectory.open(
        spark.sparkContext().hadoopConfiguration(), out.resolve("runs/run").toString())).subject("p2", null);
    assertTrue(explained.contains("\n      post:  " + PARAPHRASE_ZH + "\n      claim: " + ISATIS_CLAIM + "\n"),
        explained);
  }

  /**
   * With reposts linked (the policy names a category), the repost join reads the findings twice more: each passing post
   * still reaches the model once, not once per read (the accumulators count what the model was given). It reached it
   * twice when the join read the persisted findings' plan: the whole findings stage ran again.
   */
  @Test
  void withRepostsLinkedEachPassingPostReachesTheModelOnce() throws Exception {
    Path withReposts = tmp.resolve("rules-reposts");
    Files.createDirectories(withReposts.resolve("catalogues"));
    Files.writeString(withReposts.resolve("policy.conf"), ClaimJoinSweepTest.POLICY.replace(
        "review-required-actions = []",
        "review-required-actions = []\n  reposts { categories = [rumour], count-toward-strikes = false }"));
    Files.writeString(withReposts.resolve("rumour.conf"), PACK);
    Files.writeString(withReposts.resolve("catalogues/claims.tsv"), CATALOGUE);
    Settings settings = TestSpark.settings(Map.of("winnow.semantic.claim-cache", "off"));
    JsonNode semantic = sweepSemantic(withReposts, settings, tmp.resolve("reposts"), "reposts");
    assertEquals(5, semantic.get("posts_reaching_model").asInt(), "all but the unrelated post, each once");
    assertEquals(List.of(2, 2), List.of(semantic.get("matched").asInt(), semantic.get("refuted").asInt()),
        "the two paraphrases and the two debunks, each once");
    assertEquals(2, evidence(tmp.resolve("reposts"), "reposts").size(), "no post is reposted: the two paraphrases");
  }

  private static JsonNode sweepSemantic(Settings settings, Path out, String runId) throws Exception {
    return sweepSemantic(rules, settings, out, runId);
  }

  private static JsonNode sweepSemantic(Path rules, Settings settings, Path out, String runId) throws Exception {
    new Sweep(spark, settings, RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), out.toString(), runId, false, "test"),
        line -> { }).execute();
    return new ObjectMapper().readTree(out.resolve("runs/" + runId + "/manifest.json").toFile()).get("semantic");
  }

  private static List<String> evidence(Path out, String runId) {
    return spark.read().parquet(out.resolve("runs/" + runId + "/findings").toString()).orderBy("subject_id", "rule_id")
        .collectAsList().stream().map(r -> r.getAs("subject_id") + " " + r.getList(r.fieldIndex("evidence")))
        .toList();
  }

  @Test
  void aSecondSweepTakesTheClaimVectorsFromTheCacheAndFindsTheSame() throws Exception {
    Path out = tmp.resolve("cached");
    Settings settings = TestSpark.settings();
    JsonNode first = sweepSemantic(settings, out, "first");
    // Each model reads one of the two claims (the other is in the other script): two embedded, none cached.
    assertEquals(List.of(2, 0), List.of(first.get("claims_embedded").asInt(), first.get("claims_from_cache").asInt()));
    assertEquals(out.resolve("cache/semantic-claims").toString(), first.get("claim_cache").asText(),
        "kept beside the runs by default");
    JsonNode second = sweepSemantic(settings, out, "second");
    assertEquals(List.of(0, 2), List.of(second.get("claims_embedded").asInt(), second.get("claims_from_cache")
        .asInt()));
    // The same posts again in this JVM: every text's vector is remembered from the first sweep, none embedded.
    assertEquals(List.of(0L, first.get("texts_embedded").asLong() + first.get("texts_remembered").asLong()),
        List.of(second.get("texts_embedded").asLong(), second.get("texts_remembered").asLong()));
    assertEquals(evidence(out, "first"), evidence(out, "second"), "the same findings with the same cosines");
    assertEquals(2, evidence(out, "second").size());
    JsonNode off = sweepSemantic(TestSpark.settings(Map.of("winnow.semantic.claim-cache", "off")), out, "off");
    assertEquals(List.of(2, 0), List.of(off.get("claims_embedded").asInt(), off.get("claims_from_cache").asInt()));
    assertEquals("off", off.get("claim_cache").asText());
  }

  /** Graphs built and loaded by a sweep, from its manifest. */
  private static List<Integer> graphs(JsonNode semantic) {
    return List.of(semantic.get("graphs_built").asInt(), semantic.get("graphs_loaded").asInt());
  }

  private static java.util.Set<String> graphFiles(Path out) {
    return java.util.Arrays.stream(out.resolve("cache/semantic-claims").toFile().list())
        .filter(f -> f.endsWith(".graph")).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void theGraphIsKeptBesideTheClaimVectorsUsedWhenPresentAndBuiltAgainWhenAbsentDamagedOrTheCatalogueChanged()
      throws Exception {
    Path out = tmp.resolve("graphs");
    Settings graph = TestSpark.settings(Map.of("winnow.semantic.hnsw-above-claims", "0",
        "winnow.semantic.claims-searched", "all"));
    sweepSemantic(TestSpark.settings(Map.of("winnow.semantic.claims-searched", "all")), tmp.resolve("graphs-scan"),
        "scan");
    List<String> scanned = evidence(tmp.resolve("graphs-scan"), "scan");
    JsonNode cold = sweepSemantic(graph, out, "cold");
    assertEquals("hnsw", cold.get("leaves").get(0).get("search").asText());
    assertEquals(List.of(2, 0), graphs(cold), "one graph per model, built: the cache is empty");
    assertEquals(2, graphFiles(out).size());
    assertEquals(2, evidence(out, "cold").size());
    assertEquals(scanned, evidence(out, "cold"), "the findings of the scan, with the same cosines");
    JsonNode warm = sweepSemantic(graph, out, "warm");
    assertEquals(List.of(0, 2), graphs(warm), "both graphs loaded");
    assertEquals(scanned, evidence(out, "warm"));
    for (String f : graphFiles(out)) {
      Files.writeString(out.resolve("cache/semantic-claims").resolve(f), "damaged");
      Files.deleteIfExists(out.resolve("cache/semantic-claims").resolve("." + f + ".crc"));
    }
    JsonNode damaged = sweepSemantic(graph, out, "damaged");
    assertEquals(List.of(2, 0), graphs(damaged), "damaged files: built again");
    assertEquals(scanned, evidence(out, "damaged"));
    assertEquals(List.of(0, 2), graphs(sweepSemantic(graph, out, "repaired")), "and written again whole");
    // A third claim, in English: the English graph is built for the new catalogue, the Chinese one loaded.
    Path changedRules = tmp.resolve("rules-changed");
    Files.createDirectories(changedRules.resolve("catalogues"));
    Files.writeString(changedRules.resolve("policy.conf"), ClaimJoinSweepTest.POLICY);
    Files.writeString(changedRules.resolve("rumour.conf"), PACK);
    Files.writeString(changedRules.resolve("catalogues/claims.tsv"), CATALOGUE
        + "c-bleach\tDrinking bleach protects you from the virus\n");
    JsonNode changed = sweepSemantic(changedRules, graph, out, "changed");
    assertEquals(List.of(1, 1), graphs(changed));
    // The claim vectors are kept per model and claim text, not per catalogue: the edited one embeds its new claim only.
    assertEquals(List.of(1, 2), List.of(changed.get("claims_embedded").asInt(), changed.get("claims_from_cache")
        .asInt()));
    assertEquals(3, graphFiles(out).size(), "the new English graph beside the old one");
    assertEquals(scanned, evidence(out, "changed"), "the new claim is near no post");
  }

  @Test
  void onlyTheClaimsSomePassingPostReachesAreEmbeddedEachTextOnceAndTheFindingsAreThoseOfASearchOverAll()
      throws Exception {
    Path reachedRules = tmp.resolve("rules-reached");
    Files.createDirectories(reachedRules.resolve("catalogues"));
    Files.writeString(reachedRules.resolve("policy.conf"), ClaimJoinSweepTest.POLICY);
    Files.writeString(reachedRules.resolve("rumour.conf"), PACK);
    // The hair-dryer claim twice (one text, one vector), two English claims no post shares a keyword with, and a long
    // one (55 keywords) the paraphrase and the English debunk share "coronavirus" with: 8 keywords, under 0.3 of the
    // claim's (17), so they do not reach it, but 0.3 of their own 19 and 16 or more, so they overlap it. The news
    // report shares 9, under 0.3 of its own 31: neither.
    Files.writeString(reachedRules.resolve("catalogues/claims.tsv"), "c-hair\t" + HAIR_CLAIM + "\nc-hair-again\t"
        + HAIR_CLAIM + "\nc-moon\tThe moon landing footage was filmed inside a studio\nc-chip\tVaccines implant"
        + " microchips that track citizens\nc-long\tStrangers on television said that warm weather, sunshine, garlic"
        + " soup, lemon water and vitamin pills protect everybody from coronavirus\nc-isatis\t" + ISATIS_CLAIM + "\n");
    JsonNode all = sweepSemantic(reachedRules, TestSpark.settings(Map.of("winnow.semantic.claim-cache", "off",
        "winnow.semantic.claims-searched", "all")), tmp.resolve("searched-all"), "all");
    JsonNode reached = sweepSemantic(reachedRules, TestSpark.settings(Map.of("winnow.semantic.claim-cache", "off",
        "winnow.semantic.claims-searched", "reached")), tmp.resolve("searched-reached"), "reached");
    JsonNode overlapping = sweepSemantic(reachedRules, TestSpark.settings(Map.of("winnow.semantic.claim-cache", "off")),
        tmp.resolve("searched-overlapping"), "overlapping");
    // All: hair (its twin takes its vector), moon, chip, long for MiniLM; isatis for BGE. Reached: hair and isatis
    // only. Overlapping (the default): hair, long and isatis.
    assertEquals(5, all.get("claims_embedded").asInt(), "every claim in each model's script, a repeated text once");
    assertEquals(2, reached.get("claims_embedded").asInt(), "the two claims the paraphrases and debunks reach");
    assertEquals(3, overlapping.get("claims_embedded").asInt(), "and the long claim they overlap");
    assertEquals(List.of("all", 5, "reached", 2, "overlapping", 3), List.of(
        all.get("leaves").get(0).get("claims_searched").asText(),
        all.get("leaves").get(0).get("claims_with_vectors").asInt(),
        reached.get("leaves").get(0).get("claims_searched").asText(),
        reached.get("leaves").get(0).get("claims_with_vectors").asInt(),
        overlapping.get("leaves").get(0).get("claims_searched").asText(),
        overlapping.get("leaves").get(0).get("claims_with_vectors").asInt()),
        "the English leaf: hair twice, moon, chip, long; hair twice; hair twice, long");
    assertEquals(evidence(tmp.resolve("searched-all"), "all"), evidence(tmp.resolve("searched-overlapping"),
        "overlapping"), "the findings of a search over all claims");
    List<String> found = evidence(tmp.resolve("searched-reached"), "reached");
    assertEquals(evidence(tmp.resolve("searched-all"), "all"), found,
        "each post's nearest claim is one some post reaches: the same findings, the same cosines");
    assertEquals(2, found.size());
    assertTrue(found.get(0).startsWith("p1 [[rumour.paraphrase-en,similar-to,text,c-hair (cosine"),
        found.get(0) + ": the earlier twin");
  }

  /**
   * The bench's catalogue in small (issue 22): 300 generated claims of made-up English words, which the model places
   * close together, and the two real claims apart. Searched through the graph with one candidate, a paraphrase's
   * nearest claim lies outside the cluster the search stays in; the claim the paraphrase reached in the first stage is
   * scored exactly, so the findings are the scan's.
   */
  @Test
  void aClaimTheTextReachedIsFoundThroughTheGraphOfAClusteredCatalogue() throws Exception {
    Path clustered = tmp.resolve("rules-clustered");
    Files.createDirectories(clustered.resolve("catalogues"));
    Files.writeString(clustered.resolve("policy.conf"), ClaimJoinSweepTest.POLICY);
    Files.writeString(clustered.resolve("rumour.conf"), PACK);
    StringBuilder catalogue = new StringBuilder();
    java.util.Random r = new java.util.Random(3);
    for (int c = 0; c < 300; c++) {
      catalogue.append("g-").append(c).append('\t');
      for (int w = 0; w < 6; w++) {
        catalogue.append(w > 0 ? " " : "");
        for (int i = 0; i < 2; i++) {
          catalogue.append("bcdfgklmnprstvz".charAt(r.nextInt(15))).append("aeiou".charAt(r.nextInt(5)));
        }
      }
      catalogue.append('\n');
    }
    Files.writeString(clustered.resolve("catalogues/claims.tsv"), catalogue + CATALOGUE);
    Map<String, String> common = Map.of("winnow.semantic.claim-cache", "off", "winnow.semantic.claims-searched",
        "all");
    sweepSemantic(clustered, TestSpark.settings(common), tmp.resolve("clustered-scan"), "scan");
    Map<String, String> graph = new java.util.HashMap<>(common);
    graph.putAll(Map.of("winnow.semantic.hnsw-above-claims", "0", "winnow.semantic.hnsw-candidates", "1"));
    JsonNode searched = sweepSemantic(clustered, TestSpark.settings(graph), tmp.resolve("clustered-graph"), "graph");
    assertEquals("hnsw", searched.get("leaves").get(0).get("search").asText());
    Settings settings = TestSpark.settings();
    List<String> found = evidence(tmp.resolve("clustered-graph"), "graph");
    assertEquals(2, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("p1 [[rumour.paraphrase-en,similar-to,text," + expected(PARAPHRASE_EN,
        "c-hair", HAIR_CLAIM, "all-minilm-l6-v2-q", settings) + ","), found.get(0) + ": the hair-dryer claim");
    assertTrue(found.get(1).startsWith("p2 [[rumour.paraphrase-zh,similar-to,text," + expected(PARAPHRASE_ZH,
        "c-isatis", ISATIS_CLAIM, "bge-small-zh-v15-q", settings) + ","), found.get(1) + ": the isatis claim");
    assertEquals(evidence(tmp.resolve("clustered-scan"), "scan"), evidence(tmp.resolve("clustered-graph"), "graph"));
  }
}
