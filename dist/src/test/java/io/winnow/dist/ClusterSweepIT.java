package io.winnow.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.cli.WinnowCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow beyond one machine (issue 7): on 127.0.0.1 only, an HDFS (MiniDFSCluster) and a Spark standalone master with
 * two workers in separate JVMs. A generated archive is written to HDFS and swept twice with the same run id: in local
 * mode, and on the cluster through {@code org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit} runs) with
 * the shaded jar, the README's standalone command. During the cluster run one executor JVM is killed. The committed
 * outputs must be identical.
 */
class ClusterSweepIT {
  static final String RUN_ID = "cluster-it";
  static final String FROM = "2026-10-01";
  static final String TO = "2026-10-02";
  // Generous: on an idle 2-core machine the whole test takes ~4 minutes, on one shared with other builds 10 or more.
  static final Duration START = Duration.ofMinutes(2);
  static final Duration SWEEP = Duration.ofMinutes(10);

  @TempDir Path tmp;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void sweepOnAStandaloneClusterWithHdfsCommitsWhatALocalSweepCommitsDespiteALostExecutor() throws Exception {
    Path root = Path.of(System.getProperty("project.root.dir", "..")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("dist.jar"));
    checkShadedJar(jar);

    Configuration conf = new Configuration();
    conf.set("dfs.replication", "1");
    MiniDFSCluster dfs = null;
    ChildJvms jvms = null;
    long t0 = System.nanoTime();
    try {
      dfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile()).numDataNodes(1).build();
      dfs.waitActive();
      String hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
      log("HDFS up at %s", hdfs);

      String archive = hdfs + "/archive";
      cli("generate", "--posts", "10000", "--accounts", "1000", "--days", "2", "--seed", "7", "--out", archive,
          "--master", "local[2]", "-D", "winnow.spark.progress-bar=false");
      log("archive generated");
      String localOut = hdfs + "/out-local";
      cli("sweep", "--archive", archive, "--rules", root.resolve("rules").toString(), "--from", FROM, "--to", TO,
          "--out", localOut, "--run-id", RUN_ID, "--master", "local[2]");
      log("local sweep committed");
      // The readers of a run work on HDFS as well: the report and the DSA export of the run just written there.
      reportAndExportOnHdfs(SparkSession.active(), localOut + "/runs/" + RUN_ID, tmp);
      log("report and export dsa read the run on HDFS");

      jvms = new ChildJvms(tmp);
      Path log4j = tmp.resolve("log4j2-info.properties");
      java.nio.file.Files.writeString(log4j, "rootLogger.level = info\nrootLogger.appenderRef.out.ref = out\n"
          + "appender.out.type = Console\nappender.out.name = out\nappender.out.layout.type = PatternLayout\n"
          + "appender.out.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n");
      List<String> quietInfo = List.of("-Dlog4j2.configurationFile=" + log4j);
      ChildJvms.Jvm master = jvms.start("master", "512m",
          List.of("-Dlog4j2.configurationFile=" + log4j, "-Dspark.master.rest.enabled=false"),
          "org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"), Map.of());
      String masterUrl = "spark://127.0.0.1:"
          + master.await(Pattern.compile("Starting Spark master at spark://127\\.0\\.0\\.1:(\\d+)"), START).group(1);
      master.await(Pattern.compile("elected leader"), START);
      List<ChildJvms.Jvm> workers = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        workers.add(jvms.start("worker-" + i, "256m", quietInfo, "org.apache.spark.deploy.worker.Worker",
            List.of("--host", "127.0.0.1", "--cores", "1", "--memory", "768m", "--webui-port", "0", "--work-dir",
                tmp.resolve("work-" + i).toString(), masterUrl), Map.of()));
      }
      for (ChildJvms.Jvm w : workers) {
        w.await(Pattern.compile("Successfully registered with master"), START);
      }
      log("standalone master %s with 2 workers up", masterUrl);

      // The README's standalone command; only sizes differ (this machine has 2 cores). --driver-memory is spark-submit
      // script's business (it sizes the JVM it starts): here the driver JVM's -Xmx is set directly.
      String clusterOut = hdfs + "/out-cluster";
      List<String> submit = List.of("--master", masterUrl, "--deploy-mode", "client",
          "--class", "io.winnow.cli.WinnowCli",
          "--executor-memory", "512m", "--total-executor-cores", "2",
          "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
          jar.toString(),
          "sweep", "--conf", root.resolve("conf/cluster.conf").toString(),
          "--archive", archive, "--rules", root.resolve("rules").toString(), "--from", FROM, "--to", TO,
          "--out", clusterOut, "--run-id", RUN_ID);
      ChildJvms.Jvm driver = jvms.start("driver", "1g",
          List.of("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties")),
          "org.apache.spark.deploy.SparkSubmit", submit, Map.of("WINNOW_SHUFFLE_PARTITIONS", "2"));

      // Executor loss: once the first stage is done, kill worker 1's executor JVM. Spark relaunches it and retries.
      driver.await(Pattern.compile("winnow: schema check"), SWEEP);
      List<ProcessHandle> executors = workers.get(0).descendants("CoarseGrainedExecutorBackend");
      assertEquals(1, executors.size(), "worker 1 runs one executor");
      executors.get(0).destroyForcibly();
      executors.get(0).onExit().get(20, TimeUnit.SECONDS);
      log("killed executor pid %d of worker 1", executors.get(0).pid());

      boolean ended = driver.process().waitFor(SWEEP.toSeconds(), TimeUnit.SECONDS);
      assertTrue(ended, "the cluster sweep ends within " + SWEEP + ":\n" + driver.tail());
      assertEquals(0, driver.process().exitValue(), "cluster sweep exit code:\n" + driver.output());
      String out = driver.output();
      assertTrue(out.contains("run committed: " + clusterOut + "/runs/" + RUN_ID), out);
      assertTrue(out.contains("Lost executor"), "the driver saw the executor go:\n" + out);
      log("cluster sweep committed");

      SparkSession spark = SparkSession.active();
      FileSystem fs = FileSystem.get(java.net.URI.create(hdfs), spark.sparkContext().hadoopConfiguration());
      assertSameRun(spark, fs, localOut + "/runs/" + RUN_ID, clusterOut + "/runs/" + RUN_ID);
      // Both runs pass the auditor's check: checksums, row counts, row accounting and counts against the manifest.
      cli("audit", "verify", localOut + "/runs/" + RUN_ID);
      cli("audit", "verify", clusterOut + "/runs/" + RUN_ID);
      assertEquals(0, fs.listStatus(new org.apache.hadoop.fs.Path(clusterOut + "/runs/.staging")).length,
          "nothing left in staging");
    } finally {
      if (jvms != null) {
        jvms.close();
        jvms.keepLogs(root.resolve("dist/target/cluster-it-logs"));
      }
      if (dfs != null) {
        dfs.shutdown(true);
      }
      log("done in %.0f s", (System.nanoTime() - t0) / 1e9);
    }
    assertEquals(0, jvms.alive(), "every JVM started by the test is gone (executors included)");
  }

  /** Actions, findings, quarantine and counts are the same rows; the manifests agree on everything not run-specific. */
  static void assertSameRun(SparkSession spark, FileSystem fs, String local, String cluster) throws IOException {
    JsonNode lm = json(fs, local + "/manifest.json");
    JsonNode cm = json(fs, cluster + "/manifest.json");
    for (String field : List.of("run_id", "window", "archive", "inputs", "rule_set", "row_accounting", "findings",
        "counts", "output_schema_version")) {
      assertEquals(lm.get(field), cm.get(field), "manifest." + field);
    }
    assertTrue(cm.get("counts").size() > 0, "the sweep actioned something");
    for (String output : List.of("actions", "findings", "quarantine")) {
      long files = parquetFiles(fs, local + "/" + output);
      assertEquals(files == 0, parquetFiles(fs, cluster + "/" + output) == 0, output + " empty in both runs or in none");
      if (files == 0) {
        continue;
      }
      Dataset<Row> l = spark.read().parquet(local + "/" + output);
      Dataset<Row> c = spark.read().parquet(cluster + "/" + output);
      // decision_date is the day a run started (UTC): run-specific only when the two runs straddle midnight.
      if (output.equals("actions") && !lm.get("started").asText().substring(0, 10)
          .equals(cm.get("started").asText().substring(0, 10))) {
        l = l.drop("decision_date");
        c = c.drop("decision_date");
      }
      assertEquals(l.count(), c.count(), output + " rows");
      assertEquals(0, c.exceptAll(l).count(), output + ": rows of the cluster run missing from the local run");
      assertEquals(0, l.exceptAll(c).count(), output + ": rows of the local run missing from the cluster run");
    }
    Dataset<Row> actions = spark.read().parquet(cluster + "/actions");
    assertEquals(actions.count(), actions.select("action_id").distinct().count(), "no duplicate action ids");
    assertEquals(text(fs, local + "/counts/csv/counts.csv"), text(fs, cluster + "/counts/csv/counts.csv"),
        "counts.csv");
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(cluster + "/_SUCCESS")), "_SUCCESS");
    assertFalse(cm.get("config").toString().contains("local[*]"), "the cluster run used conf/cluster.conf");
  }

  /**
   * {@code winnow report} and {@code winnow export dsa} of a run on HDFS, written to local disk: the report verifies the
   * run with audit verify's checks and counts its actions; the export writes one statement per action the run decided
   * and holds back the ones sent to review (both counted from the action rows on HDFS).
   */
  static void reportAndExportOnHdfs(SparkSession spark, String run, Path tmp) throws IOException {
    Dataset<Row> actions = spark.read().parquet(run + "/actions");
    long total = actions.count();
    long toReview = actions.filter("review_required").count();
    assertTrue(total > toReview, "the run decided some actions without review");

    Path html = tmp.resolve("report-on-hdfs.html");
    String report = cliOut("report", run, "--out", html.toString(), "--master", "local[2]");
    assertTrue(report.contains(String.format("winnow: report of %,d actions, verification OK", total)), report);
    String doc = java.nio.file.Files.readString(html);
    assertTrue(doc.contains("id=\"verification\">OK</span>"), "the report's verification passed");
    assertTrue(doc.contains("<h1>Enforcement report — run <code>" + RUN_ID + "</code></h1>"), "the report's title");

    Path dsa = tmp.resolve("dsa-on-hdfs");
    String export = cliOut("export", "dsa", run, "--out", dsa.toString(), "--master", "local[2]");
    assertTrue(export.contains(String.format("winnow: %,d statements of reasons", total - toReview)), export);
    long statements = 0;
    try (var files = java.nio.file.Files.list(dsa)) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches("statements-.*\\.jsonl")).toList()) {
        for (String line : java.nio.file.Files.readAllLines(f)) {
          JsonNode statement = new ObjectMapper().readTree(line);
          assertTrue(statement.path("puid").asText().contains(RUN_ID), "a statement of this run: " + line);
          statements++;
        }
      }
    }
    assertEquals(total - toReview, statements, "one statement per action decided without review");
    assertEquals(toReview + 1, java.nio.file.Files.readAllLines(dsa.resolve("held-for-review.csv")).size(),
        "the actions sent to review are held back, under a header line");
  }

  /** Spark, Hadoop and Scala are provided by the cluster; winnow's ICU4J, re2j and Typesafe Config are relocated. */
  static void checkShadedJar(Path jar) throws IOException {
    try (ZipFile z = new ZipFile(jar.toFile())) {
      assertTrue(z.getEntry("io/winnow/cli/WinnowCli.class") != null, "winnow classes");
      assertTrue(z.getEntry("reference.conf") != null, "reference.conf");
      // The jar holds the winnow classes of this build, not those of an earlier one (WinnowCli refers to nothing
      // relocated, so its bytes are the same in both).
      String cliClass = "io/winnow/cli/WinnowCli.class";
      try (InputStream built = WinnowCli.class.getClassLoader().getResourceAsStream(cliClass);
          InputStream shaded = z.getInputStream(z.getEntry(cliClass))) {
        assertTrue(java.util.Arrays.equals(built.readAllBytes(), shaded.readAllBytes()),
            jar + " holds an older build of winnow: rebuild it (mvn -B package)");
      }
      for (String relocated : List.of("io/winnow/shaded/com/ibm/icu/text/Normalizer2.class",
          "io/winnow/shaded/com/google/re2j/RE2.class", "io/winnow/shaded/com/typesafe/config/Config.class")) {
        assertTrue(z.getEntry(relocated) != null, relocated);
      }
      List<String> leaked = z.stream().map(java.util.zip.ZipEntry::getName)
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")
              || n.startsWith("scala/") || n.startsWith("com/ibm/icu/") || n.startsWith("com/fasterxml/"))
          .limit(5).toList();
      assertEquals(List.of(), leaked, "the jar holds nothing the cluster provides");
    }
  }

  static void cli(String... args) {
    cliOut(args);
  }

  /** Runs the command line in this JVM; exit 0 expected; returns what it printed. */
  static String cliOut(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WinnowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, exit, String.join(" ", args) + "\n" + out + err);
    return out.toString();
  }

  static long parquetFiles(FileSystem fs, String dir) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
    if (!fs.exists(p)) {
      return 0;
    }
    long n = 0;
    for (var it = fs.listFiles(p, true); it.hasNext(); ) {
      n += it.next().getPath().getName().endsWith(".parquet") ? 1 : 0;
    }
    return n;
  }

  static JsonNode json(FileSystem fs, String path) throws IOException {
    return new ObjectMapper().readTree(text(fs, path));
  }

  static String text(FileSystem fs, String path) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[ClusterSweepIT] " + format + "%n", args);
  }
}
