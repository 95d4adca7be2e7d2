package io.winnow.evaluate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The strata of a run's actions; each action is in exactly one. Post actions by the rule ids of the action and the
 * action ({@code post/RULE+RULE/ACTION}); ladder account actions (strikes set) by category and action
 * ({@code ladder/CATEGORY/ACTION}); account-rule actions by rule ids and action ({@code account/RULE/ACTION}); an
 * action sent to review is in the same stratum prefixed {@code review/}. Subjects without an action are sampled as
 * {@code unactioned/post} and {@code unactioned/account}.
 */
public final class Strata {
  private Strata() {}

  public static final String REVIEW_PREFIX = "review/";
  public static final String UNACTIONED_POST = "unactioned/post";
  public static final String UNACTIONED_ACCOUNT = "unactioned/account";

  private static final String SQL = "concat(CASE WHEN review_required THEN '" + REVIEW_PREFIX + "' ELSE '' END, "
      + "CASE WHEN subject_kind = 'post' THEN concat('post/', %1$s, '/', action) "
      + "WHEN strikes IS NOT NULL THEN concat('ladder/', category, '/', action) "
      + "ELSE concat('account/', %1$s, '/', action) END)";

  /** The stratum of an action row of ACTION_V1. */
  public static Column of() {
    return functions.expr(SQL.formatted("array_join(array_sort(transform(rules, r -> r.rule_id)), '+')"));
  }

  /** Whether a stratum holds subjects that got no action. */
  public static boolean unactioned(String stratum) {
    return stratum.startsWith("unactioned/");
  }

  /** The subject kind of a stratum's subjects: post or account. */
  public static String subjectKind(String stratum) {
    String s = stratum.startsWith(REVIEW_PREFIX) ? stratum.substring(REVIEW_PREFIX.length()) : stratum;
    return s.startsWith("post/") || s.equals(UNACTIONED_POST) ? "post" : "account";
  }
}
