package io.winnow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSA export of a small run: one statement per decided action, in batches the database's own rules accept
 * ({@link DsaFixture}), field by field; actions sent to review go out once upheld.
 */
class DsaExportTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static Path out;
  static DsaExport.Result result;
  static Map<String, JsonNode> bySubject = new HashMap<>();
  static List<JsonNode> statements = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    run = TestRuns.sweep(spark, tmp, "dsa-run");
    out = tmp.resolve("dsa");
    result = new DsaExport(spark, TestSpark.settings(), DsaMapping.load(null), TestRuns.open(run), out).execute();
    for (Row r : spark.read().parquet(run.resolve("actions").toString()).collectAsList()) {
      actionOf.put(r.getAs("subject_id"), r.getAs("action_id"));
    }
    statements.addAll(read(out));
    for (JsonNode s : statements) {
      for (Map.Entry<String, String> e : actionOf.entrySet()) {
        if (s.path("puid").asText().equals(PUID_PREFIX + e.getValue())) {
          bySubject.put(e.getKey(), s);
        }
      }
    }
  }

  /** The run dsa-run over 2026-10-01..03: puids are the window, the run id and the action id. */
  static final String PUID_PREFIX = "20261001_20261003_dsa-run_";
  static final Map<String, String> actionOf = new HashMap<>();

  /** Every statement of an export, read from its JSON Lines files. */
  static List<JsonNode> read(Path dir) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          all.add(JSON.readTree(line));
        }
      }
    }
    return all;
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneStatementPerDecidedActionInBatchesTheDatabaseAccepts() throws Exception {
    assertEquals(5, actionOf.size(), "the run has 5 actions");
    Set<String> expected = new TreeSet<>();
    actionOf.forEach((subject, id) -> {
      if (!subject.equals("a4")) {
        expected.add(PUID_PREFIX + id);
      }
    });
    assertEquals(expected, new TreeSet<>(statements.stream().map(s -> s.path("puid").asText()).toList()),
        "one statement per decided action; a4's close-account waits for review");
    assertEquals(4, result.statements());
    assertEquals(1, result.heldForReview());
    assertEquals(Map.of("weibo", 1L, "x", 3L), result.perPlatform());
    assertEquals(2, result.batches(), "one batch per platform");
    List<JsonNode> batched = new ArrayList<>();
    for (String platform : List.of("x", "weibo")) {
      JsonNode body = JSON.readTree(out.resolve("batches-" + platform + "/batch-00001.json").toFile());
      assertEquals(List.of(), DsaFixture.batchProblems(body), platform + " batch as the batch endpoint judges it");
      body.get("statements").forEach(batched::add);
    }
    assertEquals(statements.size(), batched.size(), "the batches hold the same statements as the JSON Lines");
    assertEquals(new TreeSet<>(statements.stream().map(JsonNode::toString).toList()),
        new TreeSet<>(batched.stream().map(JsonNode::toString).toList()));
    assertEquals(List.of("action_id,platform,subject_kind,subject_id,category,subcategory,action",
        actionOf.get("a4") + ",weibo,account,a4,impersonation,institution,close-account"),
        Files.readAllLines(out.resolve("held-for-review.csv")));
    List<String> csv = Files.readAllLines(out.resolve("statements-x.csv"));
    assertEquals(String.join(",", DsaSchema.FIELDS), csv.get(0));
    assertEquals(4, csv.size(), "header + 3 statements on x");
    for (JsonNode s : statements) {
      assertFalse(s.path("decision_facts").asText().contains("alert(1)"), "no user text in the facts");
    }
  }

  @Test
  void statementsFieldByField() {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode p1 = bySubject.get("p1");
    assertEquals("[\"DECISION_VISIBILITY_CONTENT_REMOVED\"]", p1.get("decision_visibility").toString());
    assertEquals("DECISION_GROUND_INCOMPATIBLE_CONTENT", p1.get("decision_ground").asText());
    assertEquals("STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", p1.get("category").asText());
    assertEquals("[\"CONTENT_TYPE_TEXT\"]", p1.get("content_type").toString());
    assertEquals("2026-10-01", p1.get("content_date").asText());
    assertEquals(today, p1.get("application_date").asText());
    assertEquals("SOURCE_VOLUNTARY", p1.get("source_type").asText());
    assertEquals("Yes", p1.get("automated_detection").asText());
    assertEquals("AUTOMATED_DECISION_FULLY", p1.get("automated_decision").asText());
    assertEquals("The content repeats a claim that fact-checkers have already debunked. Rules: rumour.salt v3.",
        p1.get("incompatible_content_explanation").asText());
    assertTrue(p1.get("decision_facts").asText().startsWith("Automated rules (rumour.salt v3; rule set "),
        p1.get("decision_facts").asText());
    assertTrue(p1.get("decision_facts").asText().endsWith(") detected this post. The text contains the listed "
        + "phrase \"salt water prevents\"."), p1.get("decision_facts").asText());
    assertEquals(27, p1.get("territorial_scope").size());
    assertFalse(p1.has("content_language"), "x has no content language in the mapping");

    JsonNode p3 = bySubject.get("p3");
    assertEquals("[\"DECISION_VISIBILITY_CONTENT_DEMOTED\"]", p3.get("decision_visibility").toString());
    assertEquals("[\"KEYWORD_MISINFORMATION_DISINFORMATION\"]", p3.get("category_specification").toString());
    assertEquals("ZH", p3.get("content_language").asText(), "weibo's content language from the mapping");

    JsonNode a1 = bySubject.get("a1");
    assertEquals("DECISION_MONETARY_SUSPENSION", a1.get("decision_monetary").asText());
    assertEquals("2026-10-02", a1.get("content_date").asText(), "the latest strike");
    String facts = a1.get("decision_facts").asText();
    assertTrue(facts.contains(") actioned posts of this account. 2 posts of the account in this category counted as "
        + "strikes between 2026-10-01 and 2026-10-03; their severity weights sum to 2 (rounded down), which reaches "
        + "the category's step for this action."), facts);
    assertFalse(facts.contains("profile"), "the ladder fired on posts, not on the profile: " + facts);
  }

  @Test
  void anUpheldReviewGoesOutDatedOnTheReviewAndAReversedOneNever() throws Exception {
    String a4 = actionOf.get("a4");
    Path upheld = tmp.resolve("upheld.csv");
    Files.writeString(upheld, "action_id,outcome,reviewer,date,note\n" + a4 + ",upheld,alice,2026-10-09,verified\n");
    Path second = tmp.resolve("dsa-reviewed");
    DsaExport.Result r = new DsaExport(spark, TestSpark.settings(), DsaMapping.load(null), TestRuns.open(run),
        second, ReviewOutcomes.load(upheld), DsaExport.Scope.REVIEWED_ONLY).execute();
    List<JsonNode> sent = read(second);
    assertEquals(1, sent.size(), "only the reviewed action in the second wave");
    assertEquals(1, r.statements());
    assertEquals(4, r.leftOut(), "the 4 decided actions went out with the first export");
    assertEquals(0, r.heldForReview());
    JsonNode s = sent.get(0);
    assertEquals(PUID_PREFIX + a4, s.get("puid").asText());
    assertEquals("2026-10-09", s.get("application_date").asText(), "applied on the day the reviewer upheld it");
    assertEquals("AUTOMATED_DECISION_PARTIALLY", s.get("automated_decision").asText());
    assertEquals("DECISION_ACCOUNT_TERMINATED", s.get("decision_account").asText());
    assertEquals("[\"CONTENT_TYPE_OTHER\"]", s.get("content_type").toString());
    assertEquals("Account profile (name, handle, biography)", s.get("content_type_other").asText());
    assertEquals("2026-09-01", s.get("content_date").asText(), "the account's creation date, from the archive");
    assertEquals("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", s.get("category").asText());
    assertTrue(s.get("decision_facts").asText().endsWith(") detected this in the account's profile. A condition of "
        + "the rule on the account's verification type held; a condition of the rule on the account's verified held; "
        + "the account's display name contains a phrase from the rule's list; the account's handle contains a phrase "
        + "from the rule's list."), s.get("decision_facts").asText());
    assertEquals(List.of(), DsaFixture.problems(s));

    Path reversed = tmp.resolve("reversed.csv");
    Files.writeString(reversed, "action_id,outcome,reviewer,date\n" + a4 + ",reversed,bob,2026-10-09\n");
    DsaExport.Result rv = new DsaExport(spark, TestSpark.settings(), DsaMapping.load(null), TestRuns.open(run),
        tmp.resolve("dsa-reversed"), ReviewOutcomes.load(reversed), DsaExport.Scope.DECIDED).execute();
    assertEquals(4, rv.statements(), "the decided actions, not the reversed one");
    assertEquals(1, rv.reversed());
    assertEquals(0, rv.heldForReview());
  }

  @Test
  void aReviewOfAnActionTheRunDoesNotHaveIsNamedWithItsLine() throws Exception {
    Path reviews = tmp.resolve("typo.csv");
    Files.writeString(reviews, "action_id,outcome,reviewer,date\nnot-an-action,upheld,alice,2026-10-09\n");
    UserError e = assertThrows(UserError.class, () -> new DsaExport(spark, TestSpark.settings(),
        DsaMapping.load(null), TestRuns.open(run), tmp.resolve("dsa-typo"), ReviewOutcomes.load(reviews),
        DsaExport.Scope.DECIDED).execute());
    assertTrue(e.getMessage().contains("typo.csv:2: action not-an-action is not an action of run dsa-run"),
        e.getMessage());
  }

  @Test
  void aCategoryWithoutMappingIsAnErrorNamingActionAndFieldAndWritesNothing() throws Exception {
    String conf = Files.readString(Path.of(System.getProperty("project.conf.dir"), "dsa.conf"));
    String without = conf.substring(0, conf.indexOf("    impersonation {"))
        + conf.substring(conf.indexOf("    unqualified-advice {"));
    Path mapping = tmp.resolve("no-impersonation.conf");
    Files.writeString(mapping, without);
    Path reviews = tmp.resolve("a4-upheld.csv");
    Files.writeString(reviews, "action_id,outcome,reviewer,date\n" + actionOf.get("a4") + ",upheld,alice,2026-10-09\n");
    Path target = tmp.resolve("dsa-bad");
    UserError e = assertThrows(UserError.class, () -> new DsaExport(spark, TestSpark.settings(),
        DsaMapping.load(mapping), TestRuns.open(run), target, ReviewOutcomes.load(reviews),
        DsaExport.Scope.DECIDED).execute());
    assertTrue(e.getMessage().contains("action " + actionOf.get("a4") + ": field category is required but has no "
        + "value. Map the category in conf/dsa.conf (dsa.categories)"), e.getMessage());
    try (var files = Files.list(target)) {
      assertEquals(List.of(), files.toList(), "nothing written");
    }
  }

  @Test
  void aWrongValueInTheMappingIsReportedWithItsLine() throws Exception {
    Path mapping = tmp.resolve("bad.conf");
    Files.writeString(mapping, Files.readString(Path.of(System.getProperty("project.conf.dir"), "dsa.conf"))
        .replace("DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_HIDDEN")
        .replace("source-type = SOURCE_VOLUNTARY", "source-type = SOURCE_GUESS"));
    UserError e = assertThrows(UserError.class, () -> DsaMapping.load(mapping));
    assertTrue(e.getMessage().startsWith("2 problems in the DSA mapping:"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.conf: 29: 'SOURCE_GUESS' is not a value of source_type. Allowed: "
        + "SOURCE_ARTICLE_16, SOURCE_TRUSTED_FLAGGER, SOURCE_TYPE_OTHER_NOTIFICATION, SOURCE_VOLUNTARY"), e.getMessage());
    assertTrue(e.getMessage().contains("'DECISION_VISIBILITY_HIDDEN' is not a value of decision_visibility"),
        e.getMessage());
  }
}
