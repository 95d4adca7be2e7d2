package io.winnow.sweep;

import static io.winnow.TestCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.JobFailure;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.rules.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail on SweepTest's hand-written archive: the manifest's shape, idempotent re-runs, audit verify against
 * tampering, explain, overrides with diff, the quarantine of bad rows and its rate limit, and winnow runs.
 */
class AuditTrailTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;
  static Path out;
  static Path base;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    SweepTest.Fixture fixture = SweepTest.writeFixture(spark, tmp);
    rules = fixture.rules();
    archive = fixture.archive();
    out = tmp.resolve("out");
    sweep(archive, "base", out, TestSpark.settings());
    base = out.resolve("runs/base");
  }

  static SweepResult sweep(Path archive, String runId, Path out, Settings settings) {
    SweepRequest request = new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-10-03"), out.toString(), runId, false, "test");
    return new Sweep(spark, settings, RuleLoader.load(rules), request, line -> { }).execute();
  }

  static JsonNode manifest(Path run) throws IOException {
    return new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
  }

  static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void manifestHasItsPinnedShapeAndAccountsForEveryRow() throws Exception {
    JsonNode m = manifest(base);
    assertEquals(List.of("manifest_version", "output_schema_version", "run_id", "started", "ended", "user", "host",
        "command_line", "window", "shadow", "archive", "inputs", "input_partitions", "rule_set", "config_source",
        "config", "versions", "row_accounting", "findings", "counts", "stage_millis", "stage_rows", "outputs", "decision_date",
        "skipped_inputs", "duplicates", "quarantine", "overrides", "actions_per_category_action"), keys(m));
    assertEquals(List.of("table", "partition", "path", "bytes", "modified", "rows"), keys(m.path("inputs").get(0)));
    assertEquals(List.of("table", "partition", "files", "bytes", "rows", "quarantined"),
        keys(m.path("input_partitions").get(0)));
    assertEquals(List.of("hash", "files", "rules", "policy"), keys(m.path("rule_set")));
    assertEquals(List.of("id", "version", "status", "category", "subcategory", "subject", "severity", "action",
        "description", "origin"), keys(m.path("rule_set").path("rules").get(0)));
    assertEquals(List.of("winnow", "git_commit", "spark", "java"), keys(m.path("versions")));
    assertEquals("4.2.0", m.path("versions").path("spark").asText());
    assertEquals(List.of("path", "bytes", "rows", "sha256"), keys(m.path("outputs").get(0)));
    assertEquals(List.of("schema check", "posts pass", "accounts pass", "findings", "policy", "write"),
        keys(m.path("stage_millis")), "commit is timed after the manifest is written");

    // posts: 6 rows read in the window (2 partitions of dt=2026-10-01, 1 of dt=2026-10-02), 2 quarantined.
    assertEquals("{\"read\":6,\"evaluated\":4,\"quarantined\":2}", m.path("row_accounting").path("posts").toString());
    StringBuilder partitions = new StringBuilder();
    for (JsonNode p : m.path("input_partitions")) {
      partitions.append(p.path("table").asText()).append('/').append(p.path("partition").asText()).append(' ')
          .append(p.path("rows").asLong()).append('/').append(p.path("quarantined").asLong()).append('\n');
    }
    assertEquals("""
        accounts/platform=weibo 2/0
        accounts/platform=x 2/0
        posts/dt=2026-10-01/platform=weibo 3/2
        posts/dt=2026-10-01/platform=x 2/0
        posts/dt=2026-10-02/platform=x 1/0
        reports/dt=2026-10-01 1/0
        """, partitions.toString(), "rows read and quarantined per partition, from footers and the one pass");
    assertEquals("{\"impersonation\":{\"close-account\":1},\"rumour\":{\"delete-post\":2,\"demonetise\":1}}",
        m.path("actions_per_category_action").toString(), "actions per category and action = counts output");
    assertEquals("{\"read\":0,\"applied\":[],\"actions_suppressed\":0}", m.path("overrides").toString());
  }

  @Test
  void sameRunTwiceGivesIdenticalRowsAndCounts() throws Exception {
    Path again = tmp.resolve("out-again");
    sweep(archive, "base", again, TestSpark.settings());
    Path run = again.resolve("runs/base");
    List<Row> first = spark.read().parquet(base.resolve("actions").toString()).orderBy("action_id").collectAsList();
    List<Row> second = spark.read().parquet(run.resolve("actions").toString()).orderBy("action_id").collectAsList();
    assertEquals(first, second, "every column, decision_date included");
    assertEquals(Files.readString(base.resolve("counts/csv/counts.csv")), Files.readString(run.resolve(
        "counts/csv/counts.csv")));
    for (String dir : List.of("actions", "findings", "quarantine")) {
      assertEquals(hashes(base, dir), hashes(run, dir), dir + " files are byte-identical");
    }
  }

  static Map<String, String> hashes(Path run, String under) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode f : manifest(run).path("outputs")) {
      if (f.path("path").asText().startsWith(under + "/")) {
        out.put(f.path("path").asText().replaceAll("part-[0-9a-f-]+", "part"), f.path("sha256").asText());
      }
    }
    return out;
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path p = it.next();
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  static String dataFile(Path run, String under) throws IOException {
    try (Stream<Path> files = Files.walk(run.resolve(under))) {
      return run.relativize(files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow())
          .toString();
    }
  }

  @Test
  void auditVerifyNamesEveryTamperedFile() throws Exception {
    var clean = cli("audit", "verify", base.toString());
    assertEquals(0, clean.exit(), clean.out() + clean.err());
    assertTrue(clean.out().startsWith("verified " + base + ": 9 files, "), clean.out());

    Path modified = copy(base, tmp.resolve("tamper-modify"));
    String action = dataFile(modified, "actions/category=rumour/action=delete-post");
    byte[] bytes = Files.readAllBytes(modified.resolve(action));
    bytes[bytes.length / 2] ^= 1;
    Files.write(modified.resolve(action), bytes);
    var m = cli("audit", "verify", modified.toString());
    assertEquals(1, m.exit());
    assertTrue(m.out().startsWith("modified: " + action + " (SHA-256 "), m.out());
    assertTrue(m.out().endsWith("verification of " + modified + " FAILED: 1 problem\n"), m.out());

    Path removed = copy(base, tmp.resolve("tamper-remove"));
    Files.delete(removed.resolve(action));
    var r = cli("audit", "verify", removed.toString());
    assertEquals(1, r.exit());
    assertEquals("removed: " + action + "\n"
        + "counts.csv say rumour/delete-post = 2, the action files hold 1 rows\n"
        + "the manifest's counts say rumour/delete-post = 2, the action files hold 1 rows\n"
        + "verification of " + removed + " FAILED: 3 problems\n", r.out());

    Path added = copy(base, tmp.resolve("tamper-add"));
    Files.writeString(added.resolve("actions/category=rumour/extra.csv"), "subject_id\np9\n");
    var a = cli("audit", "verify", added.toString());
    assertEquals(1, a.exit());
    assertEquals("added: actions/category=rumour/extra.csv\nverification of " + added + " FAILED: 1 problem\n",
        a.out());

    Path manifest = copy(base, tmp.resolve("tamper-manifest"));
    Files.writeString(manifest.resolve("manifest.json"), Files.readString(manifest.resolve("manifest.json"))
        .replace("\"quarantined\" : 2", "\"quarantined\" : 1"));
    var mf = cli("audit", "verify", manifest.toString());
    assertEquals(1, mf.exit());
    assertTrue(mf.out().startsWith("modified: manifest.json (its SHA-256 "), mf.out());
    assertTrue(mf.out().contains("row accounting of posts does not balance: read 6 != evaluated 4 + quarantined 1\n"),
        mf.out());
  }

  @Test
  void explainShowsRulesSpansPredicatesAndLadder() {
    String p2 = spark.read().parquet(base.resolve("actions").toString()).filter("subject_id = 'p2'")
        .first().getAs("action_id");
    var post = cli("explain", base.toString(), p2, "--master", "local[2]");
    assertEquals(0, post.exit(), post.err());
    assertTrue(post.out().contains("  decision   rumour / debunked-claim: delete-post, severity high, review "
        + "required: no\n"), post.out());
    assertTrue(post.out().contains(
        "    rumour.salt v3 (rules/rumour.conf:2): Salt water prevents the virus (debunked).\n"),
        post.out());
    assertTrue(post.out().contains("    rumour.salt  term \"喝盐水预防病毒\" in text [2, 11): 听说[[喝 盐 水预防病毒]]，快转发\n"),
        post.out());

    var account = cli("explain", base.toString(), "--subject", "a1", "--master", "local[2]");
    assertEquals(0, account.exit(), account.err());
    assertTrue(account.out().contains("  ladder     2 strikes in rumour within the window\n"), account.out());
    assertTrue(account.out().contains("    strike 1: post p1 (delete-post by rumour.salt v3, dt 2026-10-01, action "),
        account.out());
    assertTrue(account.out().contains("    step 2 strikes -> demonetise  (reached)\n"), account.out());

    var impostor = cli("explain", base.toString(), "--subject", "a4", "--master", "local[2]");
    assertTrue(impostor.out().contains("    impersonation.cdc  predicate read account.verified = false\n"),
        impostor.out());
    assertTrue(impostor.out().contains("    impersonation.cdc  predicate read account.verification_type = none\n"),
        impostor.out());

    var missing = cli("explain", base.toString(), "nope", "--master", "local[2]");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().startsWith("winnow: no action nope in "), missing.err());
  }

  @Test
  void explainCountsStrikesByTheirSeverityWeights() throws Exception {
    // The same rules with high-severity posts weighing 2: a1's two posts (p1, p2, both rumour.salt, high) make 4
    // strikes, which reach a second step that two weight-1 strikes would not.
    Path weighted = tmp.resolve("rules-weighted");
    SweepTest.writeRules(weighted);
    String policy = SweepTest.POLICY
        .replace("review-required-actions = [close-account]\n",
            "review-required-actions = [close-account]\n  severity-weights { high = 2 }\n")
        .replace("ladder = [ { strikes = 2, action = demonetise } ]",
            "ladder = [ { strikes = 2, action = demonetise }, { strikes = 4, action = suspend, days = 7 } ]");
    assertTrue(policy.contains("high = 2") && policy.contains("strikes = 4"), policy);
    Files.writeString(weighted.resolve("policy.conf"), policy);
    Path o = tmp.resolve("out-weighted");
    SweepRequest request = new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-10-03"), o.toString(), "weighted", false, "test");
    SweepResult result = new Sweep(spark, TestSpark.settings(), RuleLoader.load(weighted), request, line -> { })
        .execute();
    assertEquals(1, result.actions("rumour", "suspend"), "a1's 2 + 2 strikes reach the step at 4");

    var account = cli("explain", o.resolve("runs/weighted").toString(), "--subject", "a1", "--master", "local[2]");
    assertEquals(0, account.exit(), account.err());
    assertTrue(account.out().contains("  decision   rumour / debunked-claim: suspend 7 days, severity high, "),
        account.out());
    assertTrue(account.out().contains("  ladder     4 strikes in rumour within the window (2 posts, their severity "
        + "weights summed)\n"), account.out());
    assertTrue(account.out().contains("    step 2 strikes -> demonetise  (reached)\n"), account.out());
    assertTrue(account.out().contains("    step 4 strikes -> suspend 7 days  (reached)\n"), account.out());
  }

  @Test
  void overridesSuppressActionsForTheRuleVersionAndDiffShowsIt() throws Exception {
    Path file = tmp.resolve("overrides.csv");
    Files.writeString(file, """
        subject_id,decision,reason,reviewer,date,rule_id,rule_version
        p1,reinstate,satire account; appeal upheld,alice,2026-10-04,rumour.salt,3
        p2,reinstate,rule v2 decision,bob,2026-10-04,rumour.salt,2
        """);
    Path o = tmp.resolve("out-overrides");
    SweepResult result = sweep(archive, "appealed", o, TestSpark.settings(Map.of("winnow.audit.overrides-file",
        file.toString())));
    assertEquals(1, result.actions("rumour", "delete-post"), "p1 reinstated; p2's override names another version");
    assertEquals(0, result.actions("rumour", "demonetise"), "a1 has one strike left");
    JsonNode applied = manifest(o.resolve("runs/appealed")).path("overrides");
    assertEquals(2, applied.path("read").asInt());
    assertEquals(2, applied.path("actions_suppressed").asLong(), "p1's delete-post and a1's demonetise");
    assertEquals(1, applied.path("applied").size(), applied.toString());
    assertEquals("overrides.csv:2 p1 reinstate 1 1", applied.path("applied").get(0).path("origin").asText() + " "
        + applied.path("applied").get(0).path("subject_id").asText() + " "
        + applied.path("applied").get(0).path("decision").asText() + " "
        + applied.path("applied").get(0).path("findings_overridden").asLong() + " "
        + applied.path("applied").get(0).path("actions_suppressed").asLong());
    assertEquals(1, spark.read().parquet(o.resolve("runs/appealed/findings").toString())
        .filter("rule_status = 'overridden'").count(), "the finding is kept, marked overridden");

    var diff = cli("diff", base.toString(), o.resolve("runs/appealed").toString(), "--master", "local[2]");
    assertEquals(0, diff.exit(), diff.err());
    String table = diff.out().lines().skip(1).limit(5).reduce("", (x, y) -> x + y.replaceAll(" +", " ") + "\n");
    assertEquals("""
        category action A B added removed changed
        impersonation close-account 1 1 0 0 0
        rumour delete-post 2 1 0 1 0
        rumour demonetise 1 0 0 1 0
        0 added, 2 removed, 0 changed (counted under B's action)
        """, table, diff.out());
    assertTrue(diff.out().contains("  removed  rumour               post p1: delete-post -> none (rumour.salt v3)"),
        diff.out());
  }

  @Test
  void badRowsAreQuarantinedWithTheirReasonAndTooManyFailTheRun() throws Exception {
    Path bad = tmp.resolve("archive-bad");
    List<Row> posts = new ArrayList<>();
    posts.add(SweepTest.post("q1", "a1", "2026-10-01 08:00:00", "fine text", "2026-10-01", "x"));
    posts.add(SweepTest.post("q2", "a1", "1970-01-01 00:00:00", "epoch zero", "2026-10-01", "x"));
    posts.add(SweepTest.post("q3", "a1", "2026-10-01 08:00:00", "from elsewhere", "2026-10-01", "myspace"));
    posts.add(SweepTest.post("q4", "a1", "2026-10-01 08:00:00", "mangled \uFFFD text", "2026-10-01", "x"));
    posts.add(SweepTest.post("q5", "a1", "2026-10-01 08:00:00", "x".repeat(50), "2026-10-01", "x"));
    posts.add(SweepTest.post("q6", "a1", "2026-10-01 08:00:00", "PLACEHOLDER", "2026-10-01", "x"));
    // q6's text becomes bytes that are not UTF-8 (a cast from binary keeps them as they are).
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions())
        .withColumn("text", functions.when(functions.col("post_id").equalTo("q6"),
            functions.lit(new byte[] {'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '!'}).cast("string"))
            .otherwise(functions.col("text")))
        .write().partitionBy("dt", "platform").parquet(bad.resolve("posts").toString());
    copy(archive.resolve("accounts"), bad.resolve("accounts"));
    Path conf = tmp.resolve("platforms.conf");
    Files.writeString(conf, "winnow.quarantine.known-platforms = [x, weibo]\n");

    Path o = tmp.resolve("out-bad");
    SweepResult result = sweep(bad, "bad", o, settings(conf, "1.0"));
    assertEquals(new SweepResult.TableAccounting(6, 1, 5), result.tables().get("posts"));
    List<String> reasons = spark.read().parquet(o.resolve("runs/bad/quarantine").toString()).orderBy("row_id")
        .collectAsList().stream().map(r -> r.getAs("row_id") + ": " + r.getAs("reason")).toList();
    assertEquals(List.of(
        "q2: created_at 1970-01-01 00:00:00 out of range [2000-01-01, 2100-01-01)",
        "q3: unknown platform 'myspace'. Known: x, weibo",
        "q4: text is not valid UTF-8 (undecodable bytes or U+FFFD)",
        "q5: text longer than 40 characters (50)",
        "q6: text is not valid UTF-8 (undecodable bytes or U+FFFD)"), reasons);

    Path failed = tmp.resolve("out-bad-strict");
    JobFailure e = assertThrows(JobFailure.class, () -> sweep(bad, "too-bad", failed, settings(conf, "0.1")));
    assertEquals("quarantine rate over winnow.quarantine.max-rate = 0.1, nothing committed: posts: 83.3% of rows "
        + "quarantined (5 of 6), top reasons: text is not valid UTF-8 (undecodable bytes or U+FFFD) (2), created_at "
        + "out of range [2000-01-01, 2100-01-01) (1), text longer than 40 characters (1). Fix the archive (or its column mapping), or raise "
        + "the limit if this is expected", e.getMessage());
    assertFalse(Files.exists(failed.resolve("runs/too-bad")), "nothing committed");

    // winnow runs: one committed run, one failed, and the leftovers of a killed one.
    Files.createDirectories(failed.resolve("runs/.staging/killed.0f8fad5b-d9cb-469f-a165-70867728950e/actions"));
    Files.createDirectories(failed.resolve("runs/half"));
    copy(o.resolve("runs/bad"), failed.resolve("runs/bad"));
    var runs = cli("runs", failed.toString());
    assertEquals(0, runs.exit(), runs.err());
    List<String> lines = runs.out().lines().map(l -> l.replaceAll(" +", " ")).toList();
    assertTrue(lines.get(1).startsWith("bad committed 2026-10-01..2026-10-03 "
        + result.ruleSetHash().substring(0, 12) + " 1 5 "), lines.toString());
    assertEquals("half incomplete no _SUCCESS matching its manifest", lines.get(2).strip());
    assertTrue(lines.get(3).startsWith("killed incomplete ") && lines.get(3).endsWith("staging only: running now, "
        + "or died (the next sweep of this run id cleans it)"), lines.get(3));
    assertTrue(lines.get(4).startsWith("too-bad failed 2026-10-01..2026-10-03 " + result.ruleSetHash()
        .substring(0, 12)) && lines.get(4).endsWith("JobFailure: quarantine rate over winnow.quarantine.max-rate "
        + "= 0.1, nothing committed: posts: 83.3% of rows quarantined (5 of 6), top reasons: text is not valid UTF-8 "
        + "(undecodable bytes or U+FFFD) (2), created_at out of range [2000-01-01, 2100-01-01) (1), text longer than 40 characters (1). Fix "
        + "the archive (or its column mapping), or raise the limit if this is expected"), lines.get(4));
    assertEquals("4 runs", lines.get(5));
  }

  static Settings settings(Path conf, String maxRate) {
    return Settings.load(conf, Map.of("winnow.spark.master", "local[2]", "winnow.spark.shuffle-partitions", "2",
        "winnow.spark.progress-bar", "false", "winnow.sweep.max-text-chars", "40",
        "winnow.quarantine.max-rate", maxRate));
  }
}
