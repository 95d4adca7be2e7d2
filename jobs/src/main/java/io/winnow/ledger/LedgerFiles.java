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
    Snapshot snapshot = Table.forPath(engine, table).getSnapshotAsOfVersion(engine, version);
    if (!plainParquet(snapshot)) {
      return Optional.empty();
    }
    Scan scan = snapshot.getScanBuilder().build();
    List<String> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            io.delta.kernel.data.Row file = rows.next();
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file) != null) {
              return Optional.empty();
            }
            files.add(InternalScanFileUtils.getAddFileStatus(file).getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(files);
  }

  /** Reader protocol 1, no partition columns, the columns of {@link LedgerSchema#V1} in its order. */
  static boolean plainParquet(Snapshot snapshot) {
    List<String> columns = snapshot.getSchema().fields().stream().map(StructField::getName).toList();
    return snapshot.getProtocol().getMinReaderVersion() == 1 && snapshot.getPartitionColumnNames().isEmpty()
        && columns.equals(Arrays.asList(LedgerSchema.V1.fieldNames()));
  }
}
