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
  }
}
