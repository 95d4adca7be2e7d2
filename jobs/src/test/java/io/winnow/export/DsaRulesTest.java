package io.winnow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow's statement validator and batches against the database's own validation rules ({@link DsaFixture}, from
 * the database's source): each case is a statement the database accepts or rejects, and winnow must judge it the
 * same way, so that what winnow writes is never a batch the database rejects whole, and what it refuses the database
 * would refuse too.
 */
class DsaRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A statement as winnow writes one for a post removed on its own initiative. */
  static Map<String, Object> valid(String puid) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("decision_visibility", List.of("DECISION_VISIBILITY_CONTENT_REMOVED"));
    s.put("decision_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT");
    s.put("decision_ground_reference_url", "https://example.com/community-guidelines");
    s.put("incompatible_content_ground", "Community guidelines: false information");
    s.put("incompatible_content_explanation", "The content repeats a debunked claim. Rules: rumour.salt v3.");
    s.put("category", "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS");
    s.put("category_specification", List.of("KEYWORD_MISINFORMATION_DISINFORMATION"));
    s.put("content_type", List.of("CONTENT_TYPE_TEXT"));
    s.put("content_date", "2026-10-01");
    s.put("territorial_scope", List.of("AT", "BE", "DE"));
    s.put("application_date", "2026-10-08");
    s.put("decision_facts", "Automated rules (rumour.salt v3) detected this post.");
    s.put("source_type", "SOURCE_VOLUNTARY");
    s.put("automated_detection", "Yes");
    s.put("automated_decision", "AUTOMATED_DECISION_FULLY");
    s.put("puid", puid);
    return s;
  }

  record Case(String name, Consumer<Map<String, Object>> change, boolean accepted) {}

  static final List<Case> CASES = List.of(
      new Case("as written", s -> { }, true),
      new Case("Chinese content (ZH, one of the 184 languages)", s -> s.put("content_language", "ZH"), true),
      new Case("Arabic content", s -> s.put("content_language", "AR"), true),
      new Case("an EU language", s -> s.put("content_language", "DE"), true),
      new Case("no ISO 639-1 code", s -> s.put("content_language", "XX"), false),
      new Case("lower-case language", s -> s.put("content_language", "zh"), false),
      new Case("content date on the last day taken", s -> s.put("content_date", "2038-01-01"), true),
      new Case("content date after 2038-01-01", s -> s.put("content_date", "2038-01-02"), false),
      new Case("end date after 2038-01-01", s -> s.put("end_date_visibility_restriction", "2040-01-01"), false),
      new Case("content date before 2000", s -> s.put("content_date", "1999-12-31"), false),
      new Case("application date before 2020", s -> s.put("application_date", "2019-12-31"), false),
      new Case("date without leading zeroes", s -> s.put("content_date", "2026-1-5"), false),
      new Case("reference URL that is no URL", s -> s.put("decision_ground_reference_url", "community guidelines"),
          false),
      new Case("reference URL without scheme", s -> s.put("decision_ground_reference_url", "example.com/terms"),
          false),
      new Case("reference URL over 500 characters",
          s -> s.put("decision_ground_reference_url", "https://example.com/" + "a".repeat(490)), false),
      new Case("facts of 5000 characters", s -> s.put("decision_facts", "f".repeat(5000)), true),
      new Case("facts of 5001 characters", s -> s.put("decision_facts", "f".repeat(5001)), false),
      new Case("explanation of 2001 characters", s -> s.put("incompatible_content_explanation", "e".repeat(2001)),
          false),
      new Case("ground of 501 characters", s -> s.put("incompatible_content_ground", "g".repeat(501)), false),
      new Case("no ground for incompatible content", s -> s.remove("incompatible_content_ground"), false),
      new Case("illegal content without its legal ground", s -> s.put("decision_ground",
          "DECISION_GROUND_ILLEGAL_CONTENT"), false),
      new Case("content type other without saying which", s -> s.put("content_type", List.of("CONTENT_TYPE_OTHER")),
          false),
      new Case("content type other, said", s -> {
        s.put("content_type", List.of("CONTENT_TYPE_OTHER"));
        s.put("content_type_other", "Account profile");
      }, true),
      new Case("visibility other without saying which",
          s -> s.put("decision_visibility", List.of("DECISION_VISIBILITY_OTHER")), false),
      new Case("monetary other without saying which", s -> {
        s.remove("decision_visibility");
        s.put("decision_monetary", "DECISION_MONETARY_OTHER");
      }, false),
      new Case("no decision at all", s -> s.remove("decision_visibility"), false),
      new Case("an account decision alone", s -> {
        s.remove("decision_visibility");
        s.put("decision_account", "DECISION_ACCOUNT_SUSPENDED");
      }, true),
      new Case("undocumented category", s -> s.put("category", "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"), false),
      new Case("v1 keyword", s -> s.put("category_specification", List.of("KEYWORD_MISINFORMATION")), false),
      new Case("country outside the EEA", s -> s.put("territorial_scope", List.of("CH")), false),
      new Case("Greece as EL", s -> s.put("territorial_scope", List.of("EL")), false),
      new Case("Norway (EEA)", s -> s.put("territorial_scope", List.of("NO")), true),
      new Case("automated detection as a boolean word", s -> s.put("automated_detection", "yes"), false),
      new Case("puid with a space", s -> s.put("puid", "run 1_abc"), false),
      new Case("puid with a dot", s -> s.put("puid", "run.1"), false),
      new Case("puid of 501 characters", s -> s.put("puid", "p".repeat(501)), false),
      new Case("no facts", s -> s.remove("decision_facts"), false),
      new Case("no content date", s -> s.remove("content_date"), false),
      new Case("a field the database does not know", s -> s.put("content_text", "hello"), false));

  @Test
  void winnowsValidatorJudgesEveryCaseAsTheDatabaseDoes() {
    List<String> disagreements = new ArrayList<>();
    for (Case c : CASES) {
      Map<String, Object> s = valid("p1");
      c.change().accept(s);
      List<String> database = DsaFixture.problems(JSON.valueToTree(s));
      List<String> winnow = DsaValidator.problems(s, "a1");
      if (database.isEmpty() != c.accepted()) {
        disagreements.add(c.name() + ": the fixture " + (c.accepted() ? "rejects " + database : "accepts it"));
      }
      if (winnow.isEmpty() != database.isEmpty()) {
        disagreements.add(c.name() + ": database " + (database.isEmpty() ? "accepts" : "rejects " + database)
            + ", winnow " + (winnow.isEmpty() ? "accepts" : "rejects " + winnow));
      }
    }
    assertEquals(List.of(), disagreements);
  }

  @Test
  void winnowsEnumerationsAreTheDatabases() {
    for (String f : DsaSchema.FIELDS) {
      if (DsaSchema.allowed(f) == null) {
        continue;
      }
      for (String v : DsaSchema.allowed(f)) {
        Map<String, Object> s = valid("p1");
        s.put(f, DsaSchema.ARRAY_FIELDS.contains(f) ? List.of(v) : v);
        List<String> p = DsaFixture.problems(JSON.valueToTree(s));
        assertFalse(p.stream().anyMatch(x -> x.startsWith(f + ": in")), f + " = " + v + ": " + p);
      }
    }
    assertEquals(184, DsaSchema.CONTENT_LANGUAGE.size(), "every language the database takes");
  }

  @Test
  void batchesHoldOneToAHundredStatementsInTheBodyTheBatchEndpointTakes(@TempDir Path dir) throws Exception {
    try (DsaFiles files = new DsaFiles(dir, "x")) {
      for (int i = 0; i < 250; i++) {
        files.write(valid("p" + i));
      }
    }
    List<Integer> sizes = new ArrayList<>();
    List<String> puids = new ArrayList<>();
    for (int b = 1; b <= 3; b++) {
      JsonNode body = JSON.readTree(dir.resolve("batches-x/batch-0000" + b + ".json").toFile());
      assertEquals(List.of(), DsaFixture.batchProblems(body), "batch " + b);
      sizes.add(body.get("statements").size());
      body.get("statements").forEach(s -> puids.add(s.get("puid").asText()));
    }
    assertEquals(List.of(100, 100, 50), sizes);
    assertEquals(250, puids.stream().distinct().count(), "each statement once");
    assertFalse(Files.exists(dir.resolve("batches-x/batch-00004.json")));
    assertEquals(250, Files.readAllLines(dir.resolve("statements-x.jsonl")).size());
  }

  @Test
  void theFixtureRejectsABatchOutsideOneToAHundred() {
    var body = JSON.createObjectNode();
    var list = body.putArray("statements");
    assertEquals(List.of("statements: 0 is not between 1 and 100"), DsaFixture.batchProblems(body));
    for (int i = 0; i < 101; i++) {
      list.add(JSON.valueToTree(valid("p" + i)));
    }
    assertEquals(List.of("statements: 101 is not between 1 and 100"), DsaFixture.batchProblems(body));
  }

  @Test
  void puidsDifferPerRunAndWindowAndRepeatOnARerun() {
    DsaMapping m = DsaMapping.load(null);
    LocalDate w40 = LocalDate.parse("2026-10-01");
    LocalDate w40end = LocalDate.parse("2026-10-07");
    String action = "3f2a9c";
    String thisWeek = new DsaStatements(m, "sweep-w40", w40, w40end).puid(action);
    assertEquals("20261001_20261007_sweep-w40_3f2a9c", thisWeek);
    assertEquals(thisWeek, new DsaStatements(m, "sweep-w40", w40, w40end).puid(action), "a re-run of one run");
    assertNotEquals(thisWeek, new DsaStatements(m, "sweep-w41", w40end.plusDays(1), w40end.plusDays(7))
        .puid(action), "next week's decision on the same subject");
    assertNotEquals(thisWeek, new DsaStatements(m, "sweep-w40", w40, w40end.plusDays(1)).puid(action),
        "the same run id over another window");
    String spaced = new DsaStatements(m, "run 1", w40, w40end).puid(action);
    String underscored = new DsaStatements(m, "run_1", w40, w40end).puid(action);
    assertTrue(DsaSchema.PUID.matcher(spaced).matches(), spaced);
    assertTrue(spaced.startsWith("20261001_20261007_run-1-"), spaced);
    assertNotEquals(spaced, underscored, "run ids that differ only in characters a puid cannot hold");
  }
}
