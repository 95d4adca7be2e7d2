package io.winnow.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Rows of one table that repeat an id: the same post in two partitions, an account snapshot appended twice. Each id
 * is evaluated once, from its first copy (the smallest file path, then row index: the same copy in every run); every
 * other copy is quarantined with the reason, so it is counted, kept and named, never evaluated twice (two actions with
 * one action id, strikes counted twice). An id is (platform, id) unless winnow.sweep.ids-global says ids are one
 * space. First {@link IdRuns} tries to prove the ids distinct from one read of the id column, with no shuffle (ids
 * written in order, as generated archives and most exports are); when it cannot, the repeated ids are found with one
 * aggregation over a hash of the id columns (no full-row or id-string shuffle). When there is no duplicate (the usual
 * case) the table is used as it is.
 */
public final class Duplicates {
  public static final String REASON = "_duplicate";

  /**
   * Runs of increasing ids one partition may hold before {@link IdRuns} gives up on it (ids in no order): past it the
   * ids are looked for by shuffle. A sorted file gives one run per partition it is read in, so this is never reached
   * by one; the runs a partition keeps are a few tens of bytes each.
   */
  static final int MAX_RUNS_PER_PARTITION = 10_000;

  private final Dataset<Row> extras;
  private final List<String> examples;
  private final boolean provedByRanges;

  private Duplicates(Dataset<Row> extras, List<String> examples, boolean provedByRanges) {
    this.extras = extras;
    this.examples = examples;
    this.provedByRanges = provedByRanges;
  }

  /** The duplicates of {@code table} by {@code id} (and platform unless {@code global}). */
  static Duplicates find(Dataset<Row> table, String tableName, String id, boolean global, int maxIds) {
    if (IdRuns.distinct(table, id, global, MAX_RUNS_PER_PARTITION)) {
      return new Duplicates(null, List.of(), true);
    }
    return byShuffle(table, tableName, id, global, maxIds);
  }

  /** The duplicates of {@code table} found by a shuffle of a hash of every id (what {@link #find} falls back to). */
  static Duplicates byShuffle(Dataset<Row> table, String tableName, String id, boolean global, int maxIds) {
    List<String> keys = global ? List.of(id) : List.of("platform", id);
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    // First a 64-bit hash of the id columns per row: the shuffle carries 8 bytes a row, not the id strings, and the
    // usual answer (no hash twice, so no id twice) ends the search. Equal ids have equal hashes, so the ids counted
    // exactly afterwards, among the rows whose hash repeats, are all the repeated ids.
    Dataset<Row> ids = table.select(keyColumns).filter(col(id).isNotNull());
    List<Long> hashes = ids.select(xxhash64(keyColumns).as("_h")).groupBy("_h").agg(count(lit(1)).as("_n"))
        .filter(col("_n").gt(1)).select("_h").limit(maxIds + 1).as(Encoders.LONG()).collectAsList();
    if (hashes.isEmpty()) {
      return new Duplicates(null, List.of(), false);
    }
    if (hashes.size() <= maxIds) {
      ids = ids.filter(xxhash64(keyColumns).isin(hashes.toArray()));
    }
    List<Row> repeated = ids.groupBy(keyColumns).agg(count(lit(1)).as("_n")).filter(col("_n").gt(1))
        .orderBy(keyColumns).limit(maxIds + 1).collectAsList();
    if (repeated.isEmpty()) {
      return new Duplicates(null, List.of(), false);
    }
    if (repeated.size() > maxIds) {
      throw new io.winnow.UserError(tableName + " repeat more than winnow.sweep.max-duplicate-ids = " + maxIds
          + " ids (e.g. " + describe(repeated.get(0), id, global) + "): the table holds a partition or snapshot twice. "
          + "Remove the copies and run again");
    }
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < Math.min(3, repeated.size()); i++) {
      examples.add(tableName + " " + describe(repeated.get(i), id, global));
    }
    Dataset<Row> repeatedIds = table.sparkSession().createDataFrame(repeated, repeated.get(0).schema())
        .select(keys.stream().map(k -> col(k).as("_k_" + k)).toArray(Column[]::new));
    Column same = lit(true);
    for (String k : keys) {
      same = same.and(col(k).equalTo(col("_k_" + k)));
    }
    Column copy = struct(col(ArchiveReader.FILE).as("file"), col(ArchiveReader.ROW).as("row"));
    Dataset<Row> extras = table.join(broadcast(repeatedIds), same)
        .groupBy(keyColumns).agg(min(copy).as("_keep"), collect_list(copy).as("_copies"))
        .select(col(id), col("_keep"), explode(col("_copies")).as("_copy"))
        .filter(col("_copy").notEqual(col("_keep")))
        .select(col("_copy.file").as("_xfile"), col("_copy.row").as("_xrow"),
            concat(lit("duplicate " + id + " "), col(id), lit(": the copy in "), col("_keep.file"), lit(" row "),
                col("_keep.row").cast("string"), lit(" is evaluated")).as("_xreason"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new Duplicates(extras, List.copyOf(examples), false);
  }

  private static String describe(Row r, String id, boolean global) {
    return id + " " + r.getAs(id) + (global ? "" : " on " + r.getAs("platform")) + ": " + r.<Long>getAs("_n")
        + " copies";
  }

  void close() {
    if (extras != null) {
      extras.unpersist();
    }
  }

  /** True when the ids were proved distinct by their ranges, with no shuffle (for the tests). */
  boolean provedByRanges() {
    return provedByRanges;
  }

  boolean any() {
    return extras != null;
  }

  /** Up to three repeated ids with their number of copies, for the summary and the manifest. */
  List<String> examples() {
    return examples;
  }

  /** {@code table} with a {@link #REASON} column: why a row is not evaluated as a duplicate, or null. */
  Dataset<Row> mark(Dataset<Row> table) {
    if (extras == null) {
      return table.withColumn(REASON, lit(null).cast("string"));
    }
    return table.join(broadcast(extras), col(ArchiveReader.FILE).equalTo(col("_xfile"))
            .and(col(ArchiveReader.ROW).equalTo(col("_xrow"))), "left")
        .withColumn(REASON, col("_xreason")).drop("_xfile", "_xrow", "_xreason");
  }

  /** {@code table} without the copies that are not evaluated. */
  Dataset<Row> drop(Dataset<Row> table) {
    if (extras == null) {
      return table;
    }
    return table.join(broadcast(extras), col(ArchiveReader.FILE).equalTo(col("_xfile"))
        .and(col(ArchiveReader.ROW).equalTo(col("_xrow"))), "left_anti");
  }
}
