package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repost's own words decide whether it amplifies: one that refutes the rumour (the rule's exemption holds on its own
 * words) is not linked; with endorsement lists, one that adds nothing or endorses is, and any other comment is not.
 */
class RefutingRepostSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path archive;

  static final String PACK = """
      rules = [
        { id = rumour.salt, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = high, status = active, description = "Salt water prevents the virus.", action = limit-visibility
          when {
            all = [
              { terms = ["喝盐水能预防病毒", "salt water prevents the virus"] }
              { not { terms { lists = [refutations] } } }
            ]
          }
        }
      ]
      """;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
    archive = tmp.resolve("archive");
    List<Row> posts = List.of(
        RepostSweepTest.post("p1", "author", "喝盐水能预防病毒，转发给家人", null),
        RepostSweepTest.post("r1", "amp", "", "p1"),
        RepostSweepTest.post("r2", "amp", "必须转！//@小明: 我外婆也这么说", "p1"),
        RepostSweepTest.post("r3", "critic", "假消息也发，良心何在？", "p1"),
        RepostSweepTest.post("r4", "critic", "真的假的？", "p1"),
        RepostSweepTest.post("r5", "critic", "This is fake, stop sharing", "p1"),
        RepostSweepTest.post("r6", "sharer", "Share this with everyone", "p1"),
        RepostSweepTest.post("r7", "sharer", "//@小红: 假消息也发", "p1"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(RepostSweepTest.account("author"), RepostSweepTest.account("amp"),
        RepostSweepTest.account("critic"), RepostSweepTest.account("sharer"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  static Path sweep(String name, String endorsements) throws Exception {
    Path rules = tmp.resolve("rules-" + name);
    Files.createDirectories(rules.resolve("lists"));
    Files.writeString(rules.resolve("lists/refutations.txt"), "假消息\nfake\n");
    Files.writeString(rules.resolve("lists/endorse.txt"), "必须转\nshare this\n");
    Files.writeString(rules.resolve("policy.conf"), RepostSweepTest.policy(true)
        .replace("count-toward-strikes = true", "count-toward-strikes = true" + endorsements));
    Files.writeString(rules.resolve("rumour.conf"), PACK);
    LocalDate day = LocalDate.parse("2026-10-01");
    return TestRuns.sweep(spark, rules, archive, tmp.resolve("out-" + name), name, day, day);
  }

  static List<String> rows(Path dir, String... columns) {
    return TestRuns.rows(spark, dir, columns);
  }

  @Test
  void refutingRepostsAreNeverLinked() throws Exception {
    Path run = sweep("exemptions", "");
    assertEquals(List.of("p1/term", "r1/repost", "r2/repost", "r4/repost", "r6/repost", "r7/repost"),
        rows(run.resolve("findings"), "subject_id", "evidence[0].kind"),
        "r3 and r5 refute the rumour in their own words; r7's refutation is in the chain it forwards, not its own");
    assertEquals(List.of("account/amp/demonetise/2", "account/sharer/demonetise/2", "post/p1/limit-visibility/null"),
        rows(run.resolve("actions"), "subject_kind", "subject_id", "action", "strikes"),
        "the critic's sceptical r4 alone is one strike, below the ladder's first step; refutations are none");
  }

  @Test
  void withEndorsementListsOnlyRepostsThatAddNothingOrEndorseAreLinked() throws Exception {
    Path run = sweep("endorse", "\n endorsement-lists = [endorse]");
    assertEquals(List.of("p1/term", "r1/repost", "r2/repost", "r6/repost", "r7/repost"),
        rows(run.resolve("findings"), "subject_id", "evidence[0].kind"),
        "r1 and r7 add nothing, r2 and r6 endorse; r4's question is neither");
  }
}
