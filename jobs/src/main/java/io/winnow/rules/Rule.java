package io.winnow.rules;

import java.io.Serializable;

/**
 * One rule of a pack. {@code id} is stable and never reused; {@code version} changes with the conditions.
 * {@code origin} is where it was defined ({@code rules/rumour.conf:12}).
 */
public record Rule(
    String id,
    int version,
    String category,
    String subcategory,
    Subject subject,
    Severity severity,
    Status status,
    String description,
    String action,
    Condition when,
    String origin) implements Serializable {

  public boolean acts() {
    return status == Status.ACTIVE;
  }
}
