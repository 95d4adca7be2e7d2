package io.winnow.ledger;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.winnow.JobFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * A blind append to the ledger's table committed by Delta Kernel on the driver: Spark writes the entries' Parquet
 * files (one job, as Delta's writer would), and Kernel commits their add actions. Delta Spark's append pays, in every
 * run's fresh JVM, its classes, a {@code DeltaLog}, a state reconstruction of the log with Spark jobs and their code
 * generation before it commits; Kernel replays the small log on the driver. Kernel's post-commit hooks write the
 * checkpoint every {@code delta.checkpointInterval} versions (10), as Delta's writer does.
 *
 * <p>The files are written under a hidden staging directory of the table, then renamed into the table's root before
 * the commit; files of a run killed before its commit are in no version (a Delta table is what its log adds), so they
 * are never read, as with Delta's own writer. The commit is Kernel's put-if-absent of the next log file: two writers
 * never both write one version.
 */
final class LedgerAppend {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerAppend.class);
  /** Hidden (Delta ignores directories starting with '_' when it lists a table), one per attempt. */
  static final String STAGING = "_winnow_staging";
  private static final String ENGINE_INFO = "winnow";

  private final Engine engine;
  private final Configuration hadoop;
  private final FileSystem fs;
  private final Path table;
  private final int checkpointAfter;
  private final long lastCheckpoint;
  /** The snapshot the run read, when still the latest (then the commit is built on it); null: load the latest. */
  private final Snapshot given;
  private boolean onGiven;

  /**
   * An append to {@code table}; {@code checkpointAfter} 0 runs Kernel's post-commit hooks as Delta's writer would
   * (the checkpoint every {@code delta.checkpointInterval} versions), else the checkpoint is left out of the commit
   * unless the log would then hold {@code checkpointAfter} commits or more after {@code lastCheckpoint} (the latest
   * checkpoint's version before this commit, -1 for none).
   */
  LedgerAppend(Configuration hadoop, FileSystem fs, Path table, int checkpointAfter, long lastCheckpoint) {
    this(DefaultEngine.create(hadoop), null, hadoop, fs, table, checkpointAfter, lastCheckpoint);
  }

  /**
   * An append committed on {@code read}, the snapshot of the latest version that the run loaded when it read the
   * ledger (by {@code engine}), instead of loading it again: the commit is the next version after it, Kernel's
   * put-if-absent of that log file, as on a snapshot loaded now.
   */
  LedgerAppend(Engine engine, Snapshot read, Configuration hadoop, FileSystem fs, Path table, int checkpointAfter,
      long lastCheckpoint) {
    this.engine = engine;
    this.given = read;
    this.hadoop = hadoop;
    this.fs = fs;
    this.table = table;
    this.checkpointAfter = checkpointAfter;
    this.lastCheckpoint = lastCheckpoint;
  }

  /**
   * Appends {@code rows} (the ledger's columns, already coalesced to the files wanted) in one Kernel commit and returns
   * the version written; empty, with nothing committed, when Kernel should not write this table as Delta's writer
   * would (a table plain Parquet cannot read, other columns, a protocol Kernel cannot write, no rows), and the caller
   * appends through Delta.
   */
  OptionalLong append(Dataset<Row> rows) {
    java.util.Optional<Staged> staged = stage(rows);
    return staged.isEmpty() ? OptionalLong.empty() : commit(staged.get());
  }

  /**
   * Parquet files of a commit written under the table's staging directory by one Spark job, and the Kernel transaction
   * (on the snapshot given or the latest) that {@link #commit} commits them in.
   */
  record Staged(Path staging, Transaction txn) {}

  /**
   * Writes {@code rows} (the ledger's columns, already coalesced to the files wanted) under a new staging directory of
   * the table, in one Spark job, for {@link #commit}; empty, with nothing written, when Kernel should not write this
   * table as Delta's writer would (a table plain Parquet cannot read, other columns, a protocol Kernel cannot write).
   */
  java.util.Optional<Staged> stage(Dataset<Row> rows) {
    Transaction txn;
    DriverTime time = DriverTime.start();
    try {
      if (given != null) {
        if (!LedgerFiles.plainParquet(given) || !sameColumns(rows)) {
          return java.util.Optional.empty();
        }
        txn = given.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
        onGiven = true;
      } else {
        Table t = Table.forPath(engine, table.toString());
        Snapshot latest = t.getLatestSnapshot(engine);
        if (!LedgerFiles.plainParquet(latest) || !sameColumns(rows)) {
          return java.util.Optional.empty();
        }
        txn = t.createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE).build(engine);
      }
    } catch (KernelException | UnsupportedOperationException e) {
      LOG.warn("ledger {}: Delta Kernel cannot append to it ({}); appending through Delta", table, e.toString());
      return java.util.Optional.empty();
    }
    Path staging = new Path(new Path(table, STAGING), UUID.randomUUID().toString());
    rows.write().parquet(staging.toString());
    LOG.info("ledger {}: the entries' Parquet written under {} in {}", table, STAGING, time);
    return java.util.Optional.of(new Staged(staging, txn));
  }

  /**
   * Commits the files {@link #stage} wrote in one Kernel commit and returns the version written; empty, with nothing
   * committed, when they hold no rows (Delta's writer decides what an empty append commits).
   */
  OptionalLong commit(Staged staged) {
    DriverTime time = DriverTime.start();
    Path staging = staged.staging();
    Transaction txn = staged.txn();
    List<DataFileStatus> files;
    try {
      files = moveIntoTable(staging);
    } catch (IOException e) {
      throw new JobFailure("cannot move the ledger's new files from " + staging + " into " + table + ": "
          + e.getMessage() + "; nothing committed, run again");
    }
    if (files.isEmpty()) {
      return OptionalLong.empty(); // no rows: Delta's writer decides what an empty append commits
    }
    io.delta.kernel.data.Row state = txn.getTransactionState(engine);
    DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
    CloseableIterator<io.delta.kernel.data.Row> actions = Transaction.generateAppendActions(engine, state,
        LedgerFiles.closeable(files.iterator()), context);
    TransactionCommitResult result = txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
    long version = result.getVersion();
    LOG.info("ledger {} version {}: committed on {} snapshot in {} (after the entries' Parquet job)", table,
        version, onGiven ? "the run's" : "a newly loaded", time);
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      if (checkpointAfter > 0 && hook.getType() == PostCommitHook.PostCommitHookType.CHECKPOINT) {
        continue; // left to `winnow ledger compact`, or to the safety limit below
      }
      try {
        DriverTime hookTime = DriverTime.start();
        hook.threadSafeInvoke(engine);
        LOG.info("ledger {} version {}: post-commit {} took {}", table, version, hook.getType(), hookTime);
      } catch (IOException | RuntimeException e) {
        // The commit stands; a missing checkpoint only makes readers replay more of the log, as with Delta's writer.
        LOG.warn("ledger {} version {}: post-commit {} failed: {}", table, version, hook.getType(), e.toString());
      }
    }
    long since = version - lastCheckpoint;
    if (checkpointAfter > 0 && since >= checkpointAfter) {
      LOG.warn("ledger {}: {} commits since its last checkpoint reached winnow.ledger.checkpoint-after-versions ({}); "
          + "this run writes the checkpoint of version {}. Schedule `winnow ledger compact --out OUT` beside the "
          + "daily job (weekly): it writes the checkpoint outside the runs", table, since, checkpointAfter, version);
      checkpoint(engine, table, version);
    } else if (checkpointAfter > 0 && since * 2 > checkpointAfter) {
      LOG.warn("ledger {}: {} commits since its last checkpoint; at {} (winnow.ledger.checkpoint-after-versions) a "
          + "sweep writes one in its run. Run `winnow ledger compact --out OUT`, which writes it outside the runs",
          table, since, checkpointAfter);
    }
    return OptionalLong.of(version);
  }

  /**
   * Writes Delta's checkpoint of {@code version} through Kernel (the same file its post-commit hook writes); true when
   * written, false when one exists already or Kernel cannot write it (readers then replay the log as before).
   */
  static boolean checkpoint(Engine engine, Path table, long version) {
    DriverTime time = DriverTime.start();
    try {
      Table.forPath(engine, table.toString()).checkpoint(engine, version);
    } catch (io.delta.kernel.exceptions.CheckpointAlreadyExistsException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      LOG.warn("ledger {}: the checkpoint of version {} could not be written ({}); readers replay its log", table,
          version, e.toString());
      return false;
    }
    LOG.info("ledger {}: checkpoint of version {} written in {}", table, version, time);
    return true;
  }

  /** Deletes what {@link #stage} wrote when its commit will not come (the run failed before it); best effort. */
  void discard(Staged staged) {
    try {
      fs.delete(staged.staging(), true);
      fs.delete(staged.staging().getParent(), false); // only when empty
    } catch (IOException e) {
      LOG.warn("ledger {}: the staged files under {} could not be deleted ({}); no version holds them", table,
          staged.staging(), e.toString());
    }
  }

  /** Whether the last {@link #append} built its commit on the snapshot given (not a newly loaded one). */
  boolean onGivenSnapshot() {
    return onGiven;
  }

  /** Whether {@code rows} has the ledger's columns in its order with its types (nullability aside). */
  private static boolean sameColumns(Dataset<Row> rows) {
    StructField[] have = rows.schema().fields();
    StructField[] want = LedgerSchema.V1.fields();
    if (have.length != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!have[i].name().equals(want[i].name())
          || !have[i].dataType().simpleString().equals(want[i].dataType().simpleString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Renames the Parquet files Spark wrote under {@code staging} into the table's root and deletes the staging
   * directory; returns them with their size, time and row count (from each file's footer). Files without rows are
   * deleted and not returned.
   */
  private List<DataFileStatus> moveIntoTable(Path staging) throws IOException {
    List<DataFileStatus> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(staging)) {
      String name = s.getPath().getName();
      if (!s.isFile() || !name.endsWith(".parquet") || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      long records;
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(s, hadoop))) {
        records = reader.getRecordCount();
      }
      if (records == 0) {
        continue;
      }
      Path target = new Path(table, name);
      if (!fs.rename(s.getPath(), target)) {
        throw new IOException("rename to " + target + " failed");
      }
      FileStatus moved = fs.getFileStatus(target);
      files.add(new DataFileStatus(fs.makeQualified(target).toString(), moved.getLen(), moved.getModificationTime(),
          java.util.Optional.of(new DataFileStatistics(records, Map.of(), Map.of(), Map.of(),
              java.util.Optional.empty()))));
    }
    fs.delete(staging, true);
    try {
      fs.delete(staging.getParent(), false); // only when empty: a killed attempt's staging may be there
    } catch (IOException notEmpty) {
      // left for the next attempt
    }
    return files;
  }
}
