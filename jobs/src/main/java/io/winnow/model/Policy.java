package io.winnow.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The policy of rules/policy.conf: per-category ladders and limits, which severities and actions need a person
 * to review them before they take effect, the strike weight of each severity (an actioned post counts its weight
 * toward the ladder; 1 each when policy.conf gives none), the guard against report brigading (null: every
 * reporter counts), and the evidence kinds on which alone an account action waits for a person ({@code
 * reviewEvidenceOnly}: an action whose evidence, apart from the predicates it read, is only of these kinds, such as a
 * name match alone).
 */
public record Policy(Map<String, CategoryPolicy> categories, List<Severity> reviewSeverities, List<String> reviewActions,
    Map<Severity, Double> severityWeights, ReportGuard reportGuard, Reposts reposts, List<String> reviewEvidenceOnly)
    implements Serializable {

  public Policy(Map<String, CategoryPolicy> categories, List<Severity> reviewSeverities, List<String> reviewActions,
      Map<Severity, Double> severityWeights, ReportGuard reportGuard) {
    this(categories, reviewSeverities, reviewActions, severityWeights, reportGuard, Reposts.NONE);
  }

  public Policy(Map<String, CategoryPolicy> categories, List<Severity> reviewSeverities, List<String> reviewActions,
      Map<Severity, Double> severityWeights, ReportGuard reportGuard, Reposts reposts) {
    this(categories, reviewSeverities, reviewActions, severityWeights, reportGuard, reposts, List.of());
  }

  /**
   * Amplification: a repost ({@code post.repost_of}) of a post that an active rule of one of {@code categories}
   * actioned is linked to it as a finding with evidence kind {@code repost}, without matching its text again. With
   * {@code countTowardStrikes} the repost also adds the rule's severity weight to the reposter's strikes in that
   * category; it never gets a post action of its own. A repost's own words pass through the rule's exemptions (a
   * refuting repost is not linked); with {@code endorsements} (phrases, from the policy's endorsement lists) only a
   * repost whose own words add nothing or hold one of them is linked, and a comment of any other kind is not.
   */
  public record Reposts(List<String> categories, boolean countTowardStrikes, List<String> endorsements)
      implements Serializable {
    public static final Reposts NONE = new Reposts(List.of(), false);

    public Reposts(List<String> categories, boolean countTowardStrikes) {
      this(categories, countTowardStrikes, List.of());
    }
  }

  /**
   * Which reports count toward {@code reports.distinct_reporters}: the reporter's account is at least
   * {@code minReporterAccountAgeDays} old when the report is filed and the reporter filed at most
   * {@code maxReportsPerReporter} reports in the window. {@code reports.raw_reports} counts every report.
   */
  public record ReportGuard(int minReporterAccountAgeDays, long maxReportsPerReporter) implements Serializable {}

  public CategoryPolicy category(String name) {
    return categories.get(name);
  }

  public boolean reviewRequired(Severity severity) {
    return reviewSeverities.contains(severity);
  }

  /** Strike weight of an actioned post of this severity. */
  public double strikeWeight(Severity severity) {
    return severityWeights.getOrDefault(severity, 1.0);
  }
}
