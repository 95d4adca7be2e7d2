package io.winnow.archive;

import java.util.List;
import java.util.Map;

/**
 * Where one table of the archive comes from: {@code format} parquet (winnow's partitioned layout, or any Parquet
 * directory), json (JSON Lines), csv (with a header), orc, delta (a Delta table) or table (a table of Spark's
 * catalog, named by {@code table}); {@code path} the directory or file (empty: ARCHIVE/TABLE); Spark reader options.
 */
public record TableSource(String format, String path, String table, Map<String, String> options) {
  /** Formats a table can be read from. */
  public static final List<String> FORMATS = List.of("parquet", "json", "csv", "orc", "delta", "table");

  /** winnow's own layout: Hive-partitioned Parquet under ARCHIVE/TABLE, partitions pruned by the window. */
  public boolean isLayout() {
    return format.equals("parquet") && path.isEmpty();
  }
}
