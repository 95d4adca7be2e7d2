package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.JobFailure;
import io.winnow.TestSpark;
import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps a hand-written archive of a few rows with a small rule directory and checks every output exactly. */
public class SweepTest {
  public static SparkSession spark;
  @TempDir static Path tmp;
  static Path archive;
  static Path rules;

  static final String POLICY = """
      policy {
        review-required-severities = [critical]
        review-required-actions = [close-account]
        categories {
          rumour {
            subcategories = [debunked-claim]
            ladder = [ { strikes = 2, action = demonetise } ]
            max-actions = 100
          }
          impersonation {
            subcategories = [institution]
            ladder = []
            max-actions = 100
          }
        }
      }
      """;

  static final String RUMOUR = """
      rules = [
        {
          id = rumour.salt
          version = 3
          category = rumour
          subcategory = debunked-claim
          subject = post
          severity = high
          status = active
          description = "Salt water prevents the virus (debunked)."
          action = delete-post
          when {
            all = [
              { terms { lists = [salt] } }
              { not { terms = ["fact check", "辟谣"] } }
            ]
          }
        }
        {
          id = rumour.salt-big-accounts
          version = 1
          category = rumour
          subcategory = debunked-claim
          subject = post
          severity = medium
          status = shadow
          description = "Same claim from accounts with many followers (shadow, being tuned)."
          action = limit-visibility
          when {
            all = [
              { terms { lists = [salt] } }
              { where = "account.followers >= 1000" }
            ]
          }
        }
      ]
      """;

