package io.winnow.archive;

import io.winnow.UserError;
import io.winnow.config.Settings;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one table of an archive from the source its settings name (winnow.archive.TABLE): a Parquet, JSON Lines, CSV
 * or ORC directory or file, a Delta table, or a table of Spark's catalog. The rows come back in the source's own
 * columns; ArchiveReader maps and coerces them to winnow's schema, the same for every format.
 */
public final class TableReader {
  private TableReader() {}

  /** Where the source is, for messages and the manifest: its path, or catalog:NAME. */
  public static String where(Settings.TableSource source, String defaultPath) {
    return source.format().equals("table") ? "catalog:" + source.table()
        : source.path().isEmpty() ? defaultPath : source.path();
  }

  /**
   * The partition columns of a source read from files (Parquet, JSON, CSV, ORC directories partitioned as
   * {@code dt=.../}, a Delta table, a catalog table over files): a filter on them prunes whole directories. Empty for a
   * source Spark does not read as partitioned files.
   */
  public static java.util.Set<String> partitionColumns(Dataset<Row> source) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    scala.collection.Iterator<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> leaves =
        source.queryExecution().analyzed().collectLeaves().iterator();
    while (leaves.hasNext()) {
      if (leaves.next() instanceof org.apache.spark.sql.execution.datasources.LogicalRelation r
          && r.relation() instanceof org.apache.spark.sql.execution.datasources.HadoopFsRelation files) {
        names.addAll(java.util.Arrays.asList(files.partitionSchema().fieldNames()));
      }
    }
    return names;
  }

  public static Dataset<Row> read(SparkSession spark, String table, Settings.TableSource source, String defaultPath) {
    String where = where(source, defaultPath);
    try {
      if (source.format().equals("table")) {
        return spark.table(source.table());
      }
      DataFrameReader reader = spark.read().options(source.options());
      return switch (source.format()) {
        case "json" -> reader.json(where);
        case "csv" -> reader.option("header", source.options().getOrDefault("header", "true"))
            .option("inferSchema", source.options().getOrDefault("inferSchema", "true")).csv(where);
        case "orc" -> reader.orc(where);
        case "delta" -> reader.format("delta").load(where);
        default -> reader.parquet(where);
      };
    } catch (Exception e) { // Spark's AnalysisException (a missing path, not a Delta table) is a checked exception
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new UserError("cannot read " + table + " as " + source.format() + " from " + where + ": " + first
          + ". Check winnow.archive." + table + " (format, path, table, options)", e);
    }
  }
}
