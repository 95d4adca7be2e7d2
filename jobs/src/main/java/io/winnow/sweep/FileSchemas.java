package io.winnow.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the files of one table agree on, column by column, from every file's own schema (its footer): a column is
 * either of one type in every file that has it, or a problem naming the files of each type. Spark reads a table with
 * one file's schema, so a file that named its text column otherwise would read as null text, and a file whose column
 * has another physical type would fail a task mid-run; both are found here, before any work starts.
 */
final class FileSchemas {
  private final String table;
  private final Map<String, StructType> schemas;
  private final Function<org.apache.hadoop.fs.Path, String> relative;
  /** Column -> type (catalog string, nullability aside) -> files of that type. */
  private final Map<String, Map<String, List<String>>> types = new LinkedHashMap<>();
  private final Map<String, DataType> first = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private FileSchemas(String table, Map<String, StructType> schemas,
      Function<org.apache.hadoop.fs.Path, String> relative) {
    this.table = table;
    this.schemas = schemas;
    this.relative = relative;
  }

  /** The agreement of {@code schemas} (file path -> its schema); {@code relative} shortens paths for messages. */
  static FileSchemas agree(String table, Map<String, StructType> schemas,
      Function<org.apache.hadoop.fs.Path, String> relative) {
    FileSchemas s = new FileSchemas(table, schemas, relative);
    schemas.forEach((file, schema) -> {
      for (StructField f : schema.fields()) {
        s.types.computeIfAbsent(f.name(), k -> new LinkedHashMap<>())
            .computeIfAbsent(f.dataType().catalogString(), k -> new ArrayList<>()).add(file);
        s.first.putIfAbsent(f.name(), f.dataType());
      }
    });
    s.types.forEach((column, byType) -> {
      if (byType.size() > 1) {
        List<String> parts = new ArrayList<>();
        byType.forEach((type, files) -> parts.add(type + " in " + files.size() + " file" + (files.size() == 1 ? "" : "s")
            + " (" + s.names(files) + ")"));
        s.problems.add("column '" + column + "' has another type in some files: " + String.join(", ", parts)
            + "; every file of " + table + " must agree. Rewrite the odd files with the table's types");
      }
    });
    return s;
  }

  List<String> problems() {
    return problems;
  }

  /** The column's type (of the first file that has it), or null when no file has it. */
  DataType type(String column) {
    return first.get(column);
  }

  boolean inEveryFile(String column) {
    Map<String, List<String>> byType = types.get(column);
    return byType != null && byType.values().stream().mapToInt(List::size).sum() == schemas.size();
  }

  /** The problem of a required column absent from every file, or from some (naming them and what they hold). */
  String missing(String column, String named, String type) {
    if (!types.containsKey(column)) {
      return "missing column " + named + " of type " + type;
    }
    List<String> without = new ArrayList<>();
    schemas.forEach((file, schema) -> {
      if (java.util.Arrays.stream(schema.fieldNames()).noneMatch(column::equals)) {
        without.add(file);
      }
    });
    return "column " + named + " is missing from " + without.size() + " of " + schemas.size() + " files of " + table
        + " (" + names(without) + "; its columns: " + String.join(", ", schemas.get(without.get(0)).fieldNames())
        + "), so their rows would read as null. Rewrite those files with the table's column names (the column "
        + "mapping is per table, not per file)";
  }

  private String names(List<String> files) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(3, files.size()); i++) {
      shown.add(relative.apply(new org.apache.hadoop.fs.Path(files.get(i))));
    }
    return String.join(", ", shown) + (files.size() > 3 ? ", …" : "");
  }
}
