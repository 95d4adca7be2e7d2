package io.winnow.sweep;

import io.winnow.UserError;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The walk of one table's partition directories ({@code dt=YYYY-MM-DD}, {@code platform=NAME}) with Hadoop's
 * FileSystem, independent of the files' format. Nothing under a table is passed over without a word: every data file
 * inside the window is listed to be read; an entry that is not a partition of the layout ({@code dt=garbage}, a
 * folder without {@code dt=}, a folder inside a partition) is listed as skipped with its reason, for the manifest and
 * the summary; and what cannot be read as the layout says but would hold the window's data (an unpadded date inside
 * the window, files where a partition level is missing) stops the run with one line naming it. Hidden entries
 * ({@code _SUCCESS}, {@code .crc}: names starting with {@code _} or {@code .}) are Hadoop's and ignored, as Spark
 * does. Partitions outside the window are not opened.
 */
final class ArchiveListing {
  /** An entry under a table that is not read, and why. */
  record Skipped(String table, String path, String reason) {}

  /** A data file to read: its table, its partition ({@code dt=2026-10-01/platform=x}) and its status. */
  record DataFile(String table, String partition, FileStatus status) {}

  /** {@code 2026-10-2}: a date, but not in the one spelling Hive partitions of a day need. */
  private static final DateTimeFormatter LENIENT = DateTimeFormatter.ofPattern("uuuu-M-d")
      .withResolverStyle(ResolverStyle.STRICT);

  private final FileSystem fs;
  private final Path root;
  private final List<DataFile> files = new ArrayList<>();
  private final List<Skipped> skipped = new ArrayList<>();
  private final TreeSet<String> days = new TreeSet<>();

  ArchiveListing(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  List<DataFile> files() {
    return files;
  }

  List<Skipped> skipped() {
    return skipped;
  }

  /** Days ({@code dt} values) seen under the tables walked so far, inside the window or not. */
  TreeSet<String> days() {
    return days;
  }

  /**
   * Lists {@code table}'s partitions along {@code levels} (e.g. dt, platform); the {@code dt} level is pruned to
   * [from, to] (null: every day). Returns the data files of this table.
   */
  List<DataFile> walk(String table, List<String> levels, LocalDate from, LocalDate to) {
    int before = files.size();
    walk(table, new Path(root, table), levels, 0, "", from, to);
    return files.subList(before, files.size());
  }

  private void walk(String table, Path dir, List<String> levels, int depth, String partition, LocalDate from,
      LocalDate to) {
    if (depth == levels.size()) {
      leaf(table, dir, partition);
      return;
    }
    String key = levels.get(depth);
    List<String> stray = new ArrayList<>();
    for (FileStatus entry : list(dir)) {
      String name = entry.getPath().getName();
      if (hidden(name)) {
        continue;
      }
      if (!entry.isDirectory()) {
        stray.add(name);
        continue;
      }
      if (!name.startsWith(key + "=")) {
        skipped.add(new Skipped(table, relative(entry.getPath()), "not a " + key + "=" + placeholder(key)
            + " partition directory, so its files are not read. Move them into a partition of the layout "
            + layout(table) + ", or out of " + table + "/"));
        continue;
      }
      String value = name.substring(key.length() + 1);
      if (key.equals("dt") && !day(table, entry.getPath(), value, from, to)) {
        continue;
      }
      walk(table, entry.getPath(), levels, depth + 1, partition.isEmpty() ? name : partition + "/" + name, from, to);
    }
    if (!stray.isEmpty()) {
      String where = relative(dir);
      if (depth == 0) {
        // Files at the table's root: no partition tells their day or platform.
        for (String name : stray) {
          skipped.add(new Skipped(table, where + "/" + name, "a file directly under " + table + "/, outside any "
              + key + "=" + placeholder(key) + " partition, so it is not read. Move it into a partition of the layout "
              + layout(table)));
        }
      } else {
        throw new UserError(where + " holds files (" + String.join(", ", stray.subList(0, Math.min(3, stray.size())))
            + (stray.size() > 3 ? ", …" : "") + ") but no " + key + "=" + placeholder(key) + " directories: the "
            + key + "= level is missing. Move the files into " + where + "/" + key + "=" + placeholder(key)
            + "/ (layout " + layout(table) + ")");
      }
    }
  }

  /** True when the {@code dt} directory is inside the window and is to be read; records it otherwise. */
  private boolean day(String table, Path dir, String value, LocalDate from, LocalDate to) {
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      date = null;
    }
    if (date != null) {
      days.add(value);
      return from == null || !date.isBefore(from) && !date.isAfter(to);
    }
    LocalDate lenient;
    try {
      lenient = LocalDate.parse(value, LENIENT);
    } catch (DateTimeParseException e) {
      skipped.add(new Skipped(table, relative(dir), "dt value '" + value + "' is not a date (YYYY-MM-DD), so its "
          + "files are not read. Rename the directory to its day, dt=YYYY-MM-DD, or move it out of " + table + "/"));
      return false;
    }
    if (from == null || !lenient.isBefore(from) && !lenient.isAfter(to)) {
      throw new UserError(relative(dir) + ": the day is not written YYYY-MM-DD; it is " + lenient + ", inside the "
          + "window, and would be read as another day than dt=" + lenient + ". Rename the directory to dt=" + lenient);
    }
    skipped.add(new Skipped(table, relative(dir), "the day " + lenient + " is not written YYYY-MM-DD (outside the "
        + "window, not read). Rename the directory to dt=" + lenient));
    return false;
  }

  private void leaf(String table, Path dir, String partition) {
    for (FileStatus entry : list(dir)) {
      String name = entry.getPath().getName();
      if (hidden(name)) {
        continue;
      }
      if (entry.isDirectory()) {
        skipped.add(new Skipped(table, relative(entry.getPath()), "a directory inside the partition " + partition
            + ", so its files are not read. Move its files up into " + relative(dir) + " or remove it"));
      } else {
        files.add(new DataFile(table, partition, entry));
      }
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  private static String placeholder(String key) {
    return key.equals("dt") ? "YYYY-MM-DD" : "NAME";
  }

  static String layout(String table) {
    return switch (table) {
      case "posts" -> "posts/dt=YYYY-MM-DD/platform=NAME/*.parquet";
      case "accounts" -> "accounts/platform=NAME/*.parquet";
      default -> "reports/dt=YYYY-MM-DD/*.parquet";
    };
  }

  /** {@code posts/dt=2026-10-01/x}: the path inside the archive, as the user knows it. */
  String relative(Path p) {
    String base = root.toUri().getPath();
    String path = p.toUri().getPath();
    String stripped = base.endsWith("/") ? base : base + "/";
    return path.startsWith(stripped) ? path.substring(stripped.length()) : p.toString();
  }

  private FileStatus[] list(Path dir) {
    try {
      FileStatus[] out = fs.listStatus(dir);
      Arrays.sort(out, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return out;
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
