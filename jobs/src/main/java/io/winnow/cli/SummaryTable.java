package io.winnow.cli;

import io.winnow.sweep.SweepResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The per-category summary printed at the end of a sweep: posts actioned, and accounts per action. */
final class SummaryTable {
  private SummaryTable() {}

  static final List<String> COLUMNS = List.of("delete-post", "limit-visibility", "remove-followers", "demonetise",
      "suspend", "close-account");

  static void print(SweepResult result, PrintWriter out) {
    Map<String, Map<String, Long>> table = new TreeMap<>();
    TreeSet<String> categories = new TreeSet<>();
    for (SweepResult.Count c : result.counts()) {
      categories.add(c.category());
      table.computeIfAbsent(c.category(), k -> new TreeMap<>()).merge(c.action(), c.actions(), Long::sum);
    }
    String header = String.format("%-20s %12s %16s %16s %11s %9s %13s %8s", "category", "delete-post",
        "limit-visibility", "remove-followers", "demonetise", "suspend", "close-account", "review");
    out.println(header);
    out.println("-".repeat(header.length()));
    long[] totals = new long[COLUMNS.size() + 1];
    for (String category : categories) {
      Map<String, Long> row = table.get(category);
      long review = result.counts().stream().filter(c -> c.category().equals(category))
          .mapToLong(SweepResult.Count::reviewRequired).sum();
      out.println(line(category, row, review, totals));
    }
    out.println("-".repeat(header.length()));
    out.println(String.format("%-20s %12d %16d %16d %11d %9d %13d %8d", "total", totals[0], totals[1], totals[2],
        totals[3], totals[4], totals[5], totals[6]));
    out.println("posts actioned = delete-post + limit-visibility; the other columns count accounts; review = actions "
        + "waiting for a person");
  }

  private static String line(String category, Map<String, Long> row, long review, long[] totals) {
    long[] v = new long[COLUMNS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row.getOrDefault(COLUMNS.get(i), 0L);
      totals[i] += v[i];
    }
    totals[COLUMNS.size()] += review;
    return String.format("%-20s %12d %16d %16d %11d %9d %13d %8d", category, v[0], v[1], v[2], v[3], v[4], v[5],
        review);
  }
}
