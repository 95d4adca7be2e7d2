package io.winnow.ledger;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.StructField;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The data files of the ledger's table at one version, from its log replayed on the driver by Delta Kernel (Delta's
 * own library for reading a table without Spark). Delta's Spark reader rebuilds a table's state with a Spark job on
 * every new snapshot (and a second one to list the files of the scan); for the ledger, a few files a run, that was most
 * of a run's fixed cost. Files are given only when plain Parquet reads them as Delta would: a table of reader protocol
 * version 1 (no deletion vectors, column mapping or type widening), unpartitioned, with {@link LedgerSchema#V1}'s
 * columns; otherwise empty, and the caller reads through Delta.
 */
final class LedgerFiles {
  private final Engine engine;
  private final String table;

  LedgerFiles(Configuration hadoop, String table) {
    this.engine = DefaultEngine.create(hadoop);
    this.table = table;
  }

  /** The files of {@code version} when plain Parquet reads them as Delta would, else empty. */
  Optional<List<String>> at(long version) {
    return statuses(version).map(l -> l.stream().map(FileStatus::getPath).toList());
  }

  /** The files of {@code version} (path, size, time) when plain Parquet reads them as Delta would, else empty. */
  Optional<List<FileStatus>> statuses(long version) {
    Snapshot snapshot = Table.forPath(engine, table).getSnapshotAsOfVersion(engine, version);
    if (!plainParquet(snapshot)) {
      return Optional.empty();
    }
    Scan scan = snapshot.getScanBuilder().build();
    List<FileStatus> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            io.delta.kernel.data.Row file = rows.next();
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file) != null) {
              return Optional.empty();
            }
            files.add(InternalScanFileUtils.getAddFileStatus(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(files);
  }

  /** One entry's columns that a {@link LedgerSnapshot}'s summary needs, as read on the driver. */
  interface SummaryColumns {
    void accept(String runId, Long runSeq, String kind, String rules, String subjectId, String appeal);
  }

  /** The columns of a summary, in the order {@link SummaryColumns#accept} takes them. */
  private static final String[] SUMMARY = {"run_id", "run_seq", "kind", "rules", "subject_id", "appeal"};

  /**
   * Reads {@code files} (of {@link #statuses}) on the driver, only the summary's columns, and hands each entry to
   * {@code sink}: a daily ledger is a few files of small rows, which Kernel's Parquet reader reads in less time than
   * a Spark job takes to start.
   */
  void readSummary(List<FileStatus> files, SummaryColumns sink) {
    io.delta.kernel.types.StructType schema = new io.delta.kernel.types.StructType();
    for (String c : SUMMARY) {
      schema = schema.add(c, c.equals("run_seq") ? io.delta.kernel.types.LongType.LONG
          : io.delta.kernel.types.StringType.STRING);
    }
    try (CloseableIterator<io.delta.kernel.engine.FileReadResult> batches = engine.getParquetHandler()
        .readParquetFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(files.iterator()), schema,
            Optional.empty())) {
      while (batches.hasNext()) {
        io.delta.kernel.data.ColumnarBatch b = batches.next().getData();
        io.delta.kernel.data.ColumnVector[] v = new io.delta.kernel.data.ColumnVector[SUMMARY.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = b.getColumnVector(i);
        }
        for (int r = 0; r < b.getSize(); r++) {
          sink.accept(string(v[0], r), v[1].isNullAt(r) ? null : v[1].getLong(r), string(v[2], r), string(v[3], r),
              string(v[4], r), string(v[5], r));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String string(io.delta.kernel.data.ColumnVector v, int row) {
    return v.isNullAt(row) ? null : v.getString(row);
  }

  /** Reader protocol 1, no partition columns, the columns of {@link LedgerSchema#V1} in its order. */
  static boolean plainParquet(Snapshot snapshot) {
    List<String> columns = snapshot.getSchema().fields().stream().map(StructField::getName).toList();
    return snapshot.getProtocol().getMinReaderVersion() == 1 && snapshot.getPartitionColumnNames().isEmpty()
        && columns.equals(Arrays.asList(LedgerSchema.V1.fieldNames()));
  }
}
