package io.winnow.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.winnow.model.Policy;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The report aggregates per target (kind, id, platform): reporters that pass the brigading guard (account old enough
 * when they reported, not too many reports in the window; without a guard every reporter counts) and every report
 * filed. Two shuffles and plain Java: the reports meet their reporters' accounts in one cogroup by reporter id (the
 * guard decides each report there), then one group per target counts them. It replaced a plan of a distinct, a
 * semi-join, two aggregations, two joins and a distinct count (kept in the tests as {@code ReportAggregatesReference}).
 */
final class ReportCounts {
  /** One row per target: what the findings stage joins to its candidates as the struct {@code reports}. */
  static final StructType TYPE = new StructType().add("target_kind", DataTypes.StringType)
      .add("target_id", DataTypes.StringType).add("platform", DataTypes.StringType)
      .add("distinct_reporters", DataTypes.LongType).add("raw_reports", DataTypes.LongType);

  /** A filed report as the two steps read it, and (after the first) whether its reporter counts. */
  private static final StructType FILED = new StructType().add("reporter_id", DataTypes.StringType)
      .add("target_kind", DataTypes.StringType).add("target_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("created_at", DataTypes.TimestampType);
  private static final StructType COUNTED = FILED.add("counts", DataTypes.BooleanType);
  private static final StructType REPORTER = new StructType().add("account_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("created_at", DataTypes.TimestampType);

  private ReportCounts() {}

  /**
   * {@code reports}: the window's reports (a {@code platform} column when {@code byPlatform}); {@code accounts}: the
   * account table (each id once). Only the accounts' id, platform and creation time are shuffled, only under a
   * guard, and (while the reports fit a broadcast) only the reporters' accounts.
   */
  static Dataset<Row> of(Dataset<Row> reports, Dataset<Row> accounts, Policy.ReportGuard guard, boolean byPlatform) {
    Dataset<Row> filed = reports.filter(col("target_id").isNotNull()).select(col("reporter_id"), col("target_kind"),
        col("target_id"), byPlatform ? col("platform") : lit(null).cast("string").as("platform"), col("created_at"));
    Dataset<Row> counted;
    if (guard == null) {
      counted = filed.withColumn("counts", lit(true));
    } else {
      Dataset<Row> reporters = accounts.select(col("account_id"),
          byPlatform ? col("platform") : lit(null).cast("string").as("platform"), col("created_at"));
      if (fitsBroadcast(reports)) {
        // Only reporters' accounts can meet a report in the cogroup: while the reports fit a broadcast, the accounts
        // are cut to their reporters' ids before they are shuffled (every account otherwise; a semi-join on a shuffle
        // would shuffle them all once more).
        reporters = reporters.join(broadcast(filed.select(col("reporter_id").as("_reporter")).distinct()),
            col("account_id").equalTo(col("_reporter")), "left_semi");
      }
      counted = filed.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
          .cogroup(reporters.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING()),
              new Guard(guard, byPlatform), Encoders.row(COUNTED));
    }
    return counted.groupByKey((MapFunction<Row, String>) ReportCounts::targetKey, Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, rows) -> List.of(perTarget(rows)).iterator(),
            Encoders.row(TYPE));
  }

  /**
   * Whether the window's reports fit {@code spark.sql.autoBroadcastJoinThreshold} by Spark's own estimate of their
   * size (what its planner would broadcast them on). Their reporters' ids and their per-target aggregates are no more
   * rows than the reports and narrower, so then those fit too.
   */
  static boolean fitsBroadcast(Dataset<Row> reports) {
    long threshold = SQLConf.get().autoBroadcastJoinThreshold();
    return threshold >= 0 && reports.queryExecution().optimizedPlan().stats().sizeInBytes()
        .$less$eq(scala.math.BigInt.apply(threshold));
  }

  /** Kind, id and platform of a report's target as one key (null and empty kept apart). */
  private static String targetKey(Row r) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      b.append(r.isNullAt(i) ? "\u0001" : "\u0002" + r.getString(i)).append('\u0000');
    }
    return b.toString();
  }

  /** The aggregate of one target's reports: distinct counting reporters, and every report. */
  private static Row perTarget(Iterator<Row> rows) {
    Set<String> reporters = new HashSet<>();
    long raw = 0;
    Row first = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      first = first == null ? r : first;
      raw++;
      if (!r.isNullAt(0) && Boolean.TRUE.equals(r.get(5))) {
        reporters.add(r.getString(0));
      }
    }
    return RowFactory.create(first.getString(1), first.getString(2), first.getString(3), (long) reporters.size(), raw);
  }

  /**
   * One reporter's reports against its accounts (the same id, on each platform): a report counts when the reporter's
   * account on the report's platform (any platform when reports name none) was created at least the guard's days
   * before it, in whole seconds, and the reporter filed at most the guard's reports on that platform.
   */
  static final class Guard implements CoGroupFunction<String, Row, Row, Row>, Serializable {
    private final long minAgeSeconds;
    private final long maxReports;
    private final boolean byPlatform;

    Guard(Policy.ReportGuard guard, boolean byPlatform) {
      this.minAgeSeconds = guard.minReporterAccountAgeDays() * 86_400L;
      this.maxReports = guard.maxReportsPerReporter();
      this.byPlatform = byPlatform;
    }

    @Override
    public Iterator<Row> call(String reporter, Iterator<Row> reports, Iterator<Row> accounts) {
      List<Row> filed = new ArrayList<>();
      reports.forEachRemaining(filed::add);
      if (filed.isEmpty()) {
        return java.util.Collections.emptyIterator();
      }
      // The earliest creation per platform (one entry, platform null, when reports name no platform).
      Map<String, Long> created = new HashMap<>();
      while (reporter != null && accounts.hasNext()) {
        Row a = accounts.next();
        Long at = seconds(a.get(2));
        if (at != null) {
          created.merge(a.getString(1), at, Math::min);
        }
      }
      Map<String, Long> perPlatform = new HashMap<>();
      filed.forEach(r -> perPlatform.merge(r.getString(3), 1L, Long::sum));
      List<Row> out = new ArrayList<>(filed.size());
      for (Row r : filed) {
        String platform = r.getString(3);
        // With platforms, a report without one matches no account (an equi-join on platform).
        Long since = byPlatform && platform == null ? null : created.get(platform);
        Long at = seconds(r.get(4));
        boolean counts = reporter != null && since != null && at != null && at - since >= minAgeSeconds
            && perPlatform.get(platform) <= maxReports;
        out.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), counts));
      }
      return out.iterator();
    }
  }

  /** Whole seconds since the epoch, rounded down (Spark's {@code unix_seconds}); null for null. */
  static Long seconds(Object timestamp) {
    if (timestamp == null) {
      return null;
    }
    long millis = timestamp instanceof Instant i ? i.toEpochMilli() : ((Timestamp) timestamp).getTime();
    return Math.floorDiv(millis, 1000L);
  }
}
