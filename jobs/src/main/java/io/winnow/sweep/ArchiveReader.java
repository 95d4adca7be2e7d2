package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.archive.Coercions;
import io.winnow.archive.TableReader;
import io.winnow.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the archive (the layout of {@link io.winnow.archive.ArchiveSchema}, README "Inputs"): lists the partitions inside the window with Hadoop's FileSystem (so only those
 * directories are opened and every input file is recorded), applies the column mapping, and checks the schema
 * before any work starts.
 */
public final class ArchiveReader {
  /** Columns that may be absent from an archive; they read as null. */
  private static final Set<String> OPTIONAL = Set.of("title", "repost_of", "hashtags", "links", "bio",
      "credentials", "self_media", "monetization_enabled", "shares", "comments", "views", "likes", "reason");

  private final SparkSession spark;
  private final Settings.ColumnMapping mapping;
  private final Path root;
  private final FileSystem fs;
  private final List<InputFile> files = new ArrayList<>();
  /** Tables read from another source than winnow's layout (winnow.archive.TABLE); the others are the layout. */
  private final Map<String, Settings.TableSource> sources;

  /** An archive in winnow's layout: Hive-partitioned Parquet under {@code archive}. */
  public ArchiveReader(SparkSession spark, Settings.ColumnMapping mapping, String archive) {
    this(spark, mapping, archive, Map.of(), true);
  }

  /** An archive whose tables come from the sources the settings name (winnow.archive), the layout by default. */
  public ArchiveReader(SparkSession spark, Settings settings, String archive) {
    this(spark, settings.columns(), archive, Map.of(ArchiveSchema.POSTS, settings.source(ArchiveSchema.POSTS),
        ArchiveSchema.ACCOUNTS, settings.source(ArchiveSchema.ACCOUNTS),
        ArchiveSchema.REPORTS, settings.source(ArchiveSchema.REPORTS)), true);
  }

  /**
   * Every row of one table from the source the settings name (winnow.archive.TABLE), mapped, coerced and checked as
   * for a sweep, with no window: what winnow import writes into the layout.
   */
  public static Dataset<Row> wholeTable(SparkSession spark, Settings settings, String table) {
    ArchiveReader reader = new ArchiveReader(spark, settings.columns(), "", Map.of(table, settings.source(table)),
        false);
    LocalDate first = LocalDate.parse("0001-01-01");
    LocalDate last = LocalDate.parse("9999-12-31");
    return switch (table) {
      case ArchiveSchema.POSTS -> reader.posts(first, last);
      case ArchiveSchema.ACCOUNTS -> reader.accounts();
      default -> reader.reports(first, last);
    };
  }

