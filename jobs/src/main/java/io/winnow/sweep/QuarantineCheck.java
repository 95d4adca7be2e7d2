package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.winnow.JobFailure;
import io.winnow.archive.ArchiveSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The quarantine of a run, table by table: rows per reason and per input partition (from the persisted pass, which
 * holds only quarantined and candidate rows), and the guard that fails a run above winnow.quarantine.max-rate.
 */
final class QuarantineCheck {
  private final double maxRate;
  private final Map<String, SweepResult.TableAccounting> tables = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
  private final Map<String, Long> perPartition = new TreeMap<>();

  QuarantineCheck(double maxRate) {
    this.maxRate = maxRate;
  }

  void add(String table, SweepResult.TableAccounting accounting, Dataset<Row> pass) {
    tables.put(table, accounting);
    Map<String, Long> byReason = new TreeMap<>();
    reasons.put(table, byReason);
    if (accounting.quarantined() == 0) {
      return;
    }
    Column partition = table.equals(ArchiveSchema.POSTS)
        ? concat(lit("dt="), col("subject.dt"), lit("/platform="), col("subject.platform"))
        : concat(lit("platform="), col("subject.platform"));
    // Reasons that quote a value (a length, a timestamp) are grouped by their kind.
    Column kind = regexp_replace(regexp_replace(regexp_replace(col("reason"), " \\(\\d+\\)$", ""),
        "^created_at .* out of range", "created_at out of range"), "^duplicate (\\w+) .*", "duplicate $1");
    for (Row r : pass.filter(col("reason").isNotNull()).groupBy(partition.as("partition"), kind.as("kind")).count()
        .collectAsList()) {
      perPartition.merge(table + "/" + r.getString(0), r.getLong(2), Long::sum);
      byReason.merge(r.getString(1), r.getLong(2), Long::sum);
    }
  }

  /** Table/partition -> rows quarantined. */
  Map<String, Long> perPartition() {
    return perPartition;
  }

  void check() {
    List<String> over = new ArrayList<>();
    tables.forEach((table, a) -> {
      double rate = a.read() == 0 ? 0 : (double) a.quarantined() / a.read();
      if (rate > maxRate) {
        over.add(String.format("%s: %.1f%% of rows quarantined (%d of %d), top reasons: %s", table, 100 * rate,
            a.quarantined(), a.read(), top(reasons.get(table))));
      }
    });
    if (!over.isEmpty()) {
      throw new JobFailure("quarantine rate over winnow.quarantine.max-rate = " + maxRate + ", nothing committed: "
          + String.join("; ", over) + ". Fix the archive (or its column mapping), or raise the limit if this is "
          + "expected");
    }
  }

  private static String top(Map<String, Long> byReason) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(byReason.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(3, sorted.size()); i++) {
      out.add(sorted.get(i).getKey() + " (" + sorted.get(i).getValue() + ")");
    }
    return String.join(", ", out);
  }

  Map<String, Object> manifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_rate", maxRate);
    Map<String, Object> perTable = new LinkedHashMap<>();
    tables.forEach((table, a) -> perTable.put(table, Map.of("rate", a.read() == 0 ? 0.0 : (double) a.quarantined()
        / a.read(), "reasons", reasons.get(table))));
    m.put("tables", perTable);
    return m;
  }
}
