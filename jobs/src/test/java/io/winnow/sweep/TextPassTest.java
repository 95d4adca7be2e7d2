package io.winnow.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The posts pass counts its rows and its candidates in the one job that reads the table. */
class TextPassTest {
  static final StructType TABLE = ArchiveSchema.postsWithPartitions().add(ArchiveReader.FILE, DataTypes.StringType)
      .add(ArchiveReader.ROW, DataTypes.LongType).add(Duplicates.REASON, DataTypes.StringType);

  static Row post(String id, String text, String repostOf, long row) {
    return row(id, text, null, repostOf, row);
  }

  /** A row of {@link #TABLE}: author a1 on weibo, 2026-10-01, file f1; text and title as strings or UTF-8 bytes. */
  private static Row row(String id, Object text, Object title, String repostOf, long row) {
    return RowFactory.create(id, "a1", Timestamp.valueOf("2026-10-01 10:00:00"), text, title, repostOf, 0L, 0L, 0L,
        0L, false, List.of(), List.of(), "2026-10-01", "weibo", "f1", row, null);
  }

  /** The shipped rules' post rules as the pass compiles them. */
  static SubjectRules shippedPostRules(SparkSession spark) {
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    return SubjectRules.inThePass(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rules),
        Subject.POST);
  }

  @Test
  void candidatesAreCountedWithTheRowsAndAreTheRowsKeptAsCandidates() {
    SparkSession spark = TestSpark.session();
    SubjectRules postRules = shippedPostRules(spark);
    Dataset<Row> table = spark.createDataFrame(List.of(
        post("p1", "转发这条锦鲤，3天内必有好运！", null, 0),       // engagement bait: a candidate
        post("p2", "今天天气很好", null, 1),                        // nothing: not kept
        post("p3", "Share or bad luck! 300 people already did", null, 2), // a candidate
        post(null, "转发这条锦鲤，3天内必有好运！", null, 3),         // quarantined (null post_id): not a candidate
        post("p5", "好的", "p1", 4)), TABLE);                        // kept only as a repost link
    StructType canonical = table.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON).schema();
    TextPass.Result pass = TextPass.run(table, canonical, postRules, TestSpark.settings(), true);
    assertEquals(new SweepResult.TableAccounting(5, 4, 1), pass.accounting(), "read, evaluated, quarantined");
    assertEquals(2, pass.candidates(), "p1 and p3 are candidates");
    assertEquals(pass.candidateRows().count(), pass.candidates(), "the count is that of the candidate rows kept");
    assertEquals(4, pass.rows().count(), "kept: two candidates, the quarantined row and the repost link");
    pass.unpersist();
  }

  static Row binary(String id, byte[] text, byte[] title, long row) {
    return row(id, text, title, null, row);
  }

  /**
   * The text fields' checks run in the pass's UDF ({@link TextChecks}); every row gets the reason the Spark expressions
   * of {@link TextPass#quarantineReason} give it (kept public for winnow import), in the same precedence: rows with
   * invalid bytes, U+FFFD, a text or title too long, both flaws, and flaws beside other reasons.
   */
  @Test
  void theTextChecksInTheUdfQuarantineTheRowsTheSparkExpressionsDoWithTheSameReasons() {
    SparkSession spark = TestSpark.session();
    SubjectRules postRules = shippedPostRules(spark);
    Settings settings = TestSpark.settings(Map.of("winnow.sweep.max-text-chars", "15"));
    byte[] shortBait = "转发这条锦鲤，3天内必有好运！".getBytes(StandardCharsets.UTF_8); // 15 characters: a candidate
    byte[] bait = "转发这条锦鲤，3天内必有好运！！".getBytes(StandardCharsets.UTF_8); // 16: too long
    byte[] invalid = {(byte) 0xE8, (byte) 0xBD, 0x41, 0x42};
    byte[] replacement = "好运\uFFFD".getBytes(StandardCharsets.UTF_8);
    byte[] surrogate = {0x41, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    StructType binaryTable = new StructType(java.util.Arrays.stream(TABLE.fields())
        .map(f -> f.name().equals("text") || f.name().equals("title")
            ? DataTypes.createStructField(f.name(), DataTypes.BinaryType, true) : f)
        .toArray(org.apache.spark.sql.types.StructField[]::new));
    Dataset<Row> table = spark.createDataFrame(List.of(
            binary("ok", shortBait, null, 0),
            binary("long-text", bait, null, 1),
            binary("long-title", shortBait, bait, 2),
            binary("long-both", bait, bait, 3),
            binary("invalid-text", invalid, null, 4),
            binary("invalid-title-long-text", bait, invalid, 5),
            binary("fffd-text-invalid-title", replacement, surrogate, 6),
            binary("fffd-title", shortBait, replacement, 7),
            binary("surrogate-text", surrogate, shortBait, 8),
            binary(null, invalid, null, 9),
            binary("nothing", "今天天气".getBytes(StandardCharsets.UTF_8), null, 10)), binaryTable)
        .withColumn("text", col("text").cast("string")).withColumn("title", col("title").cast("string"));
    StructType canonical = table.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON).schema();
    TextPass.Result pass = TextPass.run(table, canonical, postRules, settings, false);
    Map<String, String> expected = new TreeMap<>();
    for (Row r : table.select(coalesce(col("post_id"), lit("(null)")), TextPass.quarantineReason(Subject.POST,
        postRules.compiled().fields(), settings.sweep().maxTextChars(), settings.quarantine(), "")).collectAsList()) {
      if (!r.isNullAt(1)) {
        expected.put(r.getString(0), r.getString(1));
      }
    }
    Map<String, String> actual = new TreeMap<>();
    for (Row r : pass.rows().filter(col("reason").isNotNull())
        .select(coalesce(col("subject.post_id"), lit("(null)")), col("reason")).collectAsList()) {
      actual.put(r.getString(0), r.getString(1));
    }
    assertEquals(9, expected.size(), "the Spark expressions quarantine all but ok and nothing");
    assertEquals(expected, actual, "the same rows quarantined with the same reasons");
    assertEquals(new SweepResult.TableAccounting(11, 2, 9), pass.accounting(), "read, evaluated, quarantined");
    assertEquals(1, pass.candidates(), "ok is a candidate, nothing is not");
    pass.unpersist();
  }
}
