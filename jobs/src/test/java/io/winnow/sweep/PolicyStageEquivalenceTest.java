package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.config.Settings;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.Policy;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.run.OutputSchemas;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PolicyStage} (one shuffle by account, the decisions in plain Java) gives, column for column, the rows that the
 * Spark aggregations it replaced give ({@link PolicyReference}, the code of commit 0606651): on the findings of a
 * generated archive swept with the shipped rules, and on a fixture of findings written here with the cases a generated
 * archive rarely has (two platforms with one account id, a shadow rule, repost findings, an unknown severity, strings
 * that Java's UTF-16 order and Spark's byte order sort differently, duplicated evidence). Each with ids per platform and
 * global, and with reposts counted toward strikes or not.
 */
class PolicyStageEquivalenceTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static RuleSet rules;
  static final LocalDate TO = LocalDate.parse("2026-10-03");
  static final LocalDate DECIDED = LocalDate.parse("2026-11-01");

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
    rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
  }

  static Dataset<Row> sweep() {
    Settings settings = TestSpark.settings();
    Path archive = tmp.resolve("archive");
    new ArchiveGenerator(GenerateSettings.from(settings.generate()))
        .generate(spark, new GenerateRequest(6000, 600, 3, 23, archive.toString()));
    new Sweep(spark, settings, rules, new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"), TO,
        tmp.resolve("out").toString(), "eq", false, "test"), line -> { }).execute();
    return spark.read().schema(OutputSchemas.FINDING_V1).parquet(tmp.resolve("out/runs/eq/findings").toString())
        .select(java.util.Arrays.stream(OutputSchemas.FINDING_V1.fieldNames()).map(c -> col(c))
            .toArray(org.apache.spark.sql.Column[]::new)).cache();
  }

  static Policy countingReposts(Policy p, boolean count) {
    return new Policy(p.categories(), p.reviewSeverities(), p.reviewActions(), p.severityWeights(), p.reportGuard(),
        new Policy.Reposts(p.reposts().categories(), count, p.reposts().endorsements()), p.reviewEvidenceOnly());
  }

  /** Every action row as JSON, sorted; and the number per subject kind and action. */
  static List<String> lines(Dataset<Row> actions) {
    List<String> out = new ArrayList<>();
    actions.select(to_json(struct(col("*")))).collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    return out;
  }

  static Map<String, Integer> kinds(Dataset<Row> actions) {
    Map<String, Integer> out = new TreeMap<>();
    actions.collectAsList().forEach(r -> out.merge(r.getAs("subject_kind") + "/" + r.getAs("action")
        + (r.getAs("strikes") == null ? "" : " ladder"), 1, Integer::sum));
    return out;
  }

  void assertSame(Dataset<Row> findings, Policy policy, boolean global, String what) {
    Dataset<Row> now = new PolicyStage(policy, "eq", "hash", TO, DECIDED, global).actions(findings);
    Dataset<Row> before = new PolicyReference(policy, "eq", "hash", TO, DECIDED, global).actions(findings);
    assertEquals(List.of(OutputSchemas.ACTION_V1.fieldNames()), List.of(now.schema().fieldNames()), what + ": schema");
    assertEquals(lines(before), lines(now), what + ": every column of every action");
  }

  @Test
  void theGeneratedArchiveGetsTheSameActions() {
    Dataset<Row> swept = sweep();
    for (boolean global : new boolean[] {false, true}) {
      for (boolean count : new boolean[] {false, true}) {
        assertSame(swept, countingReposts(rules.policy(), count), global, "global " + global + ", reposts " + count);
      }
    }
    Map<String, Integer> kinds = kinds(new PolicyStage(rules.policy(), "eq", "hash", TO, DECIDED, false)
        .actions(swept));
    assertTrue(kinds.keySet().containsAll(List.of("post/delete-post", "post/limit-visibility",
        "account/demonetise ladder", "account/suspend")), "the archive exercises post, ladder and account actions: "
        + kinds);
  }

  static Row evidence(String rule, String kind, String field, String value, Integer start, Integer end,
      String excerpt) {
    return RowFactory.create(rule, kind, field, value, start, end, excerpt);
  }

  static Row finding(String kind, String subject, String account, String platform, String rule, String status,
      String category, String subcategory, String severity, String action, Integer days, Row... evidence) {
    return RowFactory.create("f-" + subject + "-" + rule + "-" + platform, "eq", kind, subject, account, platform,
        kind.equals("post") ? "2026-10-02" : null, kind.equals("post") ? Date.valueOf("2026-10-02") : null, rule, 3,
        status, category, subcategory, severity, action, days, "hash", TextMatch.seq(List.of(evidence)));
  }

  /** Findings with the cases the generated archive rarely has. */
  static List<Row> fixture() {
    Row fullWidthA = evidence("rum.a", "term", "text", "\uFF21", 0, 1, "\uFF21");
    Row emoji = evidence("rum.a", "term", "text", "\uD83D\uDE00", 2, 4, "\uD83D\uDE00");
    List<Row> rows = new ArrayList<>();
    // Account a1 on platform x: three rumour posts, one with two rules (the stronger decides), strikes 1 + 2 + 0.5.
    rows.add(finding("post", "p1", "a1", "x", "rum.a", "active", "rumour", "fabricated-news", "medium",
        "limit-visibility", null, emoji, fullWidthA, fullWidthA));
    rows.add(finding("post", "p1", "a1", "x", "rum.b", "active", "rumour", "debunked-claim", "critical", "delete-post",
        null, evidence("rum.b", "predicate", "account.followers", "10", null, null, null)));
    rows.add(finding("post", "p2", "a1", "x", "rum.a", "active", "rumour", "fabricated-news", "medium",
        "limit-visibility", null, fullWidthA));
    rows.add(finding("post", "p3", "a1", "x", "rum.c", "active", "rumour", null, "low", "limit-visibility", null));
    // An account rule on a1 in rumour, merged with its ladder action; a name match alone on a2 (review).
    rows.add(finding("account", "a1", "a1", "x", "rum.acct", "active", "rumour", "fabricated-news", "high", "suspend",
        30, evidence("rum.acct", "name-like", "display_name", "CDC 1", 0, 3, "CDC")));
    rows.add(finding("account", "a2", "a2", "x", "imp.name", "active", "impersonation", "institution", "high",
        "suspend", 7, evidence("imp.name", "name-like", "display_name", "CDC 1", 0, 3, "CDC"),
        evidence("imp.name", "predicate", "account.verified", "false", null, null, null)));
    // One account id on two platforms: two accounts unless ids are global.
    rows.add(finding("post", "p4", "a3", "y", "adv.med", "active", "unqualified-advice", "medical", "high",
        "delete-post", null));
    rows.add(finding("post", "p5", "a3", "z", "adv.med", "active", "unqualified-advice", "medical", "high",
        "delete-post", null));
    // Reposts of actioned posts by a4: strikes only when the policy counts them. A shadow rule: no action.
    for (String p : List.of("p6", "p7", "p8")) {
      rows.add(finding("post", p, "a4", "x", "rum.a", "active", "rumour", "fabricated-news", "medium",
          "limit-visibility", null, evidence("rum.a", "repost", "repost_of", "p1", null, null, null)));
    }
    rows.add(finding("post", "p9", "a4", "x", "rum.new", "shadow", "rumour", "fabricated-news", "critical",
        "delete-post", null));
    // An unknown severity: no severity, and the review flag unknown unless another reason answers it.
    rows.add(finding("post", "p10", "a5", "x", "cl.bait", "active", "clout-chasing", "engagement-bait", null,
        "limit-visibility", null));
    rows.add(finding("post", "p11", "a5", "x", "cl.bait", "active", "clout-chasing", "engagement-bait", "medium",
        "limit-visibility", null));
    return rows;
  }

  @Test
  void theFixtureGetsTheSameActions() {
    Dataset<Row> findings = spark.createDataFrame(fixture(), OutputSchemas.FINDING_V1);
    for (boolean global : new boolean[] {false, true}) {
      for (boolean count : new boolean[] {false, true}) {
        assertSame(findings, countingReposts(rules.policy(), count), global, "fixture, global " + global
            + ", reposts " + count);
      }
    }
  }

  /** The counts as the Spark aggregation gave them before {@link ActionCounts}. */
  static List<SweepResult.Count> sparkCounts(Dataset<Row> actions) {
    List<SweepResult.Count> out = new ArrayList<>();
    for (Row r : actions.groupBy("category", "subcategory", "action", "platform", "subject_kind")
        .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("actions"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("review_required"), 1L)
                .otherwise(0L)).as("review"))
        .orderBy("category", "subcategory", "action", "platform", "subject_kind").collectAsList()) {
      out.add(new SweepResult.Count(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
          r.getLong(5), r.getLong(6)));
    }
    return out;
  }

  @Test
  void countsSummedInJavaAreThoseOfTheSparkAggregationInItsOrder() {
    Dataset<Row> actions = new PolicyStage(countingReposts(rules.policy(), true), "eq", "hash", TO, DECIDED, false)
        .actions(spark.createDataFrame(fixture(), OutputSchemas.FINDING_V1)).cache();
    List<SweepResult.Count> counts = ActionCounts.of(actions);
    assertEquals(sparkCounts(actions), counts, "same counts, same order (a null subcategory first)");
    assertEquals(new SweepResult.Count("clout-chasing", "engagement-bait", "limit-visibility", "x", "post", 2, 0),
        counts.get(0), "first in order: p10 and p11, two actions, neither reviewed (p10's flag is unknown, counted as not)");
  }
}
