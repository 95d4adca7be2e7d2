package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reposts of an actioned rumour are linked (evidence kind repost) and, when the policy says so, count as strikes. */
class RepostSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path archive;

  static String policy(boolean count) {
    return """
        policy {
          review-required-severities = []
          review-required-actions = []
          reports { min-reporter-account-age-days = 0, max-reports-per-reporter = 100 }
          reposts { categories = [rumour], count-toward-strikes = %s }
          categories {
            rumour {
              subcategories = [debunked-claim]
              ladder = [ { strikes = 2, action = demonetise } ]
              max-actions = 100
            }
          }
        }
        """.formatted(count);
  }

  static final String PACK = """
      rules = [
        { id = rumour.salt, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = high, status = active, description = "Salt water prevents the virus.", action = limit-visibility
          when { terms = ["salt water prevents the virus"] }
        }
      ]
      """;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
    archive = tmp.resolve("archive");
    List<Row> posts = List.of(
        post("p1", "author", "salt water prevents the virus!", null),
        post("r1", "fan", "wow", "p1"),
        post("r2", "fan", "", "p1"),
        post("r3", "other", "nice", "p9"),
        post("r4", "echo", "salt water prevents the virus", "p1"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(account("author"), account("fan"), account("other"), account("echo"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  static Row post(String id, String account, String text, String repostOf) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, null, repostOf, 1L, 0L, 0L,
        10L, false, List.of(), List.of(), "2026-10-01", "x");
  }

  static Row account(String id) {
    return RowFactory.create(id, id, id, "", Timestamp.valueOf("2020-01-01 00:00:00"), 10L, false, "none", List.of(),
        false, false, "x");
  }

  static Path sweep(String name, boolean count) throws Exception {
    Path rules = tmp.resolve("rules-" + name);
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("policy.conf"), policy(count));
    Files.writeString(rules.resolve("rumour.conf"), PACK);
    LocalDate day = LocalDate.parse("2026-10-01");
    return TestRuns.sweep(spark, rules, archive, tmp.resolve("out-" + name), name, day, day);
  }

  static List<String> rows(Path dir, String... columns) {
    return TestRuns.rows(spark, dir, columns);
  }

  @Test
  void repostsAreLinkedAndCountOnlyWhenThePolicySaysSo() throws Exception {
    Path linked = sweep("linked", false);
    assertEquals(List.of("p1/term/null", "r1/repost/p1", "r2/repost/p1", "r4/term/null"),
        rows(linked.resolve("findings"), "subject_id", "evidence[0].kind", "case when evidence[0].kind = 'repost'"
            + " then evidence[0].value end"),
        "r1, r2 repost the actioned p1; r3 reposts nothing actioned; r4 matched by its own text is not linked again");
    assertEquals(List.of("post/p1/limit-visibility", "post/r4/limit-visibility"),
        rows(linked.resolve("actions"), "subject_kind", "subject_id", "action"), "a repost gets no post action");

    Path counted = sweep("counted", true);
    assertEquals(List.of("account/fan/demonetise/2", "post/p1/limit-visibility/null", "post/r4/limit-visibility/null"),
        rows(counted.resolve("actions"), "subject_kind", "subject_id", "action", "strikes"),
        "two amplifying reposts are two strikes for the reposter");
  }
}
