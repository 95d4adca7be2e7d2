package io.winnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench ledger}: the history the timed incremental sweep reads is a ledger of one commit per history day, as a
 * daily job leaves it, built once and reused; both timed sweeps read the new day alone.
 */
class BenchLedgerCommandTest {
  @TempDir Path tmp;

  @Test
  void theHistoryIsOneCommitPerDayBuiltOnceAndBothSweepsReadTheNewDayAlone() {
    TestSpark.session();
    TestCli.Result first = bench();
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("the history: 3 daily incremental sweeps, one a day"), first.out());
    assertTrue(first.out().contains("the history's ledger: 3 commits (versions 0..2)"), first.out());
    long newDay = postsRead(first.out(), "window sweep of 2026-10-04 alone");
    assertTrue(newDay > 0, first.out());
    assertEquals(newDay, postsRead(first.out(), "incremental sweep of 2026-10-04 over 3 days"),
        "the incremental sweep reads the new day's posts only, as the window sweep: " + first.out());

    // The first run warmed up both paths (an incremental sweep of the new day over another copy of the history): the
    // timed incremental sweep above still found the new day unread. This one warms up the window sweep's path only.
    TestCli.Result again = bench("--warm-up", "window");
    assertEquals(0, again.exit(), again.err());
    assertEquals(postsRead(again.out(), "window sweep of 2026-10-04 alone"),
        postsRead(again.out(), "incremental sweep of 2026-10-04 over 3 days"), again.out());
    assertTrue(again.out().contains("reusing the history"), again.out());
    assertTrue(again.out().contains("the history's ledger: 3 commits (versions 0..2)"),
        "the reused history is copied as built, the earlier run's commit not in it: " + again.out());
  }

  private TestCli.Result bench(String... more) {
    List<String> args = new ArrayList<>(List.of("bench", "ledger", "--posts", "4000", "--accounts", "400",
        "--history-days", "3", "--ledger-accounts", "0", "--work", tmp.toString(), "--rules",
        System.getProperty("project.rules.dir", "../rules"), "-D", "winnow.spark.master=local[2]", "-D",
        "winnow.spark.shuffle-partitions=2"));
    args.addAll(List.of(more));
    return TestCli.cli(args.toArray(String[]::new));
  }

  private static long postsRead(String out, String measurement) {
    Matcher m = Pattern.compile(Pattern.quote(measurement) + ".*? +[\\d.]+ +[\\d.]+ +([\\d,]+) +[\\d.]+")
        .matcher(out);
    assertTrue(m.find(), measurement + " in " + out);
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
