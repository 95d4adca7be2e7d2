package io.winnow;

import io.winnow.archive.ArchiveSchema;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A committed run of a few hand-written rows, for the report and the export: posts and accounts whose text is
 * hostile HTML (script tags, event-handler attributes, quotes), two categories, every kind of post action, a ladder
 * action and an account action sent to review.
 */
public final class TestRuns {
  private TestRuns() {}

  public static final String SCRIPT = "<script>alert(1)</script>";
  public static final String IMG = "<img src=x onerror=alert(1)>";
  public static final String ATTR = "\"><svg onload=alert(1)>";

  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = [close-account]
        categories {
          rumour {
            subcategories = [debunked-claim, fabricated-news]
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
          when { terms { lists = [salt] } }
        }
        {
          id = rumour.leak
          version = 1
          category = rumour
          subcategory = fabricated-news
          subject = post
          severity = medium
          status = active
          description = "Fabricated leaks."
          action = limit-visibility
          when { terms = ["shocking leak"] }
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

  /** A committed run directory on local disk, opened with the one reader of runs. */
  public static io.winnow.run.RunDirectory open(Path run) {
    return io.winnow.run.RunDirectory.openCommitted(new org.apache.hadoop.conf.Configuration(), run.toString());
  }

  /** Writes the rules and the archive under {@code root} and sweeps 2026-10-01..03; returns the run directory. */
  public static Path sweep(SparkSession spark, Path root, String runId) throws Exception {
    Path rules = root.resolve("rules");
    writeRules(rules);
    Path archive = root.resolve("archive");
    writeArchive(spark, archive);
    return sweep(spark, rules, archive, root.resolve("out"), runId, LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-10-03"));
  }

  /** Sweeps {@code archive} with the rules in {@code rules} over [from, to] into {@code out}; returns OUT/runs/RUN_ID. */
  public static Path sweep(SparkSession spark, Path rules, Path archive, Path out, String runId, LocalDate from,
      LocalDate to) throws Exception {
    new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(archive.toString(), from, to,
        out.toString(), runId, false, "test"), line -> { }).execute();
    return out.resolve("runs").resolve(runId);
  }

  /** The rows of the Parquet output {@code dir}, each as its {@code columns} (SQL expressions) joined by '/', sorted. */
  public static java.util.List<String> rows(SparkSession spark, Path dir, String... columns) {
    return spark.read().parquet(dir.toString()).selectExpr(columns).collectAsList()
        .stream().map(r -> r.mkString("/")).sorted().toList();
  }

  public static void writeRules(Path rules) throws Exception {
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("rumour.conf"), RUMOUR);
    Files.writeString(rules.resolve("impersonation.conf"), IMPERSONATION);
    Files.writeString(rules.resolve("lists/salt.txt"), "喝盐水预防病毒\nsalt water prevents\n");
  }

  static Row post(String id, String account, String created, String text, String dt, String platform) {
    return RowFactory.create(id, account, Timestamp.valueOf(created), text, null, null, 1L, 0L, 0L, 10L, false,
        List.of(), List.of(), dt, platform);
  }

  public static void writeArchive(SparkSession spark, Path root) {
    List<Row> posts = List.of(
        post("p1", "a1", "2026-10-01 08:00:00", "Breaking: salt water prevents the virus! " + SCRIPT + " " + IMG,
            "2026-10-01", "x"),
        post("p2", "a1", "2026-10-02 09:00:00", "听说喝盐水预防病毒 \"quoted\" 'single' & <b>bold</b>", "2026-10-02", "x"),
        post("p3", "a2", "2026-10-01 10:00:00", "shocking leak: the " + ATTR + " minister", "2026-10-01", "weibo"),
        post("p4", "a2", "2026-10-02 11:00:00", "lovely weather in Hangzhou", "2026-10-02", "weibo"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(root.resolve("posts").toString());
    List<Row> accounts = List.of(
        RowFactory.create("a1", "saltfan", "Salt Fan", "", Timestamp.valueOf("2020-01-01 00:00:00"), 5000L, false,
            "none", List.of(), false, false, "x"),
        RowFactory.create("a2", "leaker", "Leaks " + IMG, "", Timestamp.valueOf("2021-01-01 00:00:00"), 10L, false,
            "none", List.of(), false, false, "weibo"),
        RowFactory.create("a3", "china_cdc", "中国疾控中心", "", Timestamp.valueOf("2010-01-01 00:00:00"), 9000000L, true,
            "government", List.of(), false, false, "weibo"),
        RowFactory.create("a4", "cdc_news" + ATTR, "疾控中心 " + SCRIPT, "bio " + IMG,
            Timestamp.valueOf("2026-09-01 00:00:00"), 30L, false, "none", List.of(), false, false, "weibo"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(root.resolve("accounts").toString());
  }
}
