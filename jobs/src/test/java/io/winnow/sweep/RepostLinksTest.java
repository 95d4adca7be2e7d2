package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * semi-join on the originals' ids was reverted in find11: it cost CPU at 5M; see BENCHMARKS.md.) The query filters
 * the reposts' own words before it picks one original per repost and rule (find12), and gives the links of the query
 * before that ({@link RepostLinksReference}).
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
    return link(post, "fan-" + post, platform, repostOf, "");
  }

  static Row link(String post, String account, String platform, String repostOf, String ownWords) {
    return RowFactory.create(post, account, platform, "2026-10-01", Timestamp.valueOf("2026-10-01 09:00:00"),
        repostOf, ownWords, null);
  }

  /** The findings both fixtures start from: originals on two platforms, and findings no repost is linked to. */
  static List<Row> originals() {
    return List.of(
        finding("o1", "weibo", RUMOUR, "rumour", "terms"),
        finding("o2", "x", RUMOUR, "rumour", "terms"),
        finding("o2", "weibo", RUMOUR, "rumour", "terms"),           // the same id on two platforms
        finding("o3", "weibo", CLOUT, "clout-chasing", "terms"),     // not a category that links reposts
        finding("o4", "weibo", RUMOUR, "rumour", RepostLinks.EVIDENCE_KIND), // itself a repost finding
        finding("r7", "weibo", RUMOUR, "rumour", "terms"));          // a repost whose own text fired the rule
  }

  /** The links both fixtures start from, with 200 reposts of posts no rule actioned. */
  static List<Row> links() {
    List<Row> links = new ArrayList<>(List.of(
        link("r1", "weibo", "o1"), link("r2", "x", "o2"), link("r2b", "tiktok", "o2"), link("r3", "weibo", "o3"),
        link("r4", "weibo", "o4"), link("r6", "x", "o1"), link("r7", "weibo", "o1")));
    for (int i = 0; i < 200; i++) {
      links.add(link("n" + i, "weibo", "p" + i));
    }
    return links;
  }

  /** Every row as JSON, sorted (repeated rows kept). */
  static List<String> rows(Dataset<Row> findings) {
    List<String> out = new ArrayList<>();
    findings.select(to_json(struct(col("*")))).collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    return out;
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
    Dataset<Row> findings = spark.createDataFrame(originals(), OutputSchemas.FINDING_V1);
    Dataset<Row> table = spark.createDataFrame(links(), StageSchemas.REPOST_V1);
    Dataset<Row> whole = RepostLinks.findings(table, findings, postRules.rules().value().policy().reposts(),
        postRules, false);
    List<String> expected = linked(whole);
    assertEquals(List.of("r1@weibo", "r2@x", "r2b@tiktok", "r6@x"), expected.stream()
        .map(s -> s.substring(0, s.indexOf(':'))).toList(), "reposts of o1 and o2 only; r7 fired the rule itself");
    assertEquals(expected.size(), whole.filter(RepostLinks.isRepost()).filter(col("rule_id").equalTo(RUMOUR)).count(),
        "every one a repost finding of the rumour rule");
  }

  static final String CATALOGUE = "rumour.debunked.catalogue-claim";

  @Test
  void theWordsFilteredBeforeTheChoiceOfAnOriginalGiveTheLinksOfTheQueryBefore() {
    SparkSession spark = TestSpark.session();
    SubjectRules postRules = TextPassTest.shippedPostRules(spark);
    List<Row> originals = new ArrayList<>(originals());
    originals.add(finding("o1", "weibo", CATALOGUE, "rumour", "terms"));   // a second rule: linked once per rule
    Dataset<Row> findings = spark.createDataFrame(originals, OutputSchemas.FINDING_V1);
    List<Row> links = new ArrayList<>(links());
    links.addAll(List.of(
        link("r5", "fan-r5", "weibo", "o1", "纯属虚构"),               // refutes: the rules' exemption
        link("r5b", "fan-r5b", "weibo", "o1", "真的假的？"),            // a comment that does not endorse
        link("r5c", "fan-r5c", "weibo", "o1", "转发微博"),              // endorses
        link("r8", "fan-r8", "weibo", "r1", ""),                      // a repost of a repost no rule fired on
        link("r9", "fan-r9", "weibo", "r7", ""),                      // a repost of a repost that fired the rule
        link("r10", "author", "weibo", "o1", "")));                   // by the original's author
    Dataset<Row> table = spark.createDataFrame(links, StageSchemas.REPOST_V1);
    var reposts = postRules.rules().value().policy().reposts();
    for (boolean global : new boolean[] {false, true}) {
      Dataset<Row> before = RepostLinksReference.findings(table, findings, reposts, postRules, global);
      Dataset<Row> after = RepostLinks.findings(table, findings, reposts, postRules, global);
      List<String> expected = rows(before);
      assertEquals(expected, rows(after), "the same repost findings, ids global " + global);
      if (!global) {
        assertEquals(List.of("r1@weibo:" + CATALOGUE, "r1@weibo:" + RUMOUR, "r10@weibo:" + CATALOGUE,
            "r10@weibo:" + RUMOUR, "r2@x:" + RUMOUR, "r2b@tiktok:" + RUMOUR, "r5c@weibo:" + CATALOGUE,
            "r5c@weibo:" + RUMOUR, "r6@x:" + CATALOGUE, "r6@x:" + RUMOUR, "r7@weibo:" + CATALOGUE,
            "r9@weibo:" + RUMOUR), linked(after).stream().map(l -> l.substring(0, l.indexOf(' '))).toList(),
            "one per repost and rule: not r3 (category), r4 (a repost finding), r5/r5b (words), r7 for the rule it"
                + " fired, r8 (an original no rule fired on), n* (posts no rule actioned)");
        String plan = after.queryExecution().executedPlan().toString();
        int window = plan.indexOf("Window [");
        int words = plan.indexOf("UDF(own_words");
        assertTrue(window >= 0 && words > window, "the words' filter below the window (before it):\n" + plan);
      } else {
        assertEquals(14, expected.size(), "the twelve above, and r2 and r2b once more:\n" + expected);
        assertEquals(4, expected.stream().filter(j -> j.contains("\"subject_id\":\"r2")).count(),
            "with ids global, r2 and r2b are linked to both originals of o2 (one id), as before:\n" + expected);
      }
    }
  }

  /** A direct finding of {@code rule} as {@link DecidePass} writes it (the rule's own columns, run "run"). */
  static Row decided(SubjectRules postRules, String post, String platform, String ruleId, String evidenceKind) {
    io.winnow.model.Rule rule = postRules.compiled().rules().stream().filter(r -> r.id().equals(ruleId)).findFirst()
        .orElseThrow();
    Row evidence = RowFactory.create(ruleId, evidenceKind, "text", "x", 0, 1, "x");
    return RowFactory.create("f-" + post + "-" + ruleId, "run", "post", post, "author", platform, "2026-10-01",
        Date.valueOf("2026-10-01"), ruleId, rule.version(), rule.status().key(), rule.category(), rule.subcategory(),
        rule.severity().key(), rule.action(), rule.suspendDays(), postRules.rules().value().hash(), List.of(evidence));
  }

  @Test
  void theKeysBroadcastGiveTheLinksOfTheShuffledQueryWithOnlyTheWindowsExchange() {
    SparkSession spark = TestSpark.session();
    SubjectRules postRules = TextPassTest.shippedPostRules(spark);
    List<Row> originals = new ArrayList<>();
    for (Row f : originals()) {
      originals.add(decided(postRules, f.getString(3), f.getString(5), f.getString(8),
          ((List<?>) f.get(17)).get(0) instanceof Row e ? e.getString(1) : "terms"));
    }
    originals.add(decided(postRules, "o1", "weibo", CATALOGUE, "terms"));
    originals.add(decided(postRules, "r5c", "weibo", CATALOGUE, "terms"));      // a repost that fired one rule of two
    Dataset<Row> findings = spark.createDataFrame(originals, OutputSchemas.FINDING_V1);
    List<Row> links = new ArrayList<>(links());
    links.addAll(List.of(link("r5", "fan-r5", "weibo", "o1", "纯属虚构"),
        link("r5c", "fan-r5c", "weibo", "o1", "转发微博"), link("r8", "fan-r8", "weibo", "r1", ""),
        link("r9", "fan-r9", "weibo", "r7", ""), link("r11", "fan-r11", "x", "o2", "")));
    Dataset<Row> table = spark.createDataFrame(links, StageSchemas.REPOST_V1);
    var reposts = postRules.rules().value().policy().reposts();
    // Spark's own size rule off, as for the sweep's kept rows (a relation without statistics): the hints broadcast.
    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      for (boolean global : new boolean[] {false, true}) {
        broadcastAndShuffled(table, findings, postRules, reposts, global);
      }
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  /** The broadcast query against the shuffled one on the fixture: the same rows, and the exchanges it keeps. */
  static void broadcastAndShuffled(Dataset<Row> table, Dataset<Row> findings, SubjectRules postRules,
      io.winnow.model.Policy.Reposts reposts, boolean global) {
    List<String> expected = rows(RepostLinks.findings(table, findings, reposts, postRules, global));
    Dataset<Row> after = RepostLinks.broadcastFindings(table, findings, reposts, postRules, global, "run");
    assertEquals(expected, rows(after), "the same repost findings, every column, ids global " + global);
    // r1, r6: both rules of o1; r2, r2b, r11: o2 (once, on their platform's original or the first, with ids global
    // once per original); r7, r5c: the rule they did not fire themselves; r9: r7's own finding.
    assertEquals(global ? 13 : 10, expected.size(), "the fixture's links, ids global " + global + ":\n" + expected);
    String plan = after.queryExecution().executedPlan().toString();
    assertEquals(global ? 0 : 1, plan.split("Exchange hashpartitioning", -1).length - 1,
        "no exchange but the window's (ids not global):\n" + plan);
    assertEquals(2, plan.split("BroadcastExchange", -1).length - 1,
        "the originals' keys and the post findings' keys broadcast, the rules' columns a literal:\n" + plan);
  }
}
