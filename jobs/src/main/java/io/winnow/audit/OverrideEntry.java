package io.winnow.audit;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One override (an appeal decided by a person): the subject is not actioned again by the rule it names, at the
 * version it names. Without {@code ruleId} it holds for every rule; without {@code ruleVersion} for every version of
 * the rule (OverrideStage applies this as a join); without {@code platform} for the id on every platform.
 * {@code origin} is where it was written ({@code overrides.csv:4}).
 */
public record OverrideEntry(String subjectId, String platform, Decision decision, String reason, String reviewer, LocalDate date,
    String ruleId, Integer ruleVersion, String origin) implements Serializable {

  /** reinstate: an action was reversed on appeal; exempt: the subject is allowed (e.g. the institution itself). */
  public enum Decision {
    REINSTATE, EXEMPT;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
