package io.winnow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harmonised transparency report of the small run (TestRuns): x has p1 and p2 removed (rumour) and a1
 * demonetised by the ladder, weibo has p3 demoted and a4's close-account waiting for review. All were decided today.
 */
class TransparencyReportTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  static final String PERIOD = TODAY + "/" + TODAY;
  static final String HEADER_6 = "Applicability,Service,Reporting period,Category of incompatibility with the "
      + "provider's terms and conditions,\"Description of the sub-category \"\"Other\"\"\",Number of measures taken at "
      + "the provider's own initiative,Number of measures taken after detection with solely automated means,"
      + "Visibility restriction Removal,Visibility restriction Disable,Visibility restriction Demoted,"
      + "Visibility restriction Age restricted,Visibility restriction Interaction restricted,"
      + "Visibility restriction Labelled,Visibility restriction Other,Monetary restriction Suspension,"
      + "Monetary restriction Termination,Monetary restriction Other,Provision of the service Suspension,"
      + "Provision of the service Termination,Account restriction Suspension,Account restriction Termination";

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    run = TestRuns.sweep(spark, tmp, "transparency-run");
  }

  static TransparencyReport.Result report(List<Path> inputs, LocalDate from, LocalDate to, Path out,
      ReviewOutcomes reviews) {
    return new TransparencyReport(spark, DsaMapping.load(null), inputs.stream().map(Path::toString).toList(), from,
        to, out, reviews).execute();
  }

  @Test
  void ownInitiativeMeasuresByRestrictionGroundAndCategoryWithoutTheActionWaitingForReview() throws Exception {
    Path out = tmp.resolve("report");
    TransparencyReport.Result r = report(List.of(run), TODAY, TODAY, out, ReviewOutcomes.none());
    assertEquals(4, r.measures(), "5 actions, one waiting for review");
    assertEquals(Map.of("weibo", 1L, "x", 3L), r.perPlatform());
    String civic = "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS";
    assertEquals(List.of(HEADER_6,
        "All,weibo," + PERIOD + ",TOTAL,,1,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0",
        "All,weibo," + PERIOD + "," + civic + ",,1,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0",
        "All,weibo," + PERIOD + ",KEYWORD_MISINFORMATION_DISINFORMATION,,1,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0",
        "All,x," + PERIOD + ",TOTAL,,3,3,2,0,0,0,0,0,0,1,0,0,0,0,0,0",
        "All,x," + PERIOD + "," + civic + ",,3,3,2,0,0,0,0,0,0,1,0,0,0,0,0,0",
        "All,x," + PERIOD + ",KEYWORD_MISINFORMATION_DISINFORMATION,,3,3,2,0,0,0,0,0,0,1,0,0,0,0,0,0"),
        Files.readAllLines(out.resolve("6_own_initiative_TC.csv")));
    assertTrue(Files.notExists(out.resolve("5_own_initiative_illegal.csv")), "no action on illegal content");
    List<String> automated = Files.readAllLines(out.resolve("8_automated_means.csv"));
    assertTrue(automated.contains("All,x," + PERIOD + ",Use of automated means for content moderation,Number of "
        + "measures solely taken by automated means,Own-initiative,3,"), String.join("\n", automated));
    assertTrue(automated.contains("All,weibo," + PERIOD + ",Use of automated means for content moderation,Number of "
        + "measures not taken by automated means,Own-initiative,0,Actions sent to review and upheld by a person"));
    List<String> notFilled = Files.readAllLines(out.resolve("not-filled.csv"));
    assertEquals("section,rows,why winnow does not fill them", notFilled.get(0));
    assertEquals(1 + TransparencyTemplate.NOT_FILLED.size(), notFilled.size());
    assertTrue(notFilled.contains("8 automated means,\"accuracy, precision, recall\",\"measured per rule on a "
        + "reviewed sample (winnow sample, winnow evaluate), not over the reporting period; copy them from the "
        + "evaluation with its interval\""), String.join("\n", notFilled));
  }

  @Test
  void anUpheldReviewCountsOnItsDayAsAMeasureNotTakenByAutomatedMeans() throws Exception {
    String a4 = spark.read().parquet(run.resolve("actions").toString()).filter("subject_id = 'a4'")
        .select("action_id").as(org.apache.spark.sql.Encoders.STRING()).first();
    Path reviews = tmp.resolve("reviews.csv");
    Files.writeString(reviews, "action_id,outcome,reviewer,date\n" + a4 + ",upheld,alice," + TODAY + "\n");
    Path out = tmp.resolve("report-reviewed");
    TransparencyReport.Result r = report(List.of(run), TODAY, TODAY, out, ReviewOutcomes.load(reviews));
    assertEquals(Map.of("weibo", 2L, "x", 3L), r.perPlatform());
    List<String> tc = Files.readAllLines(out.resolve("6_own_initiative_TC.csv"));
    assertTrue(tc.contains("All,weibo," + PERIOD + ",TOTAL,,2,1,0,0,1,0,0,0,0,0,0,0,0,0,0,1"), String.join("\n", tc));
    assertTrue(tc.contains("All,weibo," + PERIOD + ",STATEMENT_CATEGORY_SCAMS_AND_FRAUD,,1,0,0,0,0,0,0,0,0,0,0,0,0,0,"
        + "0,1"), String.join("\n", tc));
    assertTrue(tc.contains("All,weibo," + PERIOD + ",KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING,,1,0,0,0,0,0,0,0,0,0,0,"
        + "0,0,0,0,1"), String.join("\n", tc));
    assertTrue(Files.readAllLines(out.resolve("8_automated_means.csv")).contains("All,weibo," + PERIOD + ",Use of "
        + "automated means for content moderation,Number of measures not taken by automated means,Own-initiative,1,"
        + "Actions sent to review and upheld by a person"));

    TransparencyReport.Result before = report(List.of(run), TODAY.minusDays(30), TODAY.minusDays(1),
        tmp.resolve("report-before"), ReviewOutcomes.load(reviews));
    assertEquals(0, before.measures(), "nothing applied before today");
  }

  @Test
  void reinstatementsInThePeriodCountOnceAcrossRunsAndAnOutDirectoryReadsEveryRun() throws Exception {
    // A second OUT with a copy of the run whose manifest lists overrides: two reinstatements in the period (one
    // listed twice), one before it, one exemption.
    Path copy = tmp.resolve("out2/runs/transparency-run");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.walk(run)) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(run.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(copy.resolve("manifest.json").toFile());
    ArrayNode applied = ((ObjectNode) manifest.path("overrides")).putArray("applied");
    for (String[] o : new String[][] {{"p9", "reinstate", TODAY.toString()}, {"p9", "reinstate", TODAY.toString()},
        {"p8", "reinstate", TODAY.toString()}, {"p7", "reinstate", TODAY.minusDays(1).toString()},
        {"a6", "exempt", TODAY.toString()}}) {
      applied.addObject().put("subject_id", o[0]).put("decision", o[1]).put("date", o[2]).put("rule_id", "r")
          .put("reviewer", "alice");
    }
    json.writeValue(copy.resolve("manifest.json").toFile(), manifest);
    // committed again: _SUCCESS names the new manifest (a run whose manifest no longer matches is not read)
    Files.writeString(copy.resolve("_SUCCESS"), io.winnow.run.RunCommitter.successLine(
        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(copy.resolve("manifest.json"))))));
    Path out = tmp.resolve("report-reversals");
    TransparencyReport.Result r = report(List.of(run, tmp.resolve("out2")), TODAY, TODAY, out, ReviewOutcomes.none());
    assertEquals(2, r.reversals(), "p9 and p8; p7 is before the period, a6 an exemption");
    assertEquals(4, r.measures(), "the same run given twice counts once");
    assertEquals(List.of("transparency-run", "transparency-run"), r.runs());
    assertTrue(Files.readAllLines(out.resolve("7_appeals_and_recidivism.csv")).get(1).contains(",Decisions reversed,2,"));
  }

  @Test
  void anInputThatIsNoRunIsNamed() {
    Path nothing = tmp.resolve("nothing");
    UserError e = assertThrows(UserError.class, () -> report(List.of(nothing), TODAY, TODAY, tmp.resolve("x"),
        ReviewOutcomes.none()));
    assertEquals(nothing + " is neither a committed run (no _SUCCESS) nor an OUT directory (no runs/). Pass "
        + "OUT/runs/RUN_ID or OUT", e.getMessage());
  }
}
