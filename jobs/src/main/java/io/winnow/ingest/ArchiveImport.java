package io.winnow.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.archive.TableReader;
import io.winnow.config.Settings;
import io.winnow.model.Subject;
import io.winnow.sweep.ArchiveReader;
import io.winnow.sweep.Duplicates;
import io.winnow.sweep.Sweep;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code winnow import}: one table of an archive as users have it (any source format winnow reads, see
 * winnow.archive) written in winnow's partitioned Parquet layout under ARCHIVE/TABLE, through the same column mapping,
 * coercions and schema check as a sweep. Rows a sweep would quarantine (the same reasons) go to
 * ARCHIVE/import-quarantine/table=TABLE with the reason and the row as JSON; rows read = rows written + quarantined.
 */
public final class ArchiveImport {
  /** What the import did. */
  public record Result(String table, long read, long written, long quarantined, Map<String, Long> reasons,
      Duration elapsed) {}

  private final SparkSession spark;
  private final Settings settings;
  private final String table;
  private final String archive;
  private final Consumer<String> progress;

  /** {@code settings} name the source of {@code table} (winnow.archive.TABLE); {@code archive} is the output. */
  public ArchiveImport(SparkSession spark, Settings settings, String table, String archive,
      Consumer<String> progress) {
    if (!List.of(ArchiveSchema.POSTS, ArchiveSchema.ACCOUNTS, ArchiveSchema.REPORTS).contains(table)) {
      throw new UserError("--table " + table + " is not a table of an archive. Use posts, accounts or reports");
    }
    this.spark = spark;
    this.settings = settings;
    this.table = table;
    this.archive = archive;
    this.progress = progress;
  }

  public Result execute() {
    long started = System.nanoTime();
    Path target = new Path(archive, table);
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(target)) {
        throw new UserError(target + " exists. Import into a new archive, or remove " + table + "/ first");
      }
    } catch (IOException e) {
      throw new UserError("cannot open " + archive + ": " + e.getMessage(), e);
    }
    // Every row is imported as it is (duplicates are the sweep's to find): the reader's hidden file and row columns
    // are dropped, and no row is a duplicate here.
    Dataset<Row> rows = ArchiveReader.wholeTable(spark, settings, table).drop(ArchiveReader.FILE, ArchiveReader.ROW);
    Dataset<Row> judged = rows.select(struct(Arrays.stream(rows.columns()).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new)).as("subject")).withColumn(Duplicates.REASON, lit(null).cast("string"))
        .withColumn("reason", reason()).drop(Duplicates.REASON)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long read = judged.count();
    progress.accept(String.format("read        %,d %s from %s (%s)", read, table,
        TableReader.where(settings.source(table), table), settings.source(table).format()));
    Map<String, Long> reasons = new java.util.TreeMap<>();
    judged.filter(col("reason").isNotNull()).groupBy("reason").count().collectAsList()
        .forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
    long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
    List<String> partitions = switch (table) {
      case ArchiveSchema.POSTS -> ArchiveSchema.POST_PARTITIONS;
      case ArchiveSchema.ACCOUNTS -> ArchiveSchema.ACCOUNT_PARTITIONS;
      default -> ArchiveSchema.REPORT_PARTITIONS;
    };
    judged.filter(col("reason").isNull()).select("subject.*").write()
        .partitionBy(partitions.toArray(String[]::new)).parquet(target.toString());
    long written = spark.read().parquet(target.toString()).count();
    progress.accept(String.format("wrote       %,d rows to %s", written, target));
    if (quarantined > 0) {
      judged.filter(col("reason").isNotNull())
          .select(lit(table).as("table"), col("reason"), to_json(col("subject")).as("row_json"))
          .write().mode("append").partitionBy("table").parquet(new Path(archive, "import-quarantine").toString());
      progress.accept(String.format("quarantined %,d rows to %s", quarantined, new Path(archive, "import-quarantine")));
    }
    judged.unpersist();
    if (read != written + quarantined) {
      throw new IllegalStateException("row accounting of the import of " + table + ": read " + read + " != written "
          + written + " + quarantined " + quarantined);
    }
    return new Result(table, read, written, quarantined, reasons, Duration.ofNanos(System.nanoTime() - started));
  }

  /** The sweep's quarantine reasons for posts and accounts; reports need an id, a time and a day. */
  private Column reason() {
    Settings.QuarantineSettings q = settings.quarantine();
    int max = settings.sweep().maxTextChars();
    Column partitionMissing = table.equals(ArchiveSchema.REPORTS) ? col("subject.dt").isNull()
        : col("subject.platform").isNull().or(table.equals(ArchiveSchema.POSTS) ? col("subject.dt").isNull() : lit(false));
    Column base = switch (table) {
      case ArchiveSchema.POSTS -> Sweep.quarantineReason(Subject.POST, Subject.POST.textFields(), max, q);
      case ArchiveSchema.ACCOUNTS -> Sweep.quarantineReason(Subject.ACCOUNT, Subject.ACCOUNT.textFields(), max, q);
      default -> when(col("subject.report_id").isNull(), lit("null report_id"))
          .when(col("subject.created_at").isNull(), lit("null or unparseable created_at"));
    };
    return when(base.isNull().and(partitionMissing), lit("no partition (null platform or created_at)"))
        .otherwise(base);
  }
}
