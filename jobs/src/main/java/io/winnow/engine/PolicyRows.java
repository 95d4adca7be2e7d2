package io.winnow.engine;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * What {@link AccountPolicy} reads and writes, as plain records: the columns of a finding (FINDING_V1) and of an action
 * (ACTION_V1) that the policy decides from, without Spark. Strings order as Spark orders them (by code point, which is
 * the order of their UTF-8 bytes), and a null field orders before any value, as Spark's struct ordering does, so that
 * sorted arrays and maxima come out as Spark's {@code array_sort} and {@code max(struct(...))} give them.
 */
public final class PolicyRows {
  private PolicyRows() {}

  /** One piece of evidence (EVIDENCE_V1). */
  public record Evidence(String ruleId, String kind, String field, String value, Integer start, Integer end,
      String excerpt) implements Serializable {}

  /** A rule and its version (RULE_REF_V1). */
  public record RuleRef(String ruleId, Integer version) implements Serializable {}

  /**
   * A finding. {@code priorOrigin}: with the ledger, its post gave a strike of its category in an earlier run, so it
   * gives none again.
   */
  public record Finding(String subjectKind, String subjectId, String accountId, String platform, String dt,
      LocalDate contentDate, String ruleId, Integer ruleVersion, String ruleStatus, String category,
      String subcategory, String severity, String action, Integer suspendDays, List<Evidence> evidence,
      boolean priorOrigin) implements Serializable {}

  /**
   * One unexpired strike of an earlier run (the ledger's): its account, category, weight, rules ({@code "id vN"}) and
   * origin post.
   */
  public record PriorStrike(String accountId, String platform, String category, Double weight, String rules,
      String post) implements Serializable {}

  /** An action, before the run's constant columns (run id, rule-set hash, decision date) are added. */
  public record Action(String actionId, String subjectKind, String subjectId, String accountId, String platform,
      String category, String subcategory, String action, Integer suspendDays, List<RuleRef> rules, String severity,
      Boolean reviewRequired, Integer strikes, List<Evidence> evidence, LocalDate contentDate, String dt)
      implements Serializable {}

  /** Strings in Spark's order: by code point (UTF-8 byte order), not by UTF-16 unit as {@link String#compareTo}. */
  public static int compareStrings(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Nullable values with nulls first, as inside a Spark struct. */
  static <T extends Comparable<T>> int compareNullable(T a, T b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  static final Comparator<Evidence> EVIDENCE_ORDER = (x, y) -> {
    int c = compareStrings(x.ruleId(), y.ruleId());
    c = c != 0 ? c : compareStrings(x.kind(), y.kind());
    c = c != 0 ? c : compareStrings(x.field(), y.field());
    c = c != 0 ? c : compareStrings(x.value(), y.value());
    c = c != 0 ? c : compareNullable(x.start(), y.start());
    c = c != 0 ? c : compareNullable(x.end(), y.end());
    return c != 0 ? c : compareStrings(x.excerpt(), y.excerpt());
  };

  static final Comparator<RuleRef> RULE_ORDER = (x, y) -> {
    int c = compareStrings(x.ruleId(), y.ruleId());
    return c != 0 ? c : compareNullable(x.version(), y.version());
  };
}
