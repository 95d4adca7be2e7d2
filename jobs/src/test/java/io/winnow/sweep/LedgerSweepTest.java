package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.run.OutputSchemas;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.ledger.Ledger;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily --ledger sweeps over a 30-day archive generated here: strikes accumulate across runs and expire, the ladder
 * escalates from the account's state, an action in force is not issued again, and an upheld appeal is reversed once
 * and takes its strikes with it.
 */
class LedgerSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path archive;
  static Path rules;

  /** rumour: 2 strikes demonetise, 3 suspend 7 days, 5 close the account; a strike counts 10 days after its post. */
  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = []
        categories {
          rumour {
            subcategories = [debunked-claim]
            ladder = [
              { strikes = 2, action = demonetise }
              { strikes = 3, action = suspend, days = 7 }
              { strikes = 5, action = close-account }
            ]
            strike-expiry-days = 10
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

  /** Day of October 2026 -> the salt-claim posts of that day (post id/account). */
  static final Map<Integer, List<String>> CLAIMS = new TreeMap<>(Map.of(
      1, List.of("p1/a1", "q1/a2"), 3, List.of("p2/a1", "q2/a2"), 5, List.of("p3/a1", "r1/a3"),
      6, List.of("q3/a2", "r2/a3"), 7, List.of("q4/a2"), 20, List.of("p4/a1", "p5/a1", "p6/a1"),
      24, List.of("p7/a1", "p8/a1")));

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    archive = tmp.resolve("archive");
    writeFixture(spark, rules, archive);
  }

  /** The rules (SweepTest's with this POLICY) and the 30-day archive: a harmless post a day and the CLAIMS. */
  static void writeFixture(SparkSession spark, Path rules, Path archive) throws Exception {
    SweepTest.writeRules(rules);
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    List<Row> posts = new ArrayList<>();
    for (int day = 1; day <= 30; day++) {
      String dt = String.format("2026-10-%02d", day);
      // One harmless post a day, so every day of the archive has a partition.
      posts.add(SweepTest.post("w" + day, "a9", dt + " 07:00:00", "lovely weather in Hangzhou", dt, "x"));
      for (String claim : CLAIMS.getOrDefault(day, List.of())) {
        String[] c = claim.split("/");
        posts.add(SweepTest.post(c[0], c[1], dt + " 09:00:00", "salt water prevents the virus, share", dt, "x"));
      }
    }
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = new ArrayList<>();
    for (String a : List.of("a1", "a2", "a3", "a9")) {
      accounts.add(RowFactory.create(a, "user_" + a, "User " + a, "", SweepTest.ts("2020-01-01 00:00:00"), 10L,
          false, "none", List.of(), false, false, "x"));
    }
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
  }

  static SweepResult day(Path out, int day, Path overrides) {
    return day(spark, rules, archive, out, day, overrides);
  }

  /** The --ledger sweep of one day, run id day-YYYY-MM-DD. */
  static SweepResult day(SparkSession spark, Path rules, Path archive, Path out, int day, Path overrides) {
    LocalDate d = LocalDate.of(2026, 10, day);
    Map<String, String> more = overrides == null ? Map.of()
        : Map.of("winnow.audit.overrides-file", overrides.toString());
    SweepRequest request = new SweepRequest(archive.toString(), d, d, out.toString(), "day-" + d, false, "test",
        true);
    return new Sweep(spark, TestSpark.settings(more), RuleLoader.load(rules), request, line -> { }).execute();
  }

  /** The actions a run issued, "subject action strikes" sorted. */
  static List<String> issued(Path out, int day) {
    return issuedBy(spark, out, day);
  }

  static List<String> issuedBy(SparkSession spark, Path out, int day) {
    Path actions = out.resolve(String.format("runs/day-2026-10-%02d/actions", day));
    if (!Files.exists(actions)) {
      return List.of();
    }
    return spark.read().schema(OutputSchemas.ACTION_V1).parquet(actions.toString()).orderBy("subject_id", "action").collectAsList().stream()
        .map(r -> r.getAs("subject_id") + " " + r.getAs("action")
            + (r.getAs("strikes") == null ? "" : " " + r.getAs("strikes")))
        .toList();
  }

  @Test
  void dailyRunsAccumulateExpireEscalateAndReverseOnce() throws Exception {
    Path out = tmp.resolve("out-daily");
    // Upheld on day 6: a2's demonetisation (any rule) and r1's deletion (rule rumour.salt v3); the file stays given.
    Path appeals = tmp.resolve("appeals.csv");
    Files.writeString(appeals, "subject_id,decision,reason,reviewer,date,rule_id,rule_version\n"
        + "a2,reinstate,quoted the claim to mock it,alice,2026-10-06,,\n"
        + "r1,reinstate,satire,bob,2026-10-06,rumour.salt,3\n");
    Map<Integer, List<String>> got = new LinkedHashMap<>();
    Map<Integer, SweepResult.LedgerCounts> ledger = new LinkedHashMap<>();
    Map<Integer, List<SweepResult.Count>> counts = new LinkedHashMap<>();
    List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
        scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos()).forEach(st -> stages.add(st.details()));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      for (int d : CLAIMS.keySet()) {
        SweepResult r = day(out, d, d >= 6 ? appeals : null);
        got.put(d, issued(out, d));
        ledger.put(d, r.ledger());
        counts.put(d, r.counts());
      }
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      spark.sparkContext().removeSparkListener(listener);
    }
    // tally14b: the counts are taken as the actions are written, those of the old job over the written actions.
    counts.forEach((d, c) -> {
      Path actions = out.resolve(String.format("runs/day-2026-10-%02d/actions", d));
      assertEquals(Files.exists(actions) ? ActionCounts.of(spark.read().parquet(actions.toString())) : List.of(), c,
          "day " + d + ": the counts of the actions issued");
    });
    // With the ledger too, no Spark job of their own counts the actions (and those already in force): main d6b0d4d ran
    // collectAsList at ActionCounts.java over the flagged actions' cache.
    assertTrue(stages.stream().anyMatch(c -> c.contains("RunOutputs$Actions.write")),
        "the listener saw the actions' writer's jobs: " + stages.size() + " stages");
    assertEquals(List.of(), stages.stream().filter(c -> c.contains("ActionCounts")).toList(),
        "no Spark job counts the actions");
    Map<Integer, List<String>> expected = new LinkedHashMap<>();
    expected.put(1, List.of("p1 delete-post", "q1 delete-post"));
    // p1 and q1 from the ledger + p2 and q2: 2 strikes each.
    expected.put(3, List.of("a1 demonetise 2", "a2 demonetise 2", "p2 delete-post", "q2 delete-post"));
    // a1 escalates from demonetise to suspend at 3 strikes.
    expected.put(5, List.of("a1 suspend 3", "p3 delete-post", "r1 delete-post"));
    // The appeals reverse a2's demonetisation (and its strikes q1, q2) and r1's deletion (and its strike) first:
    // q3 and r2 are one strike each, no step.
    expected.put(6, List.of("q3 delete-post", "r2 delete-post"));
    // q3 + q4: a2 is demonetised again (the reversed demonetisation is not in force).
    expected.put(7, List.of("a2 demonetise 2", "q4 delete-post"));
    // p1..p3 expired (10 days): p4..p6 make 3 strikes, suspend, which is in force already: not issued.
    expected.put(20, List.of("p4 delete-post", "p5 delete-post", "p6 delete-post"));
    // 5 unexpired strikes: close-account, above the suspension in force.
    expected.put(24, List.of("a1 close-account 5", "p7 delete-post", "p8 delete-post"));
    assertEquals(expected, got);

    assertEquals(Map.of("rumour/suspend", 1L), ledger.get(20).alreadyInForce(), "a1's suspension is not re-issued");
    assertEquals(Map.of(), ledger.get(24).alreadyInForce());
    assertEquals(Map.of("restore-monetisation", 1L, "restore-post", 1L), ledger.get(6).reversals());
    assertEquals(Map.of(), ledger.get(7).reversals(), "each appeal is answered once");
    assertEquals(Map.of(), ledger.get(24).reversals());

    // The ledger itself: every strike with its expiry, the states after each run.
    Ledger l = Ledger.at(spark, out.toString());
    assertEquals(7, l.committedRuns().size());
    List<String> strikes = l.committed().filter("kind = 'strike'").orderBy("subject_id").collectAsList().stream()
        .map(r -> r.getAs("subject_id") + " " + r.getAs("weight") + " " + r.getAs("issued") + ".." + r.getAs("expires"))
        .toList();
    assertEquals(List.of("p1 1.0 2026-10-01..2026-10-11", "p2 1.0 2026-10-03..2026-10-13",
        "p3 1.0 2026-10-05..2026-10-15", "p4 1.0 2026-10-20..2026-10-30", "p5 1.0 2026-10-20..2026-10-30",
        "p6 1.0 2026-10-20..2026-10-30", "p7 1.0 2026-10-24..2026-11-03", "p8 1.0 2026-10-24..2026-11-03",
        "q1 1.0 2026-10-01..2026-10-11", "q2 1.0 2026-10-03..2026-10-13", "q3 1.0 2026-10-06..2026-10-16",
        "q4 1.0 2026-10-07..2026-10-17", "r1 1.0 2026-10-05..2026-10-15", "r2 1.0 2026-10-06..2026-10-16"), strikes);
    List<String> states = l.committed().filter("kind = 'state'").orderBy("run_seq", "account_id").collectAsList()
        .stream().map(r -> r.getAs("run_seq") + " " + r.getAs("account_id") + " " + r.getAs("action") + " until "
            + r.getAs("suspended_until") + " closed " + r.getAs("closed") + " reinstated " + r.getAs("reinstated"))
        .toList();
    assertEquals(List.of("2 a1 demonetise until null closed false reinstated false",
        "2 a2 demonetise until null closed false reinstated false",
        "3 a1 suspend until 2026-10-12 closed false reinstated false",
        "4 a2 null until null closed false reinstated true",
        "5 a2 demonetise until null closed false reinstated false",
        "7 a1 close-account until null closed true reinstated false"), states);

    // counts/ holds the actions left out beside those issued: day 20's suspension of a1 (a ladder action, its
    // subcategory the strikes' debunked-claim); a --ledger run with none writes the header alone.
    assertEquals("category,subcategory,action,platform,subject_kind,already_in_force\n"
        + "rumour,debunked-claim,suspend,x,account,1\n",
        Files.readString(out.resolve("runs/day-2026-10-20/counts/csv/already-in-force.csv")));
    assertEquals("category,subcategory,action,platform,subject_kind,already_in_force\n",
        Files.readString(out.resolve("runs/day-2026-10-24/counts/csv/already-in-force.csv")));
    assertReversalsCarried(out);
  }

  /**
   * Day 6's reversals in {@code export dsa} (reversals.csv, with the puid of the statement each undoes, as the issuing
   * run's own export gave it) and in the report; a run without reversals lists none.
   */
  static void assertReversalsCarried(Path out) throws Exception {
    Path day3 = tmp.resolve("dsa-day3");
    Path day6 = tmp.resolve("dsa-day6");
    var e3 = io.winnow.TestCli.cli("export", "dsa", out.resolve("runs/day-2026-10-03").toString(), "--out",
        day3.toString(), "--master", "local[2]");
    assertEquals(0, e3.exit(), e3.err());
    var e6 = io.winnow.TestCli.cli("export", "dsa", out.resolve("runs/day-2026-10-06").toString(), "--out",
        day6.toString(), "--master", "local[2]");
    assertEquals(0, e6.exit(), e6.err());
    org.junit.jupiter.api.Assertions.assertTrue(e6.out().contains("reversals of earlier actions (upheld appeals): 2 "),
        e6.out());
    List<String> lines = Files.readAllLines(day6.resolve("reversals.csv"));
    assertEquals(3, lines.size(), String.join("\n", lines));
    String[] monetisation = lines.stream().filter(l -> l.contains("restore-monetisation")).findFirst().orElseThrow()
        .split(",");
    assertEquals(List.of("restore-monetisation", "2026-10-06", "x", "account", "a2", "rumour", "demonetise",
        "day-2026-10-03"), List.of(monetisation[1], monetisation[2], monetisation[3], monetisation[4],
        monetisation[5], monetisation[6], monetisation[8], monetisation[9]));
    // The statement day 3's export sent for that demonetisation carries this puid (a monetary decision).
    List<String> undone = Files.readAllLines(day3.resolve("statements-x.jsonl")).stream()
        .filter(l -> l.contains("\"puid\":\"" + monetisation[10] + "\"")).toList();
    assertEquals(1, undone.size(), monetisation[10]);
    org.junit.jupiter.api.Assertions.assertTrue(undone.get(0).contains("\"decision_monetary\""), undone.get(0));
    assertEquals("20261003_20261003_day-2026-10-03_" + monetisation[7], monetisation[10]);
    String[] post = lines.stream().filter(l -> l.contains("restore-post")).findFirst().orElseThrow().split(",");
    assertEquals(List.of("restore-post", "post", "r1", "delete-post", "day-2026-10-05"),
        List.of(post[1], post[4], post[5], post[8], post[9]));
    var e7 = io.winnow.TestCli.cli("export", "dsa", out.resolve("runs/day-2026-10-07").toString(), "--out",
        tmp.resolve("dsa-day7").toString(), "--master", "local[2]");
    assertEquals(0, e7.exit(), e7.err());
    assertEquals(1, Files.readAllLines(tmp.resolve("dsa-day7/reversals.csv")).size(), "day 7 reversed nothing");

    Path report = tmp.resolve("day6.html");
    var r6 = io.winnow.TestCli.cli("report", out.resolve("runs/day-2026-10-06").toString(), "--out",
        report.toString(), "--master", "local[2]");
    assertEquals(0, r6.exit(), r6.err());
    String html = Files.readString(report);
    org.junit.jupiter.api.Assertions.assertTrue(html.contains("<p id=\"reversals-total\">2 reversals "
        + "(1 restore-monetisation, 1 restore-post).</p>"), html);
    org.junit.jupiter.api.Assertions.assertTrue(html.contains("<tr><td>restore-post</td><td>post x/r1</td>"
        + "<td>rumour</td><td>delete-post <code>"), html);
  }
}
