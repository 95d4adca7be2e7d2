package io.winnow.model;

import java.io.Serializable;
import java.util.Map;

/**
 * An example carried by a rule: a record that must ({@code mustMatch}) or must not match. {@code fields} maps qualified
 * columns ({@code post.text}, {@code account.followers}, {@code reports.distinct_reporters}) to the values the
 * example gives: String, Long, Boolean or List of String. Columns it does not give take neutral defaults
 * (rules/README.md, "Examples"). {@code line} is the example's line in its rule file.
 */
public record Example(boolean mustMatch, Map<String, Object> fields, int line) implements Serializable {

  /** What a person recognises the example by: its text or display name, else its fields. */
  public String label() {
    for (String key : new String[] {"post.text", "account.display_name", "post.title", "account.handle"}) {
      Object v = fields.get(key);
      if (v instanceof String s && !s.isEmpty()) {
        return fields.size() == 1 ? s : s + " " + new java.util.TreeMap<>(fields);
      }
    }
    return new java.util.TreeMap<>(fields).toString();
  }
}
