package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * similar-to with measure = containment in a whole sweep: a claim repeated inside a long post and a post that is an
 * excerpt of a longer claim are found with the measure, score and span of the repeat as evidence, the same in the
 * pass and through the join ({@code join-above-claims = 0}); a short quote and unrelated posts are not.
 */
class ContainmentSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;

  static final String PACK = """
      rules = [
        { id = rumour.repeat, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = medium, status = active, description = "A debunked claim repeated inside a post, or an excerpt."
          action = limit-visibility
          when { similar-to { catalogue = claims, measure = containment, contained = either, threshold = 0.8 } }
        }
      ]
      """;

  static final String CATALOGUE = """
      c-salt\tdrinking hot salt water every morning kills the virus in your throat
      c-zh\t每天早上喝一杯淡盐水可以杀死喉咙里的病毒，预防新冠肺炎
      c-short\t真的假的
      """;

  static final String SALT_POST = "My aunt sent this to the family group today: drinking hot salt water every morning"
      + " kills the virus in your throat!!! I am not sure, what do you all think, should we ask a doctor first?";
  static final String ZH_EXCERPT = "转发：每天早上喝一杯淡盐水可以杀死喉咙里的病毒";

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    Files.createDirectories(rules.resolve("catalogues"));
    Files.writeString(rules.resolve("policy.conf"), ClaimJoinSweepTest.POLICY);
    Files.writeString(rules.resolve("rumour.conf"), PACK);
    Files.writeString(rules.resolve("catalogues/claims.tsv"), CATALOGUE);
    archive = tmp.resolve("archive");
    List<Row> posts = new ArrayList<>();
    posts.add(ClaimJoinSweepTest.post("p1", "a1", SALT_POST, null));
    posts.add(ClaimJoinSweepTest.post("p2", "a2", ZH_EXCERPT, null));
    posts.add(ClaimJoinSweepTest.post("p3", "a2", "真的假的？", null));
    posts.add(ClaimJoinSweepTest.post("p4", "a1", "salt water taffy for sale, every morning at the pier", null));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    spark.createDataFrame(List.of(ClaimJoinSweepTest.account("a1", 10L), ClaimJoinSweepTest.account("a2", 10L)),
        ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  static List<String> evidence(String name, Map<String, String> conf) {
    Path out = tmp.resolve(name);
    new Sweep(spark, TestSpark.settings(conf), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), out.toString(), "same-run", false, "test"),
        line -> { }).execute();
    List<String> rows = new ArrayList<>();
    for (Row r : spark.read().parquet(out.resolve("runs/same-run/findings").toString()).orderBy("subject_id")
        .collectAsList()) {
      for (Row e : r.<Row>getList(r.fieldIndex("evidence"))) {
        rows.add(r.getAs("subject_id") + ": " + e.getAs("kind") + " '" + e.getAs("value") + "' " + e.getAs("start")
            + "-" + e.getAs("end") + " '" + e.getAs("excerpt") + "'");
      }
    }
    return rows;
  }

  private static int shingles(String text) {
    return io.winnow.text.ClaimIndex.shinglesOf(io.winnow.text.TextNormalizer.shared().normalize(text)).length;
  }

  @Test
  void repeatsAndExcerptsAreFoundInThePassAndThroughTheJoin() {
    int start = SALT_POST.indexOf("drinking");
    int end = SALT_POST.indexOf("throat") + "throat".length();
    int zhStart = ZH_EXCERPT.indexOf("每");
    // Shared shingles, as the engine counts them: all of the salt claim's (it is repeated whole); of the Chinese post,
    // all but the two that span the repost marker 转发, over the post's (the smaller side).
    int saltShingles = shingles(CATALOGUE.lines().findFirst().orElseThrow().split("\t")[1]);
    int zhPost = shingles(ZH_EXCERPT);
    List<String> expected = List.of(
        "p1: similar-to 'c-salt (contained 1.00, " + saltShingles + " shingles)' " + start + "-" + end + " '"
            + SALT_POST.substring(start, end) + "'",
        "p2: similar-to 'c-zh (contained " + String.format(java.util.Locale.ROOT, "%.2f", (zhPost - 2.0) / zhPost)
            + ", " + (zhPost - 2) + " shingles)' " + zhStart + "-" + ZH_EXCERPT.length() + " '"
            + ZH_EXCERPT.substring(zhStart) + "'");
    assertEquals(expected, evidence("in-pass", Map.of()), "in the pass");
    assertEquals(expected, evidence("joined", Map.of("winnow.similar-to.join-above-claims", "0")),
        "through the join: the same findings and evidence");
  }
}