  private ArchiveReader(SparkSession spark, Settings.ColumnMapping mapping, String archive,
      Map<String, Settings.TableSource> sources, boolean checkLayout) {
    this.spark = spark;
    this.mapping = mapping;
    this.root = new Path(archive.isEmpty() ? "." : archive);
    this.sources = new java.util.HashMap<>(sources);
    this.sources.values().removeIf(Settings.TableSource::isLayout);
    try {
      this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!checkLayout
          || this.sources.containsKey(ArchiveSchema.POSTS) && this.sources.containsKey(ArchiveSchema.ACCOUNTS)) {
        return;
      }
      if (!fs.exists(root)) {
        throw new UserError("archive " + archive + " does not exist. Pass --archive DIR with posts/, accounts/ "
            + "and reports/ (bin/winnow generate writes one)");
      }
      if (!fs.exists(new Path(root, ArchiveSchema.POSTS))) {
        throw new UserError("archive " + archive + " has no posts/ directory. Expected posts/dt=YYYY-MM-DD/"
            + "platform=NAME/*.parquet");
      }
      if (!fs.exists(new Path(root, ArchiveSchema.ACCOUNTS))) {
        throw new UserError("archive " + archive + " has no accounts/ directory. Expected accounts/platform=NAME/"
            + "*.parquet");
      }
    } catch (IOException e) {
      throw new UserError("cannot open archive " + archive + ": " + e.getMessage(), e);
    }
  }

  /** Every file read so far, for the manifest. */
  public List<InputFile> files() {
    return List.copyOf(files);
  }

  /** Posts inside [from, to], with the canonical columns plus dt and platform. */
  public Dataset<Row> posts(LocalDate from, LocalDate to) {
    if (sources.containsKey(ArchiveSchema.POSTS)) {
      return external(ArchiveSchema.POSTS, ArchiveSchema.POST_COLUMNS, ArchiveSchema.POST_PARTITIONS, from, to);
    }
    Path table = new Path(root, ArchiveSchema.POSTS);
    List<String> dirs = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    for (FileStatus day : list(table)) {
      String dt = partitionValue(day, "dt");
      if (dt == null) {
        continue;
      }
      seen.add(dt);
      if (inWindow(dt, from, to)) {
        for (FileStatus platform : list(day.getPath())) {
          if (partitionValue(platform, "platform") != null) {
            dirs.add(platform.getPath().toString());
            record(ArchiveSchema.POSTS, day.getPath().getName() + "/" + platform.getPath().getName(),
                platform.getPath());
          }
        }
      }
    }
    if (dirs.isEmpty()) {
      throw new UserError("no posts partitions between " + from + " and " + to + " in " + table
          + (seen.isEmpty() ? " (it has no dt=YYYY-MM-DD directories)"
              : " (the archive holds dt=" + seen.first() + " to dt=" + seen.last() + "). Choose --from/--to inside it"));
    }
    return read(ArchiveSchema.POSTS, table, dirs, ArchiveSchema.POST_COLUMNS, ArchiveSchema.POST_PARTITIONS);
  }

  /** The account snapshot, every platform. */
  public Dataset<Row> accounts() {
    if (sources.containsKey(ArchiveSchema.ACCOUNTS)) {
      return external(ArchiveSchema.ACCOUNTS, ArchiveSchema.ACCOUNT_COLUMNS, ArchiveSchema.ACCOUNT_PARTITIONS, null,
          null);
    }
    Path table = new Path(root, ArchiveSchema.ACCOUNTS);
    List<String> dirs = new ArrayList<>();
    for (FileStatus platform : list(table)) {
      if (partitionValue(platform, "platform") != null) {
        dirs.add(platform.getPath().toString());
        record(ArchiveSchema.ACCOUNTS, platform.getPath().getName(), platform.getPath());
      }
    }
    if (dirs.isEmpty()) {
      throw new UserError("no accounts partitions in " + table + ". Expected accounts/platform=NAME/*.parquet");
    }
    return read(ArchiveSchema.ACCOUNTS, table, dirs, ArchiveSchema.ACCOUNT_COLUMNS, ArchiveSchema.ACCOUNT_PARTITIONS);
  }

  /** Reports filed inside [from, to]; an archive without reports/ reads as no reports. */
  public Dataset<Row> reports(LocalDate from, LocalDate to) {
    if (sources.containsKey(ArchiveSchema.REPORTS)) {
      return external(ArchiveSchema.REPORTS, ArchiveSchema.REPORT_COLUMNS, ArchiveSchema.REPORT_PARTITIONS, from, to);
    }
    Path table = new Path(root, ArchiveSchema.REPORTS);
    List<String> dirs = new ArrayList<>();
    if (exists(table)) {
      for (FileStatus day : list(table)) {
        String dt = partitionValue(day, "dt");
        if (dt != null && inWindow(dt, from, to)) {
          dirs.add(day.getPath().toString());
          record(ArchiveSchema.REPORTS, day.getPath().getName(), day.getPath());
        }
      }
    }
    if (dirs.isEmpty()) {
      return spark.createDataFrame(List.of(), ArchiveSchema.reportsWithPartitions());
    }
    return read(ArchiveSchema.REPORTS, table, dirs, ArchiveSchema.REPORT_COLUMNS, ArchiveSchema.REPORT_PARTITIONS);
  }

  private Dataset<Row> read(String name, Path table, List<String> dirs, StructType canonical, List<String> partitions) {
    Dataset<Row> raw;
    try {
      raw = spark.read().option("basePath", table.toString()).parquet(dirs.toArray(String[]::new));
    } catch (RuntimeException e) {
      throw new UserError("cannot read " + name + " in " + table + ": " + firstLine(e), e);
    }
    return conform(name, table.toString(), raw, canonical, partitions);
  }

  /**
   * A table from another source (winnow.archive.TABLE): the same mapping, coercions and schema check as the layout.
   * It cannot be pruned by partition: posts and reports are filtered on created_at for the window (rows without one
   * stay, for the sweep to quarantine), dt is the day of created_at (UTC), platform a column of the source.
   */
  private Dataset<Row> external(String name, StructType canonical, List<String> partitions, LocalDate from,
      LocalDate to) {
    Settings.TableSource source = sources.get(name);
    String defaultPath = new Path(root, name).toString();
    String where = TableReader.where(source, defaultPath);
    Dataset<Row> raw = TableReader.read(spark, name, source, defaultPath);
    if (partitions.contains("platform") && !Arrays.asList(raw.columns()).contains("platform")) {
      throw new UserError(name + " in " + where + " (" + source.format() + "): missing column 'platform'. A source "
          + "other than winnow's layout needs the platform as a column");
    }
    Dataset<Row> timed = raw;
    if (partitions.contains("dt")) {
      Dataset<Row> typed = conform(name, where, raw.withColumn("dt", lit(null).cast(DataTypes.StringType)),
          canonical, partitions);
      timed = typed.withColumn("dt", date_format(col("created_at"), "yyyy-MM-dd"));
      if (from != null) {
        timed = timed.filter(col("created_at").isNull().or(col("dt").between(from.toString(), to.toString())));
      }
      record(name, "source=" + source.format(), where, timed.count());
      return timed;
    }
    Dataset<Row> typed = conform(name, where, raw, canonical, partitions);
    record(name, "source=" + source.format(), where, typed.count());
    return typed;
  }

  private void record(String table, String partition, String where, long rows) {
    files.add(new InputFile(table, partition, where, 0, 0, rows));
  }

  /** Maps and coerces the source's columns to {@code canonical}, then appends the partition columns as strings. */
  private Dataset<Row> conform(String name, String table, Dataset<Row> raw, StructType canonical,
      List<String> partitions) {
    Map<String, String> renames = mapping.forTable(name);
    StructType actual = raw.schema();
    List<String> problems = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (StructField field : canonical.fields()) {
      String source = renames.getOrDefault(field.name(), field.name());
      StructField found = Arrays.stream(actual.fields()).filter(f -> f.name().equals(source)).findFirst().orElse(null);
      String named = source.equals(field.name()) ? "'" + source + "'" : "'" + source + "' (mapped to " + field.name() + ")";
      if (found == null) {
        if (OPTIONAL.contains(field.name())) {
          columns.add(lit(null).cast(field.dataType()).as(field.name()));
        } else {
          problems.add("missing column " + named + " of type " + field.dataType().simpleString());
        }
      } else {
        Column coerced = Coercions.coerce(col(quote(source)), found.dataType(), field.dataType());
        if (coerced == null) {
          problems.add("column " + named + " is " + found.dataType().simpleString() + ", expected "
              + field.dataType().simpleString());
        } else {
          columns.add(coerced.cast(field.dataType()).as(field.name()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(name + " in " + table + ": " + String.join("; ", problems)
          + ". Fix the archive or map the columns under winnow.columns." + name + " in the config");
    }
    for (String p : partitions) {
      columns.add(col(p).cast(DataTypes.StringType).as(p));
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  /** Records every data file of a partition with its row count from the Parquet footer (no scan of the data). */
  private void record(String table, String partition, Path dir) {
    for (FileStatus f : list(dir)) {
      String n = f.getPath().getName();
      if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
        files.add(new InputFile(table, partition, f.getPath().toString(), f.getLen(), f.getModificationTime(),
            footerRows(f)));
      }
    }
  }

  private long footerRows(FileStatus f) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f,
        spark.sparkContext().hadoopConfiguration()))) {
      return r.getRecordCount();
    } catch (IOException | RuntimeException e) {
      throw new UserError("corrupt Parquet file " + f.getPath() + ": " + firstLine(e) + ". Replace or remove the file "
          + "and run again", e);
    }
  }

  private static boolean inWindow(String dt, LocalDate from, LocalDate to) {
    try {
      LocalDate d = LocalDate.parse(dt);
      return !d.isBefore(from) && !d.isAfter(to);
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static String partitionValue(FileStatus status, String key) {
    String name = status.getPath().getName();
    return status.isDirectory() && name.startsWith(key + "=") ? name.substring(key.length() + 1) : null;
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FileStatus[] list(Path dir) {
    try {
      FileStatus[] out = fs.listStatus(dir);
      Arrays.sort(out, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return out;
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }
}
