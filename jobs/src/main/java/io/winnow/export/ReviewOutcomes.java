package io.winnow.export;

import io.winnow.UserError;
import io.winnow.run.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What people decided about the actions a run sent to review: a CSV with the header {@code action_id, outcome,
 * reviewer, date} (and optionally {@code note}), outcome {@code upheld} (the action was applied on that date) or
 * {@code reversed} (it never was). Every problem is reported at once, with file:line.
 */
public final class ReviewOutcomes {
  /** A person's decision on one action. */
  public enum Outcome {
    UPHELD, REVERSED
  }

  /** One reviewed action; {@code origin} is where it was written ({@code reviews.csv:4}). */
  public record Review(String actionId, Outcome outcome, String reviewer, LocalDate date, String origin) {}

  static final List<String> REQUIRED = List.of("action_id", "outcome", "reviewer", "date");
  static final List<String> OPTIONAL = List.of("note");

  private final Map<String, Review> byAction;

  private ReviewOutcomes(Map<String, Review> byAction) {
    this.byAction = byAction;
  }

  /** No reviews: every action sent to review is held back. */
  public static ReviewOutcomes none() {
    return new ReviewOutcomes(Map.of());
  }

  public Review of(String actionId) {
    return byAction.get(actionId);
  }

  public Map<String, Review> all() {
    return byAction;
  }

  public static ReviewOutcomes load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read the review outcomes " + file + ": " + e.getMessage()
          + ". Pass an existing CSV to --reviews");
    }
    if (lines.isEmpty()) {
      throw new UserError(file + ":1: the review outcomes file is empty. Start it with the header "
          + String.join(",", REQUIRED));
    }
    List<String> header = Csv.parse(lines.get(0).strip()).stream().map(String::strip).toList();
    List<String> problems = new ArrayList<>();
    for (String h : header) {
      if (!REQUIRED.contains(h) && !OPTIONAL.contains(h)) {
        problems.add(file + ":1: unknown column '" + h + "'. Known columns: " + String.join(", ", REQUIRED) + ", "
            + String.join(", ", OPTIONAL));
      }
    }
    REQUIRED.stream().filter(r -> !header.contains(r)).forEach(r -> problems.add(file + ":1: missing column '" + r
        + "'"));
    Map<String, Review> out = new LinkedHashMap<>();
    for (int i = 1; i < lines.size() && problems.isEmpty(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        review(file.getFileName() + ":" + (i + 1), header, Csv.parse(line), out, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(problems.size() == 1 ? "review outcomes: " + problems.get(0)
          : problems.size() + " problems in the review outcomes:\n" + String.join("\n", problems));
    }
    return new ReviewOutcomes(out);
  }

  private static void review(String where, List<String> header, List<String> cells, Map<String, Review> out,
      List<String> problems) {
    int before = problems.size();
    if (cells.size() > header.size()) {
      problems.add(where + ": " + cells.size() + " cells, the header has " + header.size());
      return;
    }
    for (String r : REQUIRED) {
      if (cell(header, cells, r) == null) {
        problems.add(where + ": " + r + " is empty");
      }
    }
    String id = cell(header, cells, "action_id");
    String outcome = cell(header, cells, "outcome");
    Outcome o = null;
    if (outcome != null) {
      try {
        o = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": outcome '" + outcome + "' is not upheld or reversed");
      }
    }
    LocalDate day = null;
    String date = cell(header, cells, "date");
    if (date != null) {
      try {
        day = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        problems.add(where + ": date '" + date + "' is not a date. Write YYYY-MM-DD");
      }
    }
    if (id != null && out.containsKey(id)) {
      problems.add(where + ": action " + id + " was already reviewed at " + out.get(id).origin()
          + ". Keep one outcome per action");
    }
    if (problems.size() == before) {
      out.put(id, new Review(id, o, cell(header, cells, "reviewer"), day, where));
    }
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
