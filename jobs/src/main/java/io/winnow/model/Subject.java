package io.winnow.model;

import java.util.List;

/** What a rule judges: a post or an account. Each subject has the text fields a {@code terms} condition can read. */
public enum Subject {
  POST(List.of("text", "title"), List.of("text", "title")),
  ACCOUNT(List.of("display_name", "handle", "bio"), List.of("display_name", "handle"));

  private final List<String> textFields;
  private final List<String> defaultFields;

  Subject(List<String> textFields, List<String> defaultFields) {
    this.textFields = textFields;
    this.defaultFields = defaultFields;
  }

  /** Text fields a terms condition may name in {@code in}. */
  public List<String> textFields() {
    return textFields;
  }

  /** Fields a terms condition reads when it names none. */
  public List<String> defaultFields() {
    return defaultFields;
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
