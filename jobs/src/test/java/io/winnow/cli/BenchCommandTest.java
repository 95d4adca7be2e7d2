package io.winnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --jobs}: the Spark jobs of each timed sweep, per call site, adding up to the jobs per sweep. */
class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void jobsPerCallSiteAddUpToTheJobsOfEachSweep() {
    TestSpark.session();
    TestCli.Result run = TestCli.cli("bench", "--posts", "2000", "--accounts", "200", "--days", "2", "--sweeps", "2",
        "--jobs", "--work", tmp.toString(), "--rules", System.getProperty("project.rules.dir", "../rules"),
        "-D", "winnow.spark.master=local[2]", "-D", "winnow.spark.shuffle-partitions=2");
    assertEquals(0, run.exit(), run.err());
    Matcher total = Pattern.compile("Spark jobs per sweep: (\\d+), (\\d+)").matcher(run.out());
    assertTrue(total.find(), run.out());
    String listing = run.out().substring(run.out().indexOf("Spark job call site"));
    List<String> sites = listing.lines().skip(1).filter(l -> l.matches(".* +\\d+ / +[\\d.]+ +\\d+ / +[\\d.]+"))
        .toList();
    assertTrue(sites.stream().anyMatch(l -> l.startsWith("count at TextPass.java")), "the passes' jobs: " + listing);
    long first = 0;
    long second = 0;
    for (String site : sites) {
      Matcher m = Pattern.compile("(\\d+) / +[\\d.]+ +(\\d+) / +[\\d.]+$").matcher(site);
      assertTrue(m.find(), site);
      first += Long.parseLong(m.group(1));
      second += Long.parseLong(m.group(2));
    }
    assertEquals(Long.parseLong(total.group(1)), first, "first sweep's jobs, summed over its call sites");
    assertEquals(Long.parseLong(total.group(2)), second, "second sweep's jobs, summed over its call sites");

    // What each step compiled: the scan's and each sweep's JIT and codegen, and the first sweep's JIT per stage.
    String number = "(\\d+\\.\\d)";
    String compiled = "JIT " + number + " \\+ " + number + " s, codegen (\\d+) classes " + number + " s";
    Matcher compiling = Pattern.compile("compiling \\(CPU s of HotSpot's C1 \\+ C2 threads; Spark codegen classes, s\\): "
        + "scan " + compiled + "; sweep 1 " + compiled + "; sweep 2 " + compiled + "\n").matcher(run.out());
    assertTrue(compiling.find(), run.out());
    double sweepJit = Double.parseDouble(compiling.group(5)) + Double.parseDouble(compiling.group(6));
    assertTrue(sweepJit > 0, "the first sweep of a JVM compiles code: " + compiling.group());
    String stages = run.out().substring(run.out().indexOf("sweep stage"));
    assertTrue(stages.lines().findFirst().orElseThrow().matches("sweep stage +seconds +cpu s +cores +rows +jit s"),
        stages);
    List<String> stageRows = stages.lines().skip(1).takeWhile(l -> !l.startsWith("stages of sweep")).toList();
    List<String> expected = List.of("schema check", "posts pass", "accounts pass", "findings", "policy", "write",
        "commit");
    double stageJit = 0;
    for (int i = 0; i < expected.size(); i++) {
      Matcher row = Pattern.compile(Pattern.quote(expected.get(i)) + " +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d,]+ +"
          + number).matcher(stageRows.get(i));
      assertTrue(row.matches(), "stage " + expected.get(i) + " with its JIT seconds: " + stages);
      stageJit += Double.parseDouble(row.group(1));
    }
    assertTrue(stageJit <= sweepJit + 0.05 * expected.size() + 0.1, "the stages' JIT within the sweep's: " + stageJit
        + " of " + sweepJit);
  }

  @Test
  void jitCpuIsTheCompilerThreadsUserAndSystemTicksEndedThreadsIncluded(@TempDir Path proc) throws java.io.IOException {
    writeStat(proc, "11", "C2 CompilerThre", 250, 30);
    writeStat(proc, "12", "C1 CompilerThre", 40, 2);
    writeStat(proc, "13", "C2 CompilerThre", 5, 5);
    writeStat(proc, "14", "Executor task (1)", 900, 10);
    writeStat(proc, "15", "GC Thread#0", 70, 1);
    java.util.Map<String, double[]> seen = new java.util.HashMap<>();
    double[] first = CompileClock.jitCpuSeconds(proc, seen);
    assertEquals(0.42, first[0], 1e-9, "C1: (40 + 2) ticks of 1/100 s");
    assertEquals(2.9, first[1], 1e-9, "C2: (250 + 30 + 5 + 5) ticks, both C2 threads");

    // Thread 13 ends, 11 compiles on, a new C1 thread starts.
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(proc.resolve("13"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    writeStat(proc, "11", "C2 CompilerThre", 300, 40);
    writeStat(proc, "16", "C1 CompilerThre", 7, 0);
    double[] second = CompileClock.jitCpuSeconds(proc, seen);
    assertEquals(0.49, second[0], 1e-9, "C1: 42 ticks of thread 12 and 7 of the new thread 16");
    assertEquals(3.5, second[1], 1e-9, "C2: 340 ticks of thread 11 and the 10 thread 13 had used when it ended");

    double[] none = CompileClock.jitCpuSeconds(proc.resolve("absent"), new java.util.HashMap<>());
    assertEquals(0.0, none[0] + none[1], "no /proc: nothing read");
  }

  /** A /proc/PID/task/TID/stat line as Linux writes it: name in parentheses, utime and stime the 14th and 15th fields. */
  private static void writeStat(Path proc, String tid, String name, long utime, long stime) throws java.io.IOException {
    Path dir = java.nio.file.Files.createDirectories(proc.resolve(tid));
    java.nio.file.Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 1077936192 12 0 0 0 "
        + utime + " " + stime + " 0 0 20 0 30 0 " + (1500 + Long.parseLong(tid)) + " 0 0\n");
  }
}
