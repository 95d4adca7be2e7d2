package io.winnow.rules;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import io.winnow.model.Condition;
import io.winnow.model.Subject;
import java.util.List;
import java.util.Set;

/**
 * What a condition kind's reader is handed: the rule being read (its id and subject), the lists and catalogues of the
 * rule directory, and the loader's way of reporting problems and notes with file and line. A reader reports every
 * problem it finds and returns null when there was any ({@link #problems()} before and after tells).
 */
public final class ReadContext {
  private final RuleFiles files;
  private final String ruleId;
  private final Subject subject;
  private final RuleLoader loader;

  ReadContext(RuleFiles files, String ruleId, Subject subject, RuleLoader loader) {
    this.files = files;
    this.ruleId = ruleId;
    this.subject = subject;
    this.loader = loader;
  }

  public String ruleId() {
    return ruleId;
  }

  public Subject subject() {
    return subject;
  }

  /** Reads a nested condition (the children of all, any and not); null after reporting its problems. */
  public Condition condition(ConfigValue value) {
    return loader.condition(value, ruleId, subject);
  }

  /** How many problems were reported so far: a reader compares it before and after its checks. */
  public int problems() {
    return files.problems.size();
  }

  /** A problem at {@code origin} that stops the rule from loading: {@code file:line: rule ID: message}. */
  public void problem(ConfigOrigin origin, String message) {
    files.problem(origin, ruleId, message);
  }

  /** A warning-level note for lint: nothing is wrong, but the author should know. */
  public void note(ConfigOrigin origin, String message) {
    files.notes.add(new RuleProblem(files.file, origin == null ? 0 : Math.max(origin.lineNumber(), 0), ruleId,
        message));
  }

  /** The non-empty strings of a list value; a problem for anything else. */
  public List<String> strings(ConfigValue value) {
    return files.strings(value, ruleId);
  }

  /** Reports every key of {@code object} not in {@code known}, naming {@code where} (e.g. the condition's key). */
  public void unknownKeys(ConfigObject object, Set<String> known, String where) {
    files.unknownKeys(object, known, where, ruleId);
  }

  /** The phrases of list {@code name} as read from {@code lists/NAME.txt}, or null when there is no such list. */
  public List<String> list(String name) {
    return files.lists.get(name);
  }

  /** The names of every list, sorted. */
  public Set<String> listNames() {
    return files.lists.keySet();
  }

  /** The phrases of list {@code name}, or none after reporting it unknown or empty at {@code origin}. */
  public List<String> listed(String name, ConfigOrigin origin) {
    return files.listed(name, origin, ruleId);
  }

  /** The claims of catalogue {@code name} ({@code catalogues/NAME.tsv}), or null when there is no such catalogue. */
  public List<Condition.Claim> catalogue(String name) {
    return files.catalogues.get(name);
  }

  /** The names of every catalogue, sorted. */
  public Set<String> catalogueNames() {
    return files.catalogues.keySet();
  }

  /** The text fields named in {@code in = [...]}, each checked against the rule's subject. */
  public List<String> fields(ConfigValue in) {
    List<String> fields = files.strings(in, ruleId);
    for (String field : fields) {
      if (!subject.textFields().contains(field)) {
        files.problem(in.origin(), ruleId, "unknown field '" + field + "' for a " + subject.key()
            + " rule. Known fields: " + String.join(", ", subject.textFields()));
      }
    }
    return fields;
  }
}
