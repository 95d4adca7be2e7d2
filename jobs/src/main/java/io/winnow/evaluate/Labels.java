package io.winnow.evaluate;

import io.winnow.UserError;
import io.winnow.run.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The labels given to evaluate, recognised by their columns: a filled review sheet (CSV or Parquet), the generator's
 * labels/ directory (posts/ and accounts/ of LabelSchema: complete ground truth), or a user's labelled set (subject
 * kind, subject id, category and subcategory, {@code none} for a subject that is no violation).
 */
public final class Labels {
  public enum Shape {
    SHEET("a filled review sheet: precision is a stratified estimate from the sample"),
    GENERATOR("the generator's labels/: complete ground truth, every action judged (a census)"),
    LABELLED_SET("a labelled set: precision over the actions whose subjects are labelled");

    private final String description;

    Shape(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  static final List<String> GENERATOR_COLUMNS = List.of("subject_kind", "subject_id", "category", "subcategory",
      "label", "kind");
  static final List<String> SET_COLUMNS = List.of("subject_kind", "subject_id", "category", "subcategory");

  private final Shape shape;
  private final Dataset<Row> table;
  private final String path;
  private final String sha256;
  private final List<String> completeKinds;

  private Labels(Shape shape, Dataset<Row> table, String path, String sha256, List<String> completeKinds) {
    this.shape = shape;
    this.table = table;
    this.path = path;
    this.sha256 = sha256;
    this.completeKinds = completeKinds;
  }

  /**
   * The subject kinds the labels are complete ground truth for: those of the generator's tables given (posts,
   * accounts), where an unlabelled subject is no violation. None for sheets and labelled sets.
   */
  List<String> completeKinds() {
    return completeKinds;
  }

  public Shape shape() {
    return shape;
  }

  Dataset<Row> table() {
    return table;
  }

  public String path() {
    return path;
  }

  public String sha256() {
    return sha256;
  }

  static Labels load(SparkSession spark, Configuration conf, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new UserError("labels " + path + " do not exist. Pass --labels a filled review sheet (sheet.csv or "
            + "sheet.parquet of winnow sample), the generator's ARCHIVE/labels, or a labelled set (CSV or Parquet)");
      }
      String sha = sha256(fs, p);
      Dataset<Row> table;
      List<String> kinds = null;
      if (fs.getFileStatus(p).isDirectory() && (fs.exists(new Path(p, "posts")) || fs.exists(new Path(p, "accounts")))) {
        table = null;
        kinds = new ArrayList<>();
        for (String part : List.of("posts", "accounts")) {
          if (fs.exists(new Path(p, part))) {
            Dataset<Row> t = spark.read().parquet(new Path(p, part).toString());
            table = table == null ? t : table.unionByName(t, true);
            kinds.add(part.equals("posts") ? "post" : "account");
          }
        }
      } else if (path.endsWith(".csv") || containsCsv(fs, p)) {
        table = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
            .option("mode", "FAILFAST").csv(path);
      } else {
        table = spark.read().parquet(path);
      }
      Shape shape = shapeOf(path, List.of(table.columns()));
      if (shape != Shape.GENERATOR) {
        kinds = List.of();
      } else if (kinds == null) {
        kinds = table.selectExpr("CAST(subject_kind AS STRING)").distinct().collectAsList().stream()
            .map(r -> r.getString(0)).toList();
      }
      return new Labels(shape, table, path, sha, List.copyOf(kinds));
    } catch (IOException e) {
      throw new UserError("cannot read labels " + path + ": " + e.getMessage(), e);
    }
  }

  static Shape shapeOf(String path, List<String> columns) {
    if (columns.containsAll(ReviewSheet.REQUIRED)) {
      return Shape.SHEET;
    }
    if (columns.containsAll(GENERATOR_COLUMNS)) {
      return Shape.GENERATOR;
    }
    if (columns.containsAll(SET_COLUMNS)) {
      return Shape.LABELLED_SET;
    }
    throw new UserError("labels " + path + " have the columns " + String.join(", ", columns) + ", which is none of "
        + "the shapes evaluate reads. Expected a filled review sheet (" + String.join(", ", ReviewSheet.REQUIRED)
        + ", ...), the generator's labels/ (" + String.join(", ", GENERATOR_COLUMNS) + ") or a labelled set ("
        + String.join(", ", SET_COLUMNS) + "; subcategory none for a subject that is no violation)");
  }

  private static boolean containsCsv(FileSystem fs, Path p) throws IOException {
    if (!fs.getFileStatus(p).isDirectory()) {
      return false;
    }
    for (var s : fs.listStatus(p)) {
      if (s.getPath().getName().endsWith(".csv")) {
        return true;
      }
    }
    return false;
  }

  /** A file's SHA-256; a directory's is that of its sorted "path sha256" lines (hidden and _ files left out). */
  static String sha256(FileSystem fs, Path p) throws IOException {
    if (!fs.getFileStatus(p).isDirectory()) {
      return OutputFiles.sha256(fs, p);
    }
    Path root = fs.makeQualified(p);
    TreeMap<String, String> files = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path f = it.next().getPath();
      String name = f.getName();
      if (!name.startsWith(".") && !name.startsWith("_")) {
        String relative = f.toUri().getPath().substring(root.toUri().getPath().length());
        files.put(relative, OutputFiles.sha256(fs, f));
      }
    }
    List<String> lines = new ArrayList<>();
    files.forEach((k, v) -> lines.add(k + " " + v));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
