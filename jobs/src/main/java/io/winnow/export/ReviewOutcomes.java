package io.winnow.export;

import io.winnow.UserError;
import io.winnow.sweep.HeaderCsv;
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
    HeaderCsv csv = HeaderCsv.read(file, "review outcomes", REQUIRED, OPTIONAL, "Pass an existing CSV to --reviews");
    List<String> problems = new ArrayList<>(csv.problems());
    Map<String, Review> out = new LinkedHashMap<>();
    for (HeaderCsv.Record r : csv.records()) {
      review(r, out, problems);
    }
    if (!problems.isEmpty()) {
      throw HeaderCsv.failure("review outcomes", "review outcomes", problems);
    }
    return new ReviewOutcomes(out);
  }

  private static void review(HeaderCsv.Record r, Map<String, Review> out, List<String> problems) {
    int before = problems.size();
    String where = r.origin();
    for (String c : REQUIRED) {
      if (r.cell(c) == null) {
        problems.add(where + ": " + c + " is empty");
      }
    }
    String id = r.cell("action_id");
    String outcome = r.cell("outcome");
    Outcome o = null;
    if (outcome != null) {
      try {
        o = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": outcome '" + outcome + "' is not upheld or reversed");
      }
    }
    LocalDate day = null;
    String date = r.cell("date");
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
      out.put(id, new Review(id, o, r.cell("reviewer"), day, where));
    }
  }
}
