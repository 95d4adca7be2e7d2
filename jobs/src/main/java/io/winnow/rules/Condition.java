package io.winnow.rules;

import java.io.Serializable;
import java.util.List;

/** The condition tree of a rule ({@code when}). Plain data: compiled into matchers by the engine. */
public sealed interface Condition extends Serializable {

  /** Phrases (already expanded from list files) of which at least {@code minDistinct} distinct ones occur in {@code fields}. */
  record Terms(List<String> phrases, List<String> fields, int minDistinct) implements Condition {}

  /** A Spark SQL predicate over {@code post.*}, {@code account.*} and {@code reports.*}; null counts as false. */
  record Where(String sql, List<String> columns) implements Condition {}

  record All(List<Condition> conditions) implements Condition {}

  record Any(List<Condition> conditions) implements Condition {}

  record Not(Condition condition) implements Condition {}
}
