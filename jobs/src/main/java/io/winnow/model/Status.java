package io.winnow.model;

/** Lifecycle of a rule: active rules act, shadow rules only record findings, disabled rules are not evaluated. */
public enum Status {
  ACTIVE, SHADOW, DISABLED;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
