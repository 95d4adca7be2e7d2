package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.config.Settings;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.run.OutputFiles;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunDirectory;
import io.winnow.run.RunVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy and write stages' cuts of the twelfth session change no output: a sweep of a generated archive (seed 23,
 * three days, the shipped rules) writes, file for file, the rows the writers of main 28b2caf wrote, in the same order,
 * in the same directories ({@link OldWriters}); the columns whose dictionary is off are written without one, and the
 * policy's shuffle carries only the columns it reads, grouped on the key columns (no key function). The thirteenth
 * session's: a quarantine of no rows is the empty directory Spark's write left, made without a job; the manifest's
 * rows, read from the footers with one set of read options, are the files' record counts.
 */
class OutputCutsTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path now;
  static Path before;
  static SweepResult nowResult;
  /** The call sites (long form) of every stage of the Spark jobs the "now" sweep ran. */
  static final List<String> nowCallSites = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void sweepTwice() throws java.util.concurrent.TimeoutException {
    spark = TestSpark.session();
    Settings settings = TestSpark.settings();
    Path archive = tmp.resolve("archive");
    new ArchiveGenerator(GenerateSettings.from(settings.generate()))
        .generate(spark, new GenerateRequest(6000, 600, 3, 23, archive.toString()));
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    // One run id under two output roots: the rows carry the run id, so both runs must share it.
    for (String root : List.of("now", "before")) {
      SweepRequest request = new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"),
          LocalDate.parse("2026-10-03"), tmp.resolve(root).toString(), "cuts", false, "test");
      List<RunOutput> outputs = root.equals("now") ? RunOutputs.shipped() : OldWriters.outputs();
      org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
          scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos()).forEach(st -> nowCallSites.add(st.details()));
        }
      };
      if (root.equals("now")) {
        spark.sparkContext().addSparkListener(listener);
      }
      try {
        SweepResult result = new Sweep(spark, settings, rules, request, line -> { }, outputs).execute();
        nowResult = root.equals("now") ? result : nowResult;
      } finally {
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        spark.sparkContext().removeSparkListener(listener);
      }
    }
    now = tmp.resolve("now/runs/cuts");
    before = tmp.resolve("before/runs/cuts");
  }

  /** Output file -> its rows as JSON, in file order; the key is the file's directory and task ("part-00001"). */
  static Map<String, List<String>> files(Path run, String output) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(run.resolve(output))) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        String name = f.getFileName().toString();
        String key = run.relativize(f.getParent()) + "/" + name.substring(0, "part-00000".length());
        Dataset<Row> rows = spark.read().parquet(f.toString());
        List<String> lines = new ArrayList<>();
        rows.select(to_json(struct(col("*")))).collectAsList().forEach(r -> lines.add(r.getString(0)));
        assertEquals(null, out.put(key, lines), "one file per directory and task: " + key);
      }
    }
    return out;
  }

  @Test
  void everyOutputFileHoldsTheRowsOfTheOldWritersInTheirOrder() throws IOException {
    for (String output : List.of("actions", "findings", "quarantine", "counts")) {
      Map<String, List<String>> was = files(before, output);
      Map<String, List<String>> is = files(now, output);
      assertEquals(was.keySet(), is.keySet(), output + ": the same directories, each written by the same task");
      was.forEach((file, rows) -> assertEquals(rows, is.get(file), output + ": " + file + ", rows in file order"));
    }
    Map<String, List<String>> actions = files(now, "actions");
    assertTrue(actions.size() >= 10 && actions.keySet().stream().map(k -> k.substring(0, k.indexOf("/dt=")))
        .distinct().count() >= 6, "the archive exercises several categories, actions and dates: " + actions.keySet());
    assertTrue(files(now, "findings").size() >= 4, "findings of four categories");
  }

  @Test
  void theRunVerifiesAndItsManifestListsEveryFile() throws IOException {
    RunDirectory dir = RunDirectory.open(new Configuration(), now.toString());
    RunVerifier.Result result = RunVerifier.verify(dir);
    assertTrue(result.ok(), "audit verify: " + result.problems());
    List<OutputFiles.OutputFile> listed = dir.committedRecord().outputs();
    long parquet;
    try (Stream<Path> walk = Files.walk(now)) {
      parquet = walk.filter(p -> p.toString().endsWith(".parquet")).count();
    }
    assertEquals(parquet, listed.stream().filter(f -> f.path().endsWith(".parquet")).count(),
        "every Parquet file of the run is in the manifest");
  }

  /**
   * The fourteenth session's cut: without the ledger the policy counts the actions as the actions' writer's job emits
   * them, with no job of its own (main 613d6b6 ran {@code collectAsList at ActionCounts.java} over a cache of the
   * actions); the counts are those that job gives over the written actions, in the result, the manifest and the counts
   * files.
   */
  @Test
  void theActionsAreCountedAsTheyAreWrittenWithoutAJobOfTheirOwn() throws IOException {
    assertTrue(nowCallSites.stream().anyMatch(c -> c.contains("RunOutputs$Actions.write")),
        "the listener saw the actions' writer's job: " + nowCallSites.size() + " stages");
    assertEquals(List.of(), nowCallSites.stream().filter(c -> c.contains("ActionCounts")).toList(),
        "no Spark job counts the actions");
    List<SweepResult.Count> old = ActionCounts.of(spark.read().parquet(now.resolve("actions").toString()));
    assertTrue(old.size() >= 10 && old.stream().anyMatch(c -> c.reviewRequired() > 0), "counts of many keys: " + old);
    assertEquals(old, nowResult.counts(), "the counts of the old job over the written actions, in its order");
    List<String> manifest = new ArrayList<>();
    RunDirectory.open(new Configuration(), now.toString()).committedRecord().counts().forEach(c -> manifest.add(
        String.join("/", c.category(), String.valueOf(c.subcategory()), c.action(), c.platform(), c.subjectKind())
        + "=" + c.actions() + "/" + c.reviewRequired()));
    assertEquals(old.stream().map(c -> String.join("/", c.category(), String.valueOf(c.subcategory()), c.action(),
        c.platform(), c.subjectKind()) + "=" + c.actions() + "/" + c.reviewRequired()).toList(), manifest,
        "the manifest's counts");
    assertEquals(old.stream().mapToLong(SweepResult.Count::actions).sum(), nowResult.stageRows().get("policy"),
        "the policy stage's rows are the actions");
  }

  /** Whether any row group of the file has a dictionary page for the column. */
  static boolean dictionary(Path file, String column) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          if (c.getPath().toDotString().equals(column) && c.hasDictionaryPage()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static Path onlyFile(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
      assertEquals(1, files.size(), "one file in " + dir);
      return files.get(0);
    }
  }

  @Test
  void theIdColumnsAreWrittenWithoutADictionaryAndReadBackTheSame() throws IOException {
    // 300 findings of one account and one post in one category: a dictionary pays for subject_id and account_id here,
    // so the old writer keeps one and only the option leaves it out.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(RowFactory.create(String.format("f%05d", 300 - i), "run", "post", "p1", "a1", "x", "2026-10-02", null,
          "rum.a", 1, "active", "rumour", null, "high", "delete-post", null, "hash", null));
    }
    SweepOutputs outputs = new SweepOutputs(null, spark.createDataFrame(rows, OutputSchemas.FINDING_V1), rows.size(),
        null, List.of(), Map.of(), null, null);
    for (String root : List.of("dict-now", "dict-before")) {
      RunContext run = new RunContext(spark, TestSpark.settings(), null, null, "run", LocalDate.parse("2026-11-01"),
          null, new org.apache.hadoop.fs.Path(tmp.resolve(root).toString()), null);
      (root.equals("dict-now") ? new RunOutputs.Findings() : new OldWriters.Findings()).write(run, outputs);
    }
    Path is = onlyFile(tmp.resolve("dict-now/findings"));
    Path was = onlyFile(tmp.resolve("dict-before/findings"));
    for (String column : List.of("finding_id", "subject_id", "account_id")) {
      assertFalse(dictionary(is, column), column + " is written without a dictionary");
    }
    assertTrue(dictionary(was, "subject_id") && dictionary(was, "account_id"),
        "the old writer kept a dictionary for the repeated ids");
    assertTrue(dictionary(is, "rule_id"), "other columns keep theirs");
    List<String> read = new ArrayList<>();
    spark.read().parquet(is.toString()).select(col("finding_id")).collectAsList().forEach(r -> read.add(r.getString(0)));
    assertEquals("f00001", read.get(0), "sorted by finding id");
    assertEquals(files(tmp.resolve("dict-before"), "findings"), files(tmp.resolve("dict-now"), "findings"),
        "the same rows in the same order");
  }

  /** Every entry under {@code dir}, hidden files and directories included, relative to it and sorted. */
  static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** The Spark jobs that {@code write} started (counted through a job group of its own). */
  static int jobs(Runnable write) {
    String group = "cuts-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, group, false);
    try {
      write.run();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  /** Writes {@code outputs} with {@code writer} into {@code tmp/root}; returns the Spark jobs it started. */
  static int write(RunOutput writer, SweepOutputs outputs, String root) throws IOException {
    RunContext run = new RunContext(spark, TestSpark.settings(), null, null, "run", LocalDate.parse("2026-11-01"),
        org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(
        tmp.resolve(root).toString()), null);
    return jobs(() -> assertEquals(outputs.tables().values().stream()
        .mapToLong(SweepResult.TableAccounting::quarantined).sum(), writer.write(run, outputs), "rows written"));
  }

  @Test
  void aQuarantineOfNoRowsIsTheEmptyDirectorySparkLeftWithoutAJob() throws IOException {
    Map<String, SweepResult.TableAccounting> none = Map.of("posts", new SweepResult.TableAccounting(5, 5, 0),
        "accounts", new SweepResult.TableAccounting(2, 2, 0));
    SweepOutputs empty = new SweepOutputs(null, null, 0, spark.createDataFrame(List.of(), OutputSchemas.QUARANTINE_V1),
        List.of(), none, null, null);
    int before = write(new OldWriters.Quarantine(), empty, "q-empty-before");
    int now = write(new RunOutputs.Quarantine(), empty, "q-empty-now");
    assertTrue(before >= 1, "the old writer ran a Spark job for no rows: " + before);
    assertEquals(0, now, "no Spark job for no rows");
    assertEquals(List.of(""), entries(tmp.resolve("q-empty-before/quarantine")),
        "Spark's write of no rows leaves an empty directory");
    assertEquals(entries(tmp.resolve("q-empty-before/quarantine")), entries(tmp.resolve("q-empty-now/quarantine")),
        "the same directory, nothing in it");

    // With rows, the writer is the old one: the same files holding the same rows in the same order.
    Map<String, SweepResult.TableAccounting> three = Map.of("posts", new SweepResult.TableAccounting(5, 3, 2),
        "accounts", new SweepResult.TableAccounting(2, 1, 1));
    SweepOutputs some = new SweepOutputs(null, null, 0, spark.createDataFrame(List.of(
        RowFactory.create("posts", "p9", "text too long", "2026-10-02", "x", "{\"post_id\":\"p9\"}"),
        RowFactory.create("accounts", "a1", "missing id", null, "x", "{}"),
        RowFactory.create("posts", "p1", "invalid text", "2026-10-01", "x", "{\"post_id\":\"p1\"}")),
        OutputSchemas.QUARANTINE_V1), List.of(), three, null, null);
    assertTrue(write(new RunOutputs.Quarantine(), some, "q-some-now") >= 1, "rows are written by Spark");
    write(new OldWriters.Quarantine(), some, "q-some-before");
    Map<String, List<String>> is = files(tmp.resolve("q-some-now"), "quarantine");
    assertEquals(files(tmp.resolve("q-some-before"), "quarantine"), is, "the same files, rows in file order");
    assertEquals(2, is.size(), "one file per table: " + is.keySet());
  }

  @Test
  void theListedRowsAreEachParquetFootersRecordCount() throws IOException {
    Configuration conf = new Configuration();
    List<OutputFiles.OutputFile> listed = OutputFiles.list(org.apache.hadoop.fs.FileSystem.getLocal(conf), conf,
        new org.apache.hadoop.fs.Path(now.toString()));
    long parquet = 0;
    long rows = 0;
    for (OutputFiles.OutputFile f : listed) {
      if (f.path().endsWith(".parquet")) {
        // As the listing read each footer before: options built by ParquetFileReader.open for the one file.
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(now.resolve(f.path()).toString()), conf))) {
          assertEquals(r.getRecordCount(), f.rows(), f.path());
        }
        parquet++;
        rows += f.rows();
      }
    }
    assertTrue(parquet >= 15 && rows > 100, "the run's files: " + parquet + " Parquet files, " + rows + " rows");
  }

  /** The plan's nodes, depth first (inside an adaptive plan, its current plan). */
  static List<org.apache.spark.sql.execution.SparkPlan> nodes(org.apache.spark.sql.execution.SparkPlan plan) {
    List<org.apache.spark.sql.execution.SparkPlan> out = new ArrayList<>();
    out.add(plan);
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec a) {
      out.addAll(nodes(a.executedPlan()));
    }
    for (org.apache.spark.sql.execution.SparkPlan child : scala.jdk.javaapi.CollectionConverters.asJava(
        plan.children())) {
      out.addAll(nodes(child));
    }
    return out;
  }

  @Test
  void thePolicyShufflesTheColumnsItReadsGroupedOnTheKeyColumns() {
    Dataset<Row> findings = spark.createDataFrame(PolicyStageEquivalenceTest.fixture(), OutputSchemas.FINDING_V1);
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    for (boolean global : new boolean[] {false, true}) {
      PolicyStage policy = new PolicyStage(rules.policy(), "eq", "hash", LocalDate.parse("2026-10-03"),
          LocalDate.parse("2026-11-01"), global);
      // The actions are decided on the internal rows of the findings' plan, sorted by account: the actions' plan is a
      // scan of those rows, with no encoder's object conversion, and the findings' plan is the one exchange.
      List<String> actionsPlan = nodes(policy.actions(findings).queryExecution().executedPlan()).stream()
          .map(org.apache.spark.sql.execution.SparkPlan::nodeName).toList();
      assertFalse(actionsPlan.stream().anyMatch(n -> n.contains("DeserializeToObject") || n.contains("MapGroups")
          || n.contains("SerializeFromObject")), "no Row encoder: " + actionsPlan);
      org.apache.spark.sql.execution.SparkPlan plan = policy.byAccountSorted(findings).queryExecution()
          .executedPlan();
      List<org.apache.spark.sql.execution.SparkPlan> nodes = nodes(plan);
      List<String> sorted = new ArrayList<>();
      nodes.stream().filter(org.apache.spark.sql.execution.SortExec.class::isInstance).forEach(n -> sorted.add(
          ((org.apache.spark.sql.execution.SortExec) n).sortOrder().mkString(",")));
      assertEquals(1, sorted.size(), "one sort: " + plan);
      assertTrue(sorted.get(0).startsWith("account_id#") && sorted.get(0).contains("platform#") != global,
          "sorted on the key columns within partitions: " + sorted);
      assertFalse(nodes.stream().anyMatch(n -> n.nodeName().equals("AppendColumns")),
          "no key function that deserializes every finding: " + plan);
      List<org.apache.spark.sql.execution.exchange.ShuffleExchangeExec> exchanges = nodes.stream()
          .filter(org.apache.spark.sql.execution.exchange.ShuffleExchangeExec.class::isInstance)
          .map(org.apache.spark.sql.execution.exchange.ShuffleExchangeExec.class::cast).toList();
      assertEquals(1, exchanges.size(), "one exchange: " + plan);
      List<String> shuffled = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(exchanges.get(0).output()).forEach(a -> shuffled.add(a.name()));
      assertEquals(List.of("subject_kind", "subject_id", "account_id", "platform", "dt", "content_date", "rule_id",
          "rule_version", "rule_status", "category", "subcategory", "severity", "action", "suspend_days", "evidence"),
          shuffled, "only the columns the policy reads are shuffled (global " + global + ")");
      String partitioning = exchanges.get(0).outputPartitioning().toString();
      assertTrue(partitioning.startsWith("hashpartitioning(account_id#")
          && partitioning.contains("platform#") != global, "hashed on the key columns: " + partitioning);
    }
  }
}
