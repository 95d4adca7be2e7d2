package io.winnow.sweep;

import io.winnow.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV file a person writes (overrides, review outcomes): a header row naming the columns in any order, then
 * one record per line; blank lines and lines starting with {@code #} are skipped. The header is checked against the
 * required and optional columns, and every problem is collected with file:line, so that a person fixes them all at
 * once.
 */
public final class HeaderCsv {
  /**
   * One record: where it is, for problems ({@code /path/overrides.csv:4}), its origin for outputs ({@code
   * overrides.csv:4}: no machine path), and its cells by column.
   */
  public record Record(String where, String origin, List<String> header, List<String> cells) {
    /** The stripped cell of {@code column}, or null when the column is absent or the cell empty. */
    public String cell(String column) {
      int i = header.indexOf(column);
      if (i < 0 || i >= cells.size()) {
        return null;
      }
      String v = cells.get(i).strip();
      return v.isEmpty() ? null : v;
    }
  }

  private final List<Record> records;
  private final List<String> problems;

  private HeaderCsv(List<Record> records, List<String> problems) {
    this.records = records;
    this.problems = problems;
  }

  /**
   * Reads {@code file}, described as {@code what} in messages ("overrides file"); {@code fix} tells how to pass another
   * file. An unreadable or empty file is a UserError at once; header problems and lines with more cells than the
   * header are collected in {@link #problems()}, and the records of a file with a bad header are not read.
   */
  public static HeaderCsv read(Path file, String what, List<String> required, List<String> optional, String fix) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + what + " " + file + ": " + e.getMessage() + ". " + fix);
    }
    if (lines.isEmpty()) {
      throw new UserError(file + ":1: the " + what + " is empty. Start it with the header "
          + String.join(",", required));
    }
    List<String> header = Csv.parse(lines.get(0).strip()).stream().map(String::strip).toList();
    List<String> problems = new ArrayList<>();
    for (String h : header) {
      if (!required.contains(h) && !optional.contains(h)) {
        problems.add(file + ":1: unknown column '" + h + "'. Known columns: " + String.join(", ", required)
            + (optional.isEmpty() ? "" : ", " + String.join(", ", optional)));
      }
    }
    required.stream().filter(r -> !header.contains(r))
        .forEach(r -> problems.add(file + ":1: missing column '" + r + "'"));
    List<Record> records = new ArrayList<>();
    for (int i = 1; i < lines.size() && problems.isEmpty(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      List<String> cells = Csv.parse(line);
      if (cells.size() > header.size()) {
        problems.add(where + ": " + cells.size() + " cells, the header has " + header.size());
      } else {
        records.add(new Record(where, file.getFileName() + ":" + (i + 1), header, cells));
      }
    }
    return new HeaderCsv(List.copyOf(records), problems);
  }

  public List<Record> records() {
    return records;
  }

  /** The problems found so far; callers add their own per record and report them with {@link #failure}. */
  public List<String> problems() {
    return problems;
  }

  /**
   * One line for one problem ({@code name: problem}), else the count and every problem on its own line ({@code N
   * problems in the what:}).
   */
  public static UserError failure(String name, String what, List<String> problems) {
    return new UserError(problems.size() == 1 ? name + ": " + problems.get(0)
        : problems.size() + " problems in the " + what + ":\n" + String.join("\n", problems));
  }
}
