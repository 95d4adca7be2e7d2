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
  private static final Set<String> CONDITION_KEYS = Set.of("terms", "regex", "where", "all", "any", "not",
      "name-like", "similar-to");
  private static final Set<String> NAME_LIKE_KEYS = Set.of("list", "lists", "in", "max-distance", "decorations");
  private static final Set<String> SIMILAR_TO_KEYS = Set.of("catalogue", "threshold", "in");
  private static final Set<String> TERMS_KEYS = Set.of("any", "lists", "in", "min-distinct", "near", "sounds");
  private static final Set<String> NEAR_KEYS = Set.of("any", "lists", "within");
  private static final Set<String> REGEX_KEYS = Set.of("pattern", "in");
  private static final Set<String> EXAMPLES_KEYS = Set.of("match", "no-match");

  /** Problems are reported like a compiler's: by file, then line (stable, so one line's problems keep their order). */
  private static final java.util.Comparator<RuleProblem> FILE_ORDER =
      java.util.Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line);

  private final RuleFiles files;

  private RuleLoader(Path dir) {
    this.files = new RuleFiles(dir);
  }

  /** Loads and validates {@code dir}; throws {@link RuleLoadException} listing every problem. */
  public static RuleSet load(Path dir) {
    RuleLoader loader = new RuleLoader(dir);
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
    RuleLoader loader = new RuleLoader(dir);
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

  private Condition condition(ConfigValue value, String id, Subject subject) {
    if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).size() != 1) {
      files.problem(value.origin(), id, "a condition is an object with exactly one of " + String.join(", ",
          CONDITION_KEYS.stream().sorted().toList()) + ". Wrap several conditions in all = [...] or any = [...]");
      return null;
    }
    ConfigObject object = (ConfigObject) value;
    String kind = object.keySet().iterator().next();
    ConfigValue body = object.get(kind);
    switch (kind) {
      case "terms":
        return terms(body, id, subject);
      case "regex":
        return regex(body, id, subject);
      case "where":
        return where(body, id);
      case "name-like":
        return nameLike(body, id, subject);
      case "similar-to":
        return similarTo(body, id, subject);
      case "all":
      case "any": {
        if (body.valueType() != ConfigValueType.LIST || ((ConfigList) body).isEmpty()) {
          files.problem(body.origin(), id, kind + " needs a non-empty list of conditions");
          return null;
        }
        List<Condition> children = new ArrayList<>();
        for (ConfigValue child : (ConfigList) body) {
          children.add(condition(child, id, subject));
        }
        return kind.equals("all") ? new Condition.All(List.copyOf(nonNull(children)))
            : new Condition.Any(List.copyOf(nonNull(children)));
      }
      case "not": {
        Condition inner = condition(body, id, subject);
        return inner == null ? null : new Condition.Not(inner);
      }
      default:
        files.problem(object.origin(), id, "unknown condition '" + kind + "'. Known conditions: "
            + String.join(", ", CONDITION_KEYS.stream().sorted().toList()));
        return null;
    }
  }

  private Condition terms(ConfigValue body, String id, Subject subject) {
    List<String> phrases = new ArrayList<>();
    List<String> fields = subject.defaultFields();
    int minDistinct = 1;
    int before = files.problems.size();
    boolean emptyList = false;
    Condition.Near near = null;
    Set<Condition.Sound> sounds = Set.of();
    if (body.valueType() == ConfigValueType.LIST) {
      phrases.addAll(files.strings(body, id));
    } else if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      files.unknownKeys(object, TERMS_KEYS, "terms", id);
      emptyList = phrases(object, id, phrases);
      if (object.containsKey("in")) {
        fields = fields(object.get("in"), id, subject);
      }
      if (object.containsKey("min-distinct")) {
        ConfigValue v = object.get("min-distinct");
        if (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).intValue() < 1) {
          files.problem(v.origin(), id, "min-distinct must be a whole number of at least 1");
        } else if (object.containsKey("near")) {
          files.problem(v.origin(), id, "min-distinct cannot be combined with near. Use one or the other");
        } else {
          minDistinct = ((Number) v.unwrapped()).intValue();
        }
      }
      if (object.containsKey("near")) {
        near = near(object.get("near"), id);
      }
      if (object.containsKey("sounds")) {
        sounds = io.winnow.rules.SoundOption.parse(object.get("sounds"), id, files);
      }
    } else {
      files.problem(body.origin(), id, "terms must be a list of phrases or an object { any = [...], lists = [...] }");
      return null;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(phrases));
    if (distinct.isEmpty()) {
      if (!emptyList) {
        files.problem(body.origin(), id, "terms has no phrases. Add phrases with any = [...] or lists = [...]");
      }
      return null;
    }
    if (minDistinct > distinct.size()) {
      files.problem(body.origin(), id, "min-distinct " + minDistinct + " is more than the " + distinct.size()
          + " phrases given");
    }
    if (files.problems.size() > before) {
      return null;
    }
    if (near != null) {
      return new Condition.Near(distinct, near.nearPhrases(), near.within(), List.copyOf(fields));
    }
    return new Condition.Terms(distinct, List.copyOf(fields), minDistinct, sounds);
  }

  /** The near { ... } part of a terms condition; fields and the first phrases are filled in by the caller. */
  private Condition.Near near(ConfigValue body, String id) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      files.problem(body.origin(), id, "near must be an object { lists = [...], within = N }");
      return null;
    }
    ConfigObject object = (ConfigObject) body;
    files.unknownKeys(object, NEAR_KEYS, "near", id);
    List<String> phrases = new ArrayList<>();
    boolean emptyList = phrases(object, id, phrases);
    if (phrases.isEmpty() && !emptyList) {
      files.problem(body.origin(), id, "near has no phrases. Add phrases with any = [...] or lists = [...]");
    }
    ConfigValue within = object.get("within");
    if (within == null) {
      files.problem(body.origin(), id, "near needs within = N (the most characters between the two phrases)");
      return null;
    }
    if (within.valueType() != ConfigValueType.NUMBER || ((Number) within.unwrapped()).intValue() < 0) {
      files.problem(within.origin(), id, "within must be a whole number of at least 0");
      return null;
    }
    return new Condition.Near(List.of(), List.copyOf(new LinkedHashSet<>(phrases)),
        ((Number) within.unwrapped()).intValue(), List.of());
  }

  /** Adds the phrases of any = [...] and lists = [...]; returns whether an unknown or empty list was reported. */
  private boolean phrases(ConfigObject object, String id, List<String> phrases) {
    boolean emptyList = false;
    if (object.containsKey("any")) {
      phrases.addAll(files.strings(object.get("any"), id));
    }
    if (object.containsKey("lists")) {
      for (String name : files.strings(object.get("lists"), id)) {
        List<String> listed = files.lists.get(name);
        if (listed == null) {
          files.problem(object.get("lists").origin(), id, "unknown list '" + name + "'. Known lists: "
              + String.join(", ", files.lists.keySet()));
          emptyList = true;
        } else if (listed.isEmpty()) {
          files.problem(object.get("lists").origin(), id, "list '" + name + "' is empty (" + LISTS_DIR + "/" + name
              + ".txt). Add one phrase per line to it");
          emptyList = true;
        } else {
          phrases.addAll(listed);
        }
      }
    }
    return emptyList;
  }

  private List<String> fields(ConfigValue in, String id, Subject subject) {
    List<String> fields = files.strings(in, id);
    for (String field : fields) {
      if (!subject.textFields().contains(field)) {
        files.problem(in.origin(), id, "unknown field '" + field + "' for a " + subject.key()
            + " rule. Known fields: " + String.join(", ", subject.textFields()));
      }
    }
    return fields;
  }

  private Condition regex(ConfigValue body, String id, Subject subject) {
    List<String> fields = subject.defaultFields();
    ConfigValue pattern = body;
    if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      files.unknownKeys(object, REGEX_KEYS, "regex", id);
      pattern = object.get("pattern");
      if (pattern == null) {
        files.problem(body.origin(), id, "regex needs pattern = \"...\"");
        return null;
      }
      if (object.containsKey("in")) {
        fields = fields(object.get("in"), id, subject);
      }
    }
    if (pattern.valueType() != ConfigValueType.STRING || ((String) pattern.unwrapped()).isEmpty()) {
      files.problem(pattern.origin(), id, "regex pattern must be a non-empty string");
      return null;
    }
    String p = (String) pattern.unwrapped();
    try {
      com.google.re2j.Pattern.compile(p);
    } catch (com.google.re2j.PatternSyntaxException e) {
      files.problem(pattern.origin(), id, "invalid regex '" + p + "': " + e.getDescription()
          + ". Fix the pattern (re2j syntax: no backreferences or lookaround)");
      return null;
    }
    String literal = RegexLiterals.required(p);
    String prefilter = null;
    if (literal != null) {
      String normalized = io.winnow.text.TextNormalizer.shared().normalize(literal).text();
      // Usable only when the literal reads the same after normalization, or the prefilter could miss a match.
      prefilter = normalized.equals(literal.toLowerCase(Locale.ROOT)) && !normalized.isEmpty() ? normalized : null;
    }
    if (prefilter == null) {
      files.notes.add(new RuleProblem(files.file, pattern.origin().lineNumber(), id, "note: regex '" + p
          + "' has no literal"
          + " text the prefilter can use, so it runs on every row. Add a fixed word to the pattern if you can"));
    }
    return new Condition.Regex(p, List.copyOf(fields), prefilter);
  }

  private Condition nameLike(ConfigValue body, String id, Subject subject) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      files.problem(body.origin(), id, "name-like must be an object { list = NAME, in = [display_name, handle],"
          + " max-distance = 1 }");
      return null;
    }
    int before = files.problems.size();
    if (subject != Subject.ACCOUNT) {
      files.problem(body.origin(), id,
          "name-like reads display names and handles, so it needs subject = account. Use terms"
          + " for post text");
    }
    ConfigObject object = (ConfigObject) body;
    files.unknownKeys(object, NAME_LIKE_KEYS, "name-like", id);
    List<String> listNames = new ArrayList<>();
    if (object.containsKey("list")) {
      ConfigValue v = object.get("list");
      if (v.valueType() == ConfigValueType.STRING) {
        listNames.add((String) v.unwrapped());
      } else {
        files.problem(v.origin(), id, "list must be the name of one list, e.g. list = protected-institutions");
      }
    }
    if (object.containsKey("lists")) {
      listNames.addAll(files.strings(object.get("lists"), id));
    }
    List<String> names = new ArrayList<>();
    for (String name : listNames) {
      names.addAll(files.listed(name, object.origin(), id));
    }
    if (listNames.isEmpty()) {
      files.problem(body.origin(), id, "name-like needs the protected names: list = NAME (a file in " + LISTS_DIR
          + "/)");
    }
    List<String> decorations = new ArrayList<>();
    if (object.containsKey("decorations")) {
      for (String name : files.strings(object.get("decorations"), id)) {
        decorations.addAll(files.listed(name, object.get("decorations").origin(), id));
      }
    } else if (files.lists.containsKey(DEFAULT_DECORATIONS)) {
      decorations.addAll(files.lists.get(DEFAULT_DECORATIONS));
    }
    int maxDistance = 1;
    if (object.containsKey("max-distance")) {
      ConfigValue v = object.get("max-distance");
      if (v.valueType() != ConfigValueType.NUMBER || !List.of(0, 1, 2).contains(((Number) v.unwrapped()).intValue())
          || ((Number) v.unwrapped()).doubleValue() != ((Number) v.unwrapped()).intValue()) {
        files.problem(v.origin(), id, "max-distance must be 0, 1 or 2 (edits between a name and a protected name)");
      } else {
        maxDistance = ((Number) v.unwrapped()).intValue();
      }
    }
    List<String> fields = object.containsKey("in") ? fields(object.get("in"), id, subject) : subject.defaultFields();
    if (files.problems.size() > before) {
      return null;
    }
    return new Condition.NameLike(String.join(",", listNames), List.copyOf(new LinkedHashSet<>(names)),
        List.copyOf(new LinkedHashSet<>(decorations)), maxDistance, List.copyOf(fields));
  }

  private Condition similarTo(ConfigValue body, String id, Subject subject) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      files.problem(body.origin(), id, "similar-to must be an object { catalogue = NAME, threshold = 0.6 }");
      return null;
    }
    int before = files.problems.size();
    ConfigObject object = (ConfigObject) body;
    files.unknownKeys(object, SIMILAR_TO_KEYS, "similar-to", id);
    ConfigValue name = object.get("catalogue");
    List<Condition.Claim> claims = null;
    if (name == null || name.valueType() != ConfigValueType.STRING) {
      files.problem(body.origin(), id, "similar-to needs catalogue = NAME (a file " + CATALOGUES_DIR + "/NAME.tsv)");
    } else {
      claims = files.catalogues.get((String) name.unwrapped());
      if (claims == null) {
        files.problem(name.origin(), id, "unknown catalogue '" + name.unwrapped() + "'. Known catalogues: "
            + (files.catalogues.isEmpty() ? "none (add " + CATALOGUES_DIR + "/NAME.tsv)"
                : String.join(", ", files.catalogues.keySet())));
      } else if (claims.isEmpty()) {
        files.problem(name.origin(), id, "catalogue '" + name.unwrapped() + "' has no claims. Add lines id<TAB>text to "
            + CATALOGUES_DIR + "/" + name.unwrapped() + ".tsv");
      }
    }
    ConfigValue threshold = object.get("threshold");
    double t = 0;
    if (threshold == null || threshold.valueType() != ConfigValueType.NUMBER
        || ((Number) threshold.unwrapped()).doubleValue() <= 0 || ((Number) threshold.unwrapped()).doubleValue() > 1) {
      files.problem(threshold == null ? body.origin() : threshold.origin(), id,
          "similar-to needs threshold = a number in"
          + " (0, 1]: the least Jaccard similarity of character shingles, e.g. threshold = 0.6");
    } else {
      t = ((Number) threshold.unwrapped()).doubleValue();
    }
    List<String> fields = object.containsKey("in") ? fields(object.get("in"), id, subject) : subject.defaultFields();
    if (files.problems.size() > before) {
      return null;
    }
    return new Condition.SimilarTo((String) name.unwrapped(), claims, t, List.copyOf(fields));
  }

  private Condition where(ConfigValue body, String id) {
    if (body.valueType() != ConfigValueType.STRING) {
      files.problem(body.origin(), id, "where must be a string with a Spark SQL predicate");
      return null;
    }
    String sql = (String) body.unwrapped();
    try {
      return new Condition.Where(sql, SqlPredicates.columns(sql));
    } catch (SqlPredicates.InvalidPredicate e) {
      files.problem(body.origin(), id, e.getMessage());
      return null;
    }
  }

  private static List<Condition> nonNull(List<Condition> conditions) {
    return conditions.stream().filter(java.util.Objects::nonNull).toList();
  }
}
