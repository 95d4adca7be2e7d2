package io.winnow.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The policy of rules/policy.conf: per-category ladders and limits, and which severities and actions need a person
 * to review them before they take effect.
 */
public record Policy(Map<String, CategoryPolicy> categories, List<Severity> reviewSeverities, List<String> reviewActions)
    implements Serializable {

  public CategoryPolicy category(String name) {
    return categories.get(name);
  }

  public boolean reviewRequired(Severity severity) {
    return reviewSeverities.contains(severity);
  }
}
