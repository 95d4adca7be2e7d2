package io.winnow.rules;

import com.typesafe.config.ConfigValue;
import io.winnow.model.Condition;

/**
 * How a rule file writes one kind of condition: the key inside {@code when { KEY = ... }} and how its body is read.
 * The condition kinds of the engine implement it; the loader finds them through a {@link ConditionSyntax}.
 */
public interface ConditionReader {
  /** The key a rule file writes, e.g. {@code terms}. */
  String key();

  /**
   * Reads the body of one condition of this kind. Every problem is reported through {@code context} (with the value's
   * origin, so the file and line are named); the result is null when any was.
   */
  Condition read(ConfigValue body, ReadContext context);
}
