package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.Policy;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReportCounts} (a cogroup by reporter and a group per target, in plain Java) gives, row for row, the report
 * aggregates of the Spark SQL it replaced ({@link ReportAggregatesReference}): on the reports and accounts of a
 * generated archive, and on a fixture of the cases a generated archive rarely has (one account id on two platforms, a
 * reporter without an account, null ids and times, a report without a platform, an age on the guard's boundary in
 * fractions of a second, a reporter over the limit on one platform only). Each with the guard on and off, and reports
 * naming a platform or not.
 */
class ReportCountsEquivalenceTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static final Policy.ReportGuard GUARD = new Policy.ReportGuard(7, 2);
  /** A guard that drops some of the generated archive's reporters (it plants few brigades). */
  static final Policy.ReportGuard STRICT = new Policy.ReportGuard(200, 1);

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  static List<String> lines(Dataset<Row> aggregates) {
    List<String> out = new ArrayList<>();
    aggregates.select(to_json(struct(col("target_kind"), col("target_id"), col("platform"), col("distinct_reporters"),
        col("raw_reports")))).collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    return out;
  }

  static void assertSame(Dataset<Row> reports, Dataset<Row> accounts, String what) {
    for (Policy.ReportGuard guard : new Policy.ReportGuard[] {GUARD, STRICT, null}) {
      for (boolean byPlatform : new boolean[] {true, false}) {
        String how = what + ", guard " + (guard != null) + ", by platform " + byPlatform;
        Dataset<Row> now = ReportCounts.of(reports, accounts, guard, byPlatform);
        assertEquals(List.of(ReportCounts.TYPE.fieldNames()), List.of(now.schema().fieldNames()), how + ": schema");
        assertEquals(lines(ReportAggregatesReference.of(reports, accounts, guard, byPlatform)), lines(now),
            how + ": every aggregate");
      }
    }
  }

  @Test
  void theGeneratedArchiveGetsTheSameAggregates() {
    Path archive = tmp.resolve("archive");
    new ArchiveGenerator(GenerateSettings.from(TestSpark.settings().generate()))
        .generate(spark, new GenerateRequest(6000, 600, 3, 23, archive.toString()));
    Dataset<Row> accounts = spark.read().parquet(archive.resolve(ArchiveSchema.ACCOUNTS).toString()).cache();
    // The generator's reports name no platform: each gets its target's hash's platform, some a null one.
    Dataset<Row> reports = spark.read().parquet(archive.resolve(ArchiveSchema.REPORTS).toString())
        .withColumn("platform", when(col("report_id").endsWith("7"), null)
            .otherwise(when(org.apache.spark.sql.functions.hash(col("target_id")).mod(2).equalTo(0), "weibo")
                .otherwise("douyin"))).cache();
    long counted = ReportCounts.of(reports, accounts, GUARD, false).filter(col("distinct_reporters").gt(0)).count();
    long filtered = ReportCounts.of(reports, accounts, STRICT, false)
        .filter(col("distinct_reporters").lt(col("raw_reports"))).count();
    assertTrue(reports.count() > 100 && counted > 0 && filtered > 0, "the archive has reports (" + reports.count()
        + "), targets with counting reporters (" + counted + ") and targets where the strict guard drops some (" + filtered
        + ")");
    assertSame(reports, accounts, "generated archive");
  }

  static final StructType ACCOUNTS = new StructType().add("account_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
      .add("handle", DataTypes.StringType);
  static final StructType REPORTS = new StructType().add("report_id", DataTypes.StringType)
      .add("reporter_id", DataTypes.StringType).add("target_kind", DataTypes.StringType)
      .add("target_id", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
      .add("platform", DataTypes.StringType);

  static Timestamp at(String t) {
    return t == null ? null : Timestamp.valueOf(t);
  }

  static Row report(String id, String reporter, String kind, String target, String created, String platform) {
    return RowFactory.create(id, reporter, kind, target, at(created), platform);
  }

  static Dataset<Row> fixtureAccounts() {
    return spark.createDataFrame(List.of(
        RowFactory.create("old", "x", at("2020-01-01 00:00:00"), "o"),
        RowFactory.create("old", "y", at("2026-09-30 00:00:00"), "o2"),   // the same id, new on y
        RowFactory.create("edge", "x", at("2026-09-01 00:00:00.9"), "e"),  // 7 days to the floor second
        RowFactory.create("nodate", "x", null, "n"),
        RowFactory.create("busy", "x", at("2020-01-01 00:00:00"), "b"),
        RowFactory.create("busy", "y", at("2020-01-01 00:00:00"), "b2"),
        RowFactory.create(null, "x", at("2020-01-01 00:00:00"), "null id")), ACCOUNTS);
  }

  static Dataset<Row> fixtureReports() {
    return spark.createDataFrame(List.of(
        report("r1", "old", "post", "p1", "2026-10-02 10:00:00", "x"),
        report("r2", "old", "post", "p1", "2026-10-02 11:00:00", "y"),    // new account on y
        report("r3", "old", "post", "p1", "2026-10-02 12:00:00", "x"),    // the same reporter again
        report("r4", "edge", "post", "p1", "2026-09-08 00:00:00.1", "x"),
        report("r5", "nodate", "post", "p1", "2026-10-02 10:00:00", "x"),
        report("r6", "stranger", "post", "p1", "2026-10-02 10:00:00", "x"), // no account
        report("r7", null, "post", "p1", "2026-10-02 10:00:00", "x"),
        report("r8", "edge", "post", "p1", null, "x"),      // no time: not counted
        report("r9", "old", "account", "busy", "2026-10-02 10:00:00", null), // no platform
        report("r10", "busy", "account", "old", "2026-10-02 10:00:00", "x"),
        report("r11", "busy", "account", "old", "2026-10-02 10:00:00", "x"),
        report("r12", "busy", "account", "old", "2026-10-02 10:00:00", "x"), // three on x: over the limit of 2
        report("r13", "busy", "account", "old", "2026-10-02 10:00:00", "y"),
        report("r14", "busy", null, "p1", "2026-10-02 10:00:00", "x"),      // no kind
        report("r15", "old", "post", null, "2026-10-02 10:00:00", "x")),    // no target: not counted at all
        REPORTS);
  }

  @Test
  void theFixtureGetsTheSameAggregates() {
    assertSame(fixtureReports(), fixtureAccounts(), "fixture");
  }

  @Test
  void theGuardCountsOldAccountsWithinTheLimitOnTheReportsPlatform() {
    List<String> byPlatform = lines(ReportCounts.of(fixtureReports(), fixtureAccounts(), GUARD, true));
    // p1 on x: old (twice, two reports on x: within the limit) and edge (7 days to the second, rounded down) count;
    // nodate, stranger, the null reporter and edge's undated report do not. r2 (old on y) is new there. busy filed
    // four on x (over the limit) and one on y.
    assertEquals(List.of(
        "{\"target_id\":\"p1\",\"platform\":\"x\",\"distinct_reporters\":0,\"raw_reports\":1}",
        "{\"target_kind\":\"account\",\"target_id\":\"busy\",\"distinct_reporters\":0,\"raw_reports\":1}",
        "{\"target_kind\":\"account\",\"target_id\":\"old\",\"platform\":\"x\",\"distinct_reporters\":0,"
            + "\"raw_reports\":3}",
        "{\"target_kind\":\"account\",\"target_id\":\"old\",\"platform\":\"y\",\"distinct_reporters\":1,"
            + "\"raw_reports\":1}",
        "{\"target_kind\":\"post\",\"target_id\":\"p1\",\"platform\":\"x\",\"distinct_reporters\":2,"
            + "\"raw_reports\":7}",
        "{\"target_kind\":\"post\",\"target_id\":\"p1\",\"platform\":\"y\",\"distinct_reporters\":0,"
            + "\"raw_reports\":1}"), byPlatform.stream().sorted().toList(), "per target and platform");
  }
}
