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
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A proof, from one read of the id column and no shuffle, that a table repeats no id. Each partition's rows are cut
 * into runs whose ids strictly increase (a new run starts where an id is not greater than the one before, or the
 * platform or the file changes), so no run repeats an id; if the runs of each platform then cover ranges that do not
 * overlap, no two rows share an id. A run ends with its file because Spark packs several files into one partition in
 * no id order: a run across two files would cover the ids between them, which other files hold. Archives written in id order (generated ones, most exports) give a few runs per file and are
 * proved distinct; anything else (ranges that overlap, a partition of more than {@code maxRuns} runs, ids in no order)
 * proves nothing, and the caller looks for the repeated ids with a shuffle. Ids are ordered by their UTF-8 length,
 * then bytes (so unpadded numbers written in order, {@code p9, p10}, also increase); any total order would do, as
 * long as runs and ranges use the same one.
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
    Dataset<Row> ids = table.select(global ? lit(null).cast("string").as("platform") : col("platform"), col(id),
        col(ArchiveReader.FILE)).filter(col(id).isNotNull());
    List<Run> runs = ids.queryExecution().toRdd().toJavaRDD().mapPartitions(rows -> runs(rows, maxRuns)).collect();
    return disjoint(runs);
  }

  /** The runs of one partition's (platform, id, file) rows, or one overflow marker past {@code maxRuns} runs. */
  static Iterator<Run> runs(Iterator<InternalRow> rows, int maxRuns) {
    List<Run> out = new ArrayList<>();
    UTF8String platform = null;
    UTF8String file = null;
    UTF8String first = null;
    UTF8String last = null;
    boolean open = false;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      UTF8String p = r.isNullAt(0) ? null : r.getUTF8String(0);
      UTF8String v = r.getUTF8String(1);
      UTF8String f = r.isNullAt(2) ? null : r.getUTF8String(2);
      if (open && Objects.equals(p, platform) && Objects.equals(f, file) && compare(v, last) > 0) {
        last = v.clone();
        continue;
      }
      if (open) {
        out.add(run(platform, first, last));
        if (out.size() >= maxRuns) {
          return List.of(new Run(null, null, null, true)).iterator();
        }
      }
      platform = p == null ? null : p.clone();
      file = f == null ? null : f.clone();
      first = v.clone();
      last = first;
      open = true;
    }
    if (open) {
      out.add(run(platform, first, last));
    }
    return out.iterator();
  }

  private static Run run(UTF8String platform, UTF8String first, UTF8String last) {
    return new Run(platform == null ? null : platform.toString(), first.getBytes(), last.getBytes(), false);
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
