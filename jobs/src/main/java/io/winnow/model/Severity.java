package io.winnow.model;

/** Severity of a rule, in increasing order; the strongest finding decides an action's severity. */
public enum Severity {
  LOW, MEDIUM, HIGH, CRITICAL;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
