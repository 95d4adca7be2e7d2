package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.delta.tables.DeltaTable;
import io.winnow.JobFailure;
import io.winnow.UserError;
import io.winnow.config.Settings.LedgerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * The enforcement ledger of one output root: a Delta table at {@code OUT/ledger/} (see {@link LedgerSchema}). A run's
 * entries are written in one Delta commit that replaces any earlier entries of the same run id, so a re-run never
 * doubles them. The ledger is committed before the run directory; readers count only entries of runs whose
 * directory is committed ({@code OUT/runs/RUN/_SUCCESS}), so a sweep killed between the two commits leaves entries
 * that nothing reads, and its re-run replaces them.
 */
public final class Ledger {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ledger.class);
  public static final String DIR = "ledger";
  private static final java.util.regex.Pattern COMMIT_FILE = java.util.regex.Pattern.compile("\\d{20}\\.json");
  /** Delta's checkpoint files: classic, multi-part and V2 ({@code N.checkpoint[.PARTS|.UUID].parquet|json}). */
  private static final java.util.regex.Pattern CHECKPOINT_FILE =
      java.util.regex.Pattern.compile("\\d{20}\\.checkpoint(\\.[^/]+)?\\.(parquet|json)");
  /** The columns the watermarks need: what the plan reads of the table. */
  private static final String[] WATERMARK_COLUMNS = {"run_id", "kind", "rules", "subject_id"};
  /** How long the hashes observed on a staged write may take to arrive after its job (they come as its query ends). */
  private static final long OBSERVED_WAIT_SECONDS = 120;
  /** Characters that make Spark's file reader expand a path as a glob. */
  private static final java.util.regex.Pattern GLOB = java.util.regex.Pattern.compile("[{}\\[\\]*?\\\\]");

  private final SparkSession spark;
  private final Path out;
  private final Path path;
  private final FileSystem fs;
  /** 0: Delta's checkpoint every delta.checkpointInterval versions; else see {@link #checkpointAfter}. */
  private final int checkpointAfter;
  /** The most bytes of Parquet a run's read of the ledger reads on the driver (-1: none); see {@link LedgerSnapshot}. */
  private final long driverReadMaxBytes;
  /** The most bytes of Parquet whose summary a run reads on the driver (0 or less: none); {@link LedgerSnapshot}. */
  private final long driverSummaryMaxBytes;
  private boolean lastAppendOnRead;

  private Ledger(SparkSession spark, Path out, FileSystem fs, int checkpointAfter, long driverReadMaxBytes,
      long driverSummaryMaxBytes) {
    this.driverReadMaxBytes = driverReadMaxBytes;
    this.driverSummaryMaxBytes = driverSummaryMaxBytes;
    this.spark = spark;
    this.out = out;
    this.path = new Path(out, DIR);
    this.fs = fs;
    this.checkpointAfter = checkpointAfter;
  }

  /**
   * This ledger with its appends writing no checkpoint unless the log would then hold {@code versions} commit files
   * or more after its latest checkpoint (winnow.ledger.checkpoint-after-versions): the checkpoint is
   * {@link #compact}'s. 0 keeps Delta's habit, a checkpoint in the commit every delta.checkpointInterval versions.
   */
  public Ledger checkpointAfter(int versions) {
    if (versions < 0) {
      throw new IllegalArgumentException("checkpoint-after-versions must be 0 or more, not " + versions);
    }
    return new Ledger(spark, out, fs, versions, driverReadMaxBytes, driverSummaryMaxBytes);
  }

  /**
   * This ledger with a run's read of it done on the driver when the version's files hold at most {@code bytes} (and
   * at most spark.sql.autoBroadcastJoinThreshold) bytes (winnow.ledger.driver-read-max-bytes); -1, as
   * {@link #at(SparkSession, String)} gives it, reads through Spark.
   */
  public Ledger driverReadUpTo(long bytes) {
    return new Ledger(spark, out, fs, checkpointAfter, bytes, driverSummaryMaxBytes);
  }

  /**
   * This ledger with a run's read of a version larger than {@link #driverReadUpTo}'s limit reading only the columns of
   * its summary on the driver, when the version's files hold at most {@code bytes} bytes
   * (winnow.ledger.driver-summary-max-bytes): Kernel's Parquet reader in parallel threads, no Spark job; the entries
   * themselves stay a Parquet scan that the policy's job reads. 0 or less (-1, as {@link #at(SparkSession, String)}
   * gives it): the summary job.
   */
  public Ledger driverSummaryUpTo(long bytes) {
    return new Ledger(spark, out, fs, checkpointAfter, driverReadMaxBytes, bytes);
  }

  long driverReadMaxBytes() {
    return driverReadMaxBytes;
  }

  long driverSummaryMaxBytes() {
    return driverSummaryMaxBytes;
  }

  /** The ledger under output root {@code out} (it need not exist yet). */
  public static Ledger at(SparkSession spark, String out) {
    Path o = new Path(out);
    try {
      return new Ledger(spark, o, o.getFileSystem(spark.sparkContext().hadoopConfiguration()), 0, -1, -1);
    } catch (IOException e) {
      throw new UserError("cannot open the ledger under " + out + ": " + e.getMessage() + ". Check --out", e);
    }
  }

  /**
   * The ledger under {@code out} as a sweep reads and writes it, with winnow.ledger's settings: the checkpoint after
   * {@code checkpoint-after-versions} commits, the driver's reads up to {@code driver-read-max-bytes} and
   * {@code driver-summary-max-bytes}. One place for the chain the ledger stage and the incremental plan both need.
   */
  public static Ledger at(SparkSession spark, String out, LedgerSettings settings) {
    return at(spark, out).checkpointAfter(settings.checkpointAfterVersions())
        .driverReadUpTo(settings.driverReadMaxBytes()).driverSummaryUpTo(settings.driverSummaryMaxBytes());
  }

  SparkSession spark() {
    return spark;
  }

  public Path path() {
    return path;
  }

  /** Whether the Delta table exists (has a first commit). */
  public boolean exists() {
    return version() >= 0;
  }

  /**
   * The table's latest version, -1 before the first commit: the highest commit file {@code _delta_log/N.json}, from a
   * listing (no Spark job, no log replay; Delta keeps the latest commit file whatever its log retention).
   */
  public long version() {
    return log().version();
  }

  /**
   * The log's latest version and its latest checkpoint, from one listing of {@code _delta_log} (no Spark job, no
   * replay): what a reader replays is the checkpoint plus the commit files after it.
   */
  public LogState log() {
    Path log = new Path(path, "_delta_log");
    long latest = -1;
    long checkpoint = -1;
    try {
      if (!fs.exists(log)) {
        return new LogState(-1, -1);
      }
      for (FileStatus s : fs.listStatus(log)) {
        String name = s.getPath().getName();
        if (COMMIT_FILE.matcher(name).matches()) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, name.length() - ".json".length())));
        } else if (CHECKPOINT_FILE.matcher(name).matches()) {
          checkpoint = Math.max(checkpoint, Long.parseLong(name.substring(0, 20)));
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list the ledger's log " + log + ": " + e.getMessage() + ". Check --out", e);
    }
    return new LogState(latest, checkpoint);
  }

  /** The latest version and the latest checkpoint's version (-1: none) of the ledger's log. */
  public record LogState(long version, long checkpoint) {
    /** Commit files a reader of the latest version replays after the checkpoint (all of them without one). */
    public long commitsSinceCheckpoint() {
      return version - checkpoint;
    }
  }

  /** Every entry at the latest version, committed or not ({@link #committed()} is what readers use). */
  public Dataset<Row> all() {
    return exists() ? spark.read().format("delta").load(path.toString())
        : spark.createDataFrame(List.of(), LedgerSchema.V1);
  }

  /**
   * Every entry as of {@code version} (Delta time travel). The version's files come from its log replayed on the
   * driver ({@link LedgerFiles}: no Spark job) and are read as Parquet; a table that plain Parquet cannot read as
   * Delta would, a path Spark would take for a glob, or a log the replay fails on is read through Delta's reader.
   */
  public Dataset<Row> at(long version) {
    return at(version, kernelRead(version));
  }

  /** {@link #at(long)} from {@code read}, the version's Kernel read ({@link #kernelRead}). */
  Dataset<Row> at(long version, KernelRead read) {
    Optional<List<String>> files = read == null ? Optional.empty() : read.paths();
    if (files.isEmpty()) {
      return spark.read().format("delta").option("versionAsOf", version).load(path.toString());
    }
    return files.get().isEmpty() ? spark.createDataFrame(List.of(), LedgerSchema.V1)
        : spark.read().schema(LedgerSchema.V1).parquet(files.get().toArray(String[]::new));
  }

  /**
   * A version read by Kernel on the driver: its snapshot (kept, so a run loads it once: its append commits on it) and
   * its data files when plain Parquet reads them as Delta would ({@code paths} empty otherwise).
   */
  record KernelRead(LedgerFiles files, Optional<List<String>> paths) {}

  /**
   * The version's snapshot and data files from its log replayed on the driver ({@link LedgerFiles}); null for a path
   * Spark would take for a glob or a log the replay fails on (then Delta's reader reads it).
   */
  KernelRead kernelRead(long version) {
    if (GLOB.matcher(path.toString()).find()) {
      return null;
    }
    try {
      LedgerFiles files = new LedgerFiles(spark.sparkContext().hadoopConfiguration(), path.toString());
      return new KernelRead(files, files.at(version));
    } catch (RuntimeException e) {
      // Delta's reader reads it, or reports the version it cannot read as it always did
      LOG.warn("ledger {} version {}: its file list could not be read from the log ({}); read through Delta instead",
          path, version, e.toString());
      return null;
    }
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
    List<String> runs = committedRuns();
    if (runs.isEmpty() || !exists()) {
      return new TreeMap<>();
    }
    Dataset<Row> read = all().select(Arrays.stream(WATERMARK_COLUMNS).map(n -> col(n)).toArray(Column[]::new));
    return watermarks(read.filter(col("kind").equalTo(LedgerSchema.WATERMARK).and(col("run_id").isin(runs.toArray()))));
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
   * run id's earlier entries (a re-run of a run id whose earlier attempt committed to the ledger but not its run
   * directory), as {@code files} Parquet files at most; returns the version written.
   */
  public long commitReplacing(String runId, Dataset<Row> entries, int files) {
    if (!exists()) {
      return commitAppending(entries, files);
    }
    // run ids are letters, digits, '.', '-' and '_' (RunCommitter), safe inside the quotes.
    conformed(entries, files).write().format("delta").mode("overwrite")
        .option("replaceWhere", "run_id = '" + runId + "'").save(path.toString());
    return version();
  }

  /**
   * Appends {@code entries} in one Delta commit, as {@code files} Parquet files at most: for a run id with no entries
   * in the table (a blind append: Delta neither reads nor rewrites any earlier file); returns the version written.
   * An existing table is appended to through Delta Kernel ({@link LedgerAppend}: no Spark job on the log), else, and
   * for the first commit (which creates the table with Delta's defaults), through Delta's writer.
   */
  public long commitAppending(Dataset<Row> entries, int files) {
    return commitAppending(entries, files, null);
  }

  /**
   * {@link #commitAppending(Dataset, int)} for a run that read the ledger as {@code read}: when the log's latest version
   * is still the one read, Kernel's append commits on the snapshot that read loaded rather than loading it again (a
   * run loads Kernel's snapshot once); otherwise, as without it, on the latest snapshot.
   */
  public long commitAppending(Dataset<Row> entries, int files, PriorState read) {
    Dataset<Row> rows = conformed(entries, files);
    LogState log = log();
    if (log.version() >= 0 && !GLOB.matcher(path.toString()).find()) {
      LedgerAppend append = append(log, read);
      // Kernel commits on the driver what Delta's writer would commit after its Spark jobs on the log
      java.util.OptionalLong written = append.append(rows);
      lastAppendOnRead = append.onGivenSnapshot();
      if (written.isPresent()) {
        return written.getAsLong();
      }
    }
    rows.write().format("delta").mode("append").save(path.toString());
    return version();
  }

  /**
   * A run's entries written for the ledger's next commit, before it ({@link #stageAppending}): the Kernel append that
   * commits them, its staged files, the entries (for Delta's writer when the files hold no rows), and each entry's
   * kind, action and hash as {@link #hashes} gives them, observed while the files were written.
   */
  public static final class Staged {
    private final LedgerAppend append;
    private final LedgerAppend.Staged files;
    private final Dataset<Row> rows;
    private final List<Row> hashes;

    private Staged(LedgerAppend append, LedgerAppend.Staged files, Dataset<Row> rows, List<Row> hashes) {
      this.append = append;
      this.files = files;
      this.rows = rows;
      this.hashes = hashes;
    }

    /** {@link #hashes}' rows of the entries written, in no particular order. */
    public List<Row> hashes() {
      return hashes;
    }
  }

  /**
   * Writes a run's {@code entries} as one Parquet file for a blind append to come ({@link #commitStaged}), in one Spark
   * job that also gives each entry's hash ({@link #hashes}' rows, observed as the rows are written), so a run does not
   * hash them in a job of its own and then write them in another. Empty, with nothing written, where
   * {@link #commitAppending(Dataset, int, PriorState)} would not append through Kernel (no table yet, a path Spark
   * would take for a glob, a table Kernel should not write): then that path, and {@link #hashes}, are the run's.
   */
  public Optional<Staged> stageAppending(Dataset<Row> entries, PriorState read) {
    LogState log = log();
    if (log.version() < 0 || GLOB.matcher(path.toString()).find()) {
      return Optional.empty();
    }
    LedgerAppend append = append(log, read);
    Dataset<Row> rows = conformed(entries, 1);
    Observation seen = new Observation("ledger-entries");
    Dataset<Row> observed = rows.observe(seen, collect_list(struct(HASHED)).as("hashes"));
    Optional<LedgerAppend.Staged> files = append.stage(observed);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Object list = observed(seen, files.get(), append).getAs("hashes");
    List<Row> hashes = list instanceof scala.collection.Seq<?> seq
        ? new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Row>) seq))
        : new ArrayList<>((List<Row>) list);
    return Optional.of(new Staged(append, files.get(), rows, hashes));
  }

  /**
   * The metrics {@code seen} observed on the staged write, which has completed: Spark hands them over as its query
   * ends. Should they not come, the staged files are deleted and the run fails before its commit.
   */
  private Row observed(Observation seen, LedgerAppend.Staged files, LedgerAppend append) {
    try {
      return Await.result(seen.future(), Duration.apply(OBSERVED_WAIT_SECONDS, TimeUnit.SECONDS));
    } catch (TimeoutException | InterruptedException e) {
      append.discard(files);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new JobFailure("the ledger's entries were written to " + path + "'s staging but the hashes of "
          + "that write did not come from Spark (" + e + "); nothing committed, run again");
    }
  }

  /**
   * Commits what {@link #stageAppending} wrote, in one Kernel commit (Delta's writer appends its rows when the files
   * hold none, as {@link #commitAppending(Dataset, int)} does); returns the version written.
   */
  public long commitStaged(Staged staged) {
    java.util.OptionalLong written = staged.append.commit(staged.files);
    lastAppendOnRead = staged.append.onGivenSnapshot();
    if (written.isPresent()) {
      return written.getAsLong();
    }
    staged.rows.write().format("delta").mode("append").save(path.toString());
    return version();
  }

  /** Deletes what {@link #stageAppending} wrote when its commit will not come; best effort. */
  public void discard(Staged staged) {
    staged.append.discard(staged.files);
  }

  private LedgerAppend append(LogState log, PriorState read) {
    LedgerFiles loaded = read == null ? null : read.kernelSnapshot(path, log.version());
    return loaded == null
        ? new LedgerAppend(spark.sparkContext().hadoopConfiguration(), fs, path, checkpointAfter, log.checkpoint())
        : new LedgerAppend(loaded.engine(), loaded.snapshot(), spark.sparkContext().hadoopConfiguration(), fs, path,
            checkpointAfter, log.checkpoint());
  }

  /** Whether this ledger's last Kernel append committed on the snapshot its run read (for tests). */
  boolean lastAppendOnRead() {
    return lastAppendOnRead;
  }

  /** Writes {@code entries} of run {@code runId}, replacing the run id's earlier entries; see {@link #commitReplacing}. */
  public long commit(String runId, Dataset<Row> entries) {
    return commitReplacing(runId, entries, entries.rdd().getNumPartitions());
  }

  private static Dataset<Row> conformed(Dataset<Row> entries, int files) {
    Dataset<Row> rows = entries.select(Arrays.stream(LedgerSchema.V1.fieldNames()).map(n -> col(n))
        .toArray(Column[]::new));
    // A daily run's entries are few; one file per partition of the plan would leave many tiny files per commit,
    // and every later read replays and opens them all.
    return rows.coalesce(Math.max(1, files));
  }

  /**
   * What a compaction did: versions before and after, files of the latest version before and after, and the version
   * whose checkpoint it wrote (-1: none, the latest version had one).
   */
  public record Compaction(long versionBefore, long versionAfter, long filesBefore, long filesAfter,
      long checkpoint) {}

  /** The number of data files of the latest version (what a read opens). */
  public long files() {
    long version = version();
    return version < 0 ? 0 : files(version);
  }

  /**
   * The number of data files of {@code version}, the latest: from Kernel's file list (no Spark job), else from Delta's
   * table detail (a Spark job on a new snapshot), which counts the latest version's files as well.
   */
  private long files(long version) {
    KernelRead read = kernelRead(version);
    Optional<List<String>> files = read == null ? Optional.empty() : read.paths();
    return files.isPresent() ? files.get().size()
        : DeltaTable.forPath(spark, path.toString()).detail().select("numFiles").first().getLong(0);
  }

  /**
   * Rewrites the latest version's small files into few large ones (Delta's OPTIMIZE: one new version with the same
   * rows; earlier versions keep their files, so time travel and {@code audit verify} of earlier runs still read them),
   * then writes the checkpoint of the latest version (the sweeps leave it to this; see {@link #checkpointAfter}).
   */
  public Compaction compact() {
    long before = version();
    long filesBefore = before < 0 ? 0 : files(before);
    if (before < 0) {
      return new Compaction(before, before, 0, 0, -1);
    }
    long after = before;
    long filesAfter = filesBefore;
    if (filesBefore > 1) {
      DeltaTable.forPath(spark, path.toString()).optimize().executeCompaction();
      after = version();
      filesAfter = files(after);
    }
    return new Compaction(before, after, filesBefore, filesAfter, checkpointLatest());
  }

  /**
   * Writes the checkpoint of the latest version, unless it has one (Delta's OPTIMIZE writes one on a multiple of
   * delta.checkpointInterval), so a reader replays no commit file until the next run; returns its version, or -1.
   */
  private long checkpointLatest() {
    LogState log = log();
    if (log.checkpoint() >= log.version()) {
      return -1;
    }
    io.delta.kernel.engine.Engine engine = io.delta.kernel.defaults.engine.DefaultEngine.create(
        spark.sparkContext().hadoopConfiguration());
    return LedgerAppend.checkpoint(engine, path, log.version()) ? log.version() : -1;
  }

  /** Entries per kind and the SHA-256 over the sorted SHA-256 of each entry's JSON: what a manifest records. */
  public static Map<String, Object> digest(Dataset<Row> runEntries) {
    return digest(hashes(runEntries));
  }

  /** Per entry its kind, action and the SHA-256 of its JSON (one Spark job), for {@link #digest(List)}. */
  public static List<Row> hashes(Dataset<Row> runEntries) {
    return runEntries.select(HASHED).collectAsList();
  }

  /** Each entry's kind, action and the SHA-256 of its JSON: {@link #hashes}' columns, also observed on a staged write. */
  private static final Column[] HASHED = {col("kind"), col("action"), sha2(to_json(struct(
      Arrays.stream(LedgerSchema.V1.fieldNames()).map(n -> col(n)).toArray(Column[]::new))), 256).as("h")};

  /** The digest of {@link #hashes}' rows: entries per kind and the SHA-256 over their sorted hashes. */
  public static Map<String, Object> digest(List<Row> hashes) {
    Map<String, Long> kinds = new TreeMap<>();
    LedgerSchema.KINDS.forEach(k -> kinds.put(k, 0L));
    List<String> sorted = new ArrayList<>(hashes.size());
    for (Row r : hashes) {
      kinds.merge(r.getString(0), 1L, Long::sum);
      sorted.add(r.getString(2));
    }
    java.util.Collections.sort(sorted);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String h : sorted) {
      sha.update(h.getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) '\n');
    }
    return Map.of("entries", kinds, "entries_sha256", HexFormat.of().formatHex(sha.digest()));
  }
}
