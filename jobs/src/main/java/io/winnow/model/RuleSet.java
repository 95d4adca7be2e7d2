package io.winnow.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An immutable, hashed set of rules. {@code hash} is the SHA-256 over every file that was loaded (rule packs, lists,
 * policy), so two runs with the same hash used exactly the same rules; {@code fileHashes} maps each file to its hash.
 */
public record RuleSet(List<Rule> rules, Policy policy, String hash, Map<String, String> fileHashes)
    implements Serializable {

  /** Rules that are evaluated (active and shadow) for one subject, in a stable order. */
  public List<Rule> evaluated(Subject subject) {
    return rules.stream().filter(r -> r.subject() == subject && r.status() != Status.DISABLED).toList();
  }

  public Rule rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }
}
