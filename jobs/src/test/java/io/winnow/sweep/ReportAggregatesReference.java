package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.winnow.model.Policy;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report aggregates as the findings stage computed them in Spark SQL before {@link ReportCounts} (commit 2828a8d),
 * kept as the reference of {@code ReportCountsEquivalenceTest}.
 */
final class ReportAggregatesReference {
  private ReportAggregatesReference() {}

  /**
   * Per target: reporters that pass the brigading guard (account old enough when they reported, not too many reports
   * in the window; without a guard every reporter counts), and every report filed. Only the accounts that filed a
   * report are read for the guard.
   */
  static Dataset<Row> of(Dataset<Row> reports, Dataset<Row> accounts, Policy.ReportGuard guard,
      boolean byPlatform) {
    Dataset<Row> filed = reports.filter(col("target_id").isNotNull());
    if (!byPlatform) {
      filed = filed.withColumn("platform", lit(null).cast("string"));
    }
    Column counts = lit(true);
    if (guard != null) {
      Dataset<Row> filers = filed.select(col("reporter_id").as("_f")).distinct();
      Dataset<Row> reporters = accounts.join(filers, col("account_id").equalTo(col("_f")), "left_semi")
          .groupBy(col("account_id").as("_reporter"),
              (byPlatform ? col("platform") : lit(null).cast("string")).as("_reporter_platform"))
          .agg(min(col("created_at")).as("_reporter_created"));
      Dataset<Row> perReporter = filed.groupBy(col("reporter_id").as("_filer"), col("platform").as("_filer_platform"))
          .agg(count(lit(1)).as("_filed"));
      filed = filed.join(reporters, Sweep.sameSubject(col("reporter_id"), col("_reporter"), col("platform"),
              col("_reporter_platform"), !byPlatform), "left")
          .join(perReporter, col("reporter_id").equalTo(col("_filer"))
              .and(col("platform").eqNullSafe(col("_filer_platform"))), "left");
      counts = col("_reporter_created").isNotNull()
          .and(expr("unix_seconds(created_at) - unix_seconds(_reporter_created)")
              .geq(guard.minReporterAccountAgeDays() * 86_400L))
          .and(col("_filed").leq(guard.maxReportsPerReporter()));
    }
    return filed.groupBy(col("target_kind"), col("target_id"), col("platform"))
        .agg(count_distinct(when(counts, col("reporter_id"))).as("distinct_reporters"),
            count(lit(1)).as("raw_reports"));
  }

}
