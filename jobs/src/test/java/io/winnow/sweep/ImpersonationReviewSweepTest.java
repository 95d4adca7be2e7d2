package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.rules.RuleLoader;
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

/**
 * The shipped packs and policy on accounts written for this test: an account action that rests on a name match alone
 * waits for a person; a name that merely contains a protected name (a place prefix, a shop, a fan) is never
 * suspended; a verified journalist named by outlet plus role is not actioned; a ladder action is not held for review.
 */
class ImpersonationReviewSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void sweepTheShippedRules() {
    spark = TestSpark.session();
    Path archive = tmp.resolve("archive");
    List<Row> posts = List.of(
        post("p1", "saltfan", "听说喝盐水能预防病毒，赶紧告诉家人！"),
        post("p2", "saltfan", "再说一遍：喝盐水能预防病毒"),
        post("p3", "copy", "今天天气不错"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(
        account("copy", "eastern_theatre", "东部战区官方", false, "none"),
        account("reuters", "reuters_breaking", "Reuters Breaking", false, "none"),
        account("zhenjiang", "zjcdc", "镇江市疾病预防控制中心", false, "none"),
        account("noodles", "xinhua_noodles", "Xinhua Noodle House", false, "none"),
        account("journalist", "zhangsan", "新华社记者张三", true, "individual"),
        account("correspondent", "jkeller_reuters", "Jane Keller, Reuters correspondent", true, "individual"),
        account("saltfan", "saltfan", "小鱼爱吃饭", false, "none"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
    Path rules = Path.of(System.getProperty("project.rules.dir", "../rules"));
    new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), tmp.resolve("out").toString(), "imp", false,
        "test"), line -> { }).execute();
    run = tmp.resolve("out/runs/imp");
  }

  static Row post(String id, String account, String text) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, null, null, 1L, 0L, 0L,
        10L, false, List.of(), List.of(), "2026-10-01", "x");
  }

  static Row account(String id, String handle, String name, boolean verified, String type) {
    return RowFactory.create(id, handle, name, "", Timestamp.valueOf("2020-01-01 00:00:00"), 10L, verified, type,
        List.of(), false, false, "x");
  }

  @Test
  void nameMatchesAloneAreReviewedAndContainmentIsNeverASuspension() {
    List<String> actions = spark.read().parquet(run.resolve("actions").toString())
        .filter("subject_kind = 'account'")
        .selectExpr("subject_id", "rules[0].rule_id", "action", "coalesce(suspend_days, 0)", "review_required")
        .collectAsList().stream().map(r -> r.mkString("/")).sorted().toList();
    assertEquals(List.of(
        "copy/impersonation.military.protected-name/suspend/30/true",
        "noodles/impersonation.news-media.contains-protected-name/remove-followers/0/true",
        "reuters/impersonation.news-media.protected-name/suspend/14/true",
        "saltfan/rumour.debunked.catalogue-claim/demonetise/0/false",
        "zhenjiang/impersonation.institution.contains-protected-name/remove-followers/0/true"), actions,
        "copies are suspended after review (Reuters Breaking is high severity, reviewed only for resting on its name);"
            + " the place-prefixed centre and the noodle house are review signals, not suspensions; both verified"
            + " journalists are not actioned; the ladder's demonetisation on two strikes is not held");
  }
}
