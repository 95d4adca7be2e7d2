package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regex, near, severity weights and the brigading guard, end to end through a sweep of a few rows. */
class RuleLanguageSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;

  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = []
        severity-weights { low = 0.5, medium = 1, high = 1, critical = 2 }
        reports { min-reporter-account-age-days = 7, max-reports-per-reporter = 2 }
        categories {
          clout-chasing {
            subcategories = [illegal-monetisation, engagement-bait]
            ladder = [ { strikes = 2, action = demonetise }, { strikes = 3, action = suspend, days = 3 } ]
            max-actions = 100
          }
        }
      }
      """;

  static final String PACK = """
      rules = [
        { id = cc.tip-regex, version = 1, category = clout-chasing, subcategory = illegal-monetisation, subject = post
          severity = critical, status = active, description = "Tip to unlock, with a price.", action = delete-post
          when { regex { pattern = "tip to unlock \\\\$?[0-9]+", in = [text] } }
        }
        { id = cc.share-near-luck, version = 1, category = clout-chasing, subcategory = engagement-bait
          subject = post, severity = low, status = active, description = "Share near bad luck."
          action = limit-visibility
          when { terms { any = ["share this"], near { any = ["bad luck"], within = 10 } } }
        }
        { id = cc.reported, version = 1, category = clout-chasing, subcategory = engagement-bait, subject = post
          severity = low, status = shadow, description = "Reported by 2 or more trusted reporters."
          action = limit-visibility
          when { all = [ { terms = ["giveaway"] }, { where = "reports.distinct_reporters >= 2" } ] }
        }
      ]
      """;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("clout-chasing.conf"), PACK);
    archive = tmp.resolve("archive");
    List<Row> posts = new ArrayList<>();
    // a1: one critical post (weight 2) -> demonetise. a2: three low posts (1.5) -> no ladder action.
    posts.add(post("p1", "a1", "Tip to unlock $15 today"));
    posts.add(post("p2", "a1", "tip to unlock the secret ending"));
    posts.add(post("p3", "a2", "Share this now or bad luck follows"));
    posts.add(post("p4", "a2", "share this, bad luck"));
    posts.add(post("p5", "a2", "share this with friends. You will have so much bad luck"));
    posts.add(post("p6", "a2", "share this!! bad luck"));
    posts.add(post("p7", "a3", "giveaway tonight"));
    posts.add(post("p8", "a3", "another giveaway"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(account("a1", "2020-01-01"), account("a2", "2020-01-01"), account("a3", "2020-01-01"),
        account("old1", "2020-01-01"), account("old2", "2020-01-01"), account("new1", "2026-09-29"),
        account("busy", "2020-01-01"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    List<Row> reports = List.of(
        // p7: two old reporters count. p8: a 2-day-old account and a reporter with 3 reports in the window do not.
        report("r1", "old1", "p7"), report("r2", "old2", "p7"),
        report("r3", "new1", "p8"), report("r4", "busy", "p8"), report("r5", "busy", "p1"),
        report("r6", "busy", "p2"), report("r7", "ghost", "p8"));
    spark.createDataFrame(reports, ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  static Row post(String id, String account, String text) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, null, null, 1L, 0L, 0L, 10L,
        false, List.of(), List.of(), "2026-10-01", "x");
  }

  static Row account(String id, String created) {
    return RowFactory.create(id, id, id, "", Timestamp.valueOf(created + " 00:00:00"), 10L, false, "none", List.of(),
        false, false, "x");
  }

  static Row report(String id, String reporter, String post) {
    return RowFactory.create(id, reporter, "post", post, "spam", Timestamp.valueOf("2026-10-01 09:00:00"),
        "2026-10-01");
  }

  @Test
  void regexNearWeightsAndBrigadingGuard() {
    Path out = tmp.resolve("out");
    new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), out.toString(), "lang", false, "test"),
        line -> { }).execute();
    Path run = out.resolve("runs/lang");
    List<String> findings = spark.read().parquet(run.resolve("findings").toString())
        .selectExpr("subject_id", "rule_id", "evidence[0].kind", "evidence[0].excerpt").orderBy("subject_id")
        .collectAsList().stream().map(r -> r.mkString("/")).toList();
    assertEquals(List.of(
        "p1/cc.tip-regex/regex/Tip to unlock $15",
        "p3/cc.share-near-luck/near/Share this",
        "p4/cc.share-near-luck/near/share this",
        "p6/cc.share-near-luck/near/share this",
        "p7/cc.reported/term/giveaway"), findings,
        "regex needs the price (p2 has the literal only); near needs <= 10 characters (p5 is further); p7 has 2"
            + " trusted reporters, p8 only untrusted ones");
    List<String> accountActions = spark.read().parquet(run.resolve("actions").toString())
        .filter("subject_kind = 'account'").selectExpr("subject_id", "action", "strikes").orderBy("subject_id")
        .collectAsList().stream().map(r -> r.mkString("/")).toList();
    assertEquals(List.of("a1/demonetise/2"), accountActions,
        "one critical post weighs 2 strikes; three low posts of a2 weigh 1.5 (below 2)");
    List<String> predicate = spark.read().parquet(run.resolve("findings").toString()).filter("subject_id = 'p7'")
        .selectExpr("explode(evidence) as e").filter("e.kind = 'predicate'").selectExpr("e.field", "e.value")
        .collectAsList().stream().map(r -> r.mkString("=")).toList();
    assertEquals(List.of("reports.distinct_reporters=2"), predicate);
  }
}
