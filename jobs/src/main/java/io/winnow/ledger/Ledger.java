package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.delta.tables.DeltaTable;
import io.winnow.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The enforcement ledger of one output root: a Delta table at {@code OUT/ledger/} (see {@link LedgerSchema}). A run's
 * entries are written in one Delta commit that replaces any earlier entries of the same run id, so a re-run never
 * doubles them. The ledger is committed before the run directory; readers count only entries of runs whose
 * directory is committed ({@code OUT/runs/RUN/_SUCCESS}), so a sweep killed between the two commits leaves entries
 * that nothing reads, and its re-run replaces them.
 */
public final class Ledger {
  public static final String DIR = "ledger";

  private final SparkSession spark;
  private final Path out;
  private final Path path;
  private final FileSystem fs;

  private Ledger(SparkSession spark, Path out, FileSystem fs) {
    this.spark = spark;
    this.out = out;
    this.path = new Path(out, DIR);
    this.fs = fs;
  }

  /** The ledger under output root {@code out} (it need not exist yet). */
  public static Ledger at(SparkSession spark, String out) {
    Path o = new Path(out);
    try {
      return new Ledger(spark, o, o.getFileSystem(spark.sparkContext().hadoopConfiguration()));
    } catch (IOException e) {
      throw new UserError("cannot open the ledger under " + out + ": " + e.getMessage() + ". Check --out", e);
    }
  }

  public Path path() {
    return path;
  }

  /** Whether the Delta table exists. */
  public boolean exists() {
    return DeltaTable.isDeltaTable(spark, path.toString());
  }

  /** The table's latest version, -1 before the first commit. */
  public long version() {
    if (!exists()) {
      return -1;
    }
    return DeltaTable.forPath(spark, path.toString()).history(1).select("version").first().getLong(0);
  }

  /** Every entry at the latest version, committed or not ({@link #committed()} is what readers use). */
  public Dataset<Row> all() {
    return exists() ? spark.read().format("delta").load(path.toString())
        : spark.createDataFrame(List.of(), LedgerSchema.V1);
  }

  /** Every entry as of {@code version} (Delta time travel). */
  public Dataset<Row> at(long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path.toString());
  }

  /** Entries of committed runs only, at the latest version. */
  public Dataset<Row> committed() {
    List<String> runs = committedRuns();
    return all().filter(runs.isEmpty() ? lit(false) : col("run_id").isin(runs.toArray()));
  }

  /** Rule version ("id vN") -> partitions, from watermark entries ({@link LedgerSchema#WATERMARK}). */
  public static Map<String, java.util.Set<String>> watermarks(Dataset<Row> watermarkEntries) {
    Map<String, java.util.Set<String>> out = new TreeMap<>();
    for (Row r : watermarkEntries.select("rules", "subject_id").distinct().collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new java.util.TreeSet<>()).add(r.getString(1));
    }
    return out;
  }

  /** The watermarks of committed runs at the latest version (empty before the first commit). */
  public Map<String, java.util.Set<String>> watermarks() {
    return watermarks(committed().filter(col("kind").equalTo(LedgerSchema.WATERMARK)));
  }

  /** Run ids whose directory under OUT/runs/ holds _SUCCESS. */
  public List<String> committedRuns() {
    Path runs = new Path(out, "runs");
    List<String> ids = new ArrayList<>();
    try {
      if (!fs.exists(runs)) {
        return ids;
      }
      for (FileStatus s : fs.listStatus(runs)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && !name.startsWith(".") && fs.exists(new Path(s.getPath(), "_SUCCESS"))) {
          ids.add(name);
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list the runs under " + runs + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /**
   * Writes {@code entries} (all of run {@code runId}, {@link LedgerSchema#V1}) in one Delta commit that replaces the
   * run id's earlier entries; returns the version written.
   */
  public long commit(String runId, Dataset<Row> entries) {
    Dataset<Row> rows = entries.select(Arrays.stream(LedgerSchema.V1.fieldNames()).map(n -> col(n))
        .toArray(Column[]::new));
    if (exists()) {
      // run ids are letters, digits, '.', '-' and '_' (RunCommitter), safe inside the quotes.
      rows.write().format("delta").mode("overwrite").option("replaceWhere", "run_id = '" + runId + "'")
          .save(path.toString());
    } else {
      rows.write().format("delta").mode("append").save(path.toString());
    }
    return version();
  }

  /** Entries per kind and the SHA-256 over the sorted SHA-256 of each entry's JSON: what a manifest records. */
  public static Map<String, Object> digest(Dataset<Row> runEntries) {
    Map<String, Long> kinds = new TreeMap<>();
    LedgerSchema.KINDS.forEach(k -> kinds.put(k, 0L));
    for (Row r : runEntries.groupBy("kind").count().collectAsList()) {
      kinds.put(r.getString(0), r.getLong(1));
    }
    Column all = struct(Arrays.stream(LedgerSchema.V1.fieldNames()).map(n -> col(n)).toArray(Column[]::new));
    List<Row> hashes = runEntries.select(sha2(to_json(all), 256).as("h")).orderBy("h").collectAsList();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Row h : hashes) {
      sha.update(h.getString(0).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) '\n');
    }
    return Map.of("entries", kinds, "entries_sha256", HexFormat.of().formatHex(sha.digest()));
  }
}
