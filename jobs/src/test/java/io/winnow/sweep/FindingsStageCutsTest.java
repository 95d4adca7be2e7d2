package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings stage's cuts give the findings of the stage without them: the decision reads a subject of the fields
 * it needs only (the joins carry no text), the report aggregates are broadcast and the guard's accounts cut to the
 * reporters while the reports fit Spark's broadcast threshold, and no aggregate is computed when no predicate reads
 * one. A fixture of posts and accounts read by predicates of post., account. and reports.: reporters with and without
 * accounts, too new or over the limit, an id on two platforms, an author without an account row, accounts named by
 * no candidate, a report with no reporter; reports by platform or not, ids global or not.
 */
class FindingsStageCutsTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static RuleSet rules;
  static RuleSet shipped;
  static RuleSet repostRules;

  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = []
        reports { min-reporter-account-age-days = 7, max-reports-per-reporter = 2 }
        categories {
          clout-chasing {
            subcategories = [illegal-monetisation, engagement-bait]
            ladder = [ { strikes = 2, action = demonetise } ]
            max-actions = 100
          }
        }
      }
      """;

  static final String PACK = """
      rules = [
        { id = cc.reported, version = 1, category = clout-chasing, subcategory = engagement-bait, subject = post
          severity = low, status = active, description = "A giveaway with a trusted reporter.", action = limit-visibility
          when { all = [ { terms = ["giveaway"] }, { where = "reports.distinct_reporters >= 1" } ] }
        }
        { id = cc.raw, version = 1, category = clout-chasing, subcategory = engagement-bait, subject = post
          severity = low, status = active, description = "A giveaway reported twice, its author not verified."
          action = limit-visibility
          when { all = [ { terms = ["giveaway"] }
                         { where = "reports.raw_reports >= 2 AND NOT coalesce(account.verified, false)" } ] }
        }
        { id = cc.monetised, version = 1, category = clout-chasing, subcategory = illegal-monetisation, subject = post
          severity = low, status = active, description = "Tip to unlock, monetised without the right."
          action = limit-visibility
          when { all = [ { terms = ["tip to unlock"] }
                         { where = "post.monetized AND NOT coalesce(account.monetization_enabled, false)" } ] }
        }
        { id = acc.reported, version = 1, category = clout-chasing, subcategory = engagement-bait, subject = account
          severity = low, status = active, description = "A promoter reported once.", action = demonetise
          when { all = [ { terms { any = ["promo"], in = [bio] } }, { where = "reports.raw_reports >= 1" } ] }
        }
      ]
      """;

  static final StructType POSTS = ArchiveSchema.postsWithPartitions().add(ArchiveReader.FILE, DataTypes.StringType)
      .add(ArchiveReader.ROW, DataTypes.LongType).add(Duplicates.REASON, DataTypes.StringType);
  static final StructType ACCOUNTS = ArchiveSchema.accountsWithPartitions()
      .add(ArchiveReader.FILE, DataTypes.StringType).add(ArchiveReader.ROW, DataTypes.LongType)
      .add(Duplicates.REASON, DataTypes.StringType);

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    Path dir = tmp.resolve("rules");
    Files.createDirectories(dir.resolve("lists"));
    Files.writeString(dir.resolve("policy.conf"), POLICY);
    Files.writeString(dir.resolve("clout-chasing.conf"), PACK);
    rules = RuleLoader.load(dir);
    Path reposting = tmp.resolve("rules-reposts");
    Files.createDirectories(reposting.resolve("lists"));
    Files.writeString(reposting.resolve("policy.conf"),
        POLICY.replace("reports {", "reposts { categories = [clout-chasing], count-toward-strikes = false }\n  reports {"));
    Files.writeString(reposting.resolve("clout-chasing.conf"), PACK);
    repostRules = RuleLoader.load(reposting);
    shipped = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
  }

  static long row;

  static Row post(String id, String account, String platform, String text, boolean monetized) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, "a title " + id, null, 1L,
        0L, 0L, 10L, monetized, List.of("tag"), List.of(), "2026-10-01", platform, "f", row++, null);
  }

  /** A repost of {@code of}: its text is its own words, then the chain it forwards. */
  static Row repost(String id, String account, String platform, String text, String of, boolean monetized) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, null, of, 1L, 0L, 0L, 10L,
        monetized, List.of(), List.of(), "2026-10-01", platform, "f", row++, null);
  }

  static Row account(String id, String platform, String created, String bio, boolean verified, boolean monetization) {
    return RowFactory.create(id, id, id, bio, Timestamp.valueOf(created + " 00:00:00"), 10L, verified, "none",
        List.of(), false, monetization, platform, "f", row++, null);
  }

  static Row report(String id, String reporter, String kind, String target, String platform) {
    return RowFactory.create(id, reporter, kind, target, "spam", Timestamp.valueOf("2026-10-01 09:00:00"),
        "2026-10-01", platform);
  }

  static List<Row> postRows() {
    return List.of(
        post("p1", "a1", "x", "giveaway now", false),
        post("p2", "a9", "x", "giveaway", false),          // the author has no account row
        post("p3", "a1", "y", "giveaway again", false),    // a1 on y is verified, on x not
        post("p4", "old1", "x", "tip to unlock $5", true),
        post("p5", "a2", "x", "giveaway, nobody reported", false),
        post("p6", "a2", "x", "nothing here", false));
  }

  static Dataset<Row> posts() {
    return spark.createDataFrame(postRows(), POSTS);
  }

  static Dataset<Row> accounts() {
    return spark.createDataFrame(List.of(
        account("a1", "x", "2020-01-01", "", false, false),
        account("a1", "y", "2020-01-01", "", true, false),
        account("a2", "x", "2020-01-01", "", false, false),
        account("old1", "x", "2020-01-01", "", false, false),
        account("old2", "x", "2020-01-01", "", false, false),
        account("old3", "x", "2020-01-01", "", false, false),
        account("old3", "y", "2020-01-01", "", false, false),
        account("new1", "x", "2026-09-29", "", false, false),
        account("busy", "y", "2020-01-01", "", false, false),
        account("promo1", "x", "2020-01-01", "promo codes here", false, false),
        account("promo2", "y", "2020-01-01", "promo", false, false),
        account("unused", "x", "2020-01-01", "", false, false)), ACCOUNTS);   // named by no candidate
  }

  static Dataset<Row> reports() {
    return spark.createDataFrame(List.of(
        report("r1", "old1", "post", "p1", "x"), report("r2", "old2", "post", "p1", "x"),
        report("r3", "ghost", "post", "p2", "x"),          // a reporter without an account
        report("r4", "new1", "post", "p2", "x"),           // too new to count
        report("r5", "old3", "post", "p3", "y"),
        report("r6", "busy", "post", "p3", "y"), report("r7", "busy", "post", "p3", "y"),
        report("r8", "busy", "post", "p3", "y"),           // over the limit of 2
        report("r9", "old2", "account", "promo1", "x"),
        report("r10", null, "post", "p1", "x")),           // no reporter
        ArchiveSchema.reportsWithPartitions().add("platform", DataTypes.StringType));
  }

  static <T> T withThreshold(String threshold, Supplier<T> body) {
    String before = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    try {
      return body.get();
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", before);
    }
  }

  /** Every finding of the stage as JSON, sorted; {@code whole}: the stage as it was before its cuts. */
  static List<String> findings(Settings settings, boolean byPlatform, boolean whole) {
    Broadcast<RuleSet> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rules);
    SubjectRules postRules = SubjectRules.inThePass(b, Subject.POST);
    SubjectRules accountRules = SubjectRules.inThePass(b, Subject.ACCOUNT);
    Dataset<Row> postTable = posts();
    Dataset<Row> accountTable = accounts();
    TextPass.Result posts = TextPass.run(postTable, postTable.drop(ArchiveReader.FILE, ArchiveReader.ROW,
        Duplicates.REASON).schema(), postRules, settings, false);
    Dataset<Row> canonical = accountTable.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON);
    TextPass.Result accounts = TextPass.run(accountTable, canonical.schema(), accountRules, settings, false);
    Dataset<Row> reports = byPlatform ? reports() : reports().drop("platform");
    FindingsStage stage = new FindingsStage(spark, settings, rules, "run", tmp.resolve("out").toString(), false);
    if (whole) {
      stage.carryingWholeSubjects();
    }
    FindingsStage.Result result = stage.run(posts, accounts, postRules, accountRules, canonical, reports, byPlatform,
        List.of());
    List<String> out = new ArrayList<>();
    result.findings().select(to_json(struct(col("*")))).collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    result.unpersist();
    stage.close();
    posts.unpersist();
    accounts.unpersist();
    return out;
  }

  /** What the stage gave over the fixture with reposts: every finding as JSON, sorted; its count; its plan. */
  record Reposted(List<String> rows, long count, String plan, boolean released) {}

  /**
   * The stage over the fixture's posts and reposts of them, under a policy that links the reposts of clout-chasing
   * findings; {@code asBefore}: the stage before find13 (the direct findings and the union cached apart).
   */
  static Reposted reposted(Settings settings, boolean asBefore) {
    Broadcast<RuleSet> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(repostRules);
    SubjectRules postRules = SubjectRules.inThePass(b, Subject.POST);
    SubjectRules accountRules = SubjectRules.inThePass(b, Subject.ACCOUNT);
    List<Row> rows = new ArrayList<>(postRows());
    rows.add(repost("q1", "a2", "x", "//@a1: giveaway now", "p1", false));         // both rules of p1
    rows.add(repost("q2", "fan", "y", "wow//@a1: giveaway now", "p1", false));     // another platform, no account
    rows.add(repost("q3", "old1", "x", "tip to unlock $5", "p4", true));           // fired p4's rule itself
    rows.add(repost("q4", "a2", "x", "//@old1: tip to unlock $5", "p4", false));   // linked to p4
    rows.add(repost("q5", "a2", "x", "//@a2: nothing here", "p6", false));         // no finding to link to
    rows.add(repost("q6", "a2", "x", "//@q1: giveaway now", "q1", false));         // a repost finding: not linked
    Dataset<Row> postTable = spark.createDataFrame(rows, POSTS);
    Dataset<Row> accountTable = accounts();
    TextPass.Result posts = TextPass.run(postTable, postTable.drop(ArchiveReader.FILE, ArchiveReader.ROW,
        Duplicates.REASON).schema(), postRules, settings, true);
    Dataset<Row> canonical = accountTable.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON);
    TextPass.Result accounts = TextPass.run(accountTable, canonical.schema(), accountRules, settings, false);
    FindingsStage stage = new FindingsStage(spark, settings, repostRules, "run", tmp.resolve("out").toString(), false);
    if (asBefore) {
      stage.cachingTheUnion();
    }
    FindingsStage.Result result = stage.run(posts, accounts, postRules, accountRules, canonical, reports(), true,
        List.of());
    List<String> out = new ArrayList<>();
    result.findings().select(to_json(struct(col("*")))).collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    String plan = result.findings().queryExecution().executedPlan().toString();
    Set<Integer> kept = new HashSet<>();
    for (Dataset<Row> d : result.cached()) {
      if (d.queryExecution().logical() instanceof LogicalRDD r) {
        kept.add(r.rdd().id());
      }
    }
    boolean stored = kept.size() == 2 && kept.stream().allMatch(id -> spark.sparkContext().getPersistentRDDs().contains(id));
    result.unpersist();
    boolean released = stored && kept.stream().noneMatch(id -> spark.sparkContext().getPersistentRDDs().contains(id));
    stage.close();
    posts.unpersist();
    accounts.unpersist();
    return new Reposted(out, result.count(), plan, released);
  }

  @Test
  void theRepostsLinkedToKeptDirectFindingsGiveTheFindingsOfTheCachedUnion() {
    Settings local = TestSpark.settings();
    Reposted before = reposted(local, true);
    Reposted after = reposted(local, false);
    assertEquals(List.of("p1/cc.raw", "p1/cc.reported", "p2/cc.raw", "p3/cc.reported", "p4/cc.monetised",
        "promo1/acc.reported", "q1/cc.raw", "q1/cc.reported", "q2/cc.raw", "q2/cc.reported", "q3/cc.monetised", "q4/cc.monetised"),
        subjectsAndRules(before.rows()), "the fixture's findings: q1, q2 and q4 linked; q3 fired its rule itself; q5"
            + " reposts a post without findings; q6 a repost finding");
    assertEquals(5, before.rows().stream().filter(j -> j.contains("\"kind\":\"repost\"")).count(),
        "five repost findings:\n" + before.rows());
    assertEquals(before.rows(), after.rows(), "the same findings, every column");
    assertEquals(before.count(), after.count(), "the same count");
    assertEquals(after.rows().size(), after.count(), "the count of the rows");
    assertTrue(before.plan().contains("InMemoryTableScan"), "before: the union cached:\n" + before.plan());
    assertFalse(after.plan().contains("InMemoryTableScan"), "after: no cache of the union:\n" + after.plan());
    assertEquals(2, after.plan().split("Scan ExistingRDD", -1).length - 1,
        "after: the union of the two kept row sets, scanned as they are:\n" + after.plan());
    assertTrue(after.released(), "the two kept row sets are stored until the result is released, then released");
    Settings global = TestSpark.settings(Map.of("winnow.sweep.ids-global", "true"));
    assertEquals(reposted(global, true).rows(), reposted(global, false).rows(), "the same findings, ids global");
  }

  @Test
  void theLinksShuffledAboveTheCandidatesLimitAndBroadcastBelowGiveTheSameFindings() {
    for (String global : List.of("false", "true")) {
      Settings shuffled = TestSpark.settings(Map.of("winnow.sweep.ids-global", global,
          "winnow.sweep.repost-broadcast-max-candidates", "0"));
      Settings broadcast = TestSpark.settings(Map.of("winnow.sweep.ids-global", global));
      Reposted before = reposted(shuffled, false);
      // With ids global, q1 and q2 are linked to p1's cc.reported finding on both its platforms (one id), as before.
      assertEquals(global.equals("true") ? 7 : 5, before.rows().stream()
          .filter(j -> j.contains("\"kind\":\"repost\"")).count(), "repost findings, ids global " + global + ":\n"
          + before.rows());
      assertEquals(before.rows(), reposted(broadcast, false).rows(), "the same findings, ids global " + global);
    }
  }

  /** One string field of a finding's JSON, "-" when null (absent). */
  static String field(String json, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "-";
  }

  static List<String> subjectsAndRules(List<String> json) {
    return json.stream().map(j -> j.replaceAll(".*\"subject_id\":\"([^\"]*)\".*\"rule_id\":\"([^\"]*)\".*", "$1/$2"))
        .sorted().toList();
  }

  @Test
  void theStageWithItsCutsGivesTheFindingsOfTheStageWithout() {
    Settings local = TestSpark.settings();
    Settings global = TestSpark.settings(Map.of("winnow.sweep.ids-global", "true"));
    List<String> expected = withThreshold("-1", () -> findings(local, false, true));
    // p1: two trusted reporters of three reports; p2: two reports, neither trusted, its author without an account;
    // p3 (a1 verified on y): one trusted reporter (busy is over the limit); p4: monetised; promo1: one report.
    assertEquals(List.of("p1/cc.raw", "p1/cc.reported", "p2/cc.raw", "p3/cc.reported", "p4/cc.monetised",
        "promo1/acc.reported"), subjectsAndRules(expected), "the findings of the fixture");
    assertEquals(List.of("p1 a1 x 2026-10-01 2026-10-01", "p1 a1 x 2026-10-01 2026-10-01",
        "p2 a9 x 2026-10-01 2026-10-01", "p3 a1 y 2026-10-01 2026-10-01", "p4 old1 x 2026-10-01 2026-10-01",
        "promo1 promo1 x - -"), expected.stream().map(j -> String.join(" ", field(j, "subject_id"),
            field(j, "account_id"), field(j, "platform"), field(j, "dt"), field(j, "content_date"))).sorted().toList(),
        "each finding's subject, author, platform, partition and content date, from the subject the decision reads");
    assertEquals(expected, findings(local, false, false), "the same findings with the cuts");
    for (boolean byPlatform : new boolean[] {true, false}) {
      Settings settings = byPlatform ? local : global;
      List<String> before = withThreshold("-1", () -> findings(settings, byPlatform, true));
      assertFalse(before.isEmpty(), "findings by platform " + byPlatform);
      assertEquals(before, findings(settings, byPlatform, false),
          "the same findings with the cuts, reports by platform " + byPlatform + ", ids global " + !byPlatform);
    }
  }

  @Test
  void theAggregatesAreJoinedOnlyWhenAPredicateReadsThemAndBroadcastOnlyWhenTheReportsFit() {
    Broadcast<RuleSet> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rules);
    Broadcast<RuleSet> s = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(shipped);
    assertTrue(FindingsStage.readsReports(SubjectRules.inThePass(b, Subject.POST)), "the pack's post rules read them");
    assertTrue(FindingsStage.readsReports(SubjectRules.inThePass(b, Subject.ACCOUNT)), "so do its account rules");
    assertFalse(FindingsStage.readsReports(SubjectRules.inThePass(s, Subject.POST)), "no shipped post rule reads them");
    assertFalse(FindingsStage.readsReports(SubjectRules.inThePass(s, Subject.ACCOUNT)), "nor any account rule");

    Dataset<Row> candidates = posts().select(struct(col("post_id"), col("platform")).as("post"));
    List<String> joinedRows = new ArrayList<>();
    for (String threshold : new String[] {"10485760", "-1"}) {
      List<String> plans = withThreshold(threshold, () -> {
        boolean fits = ReportCounts.fitsBroadcast(reports());
        assertEquals(threshold.equals("10485760"), fits, "the reports fit a threshold of " + threshold);
        Dataset<Row> aggregates = ReportCounts.of(reports(), accounts(), rules.policy().reportGuard(), true);
        Dataset<Row> joined = FindingsStage.withReports(candidates, aggregates, "post", "post.post_id", true, fits);
        List<String> rows = new ArrayList<>();
        joined.select(to_json(struct(col("post"), col("reports")))).collectAsList()
            .forEach(r -> rows.add(r.getString(0)));
        rows.sort(null);
        return List.of(String.join("\n", rows), joined.queryExecution().executedPlan().toString(),
            aggregates.queryExecution().executedPlan().toString());
      });
      boolean fits = threshold.equals("10485760");
      joinedRows.add(plans.get(0));
      assertEquals(fits, java.util.regex.Pattern.compile("BroadcastHashJoin \\[post#\\d+\\.post_id").matcher(plans.get(1))
          .find(), "aggregates broadcast only when they fit:\n"
          + plans.get(1));
      assertEquals(fits, plans.get(2).contains("LeftSemi"), "accounts cut to the reporters only when they fit:\n"
          + plans.get(2));
      assertTrue(plans.get(0).contains("{\"post\":{\"post_id\":\"p1\",\"platform\":\"x\"},\"reports\":"
          + "{\"distinct_reporters\":2,\"raw_reports\":3}}"), "p1's reports:\n" + plans.get(0));
      assertTrue(plans.get(0).contains("{\"post\":{\"post_id\":\"p6\",\"platform\":\"x\"},\"reports\":"
          + "{\"distinct_reporters\":0,\"raw_reports\":0}}"), "zeros for a post nobody reported:\n" + plans.get(0));
    }
    assertEquals(joinedRows.get(0), joinedRows.get(1), "the same rows broadcast or not");
  }
}
