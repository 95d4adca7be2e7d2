package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The ledger read once for a run: the table at one version, persisted, the runs committed when it was read, and a
 * summary of it collected in the same job that fills the copy — per run id its kinds and order, its watermarks and
 * the appeals its reversals answered. The incremental plan and the run's prior state ({@link PriorState#of}) ask it
 * their questions without another read; a sweep that takes the ledger's lock after its plan reuses the plan's snapshot
 * when the ledger has not moved meanwhile ({@link #current}).
 */
public final class LedgerSnapshot implements AutoCloseable {
  /** A row of the summary: one run id's entries of one kind (one per watermark and per answered appeal). */
  record Summary(String runId, String kind, String rule, String partition, String appeal, Long runSeq) {}

  private final Ledger ledger;
  private final long version;
  private final Set<String> committedRuns;
  /** The table at {@link #version}, persisted; null before the first commit. */
  private final Dataset<Row> table;
  private final List<Summary> summary;

  private LedgerSnapshot(Ledger ledger, long version, Set<String> committedRuns, Dataset<Row> table,
      List<Summary> summary) {
    this.ledger = ledger;
    this.version = version;
    this.committedRuns = committedRuns;
    this.table = table;
    this.summary = summary;
  }

  /**
   * Reads the ledger at its latest version: one Spark job fills the persisted copy and collects its summary (before
   * the first commit, nothing is read).
   */
  public static LedgerSnapshot read(Ledger ledger) {
    Set<String> committed = Set.copyOf(ledger.committedRuns());
    long version = ledger.version();
    if (version < 0) {
      return new LedgerSnapshot(ledger, version, committed, null, List.of());
    }
    Dataset<Row> table = ledger.at(version).persist(StorageLevel.MEMORY_AND_DISK());
    Column watermark = col("kind").equalTo(LedgerSchema.WATERMARK);
    List<Summary> summary = table.groupBy(col("run_id"), col("kind"), when(watermark, col("rules")).as("rule"),
            when(watermark, col("subject_id")).as("partition"),
            when(col("kind").equalTo(LedgerSchema.REVERSAL), col("appeal")).as("appeal"))
        .agg(max("run_seq")).collectAsList().stream()
        .map(r -> new Summary(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.isNullAt(5) ? null : r.getLong(5)))
        .toList();
    return new LedgerSnapshot(ledger, version, committed, table, summary);
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
    return new LedgerSnapshot(ledger, version, committedRuns, table, summary);
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
