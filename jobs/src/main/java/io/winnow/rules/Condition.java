package io.winnow.rules;

import java.io.Serializable;
import java.util.List;

/** The condition tree of a rule ({@code when}). Plain data: compiled into matchers by the engine. */
public sealed interface Condition extends Serializable {

  /** Phrases (already expanded from list files) of which at least {@code minDistinct} distinct ones occur in {@code fields}. */
  record Terms(List<String> phrases, List<String> fields, int minDistinct) implements Condition {}

  /**
   * A phrase of {@code phrases} and a phrase of {@code nearPhrases} in the same field, with at most {@code within}
   * normalized characters between them (either order; overlapping or touching counts as 0).
   */
  record Near(List<String> phrases, List<String> nearPhrases, int within, List<String> fields) implements Condition {}

  /**
   * A re2j (linear-time) regular expression, matched case-insensitively on the normalized text of {@code fields}.
   * {@code prefilter} is a literal every match contains (already normalized), or null when none could be extracted:
   * then the regex runs on every row.
   */
  record Regex(String pattern, List<String> fields, String prefilter) implements Condition {}

  /** A Spark SQL predicate over {@code post.*}, {@code account.*} and {@code reports.*}; null counts as false. */
  record Where(String sql, List<String> columns) implements Condition {}

  record All(List<Condition> conditions) implements Condition {}

  record Any(List<Condition> conditions) implements Condition {}

  record Not(Condition condition) implements Condition {}
}
