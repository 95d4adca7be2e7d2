package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's classes of messy input, each on an archive written here: one sweep of a "messy" archive (stray
 * partition folders, a post in two partitions, an account snapshot written twice, one account id on two platforms, a
 * null platform) that must read or name every file and act on the right rows once; and one small archive per input that
 * must be refused with one line (exit 2): an unpadded day inside the window, a file whose text column has another
 * name, a file whose column has another type, a window without the platform level, an output inside the archive.
 */
class InputIntegrityTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path messy;
  static TestCli.Result messyRun;
  static Path messyDir;
  static JsonNode manifest;

  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = []
        categories {
          rumour { subcategories = [debunked-claim], ladder = [ { strikes = 2, action = demonetise } ], max-actions = 100 }
          impersonation { subcategories = [institution], ladder = [], max-actions = 100 }
          unqualified-advice { subcategories = [medical], ladder = [], max-actions = 100 }
        }
      }
      """;

  static final String ADVICE = """
      rules = [
        {
          id = advice.medical
          version = 1
          category = unqualified-advice
          subcategory = medical
          subject = post
          severity = high
          status = active
          description = "Paid medical consultations by accounts without a medical licence."
          action = delete-post
          when {
            all = [
              { terms = ["在线问诊"] }
              { where = "NOT coalesce(array_contains(account.credentials, 'medical-license'), false)" }
            ]
          }
        }
      ]
      """;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    SweepTest.writeRules(rules);
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("advice.conf"), ADVICE);
    messy = tmp.resolve("messy");
    writeMessyArchive(messy);
  }

  /** The sweep of the messy archive, once, for the tests that read its outputs (the refusals need none). */
  static synchronized void sweepMessy() throws IOException {
    if (messyRun == null) {
      messyRun = sweep(messy, tmp.resolve("out-messy"), "messy");
      messyDir = tmp.resolve("out-messy/runs/messy");
      manifest = new ObjectMapper().readTree(messyDir.resolve("manifest.json").toFile());
    }
  }

  static Row post(String id, String account, String text, String dt, String platform) {
    return SweepTest.post(id, account, dt + " 08:00:00", text, dt, platform);
  }

  static Row account(String id, String name, List<String> credentials, String platform) {
    return RowFactory.create(id, id + "_handle", name, "", Timestamp.valueOf("2020-01-01 00:00:00"), 10L, false, "none",
        credentials, false, false, platform);
  }

  static void writePosts(Path archive, List<Row> rows) {
    spark.createDataFrame(rows, ArchiveSchema.postsWithPartitions()).coalesce(1).write().mode("append")
        .partitionBy("dt", "platform").parquet(archive.resolve("posts").toString());
  }

  static void writeAccounts(Path archive, List<Row> rows) {
    spark.createDataFrame(rows, ArchiveSchema.accountsWithPartitions()).coalesce(1).write().mode("append")
        .partitionBy("platform").parquet(archive.resolve("accounts").toString());
  }

  /**
   * Posts: p1 (the salt rumour) in dt=2026-10-01 and again in dt=2026-10-02; q1 by the doctor d1 on x, q2 by the
   * unlicensed d1 on weibo; a post without a platform; and three entries outside the layout that hold a copy of a posts
   * file: dt=garbage, a day folder without dt=, a file directly under posts/. Accounts: weibo's snapshot written twice.
   */
  static void writeMessyArchive(Path archive) throws IOException {
    writePosts(archive, List.of(
        post("p1", "a1", "Breaking: salt water prevents the virus!", "2026-10-01", "x"),
        post("p3", "a2", "Fact check: no, salt water prevents nothing", "2026-10-01", "x"),
        post("q1", "d1", "在线问诊，50元一次，私信", "2026-10-01", "x"),
        post("p4", "a2", "lovely weather in Hangzhou", "2026-10-01", "weibo"),
        post("pn", "a2", "salt water prevents it", "2026-10-01", null),
        post("q2", "d1", "在线问诊，30元一次，私信", "2026-10-02", "weibo")));
    writePosts(archive, List.of(post("p1", "a1", "Breaking: salt water prevents the virus!", "2026-10-02", "x")));
    writeAccounts(archive, List.of(
        account("a1", "Salt Fan", List.of(), "x"),
        account("a2", "Fact Checker", List.of(), "x"),
        account("d1", "Dr. Li", List.of("medical-license"), "x")));
    List<Row> weibo = List.of(account("d1", "Li health tips", List.of(), "weibo"),
        account("a4", "疾 控 中 心 发布", List.of(), "weibo"));
    writeAccounts(archive, weibo);
    writeAccounts(archive, weibo);
    Path aFile = dataFiles(archive.resolve("posts/dt=2026-10-01/platform=x")).get(0);
    copyInto(aFile, archive.resolve("posts/dt=garbage/platform=x"));
    copyInto(aFile, archive.resolve("posts/2026-10-03/platform=x"));
    Files.copy(aFile, archive.resolve("posts/stray.parquet"));
  }

  static TestCli.Result sweep(Path archive, Path out, String runId, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", "--archive", archive.toString(), "--rules", rules.toString(),
        "--from", "2026-10-01", "--to", "2026-10-03", "--out", out.toString(), "--run-id", runId, "--master",
        "local[2]", "-D", "winnow.spark.shuffle-partitions=2", "-D", "winnow.spark.progress-bar=false", "-D",
        "winnow.quarantine.max-rate=0.5"));
    args.addAll(List.of(more));
    return TestCli.cli(args.toArray(String[]::new));
  }

  static List<Path> dataFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")
          && !p.getFileName().toString().startsWith("_")).sorted().toList();
    }
  }

  static void copyInto(Path file, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(file, dir.resolve(file.getFileName()));
  }

  static List<String> actions() {
    return spark.read().parquet(messyDir.resolve("actions").toString())
        .selectExpr("concat_ws('/', subject_kind, platform, subject_id, category, action)")
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  static void assertOneLine(TestCli.Result run, int exit, String line) {
    assertEquals(exit, run.exit(), run.err());
    assertEquals(line, run.err().lines().findFirst().orElse(""), run.err());
    assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run.err());
  }

  // ------------------------------------------------------------------------------------------------ silent loss

  @Test
  void everyFileUnderPostsIsReadOrNamedAsSkippedWithItsReason() throws Exception {
    sweepMessy();
    assertEquals(0, messyRun.exit(), messyRun.err());
    List<String> skipped = new ArrayList<>();
    manifest.path("skipped_inputs").forEach(s -> skipped.add(s.path("path").asText() + ": " + s.path("reason")
        .asText()));
    assertEquals(List.of(
        "posts/2026-10-03: not a dt=YYYY-MM-DD partition directory, so its files are not read. Move them into a "
            + "partition of the layout posts/dt=YYYY-MM-DD/platform=NAME/*.parquet, or out of posts/",
        "posts/dt=garbage: dt value 'garbage' is not a date (YYYY-MM-DD), so its files are not read. Rename the "
            + "directory to its day, dt=YYYY-MM-DD, or move it out of posts/",
        "posts/stray.parquet: a file directly under posts/, outside any dt=YYYY-MM-DD partition, so it is not read. "
            + "Move it into a partition of the layout posts/dt=YYYY-MM-DD/platform=NAME/*.parquet"), skipped);
    for (String s : skipped) {
      assertTrue(messyRun.out().contains("warning: skipped " + s + "\n"), "the summary names it: " + messyRun.out());
    }
    // Every data file under posts/ is an input of the manifest or lies under a skipped entry.
    Set<String> inputs = new TreeSet<>();
    manifest.path("inputs").forEach(i -> inputs.add(Path.of(java.net.URI.create(i.path("path").asText())).toString()));
    long rows = 0;
    for (JsonNode i : manifest.path("inputs")) {
      rows += i.path("table").asText().equals("posts") ? i.path("rows").asLong() : 0;
    }
    for (Path f : dataFiles(messy.resolve("posts"))) {
      String rel = messy.relativize(f).toString();
      assertTrue(inputs.contains(f.toString()) || skipped.stream().anyMatch(s -> rel.startsWith(s.split(": ")[0])),
          rel + " is read or named");
    }
    assertEquals(7, rows, "7 posts in the files read (the copies in skipped folders not among them)");
    assertEquals(7, manifest.path("row_accounting").path("posts").path("read").asLong(), "rows read = footers");
  }

  @Test
  void aPostInTwoPartitionsIsEvaluatedOnceAndItsCopyQuarantined() throws Exception {
    sweepMessy();
    assertEquals(List.of(
        "account/weibo/a4/impersonation/close-account",
        "post/weibo/q2/unqualified-advice/delete-post",
        "post/x/p1/rumour/delete-post"), actions(),
        "p1 once; a1's one post is one strike, below the ladder's 2 (counted twice it was demonetise); a4 once");
    assertEquals(1, spark.read().parquet(messyDir.resolve("findings").toString())
        .filter("rule_id = 'impersonation.cdc'").count(), "the snapshot written twice gives one finding");
    List<String> reasons = spark.read().parquet(messyDir.resolve("quarantine").toString())
        .selectExpr("concat_ws(' | ', `table`, row_id, reason)").collectAsList().stream()
        .map(r -> r.getString(0).replaceAll("file:\\S+/(dt=|platform=)", "$1")).sorted().toList();
    assertEquals(List.of(
        "accounts | a4 | duplicate account_id a4: the copy in platform=weibo/" + firstFile("accounts/platform=weibo")
            + " row 1 is evaluated",
        "accounts | d1 | duplicate account_id d1: the copy in platform=weibo/" + firstFile("accounts/platform=weibo")
            + " row 0 is evaluated",
        "posts | p1 | duplicate post_id p1: the copy in platform=x/" + firstFile("posts/dt=2026-10-01/platform=x")
            + " row 0 is evaluated",
        "posts | pn | null or empty platform (a platform= partition without a value, e.g. "
            + "platform=__HIVE_DEFAULT_PARTITION__)"), reasons);
    assertEquals("{\"read\":7,\"evaluated\":5,\"quarantined\":2}",
        manifest.path("row_accounting").path("posts").toString());
    assertEquals("{\"read\":7,\"evaluated\":5,\"quarantined\":2}",
        manifest.path("row_accounting").path("accounts").toString());
    assertEquals("{\"posts\":[\"posts post_id p1 on x: 2 copies\"],\"accounts\":[\"accounts account_id a4 on weibo: 2 "
        + "copies\",\"accounts account_id d1 on weibo: 2 copies\"]}", manifest.path("duplicates").toString());
    assertTrue(messyRun.out().contains("warning: duplicate posts post_id p1 on x: 2 copies; the first copy is "
        + "evaluated, the others quarantined\n"), messyRun.out());
  }

  private static String firstFile(String partition) {
    try {
      return dataFiles(messy.resolve(partition)).get(0).getFileName().toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------- wrong actions

  @Test
  void oneAccountIdOnTwoPlatformsIsTwoAccounts() throws Exception {
    sweepMessy();
    List<String> advice = actions().stream().filter(a -> a.contains("unqualified-advice")).toList();
    assertEquals(List.of("post/weibo/q2/unqualified-advice/delete-post"), advice,
        "d1 is a licensed doctor on x (q1 stays) and unlicensed on weibo (q2 goes)");
  }

  /**
   * An override names a subject by id and, where ids repeat across platforms, by platform: an override of post q2 on
   * x leaves q2 on weibo deleted; on weibo it spares it. explain --subject narrows by --platform the same way.
   */
  @Test
  void overridesAndExplainNameASubjectByPlatformAndId() throws Exception {
    sweepMessy();
    Path wrongPlatform = tmp.resolve("override-x.csv");
    Files.writeString(wrongPlatform, "subject_id,platform,decision,reason,reviewer,date\n"
        + "q2,x,exempt,appeal upheld,alice,2026-10-05\n");
    Path rightPlatform = tmp.resolve("override-weibo.csv");
    Files.writeString(rightPlatform, "subject_id,platform,decision,reason,reviewer,date\n"
        + "q2,weibo,exempt,appeal upheld,alice,2026-10-05\n");
    for (Map.Entry<Path, List<String>> c : Map.of(wrongPlatform, List.of("post/weibo/q2/unqualified-advice/delete-post"),
        rightPlatform, List.<String>of()).entrySet()) {
      String run = c.getKey().getFileName().toString().replace(".csv", "");
      TestCli.Result r = sweep(messy, tmp.resolve("out-overrides"), run, "--overrides", c.getKey().toString());
      assertEquals(0, r.exit(), r.err());
      List<String> advice = spark.read().parquet(tmp.resolve("out-overrides/runs/" + run + "/actions").toString())
          .selectExpr("concat_ws('/', subject_kind, platform, subject_id, category, action)").collectAsList().stream()
          .map(x -> x.getString(0)).filter(a -> a.contains("unqualified-advice")).toList();
      assertEquals(c.getValue(), advice, run);
    }
    TestCli.Result onWeibo = TestCli.cli("explain", messyDir.toString(), "--subject", "q2", "--platform", "weibo",
        "--master", "local[2]");
    assertEquals(0, onWeibo.exit(), onWeibo.err());
    assertTrue(onWeibo.out().contains("  subject    post q2 by account d1, platform weibo, dt 2026-10-02\n"),
        onWeibo.out());
    TestCli.Result onX = TestCli.cli("explain", messyDir.toString(), "--subject", "q2", "--platform", "x",
        "--master", "local[2]");
    assertEquals("no action on subject q2 on platform x in run messy\n", onX.out(), onX.err());
  }

  @Test
  void aRowWithoutPlatformIsQuarantinedNotCountedUnderAnEmptyPlatform() throws Exception {
    sweepMessy();
    String csv = Files.readString(messyDir.resolve("counts/csv/counts.csv"));
    assertFalse(csv.contains(",,"), "no count with an empty platform: " + csv);
    assertEquals(1, manifest.path("quarantine").path("tables").path("posts").path("reasons")
        .path("null or empty platform (a platform= partition without a value, e.g. platform=__HIVE_DEFAULT_PARTITION__)")
        .asLong());
  }

  // --------------------------------------------------------------------------------------- refused, one line each

  /** A copy of the messy archive's clean part (x and weibo of 2026-10-01, the accounts) to break one way. */
  static Path clean(String name) throws IOException {
    Path root = tmp.resolve(name);
    for (String part : List.of("posts/dt=2026-10-01/platform=x", "posts/dt=2026-10-01/platform=weibo",
        "accounts/platform=x")) {
      for (Path f : dataFiles(messy.resolve(part))) {
        copyInto(f, root.resolve(part));
      }
    }
    return root;
  }

  @Test
  void anUnpaddedDayInsideTheWindowIsRefused() throws Exception {
    Path archive = clean("unpadded");
    Files.move(archive.resolve("posts/dt=2026-10-01"), archive.resolve("posts/dt=2026-10-2"));
    assertOneLine(sweep(archive, tmp.resolve("out-unpadded"), "r"), 2, "winnow: posts/dt=2026-10-2: the day is not "
        + "written YYYY-MM-DD; it is 2026-10-02, inside the window, and would be read as another day than "
        + "dt=2026-10-02. Rename the directory to dt=2026-10-02");
    assertFalse(Files.exists(tmp.resolve("out-unpadded/runs/r")), "nothing committed");
  }

  @Test
  void aFileThatNamesItsTextColumnOtherwiseIsRefusedNamingTheFile() throws Exception {
    Path archive = clean("drift");
    Path day2 = archive.resolve("posts/dt=2026-10-02/platform=x");
    spark.createDataFrame(List.of(post("p9", "a1", "salt water prevents", "2026-10-02", "x")),
        ArchiveSchema.postsWithPartitions()).drop("dt", "platform").withColumnRenamed("text", "content")
        .coalesce(1).write().parquet(day2.toString());
    String file = dataFiles(day2).get(0).getFileName().toString();
    assertOneLine(sweep(archive, tmp.resolve("out-drift"), "r"), 2, "winnow: posts in " + archive.resolve("posts")
        + ": column 'text' is missing from 1 of 3 files of posts (posts/dt=2026-10-02/platform=x/" + file
        + "; its columns: post_id, account_id, created_at, content, title, repost_of, likes, shares, comments, views, "
        + "monetized, hashtags, links), so their rows would read as null. Rewrite those files with the table's column "
        + "names (the column mapping is per table, not per file). Fix the archive or map the columns under "
        + "winnow.columns.posts in the config");
  }

  @Test
  void aFileWhoseColumnHasAnotherTypeIsRefusedBeforeAnyTask() throws Exception {
    Path archive = clean("types");
    Path day2 = archive.resolve("posts/dt=2026-10-02/platform=x");
    spark.createDataFrame(List.of(post("p9", "a1", "salt water prevents", "2026-10-02", "x")),
        ArchiveSchema.postsWithPartitions()).drop("dt", "platform").withColumn("likes",
            org.apache.spark.sql.functions.col("likes").cast("string").cast("binary"))
        .coalesce(1).write().parquet(day2.toString());
    List<String> bigint = new ArrayList<>();
    for (Path f : dataFiles(archive.resolve("posts"))) {
      if (!f.startsWith(day2)) {
        bigint.add(archive.relativize(f).toString());
      }
    }
    assertOneLine(sweep(archive, tmp.resolve("out-types"), "r"), 2, "winnow: posts in " + archive.resolve("posts")
        + ": column 'likes' has another type in some files: bigint in 2 files (" + String.join(", ", bigint)
        + "), binary in 1 file (" + archive.relativize(dataFiles(day2).get(0)) + "); every file of posts must agree. "
        + "Rewrite the odd files with the table's types. Fix the archive or map the columns under winnow.columns.posts "
        + "in the config");
  }

  @Test
  void aWindowWithFilesButNoPlatformLevelNamesTheMissingLevel() throws Exception {
    Path archive = clean("no-platform");
    Path day = archive.resolve("posts/dt=2026-10-01");
    Path file = dataFiles(day.resolve("platform=x")).get(0);
    Files.move(file, day.resolve(file.getFileName()));
    assertOneLine(sweep(archive, tmp.resolve("out-no-platform"), "r"), 2, "winnow: posts/dt=2026-10-01 holds files ("
        + file.getFileName() + ") but no platform=NAME directories: the platform= level is missing. Move the files "
        + "into posts/dt=2026-10-01/platform=NAME/ (layout posts/dt=YYYY-MM-DD/platform=NAME/*.parquet)");
  }

  @Test
  void anOutputInsideTheArchivesTablesIsRefused() throws Exception {
    Path archive = clean("out-inside");
    Path out = archive.resolve("posts/dt=2026-10-01");
    assertOneLine(sweep(archive, out, "r"), 2, "winnow: --out " + out + " is inside the archive's posts/ table (file:"
        + archive.resolve("posts") + "): the run would be written into its partition tree and read as archive data. "
        + "Give an --out outside " + archive);
    assertFalse(Files.exists(out.resolve("runs")), "nothing written into the archive");
  }

  @Test
  void anOutOfRangeSettingIsAConfigErrorNamingTheKeyAndRange() {
    assertOneLine(sweep(messy, tmp.resolve("out-range"), "r", "-D", "winnow.quarantine.max-rate=-1"), 2,
        "winnow: configuration: command-line flag: winnow.quarantine.max-rate = -1 is out of range. Allowed: 0 to 1 "
            + "(a share of rows: 0 fails on any quarantined row, 1 never fails)");
  }

  @Test
  void aFileWithAnIntactFooterAndDamagedPagesStopsWithOneLineNamingIt() throws Exception {
    Path archive = clean("pages");
    Path file = dataFiles(archive.resolve("posts/dt=2026-10-01/platform=x")).get(0);
    byte[] bytes = Files.readAllBytes(file);
    int footer = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    for (int i = 4; i < bytes.length - 8 - footer; i++) {
      bytes[i] = (byte) (i * 31 + 7); // the pages; "PAR1" and the footer stay intact
    }
    Files.write(file, bytes);
    TestCli.Result run = sweep(archive, tmp.resolve("out-pages"), "r");
    assertEquals(2, run.exit(), run.err());
    String line = run.err().lines().findFirst().orElse("");
    assertTrue(line.startsWith("winnow: cannot read input file " + file.toUri() + ": "), line);
    assertTrue(line.endsWith(". The file's footer is intact but its data is damaged: replace or remove the file and "
        + "run again"), line);
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(Files.exists(tmp.resolve("out-pages/runs/r")), "nothing committed");

    // As a user runs it (bin/winnow's JVM and logging): standard error holds that one line and nothing else.
    Path log = tmp.resolve("pages-child.err");
    Process child = child(log, "sweep", "--archive", archive.toString(), "--rules", rules.toString(), "--from",
        "2026-10-01", "--to", "2026-10-03", "--out", tmp.resolve("out-pages-child").toString(), "--run-id", "r",
        "--master", "local[1]", "-D", "winnow.spark.progress-bar=false", "-D", "winnow.spark.shuffle-partitions=2");
    assertTrue(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the child sweep ended");
    assertEquals(2, child.exitValue(), Files.readString(log));
    // The same line; only the identity hash of the parser's object in the cause's message differs between JVMs.
    assertEquals(List.of(line.replaceAll("@[0-9a-f]+", "@")), Files.readAllLines(log).stream()
        .map(l -> l.replaceAll("@[0-9a-f]+", "@")).toList(), "one line on standard error, no stack trace");
  }

  /** The command line in a child JVM as bin/winnow starts it (its --add-opens flags, conf/log4j2.properties). */
  static Process child(Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath());
    cmd.add("-cp");
    cmd.add("target/classes" + java.io.File.pathSeparator + Files.readString(Path.of("target/classpath.txt")).strip());
    cmd.add("io.winnow.cli.WinnowCli");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("WINNOW_DEBUG");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  @Test
  void aListNotInUtf8IsAnErrorWithFileAndLine() throws Exception {
    Path gbk = tmp.resolve("rules-gbk");
    SweepTest.writeRules(gbk);
    Files.write(gbk.resolve("lists/salt.txt"), "salt water prevents\n喝盐水预防病毒\n".getBytes("GBK"));
    byte first = "喝".getBytes("GBK")[0];
    TestCli.Result lint = TestCli.cli("rules", "lint", gbk.toString());
    assertEquals(2, lint.exit(), lint.out() + lint.err());
    assertTrue((lint.out() + lint.err()).contains(String.format("rules-gbk/lists/salt.txt:2: not valid UTF-8: byte "
        + "0x%02X at column 1 (the file looks saved as Latin-1, GBK or another encoding). Save the file as UTF-8",
        first & 0xFF)), lint.out() + lint.err());
  }
}
