package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.run.OutputSchemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The repost findings of a fixture: originals on two platforms, a category that links no reposts, an original that is
 * itself a repost finding, a repost that fired the rule itself, and links to posts no rule actioned. (find10's
 * semi-join on the originals' ids was reverted in find11: it cost CPU at 5M; see BENCHMARKS.md.)
 */
class RepostLinksTest {
  static final String RUMOUR = "rumour.fabricated.emergency-announcement";
  static final String CLOUT = "clout-chasing.disaster-hype.sensational-hook";

  static Row finding(String post, String platform, String rule, String category, String evidenceKind) {
    Row evidence = RowFactory.create(rule, evidenceKind, "text", "x", 0, 1, "x");
    return RowFactory.create("f-" + post + "-" + rule, "run", "post", post, "author", platform, "2026-10-01",
        Date.valueOf("2026-10-01"), rule, 1, "active", category, "fabricated-news", "high", "limit-visibility", null,
        "hash", List.of(evidence));
  }

  static Row link(String post, String platform, String repostOf) {
    return RowFactory.create(post, "fan-" + post, platform, "2026-10-01", Timestamp.valueOf("2026-10-01 09:00:00"),
        repostOf, "", null);
  }

  /** Subject id, platform and rule of each repost finding, sorted. */
  static List<String> linked(Dataset<Row> findings) {
    List<String> out = new ArrayList<>();
    for (Row r : findings.orderBy("subject_id", "platform", "rule_id").collectAsList()) {
      out.add(r.getAs("subject_id") + "@" + r.getAs("platform") + ":" + r.getAs("rule_id") + " " + r.getAs("finding_id"));
    }
    return out;
  }

  @Test
  void repostsOfActionedOriginalsAreLinkedOncePerRule() {
    SparkSession spark = TestSpark.session();
    SubjectRules postRules = TextPassTest.shippedPostRules(spark);
    Dataset<Row> findings = spark.createDataFrame(List.of(
        finding("o1", "weibo", RUMOUR, "rumour", "terms"),
        finding("o2", "x", RUMOUR, "rumour", "terms"),
        finding("o2", "weibo", RUMOUR, "rumour", "terms"),           // the same id on two platforms
        finding("o3", "weibo", CLOUT, "clout-chasing", "terms"),     // not a category that links reposts
        finding("o4", "weibo", RUMOUR, "rumour", RepostLinks.EVIDENCE_KIND), // itself a repost finding
        finding("r7", "weibo", RUMOUR, "rumour", "terms")),          // a repost whose own text fired the rule
        OutputSchemas.FINDING_V1);
    List<Row> links = new ArrayList<>(List.of(
        link("r1", "weibo", "o1"), link("r2", "x", "o2"), link("r2b", "tiktok", "o2"), link("r3", "weibo", "o3"),
        link("r4", "weibo", "o4"), link("r6", "x", "o1"), link("r7", "weibo", "o1")));
    for (int i = 0; i < 200; i++) {
      links.add(link("n" + i, "weibo", "p" + i)); // reposts of posts no rule actioned
    }
    Dataset<Row> table = spark.createDataFrame(links, StageSchemas.REPOST_V1);
    Dataset<Row> whole = RepostLinks.findings(table, findings, postRules.rules().value().policy().reposts(),
        postRules, false);
    List<String> expected = linked(whole);
    assertEquals(List.of("r1@weibo", "r2@x", "r2b@tiktok", "r6@x"), expected.stream()
        .map(s -> s.substring(0, s.indexOf(':'))).toList(), "reposts of o1 and o2 only; r7 fired the rule itself");
    assertEquals(expected.size(), whole.filter(RepostLinks.isRepost()).filter(col("rule_id").equalTo(RUMOUR)).count(),
        "every one a repost finding of the rumour rule");
  }
}
