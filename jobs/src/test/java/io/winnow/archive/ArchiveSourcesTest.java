package io.winnow.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.rules.RuleLoader;
import io.winnow.run.Manifest;
import io.winnow.sweep.ArchiveReader;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives as users have them: the same posts and accounts as JSON Lines, CSV and ORC, with the types such files
 * carry (ISO and epoch-second timestamps, 0/1 booleans, integer counters), read through the same mapping, coercions
 * and schema check as winnow's Parquet layout; and a sweep of JSON Lines equal to a sweep of the layout.
 */
class ArchiveSourcesTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static final LocalDate FROM = LocalDate.parse("2026-10-01");
  static final LocalDate TO = LocalDate.parse("2026-10-02");

  static final String POSTS_JSONL = """
      {"post_id":"p1","account_id":"a1","created_at":"2026-10-01T08:00:00Z","text":"salt water prevents it","likes":3,"shares":0,"comments":1,"views":10,"monetized":0,"platform":"x"}
      {"post_id":"p2","account_id":"a1","created_at":"2026-10-02 09:30:00","text":"喝盐水预防病毒","likes":1,"shares":0,"comments":0,"views":5,"monetized":1,"platform":"weibo"}
      {"post_id":"p3","account_id":"a2","created_at":"2026-10-05T00:00:00Z","text":"outside the window","likes":0,"shares":0,"comments":0,"views":1,"monetized":0,"platform":"x"}
      {"post_id":"p4","account_id":"a2","created_at":"not a time","text":"no valid time","likes":0,"shares":0,"comments":0,"views":1,"monetized":0,"platform":"x"}
      """;

  static final String ACCOUNTS_CSV = """
      account_id,handle,display_name,bio,created_at,followers,verified,verification_type,platform
      a1,saltfan,Salt Fan,,1577836800,5000,0,none,x
      a2,china_cdc,中国疾控中心,,1262304000,9000000,1,government,weibo
      """;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    Files.createDirectories(tmp.resolve("jsonl"));
    Files.writeString(tmp.resolve("jsonl/posts.jsonl"), POSTS_JSONL);
    Files.createDirectories(tmp.resolve("csv"));
    Files.writeString(tmp.resolve("csv/accounts.csv"), ACCOUNTS_CSV);
  }

  static Settings sources(Map<String, String> keys) {
    return TestSpark.settings(keys);
  }

  @Test
  void jsonLinesPostsAreCoercedFilteredOnTheWindowAndKeepRowsWithoutATimeForQuarantine() {
    Settings s = sources(Map.of("winnow.archive.posts.format", "json",
        "winnow.archive.posts.path", tmp.resolve("jsonl/posts.jsonl").toString(),
        "winnow.archive.accounts.format", "csv",
        "winnow.archive.accounts.path", tmp.resolve("csv/accounts.csv").toString()));
    ArchiveReader reader = new ArchiveReader(spark, s, "");
    Dataset<Row> read = reader.posts(FROM, TO);
    List<Row> posts = read.orderBy("post_id").collectAsList();
    assertEquals(List.of("p1", "p2", "p4"), posts.stream().map(r -> r.<String>getAs("post_id")).toList(),
        "p3 is after the window; p4's time does not parse and stays for the sweep to quarantine");
    Row p1 = posts.get(0);
    assertEquals(java.sql.Timestamp.valueOf("2026-10-01 08:00:00"), p1.getAs("created_at"));
    assertEquals("2026-10-01", p1.getAs("dt"));
    assertEquals("x", p1.getAs("platform"));
    assertEquals(false, p1.getAs("monetized"), "0 is false");
    assertEquals(3L, (long) p1.getAs("likes"));
    assertEquals(true, posts.get(1).getAs("monetized"), "1 is true");
    assertEquals("2026-10-02", posts.get(1).getAs("dt"));
    assertEquals(null, (Object) posts.get(2).getAs("created_at"));
    // The canonical columns, then the hidden ones every reader gives for duplicates (the source and a row id).
    List<String> expected = new java.util.ArrayList<>(List.of(ArchiveSchema.postsWithPartitions().fieldNames()));
    expected.addAll(List.of(io.winnow.sweep.ArchiveReader.FILE, io.winnow.sweep.ArchiveReader.ROW));
    assertEquals(expected, List.of(read.columns()));

    List<Row> accounts = reader.accounts().orderBy("account_id").collectAsList();
    assertEquals(java.sql.Timestamp.valueOf("2020-01-01 00:00:00"), accounts.get(0).getAs("created_at"),
        "epoch seconds 1577836800");
    assertEquals(true, accounts.get(1).getAs("verified"));
    assertEquals(9_000_000L, (long) accounts.get(1).getAs("followers"));
    assertEquals("中国疾控中心", accounts.get(1).getAs("display_name"));
    // Posts and accounts are counted by the sweep's pass over them (see the sweep test below), not by a read of their own.
    assertEquals(List.of("posts/source=json " + ArchiveReader.UNCOUNTED, "accounts/source=csv "
        + ArchiveReader.UNCOUNTED), reader.files().stream().map(f -> f.table() + "/" + f.partition() + " " + f.rows())
        .toList(), "no count before the pass");
    assertEquals(List.of("posts from " + tmp.resolve("jsonl/posts.jsonl") + " (json) is not partitioned by dt, so it "
        + "could not be pruned: every row was read and filtered on created_at for the window. Partition it by dt "
        + "(YYYY-MM-DD), or import it (winnow import), to read only the window's days"), reader.notes(),
        "the summary says the source was read whole");
  }

  /**
   * Posts partitioned by day (dt=YYYY-MM-DD) as Parquet files outside the layout, as a Delta table, and as a table of
   * Spark's catalog over that Delta table: the window prunes whole days. The day after the window holds a file that is
   * not Parquet at all, so a reader that opened it would fail; dt is the partition's, as in the layout, so p4 (no valid
   * time) is read on its day.
   */
  @Test
  void partitionedFilesDeltaAndCatalogTablesArePrunedByTheWindow() throws Exception {
    Dataset<Row> days = spark.read().json(tmp.resolve("jsonl/posts.jsonl").toString())
        .withColumn("dt", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("post_id")
            .equalTo("p2"), "2026-10-02").when(org.apache.spark.sql.functions.col("post_id").equalTo("p3"),
            "2026-10-05").otherwise("2026-10-01"));
    days.write().partitionBy("dt").parquet(tmp.resolve("by-day/posts").toString());
    days.write().format("delta").partitionBy("dt").save(tmp.resolve("delta/posts").toString());
    spark.sql("CREATE TABLE archive_posts USING delta LOCATION '" + tmp.resolve("delta/posts") + "'");
    for (String dir : List.of("by-day/posts/dt=2026-10-05", "delta/posts/dt=2026-10-05")) {
      try (var files = Files.list(tmp.resolve(dir))) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
          Files.writeString(f, "not parquet: a reader that opens a day outside the window fails here");
        }
      }
    }
    Map<String, Map<String, String>> sources = Map.of(
        "parquet", Map.of("winnow.archive.posts.format", "parquet",
            "winnow.archive.posts.path", tmp.resolve("by-day/posts").toString()),
        "delta", Map.of("winnow.archive.posts.format", "delta",
            "winnow.archive.posts.path", tmp.resolve("delta/posts").toString()),
        "table", Map.of("winnow.archive.posts.format", "table", "winnow.archive.posts.table", "archive_posts"));
    for (Map.Entry<String, Map<String, String>> source : sources.entrySet()) {
      Map<String, String> keys = new java.util.HashMap<>(source.getValue());
      keys.put("winnow.archive.accounts.format", "csv");
      keys.put("winnow.archive.accounts.path", tmp.resolve("csv/accounts.csv").toString());
      ArchiveReader reader = new ArchiveReader(spark, sources(keys), "");
      List<String> ids = reader.posts(FROM, TO).orderBy("post_id").collectAsList().stream()
          .map(r -> r.<String>getAs("post_id") + "@" + r.getAs("dt") + (r.getAs("created_at") == null ? " (no time)"
              : "")).toList();
      assertEquals(List.of("p1@2026-10-01", "p2@2026-10-02", "p4@2026-10-01 (no time)"), ids, source.getKey());
      assertEquals(List.of(), reader.notes(), source.getKey() + " was pruned, so the summary has nothing to say");
      assertEquals(List.of("posts/source=" + source.getKey() + " " + ArchiveReader.UNCOUNTED), reader.files().stream()
          .map(f -> f.table() + "/" + f.partition() + " " + f.rows()).toList(), source.getKey());
    }
  }

  @Test
  void orcAndFlatParquetReadTheSame() {
    Dataset<Row> jsonl = spark.read().json(tmp.resolve("jsonl/posts.jsonl").toString());
    jsonl.write().orc(tmp.resolve("orc/posts").toString());
    jsonl.write().parquet(tmp.resolve("flat/posts").toString());
    for (String format : List.of("orc", "parquet")) {
      Settings s = sources(Map.of("winnow.archive.posts.format", format, "winnow.archive.posts.path",
          tmp.resolve(format.equals("orc") ? "orc/posts" : "flat/posts").toString(),
          "winnow.archive.accounts.format", "csv",
          "winnow.archive.accounts.path", tmp.resolve("csv/accounts.csv").toString()));
      List<String> ids = new ArchiveReader(spark, s, "").posts(FROM, TO).orderBy("post_id").collectAsList().stream()
          .map(r -> r.<String>getAs("post_id") + "@" + r.getAs("dt")).toList();
      assertEquals(List.of("p1@2026-10-01", "p2@2026-10-02", "p4@null"), ids, format);
    }
  }

  @Test
  void aSourceWithoutPlatformOrWithAnUnknownFormatIsNamed() throws Exception {
    Files.writeString(tmp.resolve("no-platform.jsonl"), "{\"post_id\":\"p1\",\"account_id\":\"a1\",\"created_at\":"
        + "\"2026-10-01T08:00:00Z\",\"text\":\"t\"}\n");
    Settings s = sources(Map.of("winnow.archive.posts.format", "json",
        "winnow.archive.posts.path", tmp.resolve("no-platform.jsonl").toString(),
        "winnow.archive.accounts.format", "csv",
        "winnow.archive.accounts.path", tmp.resolve("csv/accounts.csv").toString()));
    UserError e = assertThrows(UserError.class, () -> new ArchiveReader(spark, s, "").posts(FROM, TO));
    assertEquals("posts in " + tmp.resolve("no-platform.jsonl") + " (json): missing column 'platform'. A source "
        + "other than winnow's layout needs the platform as a column", e.getMessage());
    Settings notDelta = sources(Map.of("winnow.archive.posts.format", "delta",
        "winnow.archive.posts.path", tmp.resolve("jsonl").toString(), "winnow.archive.accounts.format", "csv",
        "winnow.archive.accounts.path", tmp.resolve("csv/accounts.csv").toString()));
    UserError d = assertThrows(UserError.class, () -> new ArchiveReader(spark, notDelta, "").posts(FROM, TO));
    assertTrue(d.getMessage().startsWith("cannot read posts as delta from " + tmp.resolve("jsonl") + ": "),
        d.getMessage());
    assertTrue(d.getMessage().endsWith(". Check winnow.archive.posts (format, path, table, options)"), d.getMessage());
    UserError f = assertThrows(UserError.class, () -> sources(Map.of("winnow.archive.posts.format", "xlsx")));
    assertTrue(f.getMessage().contains("'xlsx' is not a format winnow reads. Use one of parquet, json, csv, orc, "
        + "delta, table"), f.getMessage());
  }

  @Test
  void aSweepOfJsonLinesEqualsASweepOfTheParquetLayout() throws Exception {
    Path rules = tmp.resolve("rules");
    TestRuns.writeRules(rules);
    Path layout = tmp.resolve("layout");
    TestRuns.writeArchive(spark, layout);
    // The same rows as JSON Lines: platform as a column, dt left to be derived from created_at.
    spark.read().parquet(layout.resolve("posts").toString()).drop("dt").write()
        .json(tmp.resolve("as-jsonl/posts").toString());
    spark.read().parquet(layout.resolve("accounts").toString()).write().json(tmp.resolve("as-jsonl/accounts").toString());
    LocalDate to = LocalDate.parse("2026-10-03");
    sweep(TestSpark.settings(), layout.toString(), to, "parquet-run");
    sweep(sources(Map.of("winnow.archive.posts.format", "json", "winnow.archive.accounts.format", "json")),
        tmp.resolve("as-jsonl").toString(), to, "jsonl-run");
    for (Map.Entry<String, Integer> output : Map.of("actions", 5, "findings", 4).entrySet()) {
      TreeSet<String> a = rows(output.getKey(), "parquet-run");
      TreeSet<String> b = rows(output.getKey(), "jsonl-run");
      assertEquals(output.getValue(), a.size(), output.getKey() + " of the fixture's run (TestRuns)");
      assertEquals(a, b, output.getKey() + " of the JSON Lines archive equal those of the Parquet layout");
    }
    // The manifest of the JSON Lines run records each source's rows as its pass counted them: the rows the layout
    // run read from its files' footers, table by table.
    Manifest parquet = manifest("parquet-run");
    Manifest jsonl = manifest("jsonl-run");
    for (String table : List.of(ArchiveSchema.POSTS, ArchiveSchema.ACCOUNTS)) {
      long layoutRows = parquet.inputs().stream().filter(f -> f.table().equals(table)).mapToLong(f -> f.rows()).sum();
      assertEquals(parquet.rowAccounting().get(table).read(), layoutRows, table + ": footers = rows read");
      assertEquals(List.of(layoutRows), jsonl.inputs().stream().filter(f -> f.table().equals(table))
          .map(f -> f.rows()).toList(), table + " from JSON Lines: one source, counted by the pass");
    }
  }

  static Manifest manifest(String runId) throws Exception {
    try (var in = Files.newInputStream(tmp.resolve("out/runs/" + runId + "/manifest.json"))) {
      return Manifest.read(in);
    }
  }

  static void sweep(Settings settings, String archive, LocalDate to, String runId) throws Exception {
    new Sweep(spark, settings, RuleLoader.load(tmp.resolve("rules")), new SweepRequest(archive, FROM, to,
        tmp.resolve("out").toString(), runId, false, "test"), line -> { }).execute();
  }

  /** An output's rows without the run id, as text, so that two runs compare. */
  static TreeSet<String> rows(String output, String runId) {
    Dataset<Row> df = spark.read().parquet(tmp.resolve("out/runs/" + runId + "/" + output).toString()).drop("run_id");
    TreeSet<String> out = new TreeSet<>();
    df.select(df.columns()[0], java.util.Arrays.copyOfRange(df.columns(), 1, df.columns().length)).toJSON()
        .collectAsList().forEach(out::add);
    return out;
  }
}
