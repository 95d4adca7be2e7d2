package io.winnow.sweep;

import io.winnow.UserError;
import io.winnow.run.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an overrides file: CSV with a header naming the columns {@code subject_id, decision, reason, reviewer, date}
 * and optionally {@code rule_id, rule_version}, in any order. Every problem is reported at once, with file:line.
 */
public final class Overrides {
  private Overrides() {}

  static final List<String> REQUIRED = List.of("subject_id", "decision", "reason", "reviewer", "date");
  static final List<String> OPTIONAL = List.of("rule_id", "rule_version");

  public static List<OverrideEntry> load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read overrides file " + file + ": " + e.getMessage()
          + ". Pass an existing CSV to --overrides or winnow.audit.overrides-file");
    }
    if (lines.isEmpty()) {
      throw new UserError(file + ":1: the overrides file is empty. Start it with the header "
          + String.join(",", REQUIRED) + ",rule_id,rule_version");
    }
    List<String> header = Csv.parse(lines.get(0).strip()).stream().map(String::strip).toList();
    List<String> problems = new ArrayList<>();
    for (String h : header) {
      if (!REQUIRED.contains(h) && !OPTIONAL.contains(h)) {
        problems.add(file + ":1: unknown column '" + h + "'. Known columns: " + String.join(", ", REQUIRED) + ", "
            + String.join(", ", OPTIONAL));
      }
    }
    for (String r : REQUIRED) {
      if (!header.contains(r)) {
        problems.add(file + ":1: missing column '" + r + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw failure(problems);
    }
    List<OverrideEntry> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      List<String> cells = Csv.parse(line);
      if (cells.size() > header.size()) {
        problems.add(where + ": " + cells.size() + " cells, the header has " + header.size());
        continue;
      }
      String subject = cell(header, cells, "subject_id");
      String decision = cell(header, cells, "decision");
      String date = cell(header, cells, "date");
      String version = cell(header, cells, "rule_version");
      String ruleId = cell(header, cells, "rule_id");
      int before = problems.size();
      for (String r : REQUIRED) {
        if (cell(header, cells, r) == null) {
          problems.add(where + ": " + r + " is empty");
        }
      }
      OverrideEntry.Decision d = null;
      if (decision != null) {
        try {
          d = OverrideEntry.Decision.valueOf(decision.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add(where + ": decision '" + decision + "' is not reinstate or exempt");
        }
      }
      LocalDate day = null;
      if (date != null) {
        try {
          day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
          problems.add(where + ": date '" + date + "' is not a date. Write YYYY-MM-DD");
        }
      }
      Integer v = null;
      if (version != null) {
        try {
          v = Integer.valueOf(version);
        } catch (NumberFormatException e) {
          problems.add(where + ": rule_version '" + version + "' is not a whole number");
        }
        if (ruleId == null) {
          problems.add(where + ": rule_version without rule_id. Name the rule the version belongs to");
        }
      }
      if (problems.size() == before) {
        out.add(new OverrideEntry(subject, d, cell(header, cells, "reason"), cell(header, cells, "reviewer"), day,
            ruleId, v, file.getFileName() + ":" + (i + 1)));
      }
    }
    if (!problems.isEmpty()) {
      throw failure(problems);
    }
    return List.copyOf(out);
  }

  private static UserError failure(List<String> problems) {
    return new UserError(problems.size() == 1 ? "overrides: " + problems.get(0)
        : problems.size() + " problems in the overrides file:\n" + String.join("\n", problems));
  }

  private static String cell(List<String> header, List<String> cells, String column) {
    int i = header.indexOf(column);
    if (i < 0 || i >= cells.size()) {
      return null;
    }
    String v = cells.get(i).strip();
    return v.isEmpty() ? null : v;
  }
}
