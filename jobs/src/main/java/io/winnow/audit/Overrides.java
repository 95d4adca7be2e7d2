package io.winnow.audit;

import io.winnow.UserError;
import io.winnow.sweep.HeaderCsv;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an overrides file: CSV with a header naming the columns {@code subject_id, decision, reason, reviewer, date}
 * and optionally {@code platform, rule_id, rule_version}, in any order. Every problem is reported at once, with
 * file:line. Without a platform an override holds for the id on every platform (and for the id alone when
 * winnow.sweep.ids-global is true); with one, for that platform's subject only.
 */
public final class Overrides {
  private Overrides() {}

  static final List<String> REQUIRED = List.of("subject_id", "decision", "reason", "reviewer", "date");
  static final List<String> OPTIONAL = List.of("platform", "rule_id", "rule_version");

  public static List<OverrideEntry> load(Path file) {
    HeaderCsv csv = HeaderCsv.read(file, "overrides file", REQUIRED, OPTIONAL,
        "Pass an existing CSV to --overrides or winnow.audit.overrides-file");
    List<String> problems = new ArrayList<>(csv.problems());
    List<OverrideEntry> out = new ArrayList<>();
    for (HeaderCsv.Record r : csv.records()) {
      entry(r, problems).ifPresent(out::add);
    }
    if (!problems.isEmpty()) {
      throw HeaderCsv.failure("overrides", "overrides file", problems);
    }
    return List.copyOf(out);
  }

  private static java.util.Optional<OverrideEntry> entry(HeaderCsv.Record r, List<String> problems) {
    String where = r.where();
    String decision = r.cell("decision");
    String date = r.cell("date");
    String version = r.cell("rule_version");
    String ruleId = r.cell("rule_id");
    int before = problems.size();
    for (String c : REQUIRED) {
      if (r.cell(c) == null) {
        problems.add(where + ": " + c + " is empty");
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
    return problems.size() > before ? java.util.Optional.empty() : java.util.Optional.of(new OverrideEntry(
        r.cell("subject_id"), r.cell("platform"), d, r.cell("reason"), r.cell("reviewer"), day, ruleId, v,
        r.origin()));
  }
}
