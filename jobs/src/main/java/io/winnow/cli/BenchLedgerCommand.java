package io.winnow.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import io.winnow.config.Settings;
import io.winnow.generate.GenerateSettings;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSchema;
import io.winnow.ledger.PriorState;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.IncrementalSweep;
import io.winnow.sweep.SparkSessions;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import io.winnow.sweep.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winnow bench ledger}: on one generated archive of D + 1 days, an incremental sweep of the last day over the
 * ledger of the D days before it, against a window sweep of that day alone, in one run (the ratio); then a ledger
 * of N accounts with strikes written directly, its size on disk and the time a sweep spends reading it.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "Benchmark the ledger: an incremental sweep of one new day over a D-day history against a window "
        + "sweep of that day alone (ratio), and the ledger's size and read time at N accounts with strikes.")
public final class BenchLedgerCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--work", defaultValue = "work/bench-ledger", paramLabel = "DIR",
      description = "Work directory (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR",
      description = "Rule directory (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--posts", defaultValue = "1550000", paramLabel = "N",
      description = "Posts over the D + 1 days (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(names = "--accounts", defaultValue = "200000", paramLabel = "M",
      description = "Accounts of the archive (default: ${DEFAULT-VALUE}).")
  long accounts;

  @Option(names = "--history-days", defaultValue = "30", paramLabel = "D",
      description = "Days of history before the new day (default: ${DEFAULT-VALUE}).")
  int historyDays;

  @Option(names = "--history", defaultValue = "daily", paramLabel = "daily|one",
      description = "How the history's ledger is built: daily, one incremental sweep a day (a commit a day, as a daily "
          + "job leaves it), or one incremental sweep of every history day (one commit). Built once per archive and "
          + "reused (default: ${DEFAULT-VALUE}).")
  History history;

  /** How the history's ledger is built (see {@code --history}). */
  enum History { daily, one }

  @Option(names = "--ledger-accounts", defaultValue = "1000000", paramLabel = "N",
      description = "Accounts with strikes in the synthetic ledger, 0 for none (default: ${DEFAULT-VALUE}).")
  long ledgerAccounts;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--jobs",
      description = "List the Spark jobs of both timed sweeps per call site (number and seconds).")
  boolean listJobs;

  @Option(names = "--warm-up", defaultValue = "both", paramLabel = "PATHS",
      description = "Untimed sweeps before the timed two: both (a window sweep and an incremental sweep of the new day "
          + "over another copy of the history, so both timed sweeps run warm code) or window (a window sweep only: "
          + "the incremental sweep then pays the first use of the ledger's code alone, as this bench measured until "
          + "December 2026) (default: ${DEFAULT-VALUE}).")
  WarmUp warmUp;

  /** Which code paths run once, untimed, before the timed sweeps (see {@code --warm-up}). */
  enum WarmUp { both, window }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    // Both sweeps run in this one JVM, and a compiler directive after the first's posts pass would leave the methods
    // C2 was refused at C1 for the second: the two compare at HotSpot's tiers.
    Settings settings = common.settings(Map.of("winnow.spark.progress-bar", "false",
        "winnow.spark.jit-after-passes", "tiered"));
    RuleSet ruleSet = RuleLoader.load(rules);
    SparkSession spark = SparkSessions.create(settings.spark());
    int days = historyDays + 1;
    Path full = GenerateCommand.generatedOnce(spark, settings, work, posts, accounts, days, seed, out);
    LocalDate first = GenerateSettings.from(settings.generate()).startDate();
    LocalDate newDay = first.plusDays(historyDays);
    Path run = work.resolve("run-" + System.currentTimeMillis());
    Path growing = run.resolve("archive");
    link(full, growing, newDay.minusDays(1).toString());
    Path ledgerOut = run.resolve("out-incremental");
    // A copy of the built history (a Delta table's files are never rewritten, and small).
    Path built = history(spark, settings, ruleSet, full, first, out);
    FileUtils.copyDirectory(built.toFile(), ledgerOut.toFile(), true);
    out.println("winnow: the history's ledger: " + historyShape(ledgerOut));
    // Warm-up, not timed: a window sweep of the last history day (JIT, file cache) and, unless --warm-up window, an
    // incremental sweep of the new day over another copy of the history, so that the incremental sweep does not pay
    // alone the first use of the ledger's code (Delta Kernel, the ledger's plans) that the window sweep never runs.
    window(spark, settings, ruleSet, full, newDay.minusDays(1), run.resolve("out-warm-up"));
    if (warmUp == WarmUp.both) {
      Path warmLedger = run.resolve("out-warm-up-incremental");
      FileUtils.copyDirectory(built.toFile(), warmLedger.toFile(), true);
      link(full, growing, newDay.toString());
      incremental(spark, settings, ruleSet, growing, warmLedger);
    }
    SparkJobLog windowLog = SparkJobLog.start(spark.sparkContext());
    long windowCpu = BenchCommand.cpuNanos();
    long windowStart = System.nanoTime();
    SweepResult w = window(spark, settings, ruleSet, full, newDay, run.resolve("out-window"));
    double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
    double windowCpuSeconds = (BenchCommand.cpuNanos() - windowCpu) / 1e9;
    Map<String, SparkJobLog.Site> windowJobs = windowLog.stop();
    link(full, growing, newDay.toString()); // the new day arrives
    SparkJobLog incLog = SparkJobLog.start(spark.sparkContext());
    long incCpu = BenchCommand.cpuNanos();
    long incStart = System.nanoTime();
    IncrementalSweep.Result inc = incremental(spark, settings, ruleSet, growing, ledgerOut);
    double incSeconds = (System.nanoTime() - incStart) / 1e9;
    double incCpuSeconds = (BenchCommand.cpuNanos() - incCpu) / 1e9;
    Map<String, SparkJobLog.Site> incJobs = incLog.stop();
    SweepResult i = inc.runs().get(0);

    out.println();
    out.printf("archive: %,d posts over %d days, %,d accounts; %d rules; master %s; load average %.2f%n", posts, days,
        accounts, ruleSet.rules().size(), settings.spark().master(), BenchCommand.loadAverage());
    out.printf("%-58s %9s %9s %12s %8s%n", "measurement", "seconds", "cpu s", "posts read", "ratio");
    out.printf("%-58s %9.1f %9.1f %,12d %8.2f%n", "window sweep of " + newDay + " alone (no ledger)", windowSeconds,
        windowCpuSeconds, w.tables().get("posts").read(), 1.0);
    out.printf("%-58s %9.1f %9.1f %,12d %8.2f%n", "incremental sweep of " + newDay + " over " + historyDays
        + " days' ledger", incSeconds, incCpuSeconds, i.tables().get("posts").read(), incSeconds / windowSeconds);
    out.printf("incremental / window: %.2f wall, %.2f cpu (target at most 1.2)%n", incSeconds / windowSeconds,
        incCpuSeconds / windowCpuSeconds);
    out.printf("%-16s %9s %12s%n", "sweep stage", "window s", "incremental s");
    java.util.Set<String> stages = new java.util.LinkedHashSet<>(w.stageMillis().keySet());
    stages.addAll(i.stageMillis().keySet());
    long inStages = 0;
    for (String stage : stages) {
      long im = i.stageMillis().getOrDefault(stage, 0L);
      inStages += im;
      out.printf("%-16s %9.1f %12.1f%n", stage, w.stageMillis().getOrDefault(stage, 0L) / 1000.0, im / 1000.0);
    }
    out.printf("%-16s %9s %12.1f%n", "outside stages", "", incSeconds - inStages / 1000.0);
    out.println("(outside stages: the plan from the watermarks, the ledger's lock and prior state read before the "
        + "schema check; the ledger's commit is inside write)");
    out.printf("Spark jobs: window %d, incremental %d%n", SparkJobLog.jobs(windowJobs), SparkJobLog.jobs(incJobs));
    if (listJobs) {
      printJobs(out, windowJobs, incJobs);
    }
    if (ledgerAccounts > 0) {
      ledgerAtScale(spark, run.resolve("out-ledger-scale"), out);
    }
    return 0;
  }

  /** Per call site, the jobs and seconds of each sweep. */
  private static void printJobs(PrintWriter out, Map<String, SparkJobLog.Site> window,
      Map<String, SparkJobLog.Site> incremental) {
    java.util.Set<String> sites = new java.util.TreeSet<>(window.keySet());
    sites.addAll(incremental.keySet());
    out.printf("%-60s %14s %14s%n", "Spark job call site", "window n / s", "increm. n / s");
    SparkJobLog.Site none = new SparkJobLog.Site(0, 0);
    for (String site : sites) {
      SparkJobLog.Site a = window.getOrDefault(site, none);
      SparkJobLog.Site b = incremental.getOrDefault(site, none);
      out.printf("%-60s %4d / %7.1f %4d / %7.1f%n", site, a.jobs(), a.millis() / 1000.0, b.jobs(),
          b.millis() / 1000.0);
    }
  }

  private static IncrementalSweep.Result incremental(SparkSession spark, Settings settings, RuleSet ruleSet,
      Path archive, Path out) {
    return new IncrementalSweep(spark, settings, ruleSet, new SweepRequest(archive.toString(), null, null,
        out.toString(), "new-day", false, "bench ledger", true), line -> { }).execute();
  }

  private static SweepResult window(SparkSession spark, Settings settings, RuleSet ruleSet, Path archive,
      LocalDate day, Path out) {
    return new Sweep(spark, settings, ruleSet, new SweepRequest(archive.toString(), day, day, out.toString(), "window",
        false, "bench ledger"), line -> { }).execute();
  }

  /**
   * The ledger of the history, built once per archive and history mode under the work directory and reused (copied)
   * by every later run: with {@code --history daily} one incremental sweep per history day as a daily job leaves it
   * (a Delta commit per day, with the checkpoints and compactions those commits bring), with {@code one} a single
   * incremental sweep of every history day (one commit). Returns the output root holding it (ledger/ and runs/).
   */
  private Path history(SparkSession spark, Settings settings, RuleSet ruleSet, Path full, LocalDate first,
      PrintWriter out) throws IOException {
    Path dir = work.resolve("history-" + full.getFileName() + "-days-" + historyDays + "-" + history);
    Path built = dir.resolve("out");
    if (Files.exists(dir.resolve("_BUILT"))) {
      out.println("winnow: reusing the history " + dir);
      return built;
    }
    FileUtils.deleteDirectory(dir.toFile());
    Path archive = dir.resolve("archive");
    long start = System.nanoTime();
    if (history == History.one) {
      out.println("winnow: the history: one incremental sweep of " + historyDays + " days (not timed)");
      link(full, archive, first.plusDays(historyDays - 1).toString());
      new IncrementalSweep(spark, settings, ruleSet, new SweepRequest(archive.toString(), null, null,
          built.toString(), "history", false, "bench ledger", true), line -> { }).execute();
    } else {
      out.println("winnow: the history: " + historyDays + " daily incremental sweeps, one a day (not timed)");
      for (int d = 0; d < historyDays; d++) {
        LocalDate day = first.plusDays(d);
        link(full, archive, day.toString()); // the day arrives
        new IncrementalSweep(spark, settings, ruleSet, new SweepRequest(archive.toString(), null, null,
            built.toString(), "history-" + day, false, "bench ledger", true), line -> { }).execute();
      }
    }
    out.printf("winnow: history built in %.1f s%n", (System.nanoTime() - start) / 1e9);
    Files.writeString(dir.resolve("_BUILT"), history + "\n");
    return built;
  }

  /** The ledger's latest version, its commit files and its last checkpoint, from a listing of its log. */
  private static String historyShape(Path out) throws IOException {
    Path log = out.resolve(Ledger.DIR).resolve("_delta_log");
    long commits;
    long checkpoints;
    try (Stream<Path> files = Files.list(log)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      commits = names.stream().filter(n -> n.matches("\\d{20}\\.json")).count();
      checkpoints = names.stream().filter(n -> n.matches("\\d{20}\\.checkpoint.*\\.parquet")).count();
    }
    java.util.regex.Matcher last = java.util.regex.Pattern.compile("\"version\":(\\d+)").matcher(
        Files.exists(log.resolve("_last_checkpoint")) ? Files.readString(log.resolve("_last_checkpoint")) : "");
    return commits + " commits (versions 0.." + (commits - 1) + "), " + checkpoints + " checkpoints"
        + (last.find() ? ", the last at version " + last.group(1) : "");
  }

  /**
   * Hard links of {@code full}'s files into {@code to} (those linked already are kept): every table, and the posts of
   * the days up to {@code lastDay} (a dt value) only.
   */
  private static void link(Path full, Path to, String lastDay) throws IOException {
    try (Stream<Path> files = Files.walk(full)) {
      for (Path f : files.toList()) {
        String rel = full.relativize(f).toString();
        Path target = to.resolve(rel);
        if (rel.startsWith("posts/dt=") && rel.substring("posts/dt=".length()).compareTo(lastDay) > 0
            && !rel.startsWith("posts/dt=" + lastDay) || Files.exists(target)) {
          continue;
        }
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.createLink(target, f);
        }
      }
    }
  }

  /**
   * A ledger of {@code --ledger-accounts} accounts, each with 3 strikes, 3 post actions and a demonetise action with
   * its state (8 entries per account, one committed run), written in one Delta commit; then its size on disk and the
   * time a sweep spends reading it (the prior state: the rows its policy groups beside each account's findings, every
   * strike with whether it counts and every action in force; the watermarks).
   */
  private void ledgerAtScale(SparkSession spark, Path out, PrintWriter print) throws IOException {
    Files.createDirectories(out.resolve("runs/scale"));
    Files.writeString(out.resolve("runs/scale/_SUCCESS"), "bench\n");
    Column account = concat(lit("a"), col("a").cast("string"));
    Column post = concat(lit("p"), col("id").cast("string"));
    Column issued = date_add(lit(Date.valueOf("2026-10-01")), pmod(col("id"), lit(30)).cast("int"));
    Dataset<Row> posts = spark.range(ledgerAccounts * 3).withColumn("a", col("id").divide(3).cast("long"));
    Dataset<Row> strikes = posts.select(lit(LedgerSchema.STRIKE).as("kind"), account.as("account_id"),
        lit("post").as("subject_kind"), post.as("subject_id"), concat(lit("act"), post).as("action_id"),
        lit(1.0).as("weight"), issued.as("issued"), date_add(issued, 90).as("expires"));
    Dataset<Row> postActions = posts.select(lit(LedgerSchema.ACTION).as("kind"), account.as("account_id"),
        lit("post").as("subject_kind"), post.as("subject_id"), lit("delete-post").as("action"),
        concat(lit("act"), post).as("action_id"), lit("runs/scale/actions/... action_id").as("evidence"),
        issued.as("issued"));
    Dataset<Row> accounts = spark.range(ledgerAccounts).withColumn("a", col("id"));
    Dataset<Row> accountActions = accounts.select(lit(LedgerSchema.ACTION).as("kind"), account.as("account_id"),
        lit("account").as("subject_kind"), account.as("subject_id"), lit("demonetise").as("action"),
        concat(lit("acc"), account).as("action_id"), org.apache.spark.sql.functions.array(
            concat(lit("p"), col("a").multiply(3).cast("string")), concat(lit("p"), col("a").multiply(3).plus(1)
            .cast("string")), concat(lit("p"), col("a").multiply(3).plus(2).cast("string"))).as("strike_posts"),
        lit(Date.valueOf("2026-10-30")).as("issued"));
    Dataset<Row> states = accounts.select(lit(LedgerSchema.STATE).as("kind"), account.as("account_id"),
        lit("account").as("subject_kind"), account.as("subject_id"), lit("demonetise").as("action"),
        lit(false).as("closed"), lit(false).as("reinstated"), lit(Date.valueOf("2026-10-30")).as("issued"));
    Ledger ledger = Ledger.at(spark, out.toString());
    long writeStart = System.nanoTime();
    ledger.commit("scale", conform(strikes).unionByName(conform(postActions)).unionByName(conform(accountActions))
        .unionByName(conform(states)));
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    long bytes;
    try (Stream<Path> files = Files.walk(out.resolve(Ledger.DIR))) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    long readStart = System.nanoTime();
    PriorState prior = PriorState.read(ledger, "next", LocalDate.parse("2026-10-31"));
    // What a sweep's policy reads of it: the rows grouped beside each account's findings (PriorState#accountRows).
    long counting = 0;
    long inForce = 0;
    for (Row r : prior.accountRows().groupBy("kind", "counts").count().collectAsList()) {
      if (LedgerSchema.STRIKE.equals(r.getString(0)) && r.getBoolean(1)) {
        counting = r.getLong(2);
      } else if (LedgerSchema.ACTION.equals(r.getString(0))) {
        inForce += r.getLong(2);
      }
    }
    int watermarks = prior.watermarks().size();
    double readSeconds = (System.nanoTime() - readStart) / 1e9;
    prior.close();
    print.printf("ledger of %,d accounts: %,d entries (3 strikes, 3 post actions, 1 account action, 1 state each), "
        + "%,.1f MB on disk, written in %.1f s%n", ledgerAccounts, ledgerAccounts * 8, bytes / 1e6, writeSeconds);
    print.printf("a sweep's read of it (prior state: %,d strikes counting, %,d actions in force, "
        + "%d watermark rules): %.1f s%n", counting, inForce, watermarks, readSeconds);
  }

  /** Every ledger column, null where {@code d} has none, in the ledger's order. */
  private static Dataset<Row> conform(Dataset<Row> d) {
    List<String> present = List.of(d.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField f : LedgerSchema.V1.fields()) {
      Column c = f.name().equals("run_id") ? lit("scale") : f.name().equals("run_seq") ? lit(1L)
          : f.name().equals("platform") ? lit("x") : f.name().equals("category") ? lit("rumour")
          : present.contains(f.name()) ? col(f.name()) : lit(null);
      columns.add(c.cast(f.dataType()).as(f.name()));
    }
    return d.select(columns.toArray(Column[]::new));
  }
}
