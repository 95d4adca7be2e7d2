package io.winnow.ledger;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.FileStatus;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final Engine engine;
  private final String table;
  /** The snapshot {@link #at} loaded last (null before), kept so a run loads Kernel's snapshot once. */
  private Snapshot loaded;
  /** The files {@link #at} listed last, with their sizes. */
  private List<FileStatus> statuses = List.of();
  /** The CPU time of the threads of the last {@link #columns} read, in nanoseconds. */
  private final AtomicLong readCpu = new AtomicLong();

  LedgerFiles(Configuration hadoop, String table) {
    this.engine = DefaultEngine.create(hadoop);
    this.table = table;
  }

  /** The files of {@code version} when plain Parquet reads them as Delta would, else empty. */
  Optional<List<String>> at(long version) {
    Snapshot snapshot = Table.forPath(engine, table).getSnapshotAsOfVersion(engine, version);
    loaded = snapshot;
    statuses = List.of();
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
    statuses = List.copyOf(files);
    return Optional.of(files.stream().map(FileStatus::getPath).toList());
  }

  /** The Kernel snapshot {@link #at} loaded (null before it ran), and the engine that loaded it. */
  Snapshot snapshot() {
    return loaded;
  }

  Engine engine() {
    return engine;
  }

  /** The bytes of the files {@link #at} listed (0 when it gave none). */
  long bytes() {
    return statuses.stream().mapToLong(FileStatus::getSize).sum();
  }

  /**
   * Every row of the files {@link #at} listed, read on the driver by Kernel's Parquet reader (no Spark job), as
   * {@link LedgerSchema#V1} rows; empty when the table's column types are not V1's (then Spark reads them).
   */
  Optional<List<org.apache.spark.sql.Row>> rows() {
    StructType kernelType = kernelV1();
    if (loaded == null || !loaded.getSchema().equals(kernelType)) {
      return Optional.empty();
    }
    boolean java8Dates = org.apache.spark.sql.internal.SQLConf.get().datetimeJava8ApiEnabled();
    List<org.apache.spark.sql.Row> out = rows(statuses, kernelType, java8Dates);
    return Optional.of(out);
  }

  /**
   * The columns {@code columns} of every row of the files {@link #at} listed, read on the driver by Kernel's Parquet
   * reader in up to {@code threads} threads, one file per task (no Spark job), as rows of those columns in file order;
   * empty when the table's column types are not V1's. Reads only those columns' pages: at 3 MB of entries (50,000
   * posts a day for 30 days) the few columns of the summary are a small part of the bytes.
   */
  Optional<List<org.apache.spark.sql.Row>> columns(List<String> columns, int threads) {
    StructType kernelType = kernelV1();
    if (loaded == null || !loaded.getSchema().equals(kernelType)) {
      return Optional.empty();
    }
    StructType projected = new StructType();
    for (String c : columns) {
      projected = projected.add(kernelType.get(c));
    }
    StructType read = projected;
    readCpu.set(0);
    boolean java8Dates = org.apache.spark.sql.internal.SQLConf.get().datetimeJava8ApiEnabled();
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(threads, statuses.size())), r -> {
          Thread t = new Thread(r, "winnow-ledger-read");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<List<org.apache.spark.sql.Row>>> parts = new ArrayList<>();
      for (FileStatus file : statuses) {
        parts.add(pool.submit(() -> {
          long cpu = THREADS.getCurrentThreadCpuTime();
          try {
            return rows(List.of(file), read, java8Dates);
          } finally {
            readCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
          }
        }));
      }
      List<org.apache.spark.sql.Row> out = new ArrayList<>();
      for (Future<List<org.apache.spark.sql.Row>> part : parts) {
        out.addAll(part.get());
      }
      return Optional.of(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the ledger's files", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The CPU time, in ms, of the threads of the last {@link #columns} read (the driver's thread not included). */
  long readCpuMillis() {
    return readCpu.get() / 1_000_000;
  }

  /** The rows of {@code files} in {@code type}'s columns, read by Kernel's Parquet reader on this thread. */
  private List<org.apache.spark.sql.Row> rows(List<FileStatus> files, StructType type, boolean java8Dates) {
    List<org.apache.spark.sql.Row> out = new ArrayList<>();
    try (CloseableIterator<FileReadResult> read = engine.getParquetHandler().readParquetFiles(
        closeable(files.iterator()), type, Optional.empty())) {
      int n = type.length();
      while (read.hasNext()) {
        ColumnarBatch batch = read.next().getData();
        ColumnVector[] vectors = new ColumnVector[n];
        for (int c = 0; c < n; c++) {
          vectors[c] = batch.getColumnVector(c);
        }
        for (int i = 0; i < batch.getSize(); i++) {
          Object[] values = new Object[n];
          for (int c = 0; c < n; c++) {
            values[c] = value(vectors[c], i, java8Dates);
          }
          out.add(org.apache.spark.sql.RowFactory.create(values));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** One value of a Kernel vector as Spark's external type of the same column (V1's types only). */
  private static Object value(ColumnVector v, int i, boolean java8Dates) {
    if (v.isNullAt(i)) {
      return null;
    }
    DataType t = v.getDataType();
    if (t instanceof io.delta.kernel.types.StringType) {
      return v.getString(i);
    } else if (t instanceof io.delta.kernel.types.LongType) {
      return v.getLong(i);
    } else if (t instanceof io.delta.kernel.types.IntegerType) {
      return v.getInt(i);
    } else if (t instanceof io.delta.kernel.types.DoubleType) {
      return v.getDouble(i);
    } else if (t instanceof io.delta.kernel.types.BooleanType) {
      return v.getBoolean(i);
    } else if (t instanceof io.delta.kernel.types.DateType) {
      java.time.LocalDate day = java.time.LocalDate.ofEpochDay(v.getInt(i));
      return java8Dates ? day : java.sql.Date.valueOf(day);
    } else if (t instanceof io.delta.kernel.types.ArrayType) {
      ArrayValue a = v.getArray(i);
      ColumnVector elements = a.getElements();
      List<Object> items = new ArrayList<>(a.getSize());
      for (int k = 0; k < a.getSize(); k++) {
        items.add(value(elements, k, java8Dates));
      }
      return scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq();
    }
    throw new IllegalStateException("ledger column of type " + t + " is not one of V1's");
  }

  /** {@link LedgerSchema#V1} in Kernel's types (the only types the ledger uses). */
  static StructType kernelV1() {
    StructType out = new StructType();
    for (org.apache.spark.sql.types.StructField f : LedgerSchema.V1.fields()) {
      out = out.add(f.name(), kernelType(f.dataType()), f.nullable());
    }
    return out;
  }

  private static DataType kernelType(org.apache.spark.sql.types.DataType t) {
    return switch (t.typeName()) {
      case "string" -> io.delta.kernel.types.StringType.STRING;
      case "long" -> io.delta.kernel.types.LongType.LONG;
      case "integer" -> io.delta.kernel.types.IntegerType.INTEGER;
      case "double" -> io.delta.kernel.types.DoubleType.DOUBLE;
      case "boolean" -> io.delta.kernel.types.BooleanType.BOOLEAN;
      case "date" -> io.delta.kernel.types.DateType.DATE;
      case "array" -> new io.delta.kernel.types.ArrayType(
          kernelType(((org.apache.spark.sql.types.ArrayType) t).elementType()),
          ((org.apache.spark.sql.types.ArrayType) t).containsNull());
      default -> throw new IllegalStateException("no Kernel type for " + t);
    };
  }

  /** An iterator as Kernel's {@link CloseableIterator}; nothing to close. */
  static <T> CloseableIterator<T> closeable(java.util.Iterator<T> items) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public T next() {
        return items.next();
      }

      @Override
      public void close() {
        // a list in memory: nothing to release
      }
    };
  }

  /** Reader protocol 1, no partition columns, the columns of {@link LedgerSchema#V1} in its order. */
  static boolean plainParquet(Snapshot snapshot) {
    List<String> columns = snapshot.getSchema().fields().stream().map(StructField::getName).toList();
    return snapshot.getProtocol().getMinReaderVersion() == 1 && snapshot.getPartitionColumnNames().isEmpty()
        && columns.equals(Arrays.asList(LedgerSchema.V1.fieldNames()));
  }
}
