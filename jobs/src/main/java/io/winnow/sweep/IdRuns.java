package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A proof, from one read of the id column and no shuffle, that a table repeats no id. Each partition's rows are cut
 * into runs whose ids strictly increase (a new run starts where an id is not greater than the one before, or the
 * platform changes, or the row index does not follow the one before), so no run repeats an id; if the runs of each
 * platform then cover ranges that do not overlap, no two rows share an id. A run ends where the row index does not
 * follow because Spark packs several files into one partition in no id order: a run across two files would cover the
 * ids between them, which other files hold. (A file's row index starts at 0, or at its split's first row, so it
 * follows the row before only inside one file's rows, or by chance across two; a run across two files is still
 * strictly increasing, so it can only cost the proof, never give a wrong one.) The row index rather than the file path:
 * a file path is a hundred-odd bytes written into every row and compared at every row, which was most of this read's
 * CPU at 5M (JFR, fifteenth session); a row index is 8 bytes. Archives written in id order (generated ones, most
 * exports) give a few runs per file and are proved distinct; anything else (ranges that overlap, a partition of more
 * than {@code maxRuns} runs, ids in no order) proves nothing, and the caller looks for the repeated ids with a
 * shuffle. Ids are ordered by their UTF-8 length, then bytes (so unpadded numbers written in order, {@code p9, p10},
 * also increase); any total order would do, as long as runs and ranges use the same one.
 */
final class IdRuns {
  private IdRuns() {}

  /** One run of a partition: its platform (null when ids are global) and its first and last ids; or too many runs. */
  record Run(String platform, byte[] first, byte[] last, boolean overflow) implements Serializable {}

  /**
   * True when no two rows of {@code table} with an id share (platform, id), or id alone when {@code global}; false
   * when this read cannot tell (the caller then looks by shuffle).
   */
  static boolean distinct(Dataset<Row> table, String id, boolean global, int maxRuns) {
    return disjoint(gathered(table, id, global, maxRuns));
  }

  /** Every partition's runs of {@code table}'s ids (or its overflow marker), gathered on the driver. */
  static List<Run> gathered(Dataset<Row> table, String id, boolean global, int maxRuns) {
    Dataset<Row> ids = table.select(global ? lit(null).cast("string").as("platform") : col("platform"), col(id),
        col(ArchiveReader.ROW)).filter(col(id).isNotNull());
    return ids.queryExecution().toRdd().toJavaRDD().mapPartitions(rows -> runs(rows, maxRuns)).collect();
  }

  /**
   * The runs of one partition's (platform, id, row index) rows, or one overflow marker past {@code maxRuns} runs. The
   * rows are Spark's reused buffers: a run's first id is copied where it starts, and the last id seen is copied into
   * one buffer of this partition's, so a row that extends a run allocates nothing.
   */
  static Iterator<Run> runs(Iterator<InternalRow> rows, int maxRuns) {
    List<Run> out = new ArrayList<>();
    UTF8String platform = null;
    byte[] first = null;
    byte[] last = new byte[32];
    int lastLength = 0;
    long row = 0;
    boolean open = false;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      UTF8String p = r.isNullAt(0) ? null : r.getUTF8String(0);
      UTF8String v = r.getUTF8String(1);
      boolean follows = !r.isNullAt(2) && r.getLong(2) == row + 1;
      row = r.isNullAt(2) ? Long.MIN_VALUE : r.getLong(2);
      if (open && follows && Objects.equals(p, platform) && compare(v, last, lastLength) > 0) {
        last = copy(v, last);
        lastLength = v.numBytes();
        continue;
      }
      if (open) {
        out.add(run(platform, first, Arrays.copyOf(last, lastLength)));
        if (out.size() >= maxRuns) {
          return List.of(new Run(null, null, null, true)).iterator();
        }
      }
      platform = p == null ? null : p.clone();
      first = v.getBytes();
      last = copy(v, last);
      lastLength = v.numBytes();
      open = true;
    }
    if (open) {
      out.add(run(platform, first, Arrays.copyOf(last, lastLength)));
    }
    return out.iterator();
  }

  /** {@code v}'s bytes written at the start of {@code buffer}, or of a larger one if it does not fit. */
  private static byte[] copy(UTF8String v, byte[] buffer) {
    byte[] into = v.numBytes() <= buffer.length ? buffer : new byte[Math.max(v.numBytes(), 2 * buffer.length)];
    v.writeToMemory(into, Platform.BYTE_ARRAY_OFFSET);
    return into;
  }

  /** {@link #compare(UTF8String, UTF8String)} of {@code a} and the first {@code length} bytes of {@code b}. */
  static int compare(UTF8String a, byte[] b, int length) {
    int byLength = Integer.compare(a.numBytes(), length);
    if (byLength != 0) {
      return byLength;
    }
    Object base = a.getBaseObject();
    long offset = a.getBaseOffset();
    for (int i = 0; i < length; i++) {
      int byByte = Integer.compare(Platform.getByte(base, offset + i) & 0xff, b[i] & 0xff);
      if (byByte != 0) {
        return byByte;
      }
    }
    return 0;
  }

  private static Run run(UTF8String platform, byte[] first, byte[] last) {
    return new Run(platform == null ? null : platform.toString(), first, last, false);
  }

  /** True when no marker says a partition had too many runs and the runs of each platform cover disjoint ranges. */
  static boolean disjoint(List<Run> runs) {
    Map<String, List<Run>> byPlatform = new HashMap<>();
    for (Run r : runs) {
      if (r.overflow()) {
        return false;
      }
      byPlatform.computeIfAbsent(r.platform(), k -> new ArrayList<>()).add(r);
    }
    for (List<Run> same : byPlatform.values()) {
      same.sort(Comparator.comparing(Run::first, IdRuns::compare));
      for (int i = 1; i < same.size(); i++) {
        if (compare(same.get(i).first(), same.get(i - 1).last()) <= 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Shorter ids first, then by their UTF-8 bytes, unsigned. */
  static int compare(UTF8String a, UTF8String b) {
    int byLength = Integer.compare(a.numBytes(), b.numBytes());
    return byLength != 0 ? byLength : a.binaryCompare(b);
  }

  static int compare(byte[] a, byte[] b) {
    int byLength = Integer.compare(a.length, b.length);
    return byLength != 0 ? byLength : Arrays.compareUnsigned(a, b);
  }
}
