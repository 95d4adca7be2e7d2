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
import io.winnow.report.RunDirectory;
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

/** The DSA export of a small run: one valid statement per action, checked field by field. */
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
    result = new DsaExport(spark, TestSpark.settings(), DsaMapping.load(null), RunDirectory.open(run), out).execute();
    Map<String, String> subjectOf = new HashMap<>();
    for (Row r : spark.read().parquet(run.resolve("actions").toString()).collectAsList()) {
      subjectOf.put(r.getAs("action_id"), r.getAs("subject_id"));
    }
    ObjectMapper json = new ObjectMapper();
    for (String platform : List.of("x", "weibo")) {
      for (String line : Files.readAllLines(out.resolve("statements-" + platform + ".jsonl"))) {
        JsonNode s = json.readTree(line);
        statements.add(s);
        bySubject.put(subjectOf.get(s.path("puid").asText()), s);
      }
    }
  }

  @Test
  void oneStatementPerActionWithEveryRequiredFieldAndOnlyDocumentedValues() throws Exception {
    List<String> actionIds = spark.read().parquet(run.resolve("actions").toString()).select("action_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(5, actionIds.size());
    assertEquals(new TreeSet<>(actionIds), new TreeSet<>(statements.stream().map(s -> s.path("puid").asText()).toList()),
        "one statement per action, puid = action id");
    assertEquals(5, result.statements());
    assertEquals(Map.of("weibo", 2L, "x", 3L), result.perPlatform());
    for (JsonNode s : statements) {
      String id = s.path("puid").asText();
      for (String f : DsaSchema.REQUIRED) {
        assertTrue(s.hasNonNull(f) && (s.get(f).isArray() ? s.get(f).size() > 0 : !s.get(f).asText().isEmpty()),
            id + " has " + f);
      }
      assertTrue(DsaSchema.DECISIONS.stream().anyMatch(s::hasNonNull), id + " has a decision");
      for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        assertTrue(DsaSchema.FIELDS.contains(f), f + " is a DSA field");
        Set<String> allowed = DsaSchema.allowed(f);
        if (allowed != null) {
          if (s.get(f).isArray()) {
            s.get(f).forEach(v -> assertTrue(allowed.contains(v.asText()), f + " value " + v));
          } else {
            assertTrue(allowed.contains(s.get(f).asText()), f + " value " + s.get(f));
          }
        }
      }
      assertTrue(s.path("puid").asText().matches("[A-Za-z0-9_-]{1,500}"));
      assertFalse(s.path("decision_facts").asText().contains("alert(1)"), "no user text in the facts");
    }
    List<String> csv = Files.readAllLines(out.resolve("statements-x.csv"));
    assertEquals(String.join(",", DsaSchema.FIELDS), csv.get(0));
    assertEquals(4, csv.size(), "header + 3 statements on x");
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
    assertTrue(p1.get("decision_facts").asText().contains("rumour.salt v3"));
    assertEquals(27, p1.get("territorial_scope").size());

    JsonNode p3 = bySubject.get("p3");
    assertEquals("[\"DECISION_VISIBILITY_CONTENT_DEMOTED\"]", p3.get("decision_visibility").toString());
    assertEquals("[\"KEYWORD_MISINFORMATION_DISINFORMATION\"]", p3.get("category_specification").toString());

    JsonNode a4 = bySubject.get("a4");
    assertEquals("DECISION_ACCOUNT_TERMINATED", a4.get("decision_account").asText());
    assertFalse(a4.has("decision_visibility"));
    assertEquals("AUTOMATED_DECISION_PARTIALLY", a4.get("automated_decision").asText(), "sent to review");
    assertEquals("[\"CONTENT_TYPE_OTHER\"]", a4.get("content_type").toString());
    assertEquals("Account profile (name, handle, biography)", a4.get("content_type_other").asText());
    assertEquals("2026-09-01", a4.get("content_date").asText(), "the account's creation date, from the archive");
    assertEquals("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", a4.get("category").asText());

    JsonNode a1 = bySubject.get("a1");
    assertEquals("DECISION_MONETARY_SUSPENSION", a1.get("decision_monetary").asText());
    assertEquals("2026-10-02", a1.get("content_date").asText(), "the latest strike");
    assertTrue(a1.get("decision_facts").asText().contains("2 actioned posts"));
  }

  @Test
  void aCategoryWithoutMappingIsAnErrorNamingActionAndFieldAndWritesNothing() throws Exception {
    String conf = Files.readString(Path.of(System.getProperty("project.conf.dir"), "dsa.conf"));
    String without = conf.substring(0, conf.indexOf("    impersonation {"))
        + conf.substring(conf.indexOf("    unqualified-advice {"));
    Path mapping = tmp.resolve("no-impersonation.conf");
    Files.writeString(mapping, without);
    Path target = tmp.resolve("dsa-bad");
    String a4 = bySubject.get("a4").path("puid").asText();
    UserError e = assertThrows(UserError.class, () -> new DsaExport(spark, TestSpark.settings(),
        DsaMapping.load(mapping), RunDirectory.open(run), target).execute());
    assertTrue(e.getMessage().contains("action " + a4 + ": field category is required but has no value. Map the "
        + "category in conf/dsa.conf (dsa.categories)"), e.getMessage());
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
    assertTrue(e.getMessage().contains("bad.conf: 26: 'SOURCE_GUESS' is not a value of source_type. Allowed: "
        + "SOURCE_ARTICLE_16, SOURCE_TRUSTED_FLAGGER, SOURCE_TYPE_OTHER_NOTIFICATION, SOURCE_VOLUNTARY"), e.getMessage());
    assertTrue(e.getMessage().contains("'DECISION_VISIBILITY_HIDDEN' is not a value of decision_visibility"),
        e.getMessage());
  }
}
