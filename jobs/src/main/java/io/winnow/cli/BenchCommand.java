package io.winnow.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.winnow.config.Settings;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.SparkSessions;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import io.winnow.sweep.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sweep time beside a plain Spark read of the same columns, measured in one run on one generated archive, so the
 * ratio does not depend on the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchEngineCommand.class, BenchLedgerCommand.class},
    description = "Benchmark: a plain Spark scan of the posts' columns against a full sweep of the same archive, "
        + "in one run; prints times and the ratio. `bench engine` benchmarks the text engine alone.")
public final class BenchCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--work", defaultValue = "work/bench", paramLabel = "DIR", description = "Work directory (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rule directory (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--posts", defaultValue = "5000000", paramLabel = "N", description = "Posts (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(names = "--accounts", defaultValue = "500000", paramLabel = "M", description = "Accounts (default: ${DEFAULT-VALUE}).")
  long accounts;

  @Option(names = "--days", defaultValue = "7", paramLabel = "D", description = "Days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sweeps", defaultValue = "1", paramLabel = "N", description = "Sweeps of the archive in this one "
      + "JVM (default: ${DEFAULT-VALUE}). The first is what a `winnow sweep` command pays; the later ones show what "
      + "a long-lived driver pays once the JVM has compiled Spark's and winnow's code.")
  int sweeps;

  @Option(names = "--jobs", description = "List the Spark jobs of each timed sweep per call site (number and seconds).")
  boolean listJobs;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = common.settings(Map.of("winnow.spark.progress-bar", "false"));
    RuleSet ruleSet = RuleLoader.load(rules);
    SparkSession spark = SparkSessions.create(settings.spark());
    Path archive = GenerateCommand.generatedOnce(spark, settings, work, posts, accounts, days, seed, out);
    LocalDate from = GenerateSettings.from(settings.generate()).startDate();
    LocalDate to = from.plusDays(days - 1);
    String postsPath = archive.resolve("posts").toString();

    scan(spark, postsPath); // warm-up: JIT, file cache
    double loadBefore = loadAverage();
    long scanCpu = cpuNanos();
    CompileClock.Reading scanCompile = CompileClock.now();
    long scanStart = System.nanoTime();
    Row scanned = scan(spark, postsPath);
    double scanSeconds = (System.nanoTime() - scanStart) / 1e9;
    double scanCpuSeconds = (cpuNanos() - scanCpu) / 1e9;
    scanCompile = CompileClock.now().since(scanCompile);

    if (sweeps < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sweeps must be at least 1, got " + sweeps);
    }
    java.util.List<Timed> timed = new java.util.ArrayList<>();
    java.util.List<Map<String, SparkJobLog.Site>> jobs = new java.util.ArrayList<>();
    for (int i = 1; i <= sweeps; i++) {
      resetPeakHeap();
      SparkJobLog log = SparkJobLog.start(spark.sparkContext());
      java.util.List<Map.Entry<String, CompileClock.Reading>> lines = new java.util.ArrayList<>();
      long sweepCpu = cpuNanos();
      CompileClock.Reading compileBefore = CompileClock.now();
      long sweepStart = System.nanoTime();
      SweepResult result = new Sweep(spark, settings, ruleSet, new SweepRequest(archive.toString(), from, to,
          work.resolve("out").toString(), i == 1 ? "bench" : "bench-" + i, false, "bench"), line -> {
            lines.add(Map.entry(line, CompileClock.now()));
            out.println("winnow: " + line);
          }).execute();
      timed.add(new Timed(result, (System.nanoTime() - sweepStart) / 1e9, (cpuNanos() - sweepCpu) / 1e9,
          peakHeap(), CompileClock.now().since(compileBefore), stageCompiles(result, compileBefore, lines)));
      jobs.add(log.stop());
    }
    double loadAfter = loadAverage();
    Timed first = timed.get(0);
    SweepResult result = first.result();
    double sweepSeconds = first.seconds();
    double sweepCpuSeconds = first.cpuSeconds();

    long rows = scanned.getLong(0);
    int cores = Runtime.getRuntime().availableProcessors();
    out.println();
    out.printf("archive: %,d posts, %,d accounts, %d days; %d rules; Spark %s, master %s, %d cores%n", rows, accounts,
        days, ruleSet.rules().size(), spark.version(), settings.spark().master(), cores);
    out.printf("load average (1 min): %.2f before the scan, %.2f after the sweep%n", loadBefore, loadAfter);
    out.printf("%-44s %9s %9s %7s %14s %8s%n", "measurement", "seconds", "cpu s", "cores", "posts/s", "ratio");
    out.printf("%-44s %9.1f %9.1f %7.2f %,14.0f %8.2f%n", "plain Spark scan of the posts' columns", scanSeconds,
        scanCpuSeconds, scanCpuSeconds / scanSeconds, rows / scanSeconds, 1.0);
    out.printf("%-44s %9.1f %9.1f %7.2f %,14.0f %8.2f%n", "winnow sweep (scan, match, join, policy, write)",
        sweepSeconds, sweepCpuSeconds, sweepCpuSeconds / sweepSeconds, rows / sweepSeconds, sweepSeconds / scanSeconds);
    for (int i = 1; i < timed.size(); i++) {
      Timed t = timed.get(i);
      out.printf("%-44s %9.1f %9.1f %7.2f %,14.0f %8.2f%n", "the same sweep again, warm JVM (" + (i + 1) + ")",
          t.seconds(), t.cpuSeconds(), t.cpuSeconds() / t.seconds(), rows / t.seconds(), t.seconds() / scanSeconds);
    }
    out.printf("compiling (CPU s of HotSpot's C1 + C2 threads; Spark codegen classes, s): scan %s; %s%n",
        compiled(scanCompile), String.join("; ", timed.stream().map(t -> "sweep " + (timed.indexOf(t) + 1) + " "
            + compiled(t.compile())).toList()));
    out.printf("%-16s %9s %9s %7s %12s %7s%n", "sweep stage", "seconds", "cpu s", "cores", "rows", "jit s");
    result.stageMillis().entrySet().forEach(e -> {
          long cpu = result.stageCpuMillis().getOrDefault(e.getKey(), 0L);
          CompileClock.Reading compiled = first.stageCompiles().get(e.getKey());
          out.printf("%-16s %9.1f %9.1f %7.2f %,12d %7s%n", e.getKey(), e.getValue() / 1000.0, cpu / 1000.0,
              e.getValue() == 0 ? 0 : (double) cpu / e.getValue(), result.stageRows().getOrDefault(e.getKey(), 0L),
              compiled == null ? "-" : String.format("%.1f", compiled.jitSeconds()));
        });
    for (int i = 1; i < timed.size(); i++) {
      SweepResult again = timed.get(i).result();
      out.printf("stages of sweep %d, wall / cpu s: %s%n", i + 1, String.join(", ", again.stageMillis().entrySet()
          .stream().map(e -> String.format("%s %.1f / %.1f", e.getKey(), e.getValue() / 1000.0,
              again.stageCpuMillis().getOrDefault(e.getKey(), 0L) / 1000.0)).toList()));
    }
    out.printf("peak heap used during the sweep: %,d MB of %,d MB%n", first.peakHeap() >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    for (Timed t : timed) {
      out.printf("actions %,d, findings %,d%n", t.result().actions(), t.result().findings());
    }
    out.printf("Spark jobs per sweep: %s%n", String.join(", ", jobs.stream().map(j -> String.valueOf(
        SparkJobLog.jobs(j))).toList()));
    if (listJobs) {
      printJobs(out, jobs);
    }
    return 0;
  }

  /** Per call site, the jobs and seconds of each sweep. */
  private static void printJobs(PrintWriter out, java.util.List<Map<String, SparkJobLog.Site>> jobs) {
    java.util.Set<String> sites = new java.util.TreeSet<>();
    jobs.forEach(j -> sites.addAll(j.keySet()));
    out.printf("%-60s %s%n", "Spark job call site", "jobs / seconds of each sweep");
    SparkJobLog.Site none = new SparkJobLog.Site(0, 0);
    for (String site : sites) {
      out.printf("%-60s%s%n", site, String.join("", jobs.stream().map(j -> j.getOrDefault(site, none))
          .map(s -> String.format(" %4d / %7.1f", s.jobs(), s.millis() / 1000.0)).toList()));
    }
  }

  private static String compiled(CompileClock.Reading r) {
    return String.format("JIT %.1f + %.1f s, codegen %d classes %.1f s", r.c1Seconds(), r.c2Seconds(),
        r.janinoClasses(), r.janinoSeconds());
  }

  /** One sweep of the bench: its result, wall and CPU seconds, the heap's peak and what it compiled. */
  private record Timed(SweepResult result, double seconds, double cpuSeconds, long peakHeap,
      CompileClock.Reading compile, Map<String, CompileClock.Reading> stageCompiles) {}

  /**
   * What each stage compiled: the counters read when the sweep printed the stage's line (the stage clock prints it
   * as the stage ends, name first, then its seconds), less those at the previous stage's line. A stage without a
   * line of its own has none.
   */
  static Map<String, CompileClock.Reading> stageCompiles(SweepResult result, CompileClock.Reading start,
      java.util.List<Map.Entry<String, CompileClock.Reading>> lines) {
    Map<String, CompileClock.Reading> byStage = new java.util.LinkedHashMap<>();
    CompileClock.Reading previous = start;
    int next = 0;
    for (String stage : result.stageMillis().keySet()) {
      java.util.regex.Pattern line =
          java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(stage) + " +[\\d.]+ s");
      for (int i = next; i < lines.size(); i++) {
        if (line.matcher(lines.get(i).getKey()).lookingAt()) {
          byStage.put(stage, lines.get(i).getValue().since(previous));
          previous = lines.get(i).getValue();
          next = i + 1;
          break;
        }
      }
    }
    return byStage;
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU time of this process, all threads (the executors' too in local mode). */
  static long cpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  private static void resetPeakHeap() {
    java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).forEach(p -> p.resetPeakUsage());
  }

  /** The sum of the heap pools' peaks since {@link #resetPeakHeap()}: an upper bound of the heap in use at once. */
  private static long peakHeap() {
    return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** Reads every column a sweep reads and touches the text, as a user's plain scan would. */
  private static Row scan(SparkSession spark, String posts) {
    return spark.read().parquet(posts).agg(count(lit(1)), sum(length(col("text"))), sum(length(col("title"))),
        sum(col("likes")), count(col("post_id")), count(col("account_id")), count(col("created_at"))).first();
  }
}
