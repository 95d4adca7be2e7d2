package io.winnow.rules;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a rule directory: rule packs ({@code *.conf} except {@code policy.conf}), term lists ({@code lists/*.txt})
 * and the policy. Collects every problem before failing, each with its file and line.
 */
public final class RuleLoader {
  public static final String POLICY_FILE = "policy.conf";
  public static final String LISTS_DIR = "lists";

  private static final Set<String> RULE_KEYS = Set.of("id", "version", "category", "subcategory", "subject",
      "severity", "status", "description", "action", "days", "when", "examples");
  private static final Set<String> CONDITION_KEYS = Set.of("terms", "where", "all", "any", "not");
  private static final Set<String> TERMS_KEYS = Set.of("any", "lists", "in", "min-distinct");

  private final Path dir;
  private final List<RuleProblem> problems = new ArrayList<>();
  private final Map<String, List<String>> lists = new TreeMap<>();
  private final Map<String, String> fileHashes = new TreeMap<>();
  private String file;

  private RuleLoader(Path dir) {
    this.dir = dir;
  }

  /** Loads and validates {@code dir}; throws {@link RuleLoadException} listing every problem. */
  public static RuleSet load(Path dir) {
    return new RuleLoader(dir).run();
  }

  private RuleSet run() {
    if (!Files.isDirectory(dir)) {
      throw new RuleLoadException(dir.toString(),
          List.of(new RuleProblem(dir.toString(), 0, null, "rule directory does not exist. Pass --rules DIR")));
    }
    loadLists();
    Policy policy = loadPolicy();
    List<Rule> rules = new ArrayList<>();
    Map<String, String> seenIds = new HashMap<>();
    for (Path pack : files(dir, ".conf")) {
      if (pack.getFileName().toString().equals(POLICY_FILE)) {
        continue;
      }
      for (Rule rule : loadPack(pack, policy)) {
        String previous = seenIds.putIfAbsent(rule.id(), rule.origin());
        if (previous != null) {
          problem(rule.origin(), rule.id(), "duplicate id, first defined at " + previous
              + ". Give every rule its own id");
        } else {
          rules.add(rule);
        }
      }
    }
    if (rules.isEmpty() && problems.isEmpty()) {
      problems.add(new RuleProblem(dir.toString(), 0, null, "no rules found. Add a rule pack (*.conf) with rules = [...]"));
    }
    if (!problems.isEmpty()) {
      throw new RuleLoadException(dir.toString(), problems);
    }
    return new RuleSet(List.copyOf(rules), policy, combinedHash(), Map.copyOf(fileHashes));
  }

  // ---------------------------------------------------------------------------------------------- lists

  private void loadLists() {
    Path listDir = dir.resolve(LISTS_DIR);
    if (!Files.isDirectory(listDir)) {
      return;
    }
    for (Path listFile : files(listDir, ".txt")) {
      String name = listFile.getFileName().toString().replaceFirst("\\.txt$", "");
      List<String> phrases = new ArrayList<>();
      for (String line : readLines(listFile)) {
        String phrase = line.strip();
        if (!phrase.isEmpty() && !phrase.startsWith("#")) {
          phrases.add(phrase);
        }
      }
      if (phrases.isEmpty()) {
        problems.add(new RuleProblem(relative(listFile), 0, null, "list '" + name + "' is empty. Add one phrase per line"));
      }
      lists.put(name, List.copyOf(phrases));
    }
  }

  // ---------------------------------------------------------------------------------------------- policy

  private Policy loadPolicy() {
    Path policyFile = dir.resolve(POLICY_FILE);
    file = relative(policyFile);
    Config config = parse(policyFile);
    Map<String, CategoryPolicy> categories = new LinkedHashMap<>();
    List<Severity> review = new ArrayList<>();
    List<String> reviewActions = new ArrayList<>();
    if (config == null) {
      return new Policy(categories, review, List.of());
    }
    try {
      Config policy = config.getConfig("policy");
      for (String severity : policy.getStringList("review-required-severities")) {
        Severity s = severity(severity, policy.getValue("review-required-severities").origin(), null);
        if (s != null) {
          review.add(s);
        }
      }
      for (String action : policy.getStringList("review-required-actions")) {
        if (Actions.strength(action) < 0) {
          problem(policy.getValue("review-required-actions").origin(), null, "unknown action '" + action
              + "' in review-required-actions. Known: " + String.join(", ", Actions.POST) + ", "
              + String.join(", ", Actions.ACCOUNT));
        } else {
          reviewActions.add(action);
        }
      }
      ConfigObject cats = policy.getObject("categories");
      for (String name : cats.keySet()) {
        Config c = cats.toConfig().getConfig(quote(name));
        List<LadderStep> ladder = new ArrayList<>();
        int previous = 0;
        for (ConfigObject stepObject : c.getObjectList("ladder")) {
          Config step = stepObject.toConfig();
          int strikes = step.getInt("strikes");
          String action = step.getString("action");
          Integer days = step.hasPath("days") ? step.getInt("days") : null;
          if (!Actions.ACCOUNT.contains(action)) {
            problem(stepObject.origin(), null, "category " + name + ": unknown ladder action '" + action
                + "'. Known account actions: " + String.join(", ", Actions.ACCOUNT));
          }
          if (strikes <= previous) {
            problem(stepObject.origin(), null, "category " + name + ": ladder steps out of order (" + strikes
                + " strikes after " + previous + "). List steps by ascending strikes");
          }
          if (action.equals("suspend") && (days == null || days <= 0)) {
            problem(stepObject.origin(), null, "category " + name + ": suspend needs days > 0. Add days = N");
          }
          previous = strikes;
          ladder.add(new LadderStep(strikes, action, days));
        }
        categories.put(name, new CategoryPolicy(name, List.copyOf(ladder), c.getLong("max-actions")));
        subcategories.put(name, Set.copyOf(c.getStringList("subcategories")));
      }
    } catch (ConfigException e) {
      problem(e.origin(), null, message(e) + ". See rules/README.md for the policy format");
    }
    return new Policy(Map.copyOf(categories), List.copyOf(review), List.copyOf(reviewActions));
  }

  private final Map<String, Set<String>> subcategories = new HashMap<>();

  // ---------------------------------------------------------------------------------------------- packs

  private List<Rule> loadPack(Path pack, Policy policy) {
    file = relative(pack);
    Config config = parse(pack);
    List<Rule> rules = new ArrayList<>();
    if (config == null) {
      return rules;
    }
    if (!config.hasPath("rules")) {
      problem(config.origin(), null, "no rules = [...] in this file. Put the rules of a pack in a list named rules");
      return rules;
    }
    ConfigValue list = config.getValue("rules");
    if (list.valueType() != ConfigValueType.LIST) {
      problem(list.origin(), null, "rules must be a list [...]");
      return rules;
    }
    for (ConfigValue value : (ConfigList) list) {
      if (value.valueType() != ConfigValueType.OBJECT) {
        problem(value.origin(), null, "a rule must be an object { id = ..., ... }");
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
    int before = problems.size();
    Config c = object.toConfig();
    String id = c.hasPath("id") ? c.getValue("id").unwrapped().toString() : null;
    ConfigOrigin origin = object.origin();
    if (id == null) {
      problem(origin, null, "rule without id. Add id = category.subcategory.name");
      return null;
    }
    for (String key : object.keySet()) {
      if (!RULE_KEYS.contains(key)) {
        problem(object.get(key).origin(), id, "unknown key '" + key + "'. Known keys: " + String.join(", ",
            RULE_KEYS.stream().sorted().toList()));
      }
    }
    String category = string(c, "category", id, origin);
    String subcategory = string(c, "subcategory", id, origin);
    if (category != null && !policy.categories().containsKey(category)) {
      problem(c.getValue("category").origin(), id, "unknown category '" + category + "'. Known categories: "
          + String.join(", ", new TreeMap<>(policy.categories()).keySet()));
    } else if (category != null && subcategory != null
        && !subcategories.getOrDefault(category, Set.of()).contains(subcategory)) {
      problem(c.getValue("subcategory").origin(), id, "unknown subcategory '" + subcategory + "' of " + category
          + ". Known: " + String.join(", ", subcategories.getOrDefault(category, Set.of()).stream().sorted().toList()));
    }
    Subject subject = enumValue(c, "subject", Subject.class, id, origin);
    Severity severity = enumValue(c, "severity", Severity.class, id, origin);
    Status status = enumValue(c, "status", Status.class, id, origin);
    String description = string(c, "description", id, origin);
    String action = string(c, "action", id, origin);
    int version = 0;
    try {
      version = c.getInt("version");
      if (version < 1) {
        problem(c.getValue("version").origin(), id, "version must be 1 or more");
      }
    } catch (ConfigException e) {
      problem(e.origin() == null ? origin : e.origin(), id, message(e) + ". Add version = 1");
    }
    if (subject != null && action != null && !Actions.forSubject(subject).contains(action)) {
      problem(c.getValue("action").origin(), id, "unknown action '" + action + "' for a " + subject.key()
          + " rule. Known: " + String.join(", ", Actions.forSubject(subject)));
    }
    Condition when = null;
    if (!c.hasPath("when")) {
      problem(origin, id, "rule without when. Add when { terms = [...] } or another condition");
    } else if (subject != null) {
      when = condition(c.getValue("when"), id, subject);
    }
    if (problems.size() > before) {
      return null;
    }
    return new Rule(id, version, category, subcategory, subject, severity, status, description, action, when,
        file + ":" + origin.lineNumber());
  }

  private Condition condition(ConfigValue value, String id, Subject subject) {
    if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).size() != 1) {
      problem(value.origin(), id, "a condition is an object with exactly one of " + String.join(", ", CONDITION_KEYS)
          + ". Wrap several conditions in all = [...] or any = [...]");
      return null;
    }
    ConfigObject object = (ConfigObject) value;
    String kind = object.keySet().iterator().next();
    ConfigValue body = object.get(kind);
    switch (kind) {
      case "terms":
        return terms(body, id, subject);
      case "where":
        return where(body, id);
      case "all":
      case "any": {
        if (body.valueType() != ConfigValueType.LIST || ((ConfigList) body).isEmpty()) {
          problem(body.origin(), id, kind + " needs a non-empty list of conditions");
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
        problem(object.origin(), id, "unknown condition '" + kind + "'. Known conditions: "
            + String.join(", ", CONDITION_KEYS.stream().sorted().toList()));
        return null;
    }
  }

  private Condition terms(ConfigValue body, String id, Subject subject) {
    List<String> phrases = new ArrayList<>();
    List<String> fields = subject.defaultFields();
    int minDistinct = 1;
    if (body.valueType() == ConfigValueType.LIST) {
      phrases.addAll(strings(body, id));
    } else if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      for (String key : object.keySet()) {
        if (!TERMS_KEYS.contains(key)) {
          problem(object.get(key).origin(), id, "unknown key '" + key + "' in terms. Known keys: "
              + String.join(", ", TERMS_KEYS.stream().sorted().toList()));
        }
      }
      if (object.containsKey("any")) {
        phrases.addAll(strings(object.get("any"), id));
      }
      if (object.containsKey("lists")) {
        for (String name : strings(object.get("lists"), id)) {
          List<String> listed = lists.get(name);
          if (listed == null) {
            problem(object.get("lists").origin(), id, "unknown list '" + name + "'. Known lists: "
                + String.join(", ", lists.keySet()));
          } else {
            phrases.addAll(listed);
          }
        }
      }
      if (object.containsKey("in")) {
        fields = strings(object.get("in"), id);
        for (String field : fields) {
          if (!subject.textFields().contains(field)) {
            problem(object.get("in").origin(), id, "unknown field '" + field + "' for a " + subject.key()
                + " rule. Known fields: " + String.join(", ", subject.textFields()));
          }
        }
      }
      if (object.containsKey("min-distinct")) {
        ConfigValue v = object.get("min-distinct");
        if (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).intValue() < 1) {
          problem(v.origin(), id, "min-distinct must be a whole number of at least 1");
        } else {
          minDistinct = ((Number) v.unwrapped()).intValue();
        }
      }
    } else {
      problem(body.origin(), id, "terms must be a list of phrases or an object { any = [...], lists = [...] }");
      return null;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(phrases));
    if (distinct.isEmpty()) {
      problem(body.origin(), id, "terms has no phrases. Add phrases with any = [...] or lists = [...]");
      return null;
    }
    if (minDistinct > distinct.size()) {
      problem(body.origin(), id, "min-distinct " + minDistinct + " is more than the " + distinct.size()
          + " phrases given");
    }
    return new Condition.Terms(distinct, List.copyOf(fields), minDistinct);
  }

  private Condition where(ConfigValue body, String id) {
    if (body.valueType() != ConfigValueType.STRING) {
      problem(body.origin(), id, "where must be a string with a Spark SQL predicate");
      return null;
    }
    String sql = (String) body.unwrapped();
    try {
      return new Condition.Where(sql, SqlPredicates.columns(sql));
    } catch (SqlPredicates.InvalidPredicate e) {
      problem(body.origin(), id, e.getMessage());
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private Config parse(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      fileHashes.put(hashKey(path), sha256(bytes));
      return ConfigFactory.parseString(new String(bytes, StandardCharsets.UTF_8),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(relative(path)))
          .resolve();
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(new RuleProblem(relative(path), 0, null, "file is missing. Create it (see rules/README.md)"));
    } catch (IOException e) {
      problems.add(new RuleProblem(relative(path), 0, null, "cannot read: " + e.getMessage()));
    } catch (ConfigException e) {
      problem(e.origin(), null, "syntax error: " + message(e));
    }
    return null;
  }

  private String string(Config c, String key, String id, ConfigOrigin origin) {
    if (!c.hasPath(key)) {
      problem(origin, id, "missing key '" + key + "'");
      return null;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.STRING) {
      problem(v.origin(), id, key + " must be a string");
      return null;
    }
    return (String) v.unwrapped();
  }

  private <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type, String id, ConfigOrigin origin) {
    String raw = string(c, key, id, origin);
    if (raw == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> known = Stream.of(type.getEnumConstants()).map(x -> x.name().toLowerCase(Locale.ROOT)).toList();
      problem(c.getValue(key).origin(), id, "unknown " + key + " '" + raw + "'. Known: " + String.join(", ", known));
      return null;
    }
  }

  private Severity severity(String raw, ConfigOrigin origin, String id) {
    try {
      return Severity.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(origin, id, "unknown severity '" + raw + "'. Known: low, medium, high, critical");
      return null;
    }
  }

  private List<String> strings(ConfigValue value, String id) {
    if (value.valueType() != ConfigValueType.LIST) {
      problem(value.origin(), id, "expected a list of strings [\"...\", ...]");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue v : (ConfigList) value) {
      if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
        problem(v.origin(), id, "expected a non-empty string, found " + v.render());
      } else {
        out.add((String) v.unwrapped());
      }
    }
    return out;
  }

  private static List<Condition> nonNull(List<Condition> conditions) {
    return conditions.stream().filter(java.util.Objects::nonNull).toList();
  }

  private void problem(ConfigOrigin origin, String id, String message) {
    int line = origin == null ? 0 : Math.max(origin.lineNumber(), 0);
    problems.add(new RuleProblem(file, line, id, message));
  }

  private void problem(String fileAndLine, String id, String message) {
    int colon = fileAndLine.lastIndexOf(':');
    problems.add(new RuleProblem(fileAndLine.substring(0, colon), Integer.parseInt(fileAndLine.substring(colon + 1)),
        id, message));
  }

  private static String message(ConfigException e) {
    String m = e.getMessage();
    // Typesafe Config prefixes the origin ("file: 12: "); we print our own.
    return m.replaceFirst("^[^:]*: \\d+: ", "");
  }

  private static String quote(String key) {
    return "\"" + key + "\"";
  }

  private String relative(Path path) {
    Path base = dir.toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    String name = base.getFileName() == null ? "" : base.getFileName().toString() + "/";
    return p.startsWith(base) ? name + base.relativize(p).toString().replace('\\', '/') : p.toString();
  }

  /** Files are hashed under their path inside the rule directory, so the hash does not depend on where it lives. */
  private String hashKey(Path path) {
    return dir.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  private static List<Path> files(Path folder, String suffix) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> readLines(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      fileHashes.put(hashKey(path), sha256(bytes));
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String combinedHash() {
    StringBuilder all = new StringBuilder();
    fileHashes.forEach((f, h) -> all.append(f).append('\0').append(h).append('\n'));
    return sha256(all.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