  static final String IMPERSONATION = """
      rules = [
        {
          id = impersonation.cdc
          version = 1
          category = impersonation
          subcategory = institution
          subject = account
          severity = critical
          status = active
          description = "Names itself the disease-control centre without being its verified account."
          action = close-account
          when {
            all = [
              { terms { any = ["疾控中心", "cdc"], in = [display_name, handle] } }
              { where = "NOT (account.verified AND account.verification_type = 'government')" }
            ]
          }
        }
      ]
      """;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("rumour.conf"), RUMOUR);
    Files.writeString(rules.resolve("impersonation.conf"), IMPERSONATION);
    Files.writeString(rules.resolve("lists/salt.txt"), "# phrases of the salt-water claim\n喝盐水预防病毒\nsalt water prevents\n");
    archive = tmp.resolve("archive");
    writeArchive(archive);
  }

  /** This fixture's rules (the salt list without its comment line), for tests that sweep the same archive. */
  /** SweepTest's rules and archive, written for a test class that reuses them. */
  public record Fixture(Path rules, Path archive) {}

  /** Writes SweepTest's rules to tmp/rules and its archive to tmp/archive with {@code session}. */
  public static Fixture writeFixture(SparkSession session, Path tmp) throws Exception {
    spark = session;
    Fixture fixture = new Fixture(tmp.resolve("rules"), tmp.resolve("archive"));
    writeRules(fixture.rules());
    writeArchive(fixture.archive());
    return fixture;
  }

  public static void writeRules(Path rules) throws Exception {
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("rumour.conf"), RUMOUR);
    Files.writeString(rules.resolve("impersonation.conf"), IMPERSONATION);
    Files.writeString(rules.resolve("lists/salt.txt"), "喝盐水预防病毒\nsalt water prevents\n");
  }

  static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }

  static Row post(String id, String account, String created, String text, String dt, String platform) {
    return RowFactory.create(id, account, created == null ? null : ts(created), text, null, null, 1L, 0L, 0L, 10L,
        false, List.of(), List.of(), dt, platform);
  }

  public static void writeArchive(Path root) {
    List<Row> posts = new ArrayList<>();
    posts.add(post("p1", "a1", "2026-10-01 08:00:00", "Breaking: salt water prevents the virus!", "2026-10-01", "x"));
    posts.add(post("p2", "a1", "2026-10-02 09:00:00", "听说喝 盐 水预防病毒，快转发", "2026-10-02", "x"));
    posts.add(post("p3", "a2", "2026-10-01 10:00:00", "Fact check: no, salt water prevents nothing", "2026-10-01", "x"));
    posts.add(post("p4", "a2", "2026-10-01 11:00:00", "lovely weather in Hangzhou", "2026-10-01", "weibo"));
    posts.add(post(null, "a2", "2026-10-01 12:00:00", "no id", "2026-10-01", "weibo"));
    posts.add(post("p6", "a3", null, "salt water prevents it", "2026-10-01", "weibo"));
    posts.add(post("p7", "a1", "2026-10-05 09:00:00", "salt water prevents — outside the window", "2026-10-05", "x"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(root.resolve("posts").toString());
    List<Row> accounts = List.of(
        RowFactory.create("a1", "saltfan", "Salt Fan", "", ts("2020-01-01 00:00:00"), 5000L, false, "none",
            List.of(), false, false, "x"),
        RowFactory.create("a2", "checker", "Fact Checker", "", ts("2020-01-01 00:00:00"), 10L, false, "none",
            List.of(), false, false, "x"),
        RowFactory.create("a3", "china_cdc", "中国疾控中心", "", ts("2010-01-01 00:00:00"), 9000000L, true,
            "government", List.of(), false, false, "weibo"),
        RowFactory.create("a4", "cdc_news_daily", "疾 控 中 心 发布", "", ts("2026-09-01 00:00:00"), 30L, false, "none",
            List.of(), false, false, "weibo"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(root.resolve("accounts").toString());
    List<Row> reports = List.of(
        RowFactory.create("r1", "a2", "post", "p1", "misinformation", ts("2026-10-01 09:00:00"), "2026-10-01"));
    spark.createDataFrame(reports, ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(root.resolve("reports").toString());
  }

  static SweepResult sweep(String runId, Path out, boolean shadow) {
    RuleSet ruleSet = RuleLoader.load(rules);
    SweepRequest request = new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-10-03"), out.toString(), runId, shadow, "test");
    return new Sweep(spark, TestSpark.settings(), ruleSet, request, line -> { }).execute();
  }

  @Test
  void sweepActsOnPlantedRowsAndAccountsForEveryRow() throws Exception {
    Path out = tmp.resolve("out1");
    SweepResult result = sweep("run-1", out, false);

    assertEquals(new SweepResult.TableAccounting(6, 4, 2), result.tables().get("posts"),
        "6 posts in the window: 4 evaluated, 2 quarantined (null id, null created_at)");
    assertEquals(new SweepResult.TableAccounting(4, 4, 0), result.tables().get("accounts"));

    Path run = out.resolve("runs/run-1");
    assertTrue(Files.exists(run.resolve("_SUCCESS")), "committed run has _SUCCESS");
    assertTrue(Files.exists(run.resolve("manifest.json")));
    assertFalse(Files.exists(out.resolve("runs/.staging").resolve("run-1")), "no staging left");

    List<Row> actions = spark.read().parquet(run.resolve("actions").toString())
        .select("subject_kind", "subject_id", "category", "action", "severity", "review_required", "strikes", "dt")
        .orderBy("subject_kind", "subject_id").collectAsList();
    assertEquals(List.of(
        "account/a1/rumour/demonetise/high/false/2/2026-10-03",
        "account/a4/impersonation/close-account/critical/true/null/2026-10-03",
        "post/p1/rumour/delete-post/high/false/null/2026-10-01",
        "post/p2/rumour/delete-post/high/false/null/2026-10-02"),
        actions.stream().map(r -> r.mkString("/")).toList(),
        "p1, p2 (spaced CJK) deleted; p3 debunks; a1 has 2 strikes; a4 impersonates, a3 is the real one");

    Row p2 = spark.read().parquet(run.resolve("actions").toString()).filter("subject_id = 'p2'")
        .selectExpr("evidence[0].kind", "evidence[0].value", "evidence[0].excerpt", "evidence[0].start",
            "evidence[0].end", "rules[0].rule_id", "rules[0].rule_version").first();
    assertEquals("term/喝盐水预防病毒/喝 盐 水预防病毒/2/11/rumour.salt/3", p2.mkString("/"),
        "evidence points at what the author wrote");

    Map<String, Long> findings = new TreeMap<>();
    spark.read().parquet(run.resolve("findings").toString()).groupBy("rule_id", "rule_status").count()
        .collectAsList().forEach(r -> findings.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
    assertEquals(Map.of("impersonation.cdc/active", 1L, "rumour.salt/active", 2L, "rumour.salt-big-accounts/shadow", 2L),
        findings, "shadow rule records findings only");

    List<String> quarantine = spark.read().parquet(run.resolve("quarantine").toString()).orderBy("reason")
        .select("reason").collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("null or unparseable created_at", "null post_id"), quarantine);

    String csv = Files.readString(run.resolve("counts/csv/counts.csv"));
    assertEquals("""
        category,subcategory,action,platform,subject_kind,actions,review_required
        impersonation,institution,close-account,weibo,account,1,1
        rumour,debunked-claim,delete-post,x,post,2,0
        rumour,debunked-claim,demonetise,x,account,1,0
        """, csv);
    assertEquals(2, result.actions("rumour", "delete-post"));
  }

  @Test
  void shadowModeRecordsFindingsButNoActions() {
    SweepResult result = sweep("shadow-1", tmp.resolve("out-shadow"), true);
    assertEquals(0, result.actions(), "--shadow issues no actions");
    assertEquals(5, result.findings(), "but records every finding");
  }

  @Test
  void rerunWithSameRunIdGivesIdenticalActions() {
    Path out = tmp.resolve("out-rerun");
    sweep("same", out, false);
    List<Row> first = spark.read().parquet(out.resolve("runs/same/actions").toString()).drop("decision_date")
        .orderBy("action_id").collectAsList();
    sweep("same", out, false);
    List<Row> second = spark.read().parquet(out.resolve("runs/same/actions").toString()).drop("decision_date")
        .orderBy("action_id").collectAsList();
    assertEquals(first, second);
  }

  @Test
  void badInputIsAUserErrorNamingWhatIsWrong() throws Exception {
    RuleSet ruleSet = RuleLoader.load(rules);
    UserError missing = assertThrows(UserError.class, () -> new Sweep(spark, TestSpark.settings(), ruleSet,
        new SweepRequest(tmp.resolve("nowhere").toString(), LocalDate.parse("2026-10-01"),
            LocalDate.parse("2026-10-03"), tmp.resolve("o").toString(), "r", false, "t"), l -> { }).execute());
    assertTrue(missing.getMessage().startsWith("archive " + tmp.resolve("nowhere") + " does not exist"),
        missing.getMessage());

    UserError window = assertThrows(UserError.class, () -> new Sweep(spark, TestSpark.settings(), ruleSet,
        new SweepRequest(archive.toString(), LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-31"),
            tmp.resolve("o").toString(), "r", false, "t"), l -> { }).execute());
    assertEquals("no posts partitions between 2027-01-01 and 2027-01-31 in " + archive + "/posts (the archive holds dt=2026-10-01 to dt=2026-10-05). "
        + "Choose --from/--to inside it", window.getMessage());

    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    UserError outFile = assertThrows(UserError.class, () -> sweep("r", file, false));
    assertTrue(outFile.getMessage().startsWith("output " + file + " exists and is a file"), outFile.getMessage());

    UserError runId = assertThrows(UserError.class, () -> sweep("../escape", tmp.resolve("o2"), false));
    assertTrue(runId.getMessage().startsWith("invalid run id '../escape'"), runId.getMessage());
  }

  @Test
  void missingColumnIsNamed() {
    Path broken = tmp.resolve("broken");
    spark.read().parquet(archive.resolve("posts").toString()).drop("text").write().partitionBy("dt", "platform")
        .parquet(broken.resolve("posts").toString());
    spark.read().parquet(archive.resolve("accounts").toString()).write().partitionBy("platform")
        .parquet(broken.resolve("accounts").toString());
    RuleSet ruleSet = RuleLoader.load(rules);
    UserError e = assertThrows(UserError.class, () -> new Sweep(spark, TestSpark.settings(), ruleSet,
        new SweepRequest(broken.toString(), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-03"),
            tmp.resolve("o3").toString(), "r", false, "t"), l -> { }).execute());
    assertTrue(e.getMessage().contains("missing column 'text' of type string"), e.getMessage());
  }

  @Test
  void blastRadiusStopsTheRunWithoutCommitting() throws Exception {
    Path strict = tmp.resolve("rules-strict");
    Files.createDirectories(strict.resolve("lists"));
    Files.writeString(strict.resolve("policy.conf"), POLICY.replaceFirst("max-actions = 100", "max-actions = 1"));
    Files.writeString(strict.resolve("rumour.conf"), RUMOUR);
    Files.copy(rules.resolve("lists/salt.txt"), strict.resolve("lists/salt.txt"));
    Path out = tmp.resolve("out-blast");
    JobFailure e = assertThrows(JobFailure.class, () -> new Sweep(spark, TestSpark.settings(), RuleLoader.load(strict),
        new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-03"),
            out.toString(), "blast", false, "t"), l -> { }).execute());
    assertEquals("blast-radius limit reached, nothing committed: category rumour would issue 3 actions, over its "
        + "limit max-actions = 1. Check the rules that changed, or raise the limit in rules/policy.conf if this is "
        + "expected", e.getMessage());
    assertFalse(Files.exists(out.resolve("runs/blast")), "nothing committed");
  }
}
