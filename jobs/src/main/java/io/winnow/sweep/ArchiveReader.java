package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.archive.Coercions;
import io.winnow.archive.TableReader;
import io.winnow.archive.TableSource;
import io.winnow.config.Settings;
import io.winnow.run.InputFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the archive (the layout of {@link io.winnow.archive.ArchiveSchema}, README "Inputs"): lists the partitions
 * inside the window with Hadoop's FileSystem ({@link ArchiveListing}: only those directories are opened, and every
 * entry is either read or named as skipped), reads every data file's Parquet footer (row count and schema) before any
 * work starts, checks that the files of a table agree with each other and with the canonical schema after the column
 * mapping, and gives Spark exactly the listed files with the schema the footers agreed on. The Parquet specifics are
 * {@link #footers} and {@link #load}; another format plugs in there.
 */
public final class ArchiveReader {
  /** Columns that may be absent from an archive; they read as null. */
  private static final Set<String> OPTIONAL = Set.of("title", "repost_of", "hashtags", "links", "bio",
      "credentials", "self_media", "monetization_enabled", "shares", "comments", "views", "likes", "reason");

  /** Hidden columns of every row read: the file it came from and its index there, for duplicates. */
  public static final String FILE = "_file";
  public static final String ROW = "_row";

  private final SparkSession spark;
  private final Settings.ColumnMapping mapping;
  private final Path root;
  private final FileSystem fs;
  private final ArchiveListing listing;
  private final List<InputFile> files = new ArrayList<>();
  /** The tables a sweep's pass reads whole, so the pass counts an external source's rows ({@link #settle}). */
  private static final java.util.Set<String> PASSED = java.util.Set.of(ArchiveSchema.POSTS, ArchiveSchema.ACCOUNTS);
  /** The row count of an external source before its pass has counted it. */
  public static final long UNCOUNTED = -1;
  /** What the summary should say about how the tables were read (a source that could not be pruned). */
  private final List<String> notes = new ArrayList<>();
  private boolean reportsHavePlatform;
  /** Tables read from another source than winnow's layout (winnow.archive.TABLE); the others are the layout. */
  private final Map<String, TableSource> sources;
  /** The posts partitions to read (an incremental sweep's step), or null for every partition of the window. */
  private java.util.SortedSet<String> onlyPartitions;
  /** Footers read at once (winnow.sweep.footer-threads). */
  private final int footerThreads;

  /**
   * An archive in winnow's layout: Hive-partitioned Parquet under {@code archive}, its footers read with the default
   * number of threads (reference.conf).
   */
  public ArchiveReader(SparkSession spark, Settings.ColumnMapping mapping, String archive) {
    this(spark, mapping, archive, Map.of(), true,
        com.typesafe.config.ConfigFactory.defaultReference().getInt("winnow.sweep.footer-threads"));
  }

  /** An archive whose tables come from the sources the settings name (winnow.archive), the layout by default. */
  public ArchiveReader(SparkSession spark, Settings settings, String archive) {
    this(spark, settings.columns(), archive, Map.of(ArchiveSchema.POSTS, settings.source(ArchiveSchema.POSTS),
        ArchiveSchema.ACCOUNTS, settings.source(ArchiveSchema.ACCOUNTS),
        ArchiveSchema.REPORTS, settings.source(ArchiveSchema.REPORTS)), true, settings.sweep().footerThreads());
  }

  /**
   * Every row of one table from the source the settings name (winnow.archive.TABLE), mapped, coerced and checked as
   * for a sweep, with no window: what winnow import writes into the layout.
   */
  public static Dataset<Row> wholeTable(SparkSession spark, Settings settings, String table) {
    ArchiveReader reader = new ArchiveReader(spark, settings.columns(), "", Map.of(table, settings.source(table)),
        false, settings.sweep().footerThreads());
    LocalDate first = LocalDate.parse("0001-01-01");
    LocalDate last = LocalDate.parse("9999-12-31");
    return switch (table) {
      case ArchiveSchema.POSTS -> reader.posts(first, last);
      case ArchiveSchema.ACCOUNTS -> reader.accounts();
      default -> reader.reports(first, last);
    };
  }

  private ArchiveReader(SparkSession spark, Settings.ColumnMapping mapping, String archive,
      Map<String, TableSource> sources, boolean checkLayout, int footerThreads) {
    this.spark = spark;
    this.footerThreads = footerThreads;
    this.mapping = mapping;
    this.root = new Path(archive.isEmpty() ? "." : archive);
    this.sources = new java.util.HashMap<>(sources);
    this.sources.values().removeIf(TableSource::isLayout);
    try {
      this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.listing = new ArchiveListing(fs, root);
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

  /** What the summary says about how the tables were read: each source that could not be pruned by the window. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Every entry under the tables that was not read, with the reason, for the manifest and the summary. */
  public List<ArchiveListing.Skipped> skipped() {
    return List.copyOf(listing.skipped());
  }

  /** True when the reports carry a platform column, so report aggregates can be per (platform, target). */
  public boolean reportsHavePlatform() {
    return reportsHavePlatform;
  }

  /**
   * Refuses an output directory inside one of the archive's tables: the run would land in the archive's partition
   * tree and break every later read of it.
   */
  public void refuseOutputInside(String out) {
    try {
      Path qualifiedOut = fs.makeQualified(new Path(out));
      for (String table : List.of(ArchiveSchema.POSTS, ArchiveSchema.ACCOUNTS, ArchiveSchema.REPORTS)) {
        Path t = fs.makeQualified(new Path(root, table));
        for (Path p = qualifiedOut; p != null; p = p.getParent()) {
          if (p.equals(t)) {
            throw new UserError("--out " + out + " is inside the archive's " + table + "/ table (" + t + "): the run "
                + "would be written into its partition tree and read as archive data. Give an --out outside "
                + root);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // Another file system than the archive's: it cannot be inside it.
    }
  }

  /**
   * Reads only these posts partitions ({@code dt=D/platform=P}) of the window: an incremental sweep's step. The
   * other partitions' files are not opened (their footers are not read and Spark is not given them).
   */
  public void onlyPartitions(java.util.SortedSet<String> partitions) {
    if (sources.containsKey(ArchiveSchema.POSTS)) {
      throw new UserError("an incremental sweep needs posts in winnow's layout (posts/dt=YYYY-MM-DD/platform=NAME/); "
          + "winnow.archive.posts.format is " + sources.get(ArchiveSchema.POSTS).format() + ". Import the posts "
          + "(winnow import --table posts) or sweep a window without --incremental");
    }
    this.onlyPartitions = partitions;
  }

  /**
   * Whether {@code table} is read from a source the settings name (JSON, CSV, ORC, Delta, a catalog table) rather than
   * from the archive's Parquet layout: such a source is parsed again on every read, so a stage that reads it several
   * times persists it first.
   */
  public boolean fromSource(String table) {
    return sources.containsKey(table);
  }

  /** Posts inside [from, to], with the canonical columns plus dt and platform. */
  public Dataset<Row> posts(LocalDate from, LocalDate to) {
    if (sources.containsKey(ArchiveSchema.POSTS)) {
      return external(ArchiveSchema.POSTS, ArchiveSchema.POST_COLUMNS, ArchiveSchema.POST_PARTITIONS, from, to);
    }
    List<ArchiveListing.DataFile> found = listing.walk(ArchiveSchema.POSTS, ArchiveSchema.POST_PARTITIONS, from, to);
    if (onlyPartitions != null) {
      found = found.stream().filter(f -> onlyPartitions.contains(f.partition())).toList();
    }
    if (found.isEmpty()) {
      Path table = new Path(root, ArchiveSchema.POSTS);
      TreeSet<String> seen = listing.days();
      throw new UserError("no posts partitions between " + from + " and " + to + " in " + table
          + (seen.isEmpty() ? " (it has no dt=YYYY-MM-DD directories" + skippedHint(ArchiveSchema.POSTS) + ")"
              : " (the archive holds dt=" + seen.first() + " to dt=" + seen.last() + "). Choose --from/--to inside it"));
    }
    return read(ArchiveSchema.POSTS, found, ArchiveSchema.POST_COLUMNS, ArchiveSchema.POST_PARTITIONS);
  }

  /** The account snapshot, every platform. */
  public Dataset<Row> accounts() {
    if (sources.containsKey(ArchiveSchema.ACCOUNTS)) {
      return external(ArchiveSchema.ACCOUNTS, ArchiveSchema.ACCOUNT_COLUMNS, ArchiveSchema.ACCOUNT_PARTITIONS, null,
          null);
    }
    List<ArchiveListing.DataFile> found = listing.walk(ArchiveSchema.ACCOUNTS, ArchiveSchema.ACCOUNT_PARTITIONS,
        null, null);
    if (found.isEmpty()) {
      throw new UserError("no accounts files in " + new Path(root, ArchiveSchema.ACCOUNTS) + skippedHint(
          ArchiveSchema.ACCOUNTS) + ". Expected accounts/platform=NAME/*.parquet");
    }
    return read(ArchiveSchema.ACCOUNTS, found, ArchiveSchema.ACCOUNT_COLUMNS, ArchiveSchema.ACCOUNT_PARTITIONS);
  }

  /** Reports filed inside [from, to]; an archive without reports/ reads as no reports. */
  public Dataset<Row> reports(LocalDate from, LocalDate to) {
    if (sources.containsKey(ArchiveSchema.REPORTS)) {
      return external(ArchiveSchema.REPORTS, ArchiveSchema.REPORT_COLUMNS, ArchiveSchema.REPORT_PARTITIONS, from, to);
    }
    List<ArchiveListing.DataFile> found = List.of();
    if (exists(new Path(root, ArchiveSchema.REPORTS))) {
      found = listing.walk(ArchiveSchema.REPORTS, ArchiveSchema.REPORT_PARTITIONS, from, to);
    }
    if (found.isEmpty()) {
      return spark.createDataFrame(List.of(), ArchiveSchema.reportsWithPartitions()
          .add("platform", DataTypes.StringType));
    }
    return read(ArchiveSchema.REPORTS, found, ArchiveSchema.REPORT_COLUMNS, ArchiveSchema.REPORT_PARTITIONS);
  }

  private String skippedHint(String table) {
    long n = listing.skipped().stream().filter(s -> s.table().equals(table)).count();
    return n == 0 ? "" : "; " + n + " entr" + (n == 1 ? "y" : "ies") + " skipped, e.g. " + listing.skipped().stream()
        .filter(s -> s.table().equals(table)).findFirst().map(s -> s.path() + ": " + s.reason()).orElse("");
  }

  private Dataset<Row> read(String name, List<ArchiveListing.DataFile> found, StructType canonical,
      List<String> partitions) {
    Map<String, StructType> schemas = footers(name, found);
    Map<String, String> renames = mapping.forTable(name);
    FileSchemas agreed = FileSchemas.agree(name, schemas, listing::relative);
    List<String> problems = new ArrayList<>(agreed.problems());
    List<Column> columns = new ArrayList<>();
    StructType readSchema = new StructType();
    for (StructField field : canonical.fields()) {
      String source = renames.getOrDefault(field.name(), field.name());
      String named = source.equals(field.name()) ? "'" + source + "'" : "'" + source + "' (mapped to " + field.name() + ")";
      DataType found1 = agreed.type(source);
      if (found1 == null) {
        if (OPTIONAL.contains(field.name())) {
          columns.add(lit(null).cast(field.dataType()).as(field.name()));
        } else {
          problems.add(agreed.missing(source, named, field.dataType().simpleString()));
        }
      } else if (Coercions.coerce(col(quote(source)), found1, field.dataType()) == null) {
        problems.add("column " + named + " is " + found1.simpleString() + ", expected "
            + field.dataType().simpleString());
      } else {
        if (!agreed.inEveryFile(source) && !OPTIONAL.contains(field.name())) {
          problems.add(agreed.missing(source, named, field.dataType().simpleString()));
        }
        readSchema = readSchema.add(source, found1, true);
        columns.add(Coercions.coerce(col(quote(source)), found1, field.dataType()).cast(field.dataType())
            .as(field.name()));
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(name + " in " + new Path(root, name) + ": " + String.join("; ", problems)
          + ". Fix the archive or map the columns under winnow.columns." + name + " in the config");
    }
    if (name.equals(ArchiveSchema.REPORTS)) {
      reportsHavePlatform = agreed.type("platform") != null;
      if (reportsHavePlatform) {
        readSchema = readSchema.add("platform", DataTypes.StringType, true);
        columns.add(col("platform").cast(DataTypes.StringType).as("platform"));
      } else {
        columns.add(lit(null).cast(DataTypes.StringType).as("platform"));
      }
    }
    for (String p : partitions) {
      readSchema = readSchema.add(p, DataTypes.StringType, true);
      columns.add(col(p).cast(DataTypes.StringType).as(p));
    }
    columns.add(col("_metadata.file_path").as(FILE));
    columns.add(col("_metadata.row_index").as(ROW));
    return load(name, found, readSchema).select(columns.toArray(Column[]::new));
  }

  /** The listed files, read by Spark with the schema their footers agreed on (no inference, no other file). */
  private Dataset<Row> load(String name, List<ArchiveListing.DataFile> found, StructType schema) {
    Path table = new Path(root, name);
    try {
      return spark.read().schema(schema).option("basePath", table.toString())
          .parquet(found.stream().map(f -> f.status().getPath().toString()).toArray(String[]::new));
    } catch (RuntimeException e) {
      throw new UserError("cannot read " + name + " in " + table + ": " + firstLine(e), e);
    }
  }

  /**
   * Every listed file's schema (path -> schema, in listing order), each file recorded with its row count, from the
   * Parquet footers only. The footers are read by {@code footerThreads} threads at once: each read waits on storage
   * (two small reads per file), so an archive of thousands of files would otherwise spend minutes here.
   */
  private Map<String, StructType> footers(String table, List<ArchiveListing.DataFile> found) {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.spark.sql.internal.SQLConf sql = spark.sessionState().conf();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(footerThreads, found.size())), r -> {
          Thread t = new Thread(r, "winnow-footers");
          t.setDaemon(true);
          return t;
        });
    try {
      List<java.util.concurrent.Future<Footer>> reads = new ArrayList<>();
      for (ArchiveListing.DataFile f : found) {
        reads.add(pool.submit(() -> footer(table, f, conf, sql)));
      }
      Map<String, StructType> schemas = new LinkedHashMap<>();
      for (java.util.concurrent.Future<Footer> read : reads) {
        Footer footer = read.get();
        files.add(footer.file());
        schemas.put(footer.file().path(), footer.schema());
      }
      return schemas;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the footers of " + table, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Footer(InputFile file, StructType schema) {}

  /**
   * The read options {@code ParquetFileReader.open(file)} builds for each file, built once per footer thread: each
   * build parses Hadoop's default configuration files afresh (core-default.xml), which was most of a footer read's CPU
   * (JFR, 5M sweep). One per thread, not one for all: the options hold parquet-java's codec factory, which caches its
   * decompressors in a plain map and is not thread-safe (a footer read does not decompress, but nothing promises it).
   */
  private static final ThreadLocal<ParquetReadOptions> FOOTER_OPTIONS =
      ThreadLocal.withInitial(() -> ParquetReadOptions.builder().build());

  /** One file's row count and schema, from its Parquet footer only. */
  private static Footer footer(String table, ArchiveListing.DataFile f, org.apache.hadoop.conf.Configuration conf,
      org.apache.spark.sql.internal.SQLConf sql) {
    FileStatus status = f.status();
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf), FOOTER_OPTIONS.get())) {
      return new Footer(new InputFile(table, f.partition(), status.getPath().toString(), status.getLen(),
          status.getModificationTime(), r.getRecordCount()),
          new ParquetToSparkSchemaConverter(sql).convert(r.getFooter().getFileMetaData().getSchema()));
    } catch (IOException | RuntimeException e) {
      throw new UserError("corrupt Parquet file " + status.getPath() + ": " + firstLine(e) + ". Replace or remove the "
          + "file and run again", e);
    }
  }

  /**
   * A table from another source (winnow.archive.TABLE): the same mapping, coercions and schema check as the layout.
   * It cannot be pruned by partition: posts and reports are filtered on created_at for the window (rows without one
   * stay, for the sweep to quarantine), dt is the day of created_at (UTC), platform a column of the source.
   */
  private Dataset<Row> external(String name, StructType canonical, List<String> partitions, LocalDate from,
      LocalDate to) {
    TableSource source = sources.get(name);
    String defaultPath = new Path(root, name).toString();
    String where = TableReader.where(source, defaultPath);
    Dataset<Row> raw = TableReader.read(spark, name, source, defaultPath);
    if (partitions.contains("platform") && !Arrays.asList(raw.columns()).contains("platform")) {
      throw new UserError(name + " in " + where + " (" + source.format() + "): missing column 'platform'. A source "
          + "other than winnow's layout needs the platform as a column");
    }
    String label = "source=" + source.format();
    if (!partitions.contains("dt")) {
      Dataset<Row> typed = conformExternal(name, where, raw, canonical, partitions);
      record(name, label, where, rowsOf(name, typed));
      return typed;
    }
    Dataset<Row> timed;
    if (TableReader.partitionColumns(raw).contains("dt")) {
      // Partitioned by day as the layout is: the window prunes partitions, and dt is the partition's, as there.
      Dataset<Row> pruned = from == null ? raw
          : raw.filter(col("dt").cast(DataTypes.StringType).between(from.toString(), to.toString()));
      timed = conformExternal(name, where, pruned, canonical, partitions);
    } else {
      Dataset<Row> typed = conformExternal(name, where, raw.withColumn("dt", lit(null).cast(DataTypes.StringType)),
          canonical, partitions);
      timed = typed.withColumn("dt", date_format(col("created_at"), "yyyy-MM-dd"));
      if (from != null) {
        timed = timed.filter(col("created_at").isNull().or(col("dt").between(from.toString(), to.toString())));
        notes.add(name + " from " + where + " (" + source.format() + ") is not partitioned by dt, so it could not be "
            + "pruned: every row was read and filtered on created_at for the window. Partition it by dt "
            + "(YYYY-MM-DD), or import it (winnow import), to read only the window's days");
      }
    }
    record(name, label, where, rowsOf(name, timed));
    return timed;
  }

  /**
   * The rows of an external table: posts and accounts are counted by the sweep's own pass over them ({@link #settle}),
   * not by a read of their own; reports, which no pass reads whole, are counted here.
   */
  private static long rowsOf(String table, Dataset<Row> rows) {
    return PASSED.contains(table) ? UNCOUNTED : rows.count();
  }

  /**
   * Sets the row count of {@code table}'s external source from the pass that read it ({@code rows}: its rows read).
   * Layout files keep their footers' counts.
   */
  void settle(String table, long rows) {
    for (int i = 0; i < files.size(); i++) {
      InputFile f = files.get(i);
      if (f.table().equals(table) && f.rows() == UNCOUNTED) {
        files.set(i, new InputFile(f.table(), f.partition(), f.path(), f.bytes(), f.modified(), rows));
      }
    }
  }

  private void record(String table, String partition, String where, long rows) {
    files.add(new InputFile(table, partition, where, 0, 0, rows));
  }

  /** Maps and coerces the source's columns to {@code canonical}, then appends the partition columns as strings. */
  private Dataset<Row> conformExternal(String name, String table, Dataset<Row> raw, StructType canonical,
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
    if (name.equals(ArchiveSchema.REPORTS)) {
      reportsHavePlatform = Arrays.asList(raw.columns()).contains("platform");
      columns.add((reportsHavePlatform ? col("platform") : lit(null)).cast(DataTypes.StringType).as("platform"));
    }
    for (String p : partitions) {
      columns.add(col(p).cast(DataTypes.StringType).as(p));
    }
    // The hidden columns of the layout's rows: the source stands for the file, the row index is Spark's row id.
    columns.add(lit(table).as(FILE));
    columns.add(monotonically_increasing_id().as(ROW));
    return raw.select(columns.toArray(Column[]::new));
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /**
   * A failure to read an input file in a task (an intact footer over damaged pages) as one line naming the file (exit
   * 2); any other failure unchanged.
   */
  static Throwable readFailure(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof UserError || t instanceof io.winnow.JobFailure) {
        return e;
      }
      java.util.regex.Matcher m = READ_FAILED.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        return new UserError("cannot read input file " + m.group(1) + ": " + root.getClass().getSimpleName() + ": "
            + firstLine(root) + ". The file's footer is intact but its data is damaged: replace or remove the file "
            + "and run again", e);
      }
    }
    return e;
  }

  private static final java.util.regex.Pattern READ_FAILED =
      java.util.regex.Pattern.compile("Encountered error while reading file (\\S+?)\\.?( |$)");

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }
}
