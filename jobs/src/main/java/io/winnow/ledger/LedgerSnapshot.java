package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger read once for a run: the table at one version, persisted, the runs committed when it was read, and a
 * summary of it collected in the same job that fills the copy — per run id its kinds and order, its watermarks and
 * the appeals its reversals answered. The incremental plan and the run's prior state ({@link PriorState#of}) ask it
 * their questions without another read; a sweep that takes the ledger's lock after its plan reuses the plan's snapshot
 * when the ledger has not moved meanwhile ({@link #current}).
 */
public final class LedgerSnapshot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerSnapshot.class);
  /** The columns the summary reads. */
  static final List<String> SUMMARY_COLUMNS = List.of("run_id", "run_seq", "kind", "rules", "subject_id", "appeal");
  /** A group's max of run_seq before any non-null one (run_seq is 1 or more). */
  private static final long NO_SEQ = Long.MIN_VALUE;
  /** A row of the summary: one run id's entries of one kind (one per watermark and per answered appeal). */
  record Summary(String runId, String kind, String rule, String partition, String appeal, Long runSeq) {}

  private final Ledger ledger;
  private final long version;
  private final Set<String> committedRuns;
  /** The table at {@link #version}, persisted; null before the first commit. */
  private final Dataset<Row> table;
  private final List<Summary> summary;
  /** Kernel's snapshot of {@link #version} and the engine that loaded it, for the run's append; null if none. */
  private final LedgerFiles kernel;

  private LedgerSnapshot(Ledger ledger, long version, Set<String> committedRuns, Dataset<Row> table,
      List<Summary> summary, LedgerFiles kernel) {
    this.kernel = kernel;
    this.ledger = ledger;
    this.version = version;
    this.committedRuns = committedRuns;
    this.table = table;
    this.summary = summary;
  }

  /**
   * Reads the ledger at its latest version (before the first commit, nothing is read). Kernel replays the log on the
   * driver and lists the version's files; when they hold at most the ledger's driver-read bytes
   * ({@link Ledger#driverReadUpTo}, winnow.ledger.driver-read-max-bytes) and at most spark.sql.autoBroadcastJoinThreshold
   * (a daily ledger's first months), Kernel's Parquet reader reads them on the driver and the summary is computed
   * there (no Spark job; the table is a local relation). Larger files of at most the ledger's driver-summary bytes
   * ({@link Ledger#driverSummaryUpTo}, winnow.ledger.driver-summary-max-bytes): only the summary's columns are read on
   * the driver, a file per thread (no Spark job), and the table is the version's Parquet files, not persisted, which
   * the jobs that read it (the policy's) scan; the driver reading every column of 3 MB of entries (50,000 posts a day
   * for 30 days) into a local relation cost several times the job (BENCHMARKS.md, twelfth session). Else one Spark
   * job fills a persisted copy and collects its summary.
   */
  public static LedgerSnapshot read(Ledger ledger) {
    return read(ledger, Math.min(ledger.driverReadMaxBytes(), SQLConf.get().autoBroadcastJoinThreshold()),
        ledger.driverSummaryMaxBytes());
  }

  /**
   * {@link #read(Ledger)} with the driver's read of every column for files of at most {@code driverBytes} bytes, and
   * of the summary's columns for files of at most {@code summaryBytes} (0 or less: never).
   */
  static LedgerSnapshot read(Ledger ledger, long driverBytes, long summaryBytes) {
    DriverTime time = DriverTime.start();
    Set<String> committed = Set.copyOf(ledger.committedRuns());
    long version = ledger.version();
    if (version < 0) {
      return new LedgerSnapshot(ledger, version, committed, null, List.of(), null);
    }
    Ledger.KernelRead kernel = ledger.kernelRead(version);
    boolean plain = kernel != null && kernel.paths().isPresent();
    long bytes = plain ? kernel.files().bytes() : -1;
    Optional<List<Row>> rows = plain && bytes <= driverBytes ? kernel.files().rows() : Optional.empty();
    Optional<List<Row>> summaryRows = rows.isEmpty() && plain && summaryBytes > 0 && bytes <= summaryBytes
        ? kernel.files().columns(SUMMARY_COLUMNS, Runtime.getRuntime().availableProcessors()) : Optional.empty();
    Dataset<Row> table;
    List<Summary> summary;
    String how;
    if (rows.isPresent()) {
      table = ledger.spark().createDataFrame(rows.get(), LedgerSchema.V1);
      summary = summary(rows.get(), LedgerSchema.V1);
      how = rows.get().size() + " entries on the driver";
    } else if (summaryRows.isPresent()) {
      // Not persisted: a cached copy is filled by a job of its own before its first reader's (Spark's table-cache
      // query stage), the job this path removes; each reader scans the few columns it needs of a few MB of Parquet.
      table = ledger.at(version, kernel);
      summary = summary(summaryRows.get(), summaryType());
      how = "the summary of " + summaryRows.get().size() + " entries on the driver (" + kernel.files().readCpuMillis()
          + " ms CPU in the read's threads)";
    } else {
      table = ledger.at(version, kernel).persist(StorageLevel.MEMORY_AND_DISK());
      summary = summary(table);
      how = "through a Spark job";
    }
    LOG.info("ledger {} version {} ({} bytes) read {} in {}", ledger.path(), version, bytes, how, time);
    return new LedgerSnapshot(ledger, version, committed, table, summary, kernel == null ? null : kernel.files());
  }

  /** The summary of a persisted table: one Spark job. */
  private static List<Summary> summary(Dataset<Row> table) {
    Column watermark = col("kind").equalTo(LedgerSchema.WATERMARK);
    return table.groupBy(col("run_id"), col("kind"), when(watermark, col("rules")).as("rule"),
            when(watermark, col("subject_id")).as("partition"),
            when(col("kind").equalTo(LedgerSchema.REVERSAL), col("appeal")).as("appeal"))
        .agg(max("run_seq")).collectAsList().stream()
        .map(r -> new Summary(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.isNullAt(5) ? null : r.getLong(5)))
        .toList();
  }

  /** {@link #SUMMARY_COLUMNS} of {@link LedgerSchema#V1}, in that order. */
  static StructType summaryType() {
    StructType out = new StructType();
    for (String c : SUMMARY_COLUMNS) {
      out = out.add(LedgerSchema.V1.apply(c));
    }
    return out;
  }

  /**
   * The same summary of rows read on the driver, of {@code type} ({@link LedgerSchema#V1} or {@link #summaryType}):
   * the same groups, the same max.
   */
  static List<Summary> summary(List<Row> rows, StructType type) {
    int runId = type.fieldIndex("run_id");
    int runSeq = type.fieldIndex("run_seq");
    int kind = type.fieldIndex("kind");
    int rules = type.fieldIndex("rules");
    int subject = type.fieldIndex("subject_id");
    int appeal = type.fieldIndex("appeal");
    Map<List<String>, Long> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      String k = r.getString(kind);
      boolean watermark = LedgerSchema.WATERMARK.equals(k);
      List<String> key = Arrays.asList(r.getString(runId), k, watermark ? r.getString(rules) : null,
          watermark ? r.getString(subject) : null, LedgerSchema.REVERSAL.equals(k) ? r.getString(appeal) : null);
      Long seq = r.isNullAt(runSeq) ? null : r.getLong(runSeq);
      // max ignores nulls, as SQL's max: null only when every run_seq of the group is null
      groups.merge(key, seq == null ? NO_SEQ : seq, Math::max);
    }
    List<Summary> out = new ArrayList<>(groups.size());
    groups.forEach((k, seq) -> out.add(new Summary(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4),
        seq == NO_SEQ ? null : seq)));
    return out;
  }

  /**
   * Whether the ledger is still at this snapshot: the same latest version and the same committed runs (two listings,
   * no Spark job). A sweep asks it once it holds the ledger's lock, so nothing can move it afterwards.
   */
  public boolean current() {
    return ledger.version() == version && Set.copyOf(ledger.committedRuns()).equals(committedRuns);
  }

  /**
   * This snapshot at {@code version}, the version a compaction of the ledger wrote on top of the one read (Delta's
   * OPTIMIZE: the same rows in fewer files, no entry added or removed): the same committed runs, summary and persisted
   * copy, so a sweep that compacted under its lock need not read the ledger again. Only for a compaction of
   * {@link #version} to the next version, taken under the ledger's lock; the caller still asks {@link #current}.
   * Closing either closes the copy both share.
   */
  public LedgerSnapshot compactedTo(long version) {
    if (this.version < 0 || version != this.version + 1) {
      throw new IllegalArgumentException("a compaction of version " + this.version + " writes version "
          + (this.version + 1) + ", not " + version);
    }
    // Kernel's snapshot was of the version before the compaction: the append loads the latest.
    return new LedgerSnapshot(ledger, version, committedRuns, table, summary, null);
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The version read, -1 before the first commit. */
  public long version() {
    return version;
  }

  /** The runs whose directory was committed when the ledger was read. */
  public Set<String> committedRuns() {
    return committedRuns;
  }

  /** Every entry at the version read (committed runs or not); empty before the first commit. */
  Dataset<Row> table() {
    return table;
  }

  /** The entries of {@code runs} only. */
  Dataset<Row> entriesOf(Collection<String> runs) {
    if (table == null) {
      return ledger.all();
    }
    return table.filter(runs.isEmpty() ? lit(false) : col("run_id").isin(runs.toArray()));
  }

  /**
   * Kernel's snapshot of the version read (with its engine) when the ledger at {@code table} is still at that version
   * ({@code latest}, from the log's listing), for the run's append; else null, and the append loads the latest.
   */
  LedgerFiles kernelSnapshot(org.apache.hadoop.fs.Path table, long latest) {
    return kernel != null && kernel.snapshot() != null && latest == version && ledger.path().equals(table)
        && kernel.snapshot().getVersion() == version ? kernel : null;
  }

  List<Summary> summary() {
    return summary;
  }

  /** Rule version ("id vN") -> the posts partitions that {@code runs} evaluated with it (the watermarks). */
  public Map<String, Set<String>> watermarks(Collection<String> runs) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Summary s : summary) {
      if (s.rule() != null && s.partition() != null && runs.contains(s.runId())) {
        out.computeIfAbsent(s.rule(), k -> new TreeSet<>()).add(s.partition());
      }
    }
    return out;
  }

  /** The watermarks of the committed runs: what an incremental sweep plans from. */
  public Map<String, Set<String>> watermarks() {
    return watermarks(committedRuns);
  }

  @Override
  public void close() {
    if (table != null) {
      table.unpersist();
    }
  }
}
