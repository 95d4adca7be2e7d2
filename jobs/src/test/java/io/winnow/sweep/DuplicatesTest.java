package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The duplicated-id check: ids proved distinct by their ranges without a shuffle where they are (ids written in
 * order, ranges apart), and everywhere else the same duplicates as the shuffle finds.
 */
class DuplicatesTest {
  static final StructType IDS = new StructType().add("post_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add(ArchiveReader.FILE, DataTypes.StringType)
      .add(ArchiveReader.ROW, DataTypes.LongType);

  /** One "file": its ids in the order given, on one platform, read as one partition of the table. */
  static List<Row> file(String name, String platform, String... ids) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      rows.add(RowFactory.create(ids[i], platform, name, (long) i));
    }
    return rows;
  }

  /** The files as a table, each file one partition (as Spark reads a small file). */
  @SafeVarargs
  static Dataset<Row> table(List<Row>... files) {
    SparkSession spark = TestSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> all = null;
    for (List<Row> f : files) {
      Dataset<Row> one = spark.createDataFrame(jsc.parallelize(f, 1), IDS);
      all = all == null ? one : all.union(one);
    }
    return all;
  }

  /** The rows marked as copies (file, row, reason), sorted: what a sweep quarantines. */
  static List<String> marked(Duplicates d, Dataset<Row> table) {
    return d.mark(table).filter(org.apache.spark.sql.functions.col(Duplicates.REASON).isNotNull())
        .collectAsList().stream().map(r -> r.getAs(ArchiveReader.FILE) + " " + r.getAs(ArchiveReader.ROW) + " "
            + r.getAs(Duplicates.REASON)).sorted().toList();
  }

  /** {@link Duplicates#find} against the shuffle alone: the same examples and the same rows marked. */
  static Duplicates findAsTheShuffle(Dataset<Row> table, boolean global) {
    Duplicates found = Duplicates.find(table, "posts", "post_id", global, 100);
    Duplicates shuffled = Duplicates.byShuffle(table, "posts", "post_id", global, 100);
    assertEquals(shuffled.examples(), found.examples(), "the same repeated ids as the shuffle");
    assertEquals(marked(shuffled, table), marked(found, table), "the same copies marked as the shuffle");
    return found;
  }

  @Test
  void idsInOrderInRangesApartAreProvedDistinctWithoutTheShuffle() {
    Dataset<Row> t = table(file("f1", "x", "p01", "p02", "p05"), file("f2", "x", "p06", "p07"),
        file("f3", "x", "p00"), file("f4", "weibo", "p01", "p02"));
    Duplicates d = findAsTheShuffle(t, false);
    assertTrue(d.provedByRanges(), "sorted files whose ranges lie apart on each platform need no shuffle");
    assertFalse(d.any());
  }

  @Test
  void unpaddedNumbersWrittenInOrderAreInOrder() {
    String[] ids = new String[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "p" + (i + 1);
    }
    Duplicates d = findAsTheShuffle(table(file("f1", "x", ids), file("f2", "x", "p21", "p100")), false);
    assertTrue(d.provedByRanges(), "shorter ids come first: p9 < p10 (byte order alone would cut p1..p20 in two "
        + "overlapping runs, [p1, p9] and [p10, p20])");
  }

  @Test
  void aRunEndsWithItsFile() {
    // Files packed into one partition out of id order: f1 then f3 would be one run [p01, p09] over f2's ids.
    List<Row> packed = new ArrayList<>(file("f1", "x", "p01", "p02"));
    packed.addAll(file("f3", "x", "p08", "p09"));
    Duplicates d = findAsTheShuffle(table(packed, file("f2", "x", "p04", "p05")), false);
    assertTrue(d.provedByRanges(), "runs [p01, p02], [p08, p09] and [p04, p05] lie apart");
  }

  @Test
  void aRunEndsWhereThePlatformChanges() {
    // One partition holding two platforms' rows (files packed together): p06 on weibo is in it and in the next.
    List<Row> packed = new ArrayList<>(file("f1", "x", "p05"));
    packed.addAll(file("f2", "weibo", "p06"));
    Dataset<Row> t = table(packed, file("f3", "weibo", "p06"));
    Duplicates d = findAsTheShuffle(t, false);
    assertFalse(d.provedByRanges());
    assertEquals(List.of("posts post_id p06 on weibo: 2 copies"), d.examples());
  }

  @Test
  void overlappingRangesWithoutARepeatFallBackAndFindNothing() {
    Duplicates d = findAsTheShuffle(table(file("f1", "x", "p01", "p03", "p05"), file("f2", "x", "p02", "p04")),
        false);
    assertFalse(d.provedByRanges(), "interleaved ranges prove nothing");
    assertFalse(d.any(), "and the shuffle finds no repeated id");
  }

  @Test
  void aRepeatInsideOneFileIsFound() {
    Dataset<Row> t = table(file("f1", "x", "p01", "p02", "p02", "p03"), file("f2", "x", "p04"));
    Duplicates d = findAsTheShuffle(t, false);
    assertFalse(d.provedByRanges());
    assertEquals(List.of("posts post_id p02 on x: 2 copies"), d.examples());
    assertEquals(List.of("f1 2 duplicate post_id p02: the copy in f1 row 1 is evaluated"), marked(d, t));
  }

  @Test
  void aRepeatInsideOneFileOutOfOrderIsFound() {
    Dataset<Row> t = table(file("f1", "x", "p03", "p01", "p02", "p03"));
    Duplicates d = findAsTheShuffle(t, false);
    assertFalse(d.provedByRanges());
    assertEquals(List.of("f1 3 duplicate post_id p03: the copy in f1 row 0 is evaluated"), marked(d, t));
  }

  @Test
  void aRepeatAcrossFilesIsFound() {
    Dataset<Row> t = table(file("f1", "x", "p01", "p02"), file("f2", "x", "p02", "p03"), file("f3", "x", "p09"));
    Duplicates d = findAsTheShuffle(t, false);
    assertFalse(d.provedByRanges());
    assertEquals(List.of("f2 0 duplicate post_id p02: the copy in f1 row 1 is evaluated"), marked(d, t));
  }

  @Test
  void theSameIdOnTwoPlatformsIsOneIdOnlyWhenIdsAreGlobal() {
    Dataset<Row> t = table(file("f1", "x", "p01", "p02"), file("f2", "weibo", "p02", "p03"));
    assertTrue(findAsTheShuffle(t, false).provedByRanges(), "per platform, p02 on x and on weibo are two ids");
    Duplicates global = findAsTheShuffle(t, true);
    assertFalse(global.provedByRanges());
    assertEquals(List.of("posts post_id p02: 2 copies"), global.examples());
  }

  @Test
  void nullIdsAreNotIds() {
    Dataset<Row> t = table(file("f1", "x", "p01", null, "p02"), file("f2", "x", null, "p03"));
    assertTrue(findAsTheShuffle(t, false).provedByRanges(), "rows without an id are quarantined elsewhere");
  }

  @Test
  void idsInNoOrderStopTheProofEarly() {
    String[] shuffled = {"p5", "p3", "p9", "p1", "p7", "p2", "p8", "p4", "p6", "p0"};
    Dataset<Row> t = table(file("f1", "x", shuffled));
    assertFalse(IdRuns.distinct(t, "post_id", false, 3), "more than 3 runs in a partition: no proof");
    assertTrue(IdRuns.distinct(table(file("f1", "x", "p1", "p2"), file("f2", "x", "p3")), "post_id", false, 3));
    List<IdRuns.Run> runs = new ArrayList<>();
    IdRuns.runs(t.select("platform", "post_id", ArchiveReader.ROW).queryExecution().toRdd().toJavaRDD().collect().iterator(), 3)
        .forEachRemaining(runs::add);
    assertEquals(1, runs.size());
    assertTrue(runs.get(0).overflow(), "one marker instead of the runs");
    assertFalse(findAsTheShuffle(t, false).any());
  }

  @Test
  void aRunAcrossTwoFilesWhoseRowIndexFollowsCostsTheProofOnly() {
    // f3's rows numbered on from f1's (a split that starts where the row before ends): one run [p01, p09] over f2's.
    List<Row> packed = new ArrayList<>(file("f1", "x", "p01", "p02"));
    packed.add(RowFactory.create("p08", "x", "f3", 2L));
    packed.add(RowFactory.create("p09", "x", "f3", 3L));
    Duplicates d = findAsTheShuffle(table(packed, file("f2", "x", "p04", "p05")), false);
    assertFalse(d.provedByRanges(), "the run [p01, p09] overlaps [p04, p05]: no proof");
    assertFalse(d.any(), "and the shuffle finds no repeated id");
  }

  /**
   * The runs of a real Parquet read, whose rows are Spark's reused buffers: each run's first and last ids as written,
   * ids longer than the run's first buffer too, one run per file, a new run where the ids fall or the platform changes.
   */
  @Test
  void theRunsOfAParquetReadAreTheirIdsEnds(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    String longer = "p" + "0".repeat(60);
    List<Row> rows = new ArrayList<>(file("a", "x", "p01", "p02", "p05", "p03", "p04", longer + "1", longer + "2"));
    write(spark, rows, dir.resolve("one"));
    write(spark, file("b", "weibo", "p07", "p08", "p09"), dir.resolve("two"));
    List<String> runs = IdRuns.gathered(read(spark, dir.resolve("one"), dir.resolve("two")), "post_id", false, 100)
        .stream().map(r -> r.platform() + " " + new String(r.first(), java.nio.charset.StandardCharsets.UTF_8) + ".."
            + new String(r.last(), java.nio.charset.StandardCharsets.UTF_8)).sorted().toList();
    assertEquals(List.of("weibo p07..p09", "x p01..p05", "x p03.." + longer + "2"), runs,
        "one run per stretch of increasing ids, its two ends exactly");
  }

  private static void write(SparkSession spark, List<Row> rows, Path to) {
    spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 1), IDS)
        .select("post_id", "platform").write().parquet(to.toString());
  }

  /** The proof reads the ids themselves, not Parquet's statistics: files written without them are proved the same. */
  @Test
  void filesWithoutStatisticsAreReadTheSame(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    List<Row> rows = new ArrayList<>(file("a", "x", "p01", "p02", "p03"));
    rows.addAll(file("a", "x", "p10", "p11"));
    Dataset<Row> written = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(rows, 2), IDS).select("post_id", "platform");
    written.write().option("parquet.column.statistics.enabled", "false").option("parquet.enable.dictionary", "false")
        .parquet(dir.resolve("apart").toString());
    spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(file("a", "x", "p11", "p12"), 1), IDS).select("post_id", "platform").write()
        .option("parquet.column.statistics.enabled", "false").parquet(dir.resolve("repeat").toString());
    assertNoStatistics(dir.resolve("apart"));
    assertNoStatistics(dir.resolve("repeat"));
    Dataset<Row> apart = read(spark, dir.resolve("apart"));
    Duplicates d = findAsTheShuffle(apart, false);
    assertTrue(d.provedByRanges());
    Dataset<Row> both = read(spark, dir.resolve("apart"), dir.resolve("repeat"));
    Duplicates again = findAsTheShuffle(both, false);
    assertFalse(again.provedByRanges());
    assertEquals(List.of("posts post_id p11 on x: 2 copies"), again.examples());
  }

  private static void assertNoStatistics(Path dir) {
    try (var files = java.nio.file.Files.list(dir)) {
      List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
      assertFalse(parquet.isEmpty());
      for (Path f : parquet) {
        try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile
            .fromPath(new org.apache.hadoop.fs.Path(f.toString()), new org.apache.hadoop.conf.Configuration()))) {
          for (var block : r.getFooter().getBlocks()) {
            assertTrue(block.getColumns().get(0).getStatistics().isEmpty(), f + " was written without statistics");
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, Path... dirs) {
    return spark.read().parquet(Arrays.stream(dirs).map(Path::toString).toArray(String[]::new))
        .select(org.apache.spark.sql.functions.col("post_id"), org.apache.spark.sql.functions.col("platform"),
            org.apache.spark.sql.functions.col("_metadata.file_path").as(ArchiveReader.FILE),
            org.apache.spark.sql.functions.col("_metadata.row_index").as(ArchiveReader.ROW));
  }
}
