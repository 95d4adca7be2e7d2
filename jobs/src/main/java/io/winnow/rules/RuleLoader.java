package io.winnow.rules;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Actions;
import io.winnow.model.Condition;
import io.winnow.model.Example;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.predicate.SqlPredicates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a rule directory: rule packs ({@code *.conf} except {@code policy.conf}), term lists ({@code lists/*.txt}),
 * catalogues ({@code catalogues/*.tsv}: one claim per line, {@code id<TAB>text}) and the policy. Collects every
 * problem before failing, each with its file and line. Lists and catalogues are read by {@link ListLoader}, the policy
 * by {@link PolicyLoader}, the packs and their conditions here; all share one {@link RuleFiles}.
 */
public final class RuleLoader {
  public static final String POLICY_FILE = "policy.conf";
  public static final String LISTS_DIR = "lists";
  public static final String CATALOGUES_DIR = "catalogues";
  /** The list of decorations a name-like condition strips when it names none (官方, official, …). */
  public static final String DEFAULT_DECORATIONS = "name-decorations";

  private static final Set<String> RULE_KEYS = Set.of("id", "version", "category", "subcategory", "subject",
      "severity", "status", "description", "action", "days", "when", "examples");
  private static final Set<String> EXAMPLES_KEYS = Set.of("match", "no-match");

  /** Problems are reported like a compiler's: by file, then line (stable, so one line's problems keep their order). */
  private static final java.util.Comparator<RuleProblem> FILE_ORDER =
      java.util.Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line);

  private final RuleFiles files;
  private final ConditionSyntax syntax;

  private RuleLoader(Path dir, ConditionSyntax syntax) {
    this.files = new RuleFiles(dir);
    this.syntax = syntax;
  }

  /** Loads and validates {@code dir}; throws {@link RuleLoadException} listing every problem. */
  public static RuleSet load(Path dir) {
    return load(dir, ConditionSyntax.shipped());
  }

  /** As {@link #load(Path)}, with the condition kinds of {@code syntax} (the shipped ones and others). */
  public static RuleSet load(Path dir, ConditionSyntax syntax) {
    RuleLoader loader = new RuleLoader(dir, syntax);
    RuleSet ruleSet = loader.run();
    if (!loader.files.problems.isEmpty()) {
      List<RuleProblem> problems = new ArrayList<>(loader.files.problems);
      problems.sort(FILE_ORDER);
      throw new RuleLoadException(dir.toString(), problems);
    }
    return ruleSet;
  }

  /**
   * What {@code winnow rules lint} reports: every problem (those that stop a sweep and those that only lint reports,
   * such as a rule without examples) in file and line order, and warning-level notes. {@code ruleSet} is null when a
   * problem stops loading.
   */
  public record Check(RuleSet ruleSet, List<RuleProblem> problems, List<RuleProblem> notes) {}

  /** Loads {@code dir} and collects every problem and note instead of throwing. */
  public static Check check(Path dir) {
    return check(dir, ConditionSyntax.shipped());
  }

  /** As {@link #check(Path)}, with the condition kinds of {@code syntax}. */
  public static Check check(Path dir, ConditionSyntax syntax) {
    RuleLoader loader = new RuleLoader(dir, syntax);
    RuleSet ruleSet = loader.run();
    List<RuleProblem> all = new ArrayList<>(loader.files.problems);
    all.addAll(loader.files.lintProblems);
    all.sort(FILE_ORDER);
    List<RuleProblem> notes = new ArrayList<>(loader.files.notes);
    notes.sort(FILE_ORDER);
    return new Check(loader.files.problems.isEmpty() ? ruleSet : null, List.copyOf(all), List.copyOf(notes));
  }

  private RuleSet run() {
    if (!Files.isDirectory(files.dir)) {
      files.problems.add(new RuleProblem(files.dir.toString(), 0, null,
          "rule directory does not exist. Pass the rules DIR"));
      return null;
    }
    ListLoader lists = new ListLoader(files);
    lists.loadLists();
    lists.loadCatalogues();
    Policy policy = new PolicyLoader(files).load();
    List<Rule> rules = new ArrayList<>();
    Map<String, String> seenIds = new HashMap<>();
    for (Path pack : RuleFiles.filesIn(files.dir, ".conf")) {
      if (pack.getFileName().toString().equals(POLICY_FILE)) {
        continue;
      }
      for (Rule rule : loadPack(pack, policy)) {
        String previous = seenIds.putIfAbsent(rule.id(), rule.origin());
        if (previous != null) {
          files.problem(rule.origin(), rule.id(), "duplicate id, first defined at " + previous
              + ". Give every rule its own id");
        } else {
          rules.add(rule);
        }
      }
    }
    if (rules.isEmpty() && files.problems.isEmpty()) {
      files.problems.add(new RuleProblem(files.dir.toString(), 0, null,
          "no rules found. Add a rule pack (*.conf) with rules = [...]"));
    }
    if (!files.problems.isEmpty()) {
      return null;
    }
    return new RuleSet(List.copyOf(rules), policy, files.combinedHash(), Map.copyOf(files.fileHashes));
  }

  // ---------------------------------------------------------------------------------------------- packs

  private List<Rule> loadPack(Path pack, Policy policy) {
    files.file = files.relative(pack);
    Config config = files.parse(pack);
    List<Rule> rules = new ArrayList<>();
    if (config == null) {
      return rules;
    }
    if (!config.hasPath("rules")) {
      files.problem(config.origin(), null,
          "no rules = [...] in this file. Put the rules of a pack in a list named rules");
      return rules;
    }
    ConfigValue list = config.getValue("rules");
    if (list.valueType() != ConfigValueType.LIST) {
      files.problem(list.origin(), null, "rules must be a list [...]");
      return rules;
    }
    for (ConfigValue value : (ConfigList) list) {
      if (value.valueType() != ConfigValueType.OBJECT) {
        files.problem(value.origin(), null, "a rule must be an object { id = ..., ... }");
        continue;
      }
      Rule rule = rule((ConfigObject) value, policy);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(ConfigObject object, Policy policy) {
    int before = files.problems.size();
    Config c = object.toConfig();
    String id = c.hasPath("id") ? c.getValue("id").unwrapped().toString() : null;
    ConfigOrigin origin = object.origin();
    if (id == null) {
      files.problem(origin, null, "rule without id. Add id = category.subcategory.name");
      return null;
    }
    for (String key : object.keySet()) {
      if (!RULE_KEYS.contains(key)) {
        files.problem(object.get(key).origin(), id, "unknown key '" + key + "'. Known keys: " + String.join(", ",
            RULE_KEYS.stream().sorted().toList()));
      }
    }
    String category = files.string(c, "category", id, origin);
    String subcategory = files.string(c, "subcategory", id, origin);
    if (category != null && !policy.categories().containsKey(category)) {
      files.problem(c.getValue("category").origin(), id, "unknown category '" + category + "'. Known categories: "
          + String.join(", ", new TreeMap<>(policy.categories()).keySet()));
    } else if (category != null && subcategory != null
        && !files.subcategories.getOrDefault(category, Set.of()).contains(subcategory)) {
      files.problem(c.getValue("subcategory").origin(), id, "unknown subcategory '" + subcategory + "' of " + category
          + ". Known: " + String.join(", ", files.subcategories.getOrDefault(category,
              Set.of()).stream().sorted().toList()));
    }
    Subject subject = files.enumValue(c, "subject", Subject.class, id, origin);
    Severity severity = files.enumValue(c, "severity", Severity.class, id, origin);
    Status status = files.enumValue(c, "status", Status.class, id, origin);
    String description = files.string(c, "description", id, origin);
    String action = files.string(c, "action", id, origin);
    int version = 0;
    try {
      version = c.getInt("version");
      if (version < 1) {
        files.problem(c.getValue("version").origin(), id, "version must be 1 or more");
      }
    } catch (ConfigException e) {
      files.problem(e.origin() == null ? origin : e.origin(), id, RuleFiles.message(e) + ". Add version = 1");
    }
    if (subject != null && action != null && !Actions.forSubject(subject).contains(action)) {
      files.problem(c.getValue("action").origin(), id, "unknown action '" + action + "' for a " + subject.key()
          + " rule. Known: " + String.join(", ", Actions.forSubject(subject)));
    }
    Integer days = null;
    if ("suspend".equals(action)) {
      if (!c.hasPath("days")) {
        files.problem(c.getValue("action").origin(), id,
            "action suspend needs days. Add days = N (how long the suspension lasts)");
      } else if (c.getValue("days").valueType() != ConfigValueType.NUMBER || c.getInt("days") < 1) {
        files.problem(c.getValue("days").origin(), id, "days must be a whole number of at least 1");
      } else {
        days = c.getInt("days");
      }
    } else if (c.hasPath("days")) {
      files.problem(c.getValue("days").origin(), id, "days applies to action suspend only. Remove it");
    }
    Condition when = null;
    if (!c.hasPath("when")) {
      files.problem(origin, id, "rule without when. Add when { terms = [...] } or another condition");
    } else if (subject != null) {
      when = condition(c.getValue("when"), id, subject);
    }
    List<Example> examples = subject == null ? List.of() : examples(object, id, subject);
    if (files.problems.size() > before) {
      return null;
    }
    return new Rule(id, version, category, subcategory, subject, severity, status, description, action, when,
        files.file + ":" + origin.lineNumber(), days, examples);
  }

  // ---------------------------------------------------------------------------------------------- examples

  private List<Example> examples(ConfigObject rule, String id, Subject subject) {
    ConfigValue value = rule.get("examples");
    if (value == null) {
      files.lintProblems.add(new RuleProblem(files.file, rule.origin().lineNumber(), id,
          "rule without examples. Add examples {"
          + " match = [...], no-match = [...] } with records the rule must and must not match"));
      return List.of();
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      files.problem(value.origin(), id, "examples must be an object { match = [...], no-match = [...] }");
      return List.of();
    }
    ConfigObject object = (ConfigObject) value;
    for (String key : object.keySet()) {
      if (!EXAMPLES_KEYS.contains(key)) {
        files.problem(object.get(key).origin(), id, "unknown key '" + key
            + "' in examples. Known keys: match, no-match");
      }
    }
    List<Example> out = new ArrayList<>();
    for (String key : List.of("match", "no-match")) {
      ConfigValue list = object.get(key);
      if (list == null || (list.valueType() == ConfigValueType.LIST && ((ConfigList) list).isEmpty())) {
        files.lintProblems.add(new RuleProblem(files.file, value.origin().lineNumber(), id, "examples has no " + key
            + " examples. Add at least one record the rule " + (key.equals("match") ? "must" : "must not") + " match"));
        continue;
      }
      if (list.valueType() != ConfigValueType.LIST) {
        files.problem(list.origin(), id, key + " must be a list of texts or records [...]");
        continue;
      }
      for (ConfigValue example : (ConfigList) list) {
        Map<String, Object> fields = exampleFields(example, id, subject);
        if (fields != null) {
          out.add(new Example(key.equals("match"), fields, example.origin().lineNumber()));
        }
      }
    }
    return List.copyOf(out);
  }

  /** A string is the post text (the account's display name); an object gives fields, qualified by table. */
  private Map<String, Object> exampleFields(ConfigValue example, String id, Subject subject) {
    Map<String, Object> fields = new LinkedHashMap<>();
    String own = subject.key();
    if (example.valueType() == ConfigValueType.STRING) {
      fields.put(subject == Subject.POST ? "post.text" : "account.display_name", example.unwrapped());
      return java.util.Collections.unmodifiableMap(fields);
    }
    if (example.valueType() != ConfigValueType.OBJECT) {
      files.problem(example.origin(), id, "an example is a text \"...\" or a record { ... }, found "
          + example.render());
      return null;
    }
    int before = files.problems.size();
    ConfigObject record = (ConfigObject) example;
    for (String key : record.keySet()) {
      ConfigValue v = record.get(key);
      boolean table = SqlPredicates.COLUMNS.containsKey(key);
      if (table && v.valueType() == ConfigValueType.OBJECT && !(subject == Subject.ACCOUNT && key.equals("post"))) {
        for (String column : ((ConfigObject) v).keySet()) {
          exampleValue(fields, key + "." + column, ((ConfigObject) v).get(column), id);
        }
      } else if (!table && SqlPredicates.valueKind(own + "." + key) != null) {
        exampleValue(fields, own + "." + key, v, id);
      } else {
        files.problem(v.origin(), id, "unknown field '" + key + "' in a " + own + " example. Known: "
            + String.join(", ", SqlPredicates.COLUMNS.get(own)) + ", or "
            + (subject == Subject.POST ? "post { ... }, account { ... }, " : "") + "reports { ... }");
      }
    }
    return files.problems.size() > before ? null : java.util.Collections.unmodifiableMap(fields);
  }

  private void exampleValue(Map<String, Object> fields, String column, ConfigValue v, String id) {
    SqlPredicates.ValueKind type = SqlPredicates.valueKind(column);
    if (type == null) {
      int dot = column.indexOf('.');
      files.problem(v.origin(), id, "unknown column '" + column + "' in example. Known " + column.substring(0, dot)
          + " columns: " + String.join(", ", SqlPredicates.COLUMNS.get(column.substring(0, dot))));
      return;
    }
    Object value = v.unwrapped();
    String expected = null;
    if (v.valueType() == ConfigValueType.NULL) {
      value = null;
    } else if (type == SqlPredicates.ValueKind.WHOLE_NUMBER) {
      if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        value = n.longValue();
      } else {
        expected = "a whole number";
      }
    } else if (type == SqlPredicates.ValueKind.BOOLEAN) {
      expected = value instanceof Boolean ? null : "true or false";
    } else if (type == SqlPredicates.ValueKind.STRING_LIST) {
      if (v.valueType() == ConfigValueType.LIST && ((List<?>) value).stream().allMatch(x -> x instanceof String)) {
        value = List.copyOf(((List<?>) value).stream().map(String.class::cast).toList());
      } else {
        expected = "a list of strings [\"...\"]";
      }
    } else if (type == SqlPredicates.ValueKind.TIMESTAMP) {
      if (!(value instanceof String s) || !s.matches("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2})?")) {
        expected = "a time \"YYYY-MM-DD HH:MM:SS\"";
      }
    } else if (!(value instanceof String)) {
      expected = "a string";
    }
    if (expected != null) {
      files.problem(v.origin(), id, "example " + column + " must be " + expected + ", found " + v.render());
    } else {
      fields.put(column, value);
    }
  }

  /**
   * One condition: an object with exactly one key, the kind, read by that kind's reader. Null after reporting its
   * problems.
   */
  Condition condition(ConfigValue value, String id, Subject subject) {
    if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).size() != 1) {
      files.problem(value.origin(), id, "a condition is an object with exactly one of " + String.join(", ",
          syntax.keys()) + ". Wrap several conditions in all = [...] or any = [...]");
      return null;
    }
    ConfigObject object = (ConfigObject) value;
    String kind = object.keySet().iterator().next();
    ConditionReader reader = syntax.reader(kind);
    if (reader == null) {
      files.problem(object.origin(), id, "unknown condition '" + kind + "'. Known conditions: "
          + String.join(", ", syntax.keys()));
      return null;
    }
    return reader.read(object.get(kind), new ReadContext(files, id, subject, this));
  }
}
