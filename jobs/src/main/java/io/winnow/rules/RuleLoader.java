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
import io.winnow.model.Actions;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.Condition;
import io.winnow.model.Example;
import io.winnow.model.LadderStep;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.predicate.SqlPredicates;
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
 * Loads a rule directory: rule packs ({@code *.conf} except {@code policy.conf}), term lists ({@code lists/*.txt}),
 * catalogues ({@code catalogues/*.tsv}: one claim per line, {@code id<TAB>text}) and the policy. Collects every problem before failing, each with its file and line.
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
  private static final Set<String> TERMS_KEYS = Set.of("any", "lists", "in", "min-distinct", "near");
  private static final Set<String> NEAR_KEYS = Set.of("any", "lists", "within");
  private static final Set<String> REGEX_KEYS = Set.of("pattern", "in");
  private static final Set<String> EXAMPLES_KEYS = Set.of("match", "no-match");
  private static final Set<String> POLICY_FILE_KEYS = Set.of("policy");
  private static final Set<String> POLICY_KEYS = Set.of("review-required-severities", "review-required-actions",
      "severity-weights", "reports", "reposts", "categories");
  private static final Set<String> REPORTS_KEYS = Set.of("min-reporter-account-age-days", "max-reports-per-reporter");
  private static final Set<String> REPOSTS_KEYS = Set.of("categories", "count-toward-strikes");
  private static final Set<String> CATEGORY_KEYS = Set.of("subcategories", "ladder", "max-actions");
  private static final Set<String> LADDER_STEP_KEYS = Set.of("strikes", "action", "days");

  /** Problems are reported like a compiler's: by file, then line (stable, so one line's problems keep their order). */
  private static final java.util.Comparator<RuleProblem> FILE_ORDER =
      java.util.Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line);

  private final Path dir;
  private final List<RuleProblem> problems = new ArrayList<>();
  /** Problems lint reports that do not stop a sweep (a rule without examples still runs). */
  private final List<RuleProblem> lintProblems = new ArrayList<>();
  /** Warning-level notes: nothing is wrong, but the author should know (a regex without a prefilter). */
  private final List<RuleProblem> notes = new ArrayList<>();
  private final Map<String, List<String>> lists = new TreeMap<>();
  private final Map<String, List<Condition.Claim>> catalogues = new TreeMap<>();
  private final Map<String, String> fileHashes = new TreeMap<>();
  private String file;

  private RuleLoader(Path dir) {
    this.dir = dir;
  }

  /** Loads and validates {@code dir}; throws {@link RuleLoadException} listing every problem. */
  public static RuleSet load(Path dir) {
    RuleLoader loader = new RuleLoader(dir);
    RuleSet ruleSet = loader.run();
    if (!loader.problems.isEmpty()) {
      List<RuleProblem> problems = new ArrayList<>(loader.problems);
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
    List<RuleProblem> all = new ArrayList<>(loader.problems);
    all.addAll(loader.lintProblems);
    all.sort(FILE_ORDER);
    List<RuleProblem> notes = new ArrayList<>(loader.notes);
    notes.sort(FILE_ORDER);
    return new Check(loader.problems.isEmpty() ? ruleSet : null, List.copyOf(all), List.copyOf(notes));
  }

  private RuleSet run() {
    if (!Files.isDirectory(dir)) {
      problems.add(new RuleProblem(dir.toString(), 0, null, "rule directory does not exist. Pass the rules DIR"));
      return null;
    }
    loadLists();
    loadCatalogues();
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
      return null;
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
      lists.put(name, List.copyOf(phrases));
    }
  }

  private void loadCatalogues() {
    Path catalogueDir = dir.resolve(CATALOGUES_DIR);
    if (!Files.isDirectory(catalogueDir)) {
      return;
    }
    for (Path catalogueFile : files(catalogueDir, ".tsv")) {
      String name = catalogueFile.getFileName().toString().replaceFirst("\\.tsv$", "");
      file = relative(catalogueFile);
      List<Condition.Claim> claims = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      List<String> lines = readLines(catalogueFile);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String id = tab < 0 ? "" : line.substring(0, tab).strip();
        String text = tab < 0 ? "" : line.substring(tab + 1).strip();
        if (id.isEmpty() || text.isEmpty()) {
          problems.add(new RuleProblem(file, i + 1, null, "a catalogue line is an id, a tab and the claim's text."
              + " Separate the id from the text with one tab"));
          continue;
        }
        Integer first = seen.putIfAbsent(id, i + 1);
        if (first != null) {
          problems.add(new RuleProblem(file, i + 1, null, "duplicate claim id '" + id + "', first at line " + first
              + ". Give every claim its own id"));
          continue;
        }
        claims.add(new Condition.Claim(id, text));
      }
      catalogues.put(name, List.copyOf(claims));
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
    Map<Severity, Double> weights = new java.util.EnumMap<>(Severity.class);
    Policy.ReportGuard guard = null;
    Policy.Reposts reposts = Policy.Reposts.NONE;
    if (config == null) {
      return new Policy(categories, review, List.of(), Map.of(), null);
    }
    unknownKeys(config.root(), POLICY_FILE_KEYS, POLICY_FILE, null);
    ConfigObject policy = object(config.root(), "policy", POLICY_FILE, true);
    if (policy == null) {
      return new Policy(categories, review, List.of(), Map.of(), null);
    }
    unknownKeys(policy, POLICY_KEYS, "policy", null);
    ConfigValue reviewSeverities = policy.get("review-required-severities");
    for (String severity : names(policy, "review-required-severities", "policy", true)) {
      Severity s = severity(severity, reviewSeverities.origin(), null);
      if (s != null) {
        review.add(s);
      }
    }
    ConfigValue reviewActionList = policy.get("review-required-actions");
    for (String action : names(policy, "review-required-actions", "policy", true)) {
      if (Actions.strength(action) < 0) {
        problem(reviewActionList.origin(), null, "unknown action '" + action
            + "' in review-required-actions. Known: " + String.join(", ", Actions.POST) + ", "
            + String.join(", ", Actions.ACCOUNT));
      } else {
        reviewActions.add(action);
      }
    }
    ConfigObject w = object(policy, "severity-weights", "policy", false);
    if (w != null) {
      for (String key : w.keySet()) {
        Severity s = severity(key, w.get(key).origin(), null);
        ConfigValue v = w.get(key);
        if (s != null && (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).doubleValue() < 0)) {
          problem(v.origin(), null, "severity-weights." + key + " must be a number >= 0, e.g. 0.5");
        } else if (s != null) {
          weights.put(s, ((Number) v.unwrapped()).doubleValue());
        }
      }
    }
    ConfigObject r = object(policy, "reports", "policy", false);
    if (r != null) {
      unknownKeys(r, REPORTS_KEYS, "reports", null);
      Long minAge = wholeNumber(r, "min-reporter-account-age-days", "reports", true);
      Long maxReports = wholeNumber(r, "max-reports-per-reporter", "reports", true);
      if (minAge != null && maxReports != null) {
        if (minAge < 0 || minAge > Integer.MAX_VALUE || maxReports < 1) {
          problem(r.origin(), null, "reports: min-reporter-account-age-days must be >= 0"
              + " and max-reports-per-reporter >= 1");
        } else {
          guard = new Policy.ReportGuard(minAge.intValue(), maxReports);
        }
      }
    }
    ConfigObject rp = object(policy, "reposts", "policy", false);
    if (rp != null) {
      unknownKeys(rp, REPOSTS_KEYS, "reposts", null);
      List<String> repostCategories = names(rp, "categories", "reposts", true);
      Boolean count = bool(rp, "count-toward-strikes", "reposts", true);
      if (count != null) {
        reposts = new Policy.Reposts(List.copyOf(repostCategories), count);
      }
    }
    ConfigObject cats = object(policy, "categories", "policy", true);
    for (String name : cats == null ? Set.<String>of() : cats.keySet()) {
      String where = "category " + name;
      ConfigObject c = object(cats, name, "categories", true);
      if (c == null) {
        continue;
      }
      unknownKeys(c, CATEGORY_KEYS, where, null);
      List<LadderStep> ladder = new ArrayList<>();
      long previous = 0;
      ConfigValue steps = c.get("ladder");
      if (steps == null) {
        problem(c.origin(), null, "missing key 'ladder' in " + where + ". Add ladder = [ { strikes = N, action ="
            + " ... } ] (or ladder = [] for post actions only)");
      } else if (steps.valueType() != ConfigValueType.LIST) {
        problem(steps.origin(), null, where + ": ladder must be a list of steps [ { strikes = N, action = ... } ],"
            + " found " + shown(steps));
      } else {
        for (ConfigValue stepValue : (ConfigList) steps) {
          if (stepValue.valueType() != ConfigValueType.OBJECT) {
            problem(stepValue.origin(), null, where + ": a ladder step is an object { strikes = N, action = ... },"
                + " found " + shown(stepValue));
            continue;
          }
          ConfigObject step = (ConfigObject) stepValue;
          String stepWhere = "a ladder step of " + where;
          unknownKeys(step, LADDER_STEP_KEYS, stepWhere, null);
          Long strikes = wholeNumber(step, "strikes", stepWhere, true);
          String action = text(step, "action", stepWhere);
          Long days = wholeNumber(step, "days", stepWhere, false);
          if (action != null && !Actions.ACCOUNT.contains(action)) {
            problem(step.origin(), null, "category " + name + ": unknown ladder action '" + action
                + "'. Known account actions: " + String.join(", ", Actions.ACCOUNT));
          }
          if (strikes != null && strikes <= previous) {
            problem(step.origin(), null, "category " + name + ": ladder steps out of order (" + strikes
                + " strikes after " + previous + "). List steps by ascending strikes");
          }
          if ("suspend".equals(action)) {
            if (!step.containsKey("days") || (days != null && (days <= 0 || days > Integer.MAX_VALUE))) {
              problem(step.origin(), null, "category " + name + ": suspend needs days > 0. Add days = N");
            }
          } else if (action != null && step.containsKey("days")) {
            problem(step.get("days").origin(), null, "category " + name + ": days applies to action suspend only."
                + " Remove it");
          }
          if (strikes != null) {
            previous = strikes;
          }
          if (strikes != null && strikes <= Integer.MAX_VALUE && action != null) {
            ladder.add(new LadderStep(strikes.intValue(), action, days == null ? null : days.intValue()));
          }
        }
      }
      List<String> subs = names(c, "subcategories", where, true);
      Long maxActions = wholeNumber(c, "max-actions", where, true);
      if (maxActions != null && maxActions < 0) {
        problem(c.get("max-actions").origin(), null, where + ": max-actions must be 0 or more");
      }
      categories.put(name, new CategoryPolicy(name, List.copyOf(ladder), maxActions == null ? 0 : maxActions));
      subcategories.put(name, Set.copyOf(subs));
    }
    for (String c : reposts.categories()) {
      if (!categories.containsKey(c)) {
        problem(rp.get("categories").origin(), null, "reposts: unknown category '" + c + "'. Known: "
            + String.join(", ", new java.util.TreeSet<>(categories.keySet())));
      }
    }
    return new Policy(Map.copyOf(categories), List.copyOf(review), List.copyOf(reviewActions), Map.copyOf(weights),
        guard, reposts);
  }

  // Typed reads of policy.conf: each reports its own problem (missing key, wrong type) and gives null or empty, so
  // every problem of the file is reported at once.

  private ConfigValue required(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = parent.get(key);
    if (v == null && required) {
      problem(parent.origin(), null, "missing key '" + key + "' in " + where + ". See rules/README.md for the policy"
          + " format");
    }
    return v;
  }

  private ConfigObject object(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(v.origin(), null, where + ": " + key + " must be an object, found " + shown(v) + ". Write " + key
          + " { ... }");
      return null;
    }
    return (ConfigObject) v;
  }

  private List<String> names(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : (ConfigList) v) {
        if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
          out = null;
          break;
        }
        out.add((String) item.unwrapped());
      }
    }
    if (v.valueType() != ConfigValueType.LIST || out == null) {
      problem(v.origin(), null, where + ": " + key + " must be a list of names, found " + shown(v) + ". Write "
          + key + " = [a, b]");
      return List.of();
    }
    return out;
  }

  private Long wholeNumber(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    try {
      Number n = parent.toConfig().getNumber(quote(key)); // as Typesafe Config reads it: "7" is 7
      if (n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
        return n.longValue();
      }
    } catch (ConfigException e) {
      // reported below
    }
    problem(v.origin(), null, where + ": " + key + " must be a whole number, found " + shown(v) + ". Write " + key
        + " = N");
    return null;
  }

  private Boolean bool(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    try {
      return parent.toConfig().getBoolean(quote(key));
    } catch (ConfigException e) {
      problem(v.origin(), null, where + ": " + key + " must be true or false, found " + shown(v) + ". Write "
          + key + " = true or false");
      return null;
    }
  }

  private String text(ConfigObject parent, String key, String where) {
    ConfigValue v = required(parent, key, where, true);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.STRING) {
      problem(v.origin(), null, where + ": " + key + " must be a name, found " + shown(v) + ". Write " + key
          + " = NAME");
      return null;
    }
    return (String) v.unwrapped();
  }

  private static String shown(ConfigValue v) {
    return v.render(com.typesafe.config.ConfigRenderOptions.concise());
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
    Integer days = null;
    if ("suspend".equals(action)) {
      if (!c.hasPath("days")) {
        problem(c.getValue("action").origin(), id, "action suspend needs days. Add days = N (how long the suspension lasts)");
      } else if (c.getValue("days").valueType() != ConfigValueType.NUMBER || c.getInt("days") < 1) {
        problem(c.getValue("days").origin(), id, "days must be a whole number of at least 1");
      } else {
        days = c.getInt("days");
      }
    } else if (c.hasPath("days")) {
      problem(c.getValue("days").origin(), id, "days applies to action suspend only. Remove it");
    }
    Condition when = null;
    if (!c.hasPath("when")) {
      problem(origin, id, "rule without when. Add when { terms = [...] } or another condition");
    } else if (subject != null) {
      when = condition(c.getValue("when"), id, subject);
    }
    List<Example> examples = subject == null ? List.of() : examples(object, id, subject);
    if (problems.size() > before) {
      return null;
    }
    return new Rule(id, version, category, subcategory, subject, severity, status, description, action, when,
        file + ":" + origin.lineNumber(), days, examples);
  }

  // ---------------------------------------------------------------------------------------------- examples

  private List<Example> examples(ConfigObject rule, String id, Subject subject) {
    ConfigValue value = rule.get("examples");
    if (value == null) {
      lintProblems.add(new RuleProblem(file, rule.origin().lineNumber(), id, "rule without examples. Add examples {"
          + " match = [...], no-match = [...] } with records the rule must and must not match"));
      return List.of();
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      problem(value.origin(), id, "examples must be an object { match = [...], no-match = [...] }");
      return List.of();
    }
    ConfigObject object = (ConfigObject) value;
    for (String key : object.keySet()) {
      if (!EXAMPLES_KEYS.contains(key)) {
        problem(object.get(key).origin(), id, "unknown key '" + key + "' in examples. Known keys: match, no-match");
      }
    }
    List<Example> out = new ArrayList<>();
    for (String key : List.of("match", "no-match")) {
      ConfigValue list = object.get(key);
      if (list == null || (list.valueType() == ConfigValueType.LIST && ((ConfigList) list).isEmpty())) {
        lintProblems.add(new RuleProblem(file, value.origin().lineNumber(), id, "examples has no " + key
            + " examples. Add at least one record the rule " + (key.equals("match") ? "must" : "must not") + " match"));
        continue;
      }
      if (list.valueType() != ConfigValueType.LIST) {
        problem(list.origin(), id, key + " must be a list of texts or records [...]");
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
      problem(example.origin(), id, "an example is a text \"...\" or a record { ... }, found " + example.render());
      return null;
    }
    int before = problems.size();
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
        problem(v.origin(), id, "unknown field '" + key + "' in a " + own + " example. Known: "
            + String.join(", ", SqlPredicates.COLUMNS.get(own)) + ", or "
            + (subject == Subject.POST ? "post { ... }, account { ... }, " : "") + "reports { ... }");
      }
    }
    return problems.size() > before ? null : java.util.Collections.unmodifiableMap(fields);
  }

  private void exampleValue(Map<String, Object> fields, String column, ConfigValue v, String id) {
    SqlPredicates.ValueKind type = SqlPredicates.valueKind(column);
    if (type == null) {
      int dot = column.indexOf('.');
      problem(v.origin(), id, "unknown column '" + column + "' in example. Known " + column.substring(0, dot)
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
      problem(v.origin(), id, "example " + column + " must be " + expected + ", found " + v.render());
    } else {
      fields.put(column, value);
    }
  }

  private Condition condition(ConfigValue value, String id, Subject subject) {
    if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).size() != 1) {
      problem(value.origin(), id, "a condition is an object with exactly one of " + String.join(", ",
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
    int before = problems.size();
    boolean emptyList = false;
    Condition.Near near = null;
    if (body.valueType() == ConfigValueType.LIST) {
      phrases.addAll(strings(body, id));
    } else if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      unknownKeys(object, TERMS_KEYS, "terms", id);
      emptyList = phrases(object, id, phrases);
      if (object.containsKey("in")) {
        fields = fields(object.get("in"), id, subject);
      }
      if (object.containsKey("min-distinct")) {
        ConfigValue v = object.get("min-distinct");
        if (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).intValue() < 1) {
          problem(v.origin(), id, "min-distinct must be a whole number of at least 1");
        } else if (object.containsKey("near")) {
          problem(v.origin(), id, "min-distinct cannot be combined with near. Use one or the other");
        } else {
          minDistinct = ((Number) v.unwrapped()).intValue();
        }
      }
      if (object.containsKey("near")) {
        near = near(object.get("near"), id);
      }
    } else {
      problem(body.origin(), id, "terms must be a list of phrases or an object { any = [...], lists = [...] }");
      return null;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(phrases));
    if (distinct.isEmpty()) {
      if (!emptyList) {
        problem(body.origin(), id, "terms has no phrases. Add phrases with any = [...] or lists = [...]");
      }
      return null;
    }
    if (minDistinct > distinct.size()) {
      problem(body.origin(), id, "min-distinct " + minDistinct + " is more than the " + distinct.size()
          + " phrases given");
    }
    if (problems.size() > before) {
      return null;
    }
    if (near != null) {
      return new Condition.Near(distinct, near.nearPhrases(), near.within(), List.copyOf(fields));
    }
    return new Condition.Terms(distinct, List.copyOf(fields), minDistinct);
  }

  /** The near { ... } part of a terms condition; fields and the first phrases are filled in by the caller. */
  private Condition.Near near(ConfigValue body, String id) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      problem(body.origin(), id, "near must be an object { lists = [...], within = N }");
      return null;
    }
    ConfigObject object = (ConfigObject) body;
    unknownKeys(object, NEAR_KEYS, "near", id);
    List<String> phrases = new ArrayList<>();
    boolean emptyList = phrases(object, id, phrases);
    if (phrases.isEmpty() && !emptyList) {
      problem(body.origin(), id, "near has no phrases. Add phrases with any = [...] or lists = [...]");
    }
    ConfigValue within = object.get("within");
    if (within == null) {
      problem(body.origin(), id, "near needs within = N (the most characters between the two phrases)");
      return null;
    }
    if (within.valueType() != ConfigValueType.NUMBER || ((Number) within.unwrapped()).intValue() < 0) {
      problem(within.origin(), id, "within must be a whole number of at least 0");
      return null;
    }
    return new Condition.Near(List.of(), List.copyOf(new LinkedHashSet<>(phrases)),
        ((Number) within.unwrapped()).intValue(), List.of());
  }

  /** Adds the phrases of any = [...] and lists = [...]; returns whether an unknown or empty list was reported. */
  private boolean phrases(ConfigObject object, String id, List<String> phrases) {
    boolean emptyList = false;
    if (object.containsKey("any")) {
      phrases.addAll(strings(object.get("any"), id));
    }
    if (object.containsKey("lists")) {
      for (String name : strings(object.get("lists"), id)) {
        List<String> listed = lists.get(name);
        if (listed == null) {
          problem(object.get("lists").origin(), id, "unknown list '" + name + "'. Known lists: "
              + String.join(", ", lists.keySet()));
          emptyList = true;
        } else if (listed.isEmpty()) {
          problem(object.get("lists").origin(), id, "list '" + name + "' is empty (" + LISTS_DIR + "/" + name
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
    List<String> fields = strings(in, id);
    for (String field : fields) {
      if (!subject.textFields().contains(field)) {
        problem(in.origin(), id, "unknown field '" + field + "' for a " + subject.key()
            + " rule. Known fields: " + String.join(", ", subject.textFields()));
      }
    }
    return fields;
  }

  private void unknownKeys(ConfigObject object, Set<String> known, String where, String id) {
    for (String key : object.keySet()) {
      if (!known.contains(key)) {
        problem(object.get(key).origin(), id, "unknown key '" + key + "' in " + where + ". Known keys: "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private Condition regex(ConfigValue body, String id, Subject subject) {
    List<String> fields = subject.defaultFields();
    ConfigValue pattern = body;
    if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      unknownKeys(object, REGEX_KEYS, "regex", id);
      pattern = object.get("pattern");
      if (pattern == null) {
        problem(body.origin(), id, "regex needs pattern = \"...\"");
        return null;
      }
      if (object.containsKey("in")) {
        fields = fields(object.get("in"), id, subject);
      }
    }
    if (pattern.valueType() != ConfigValueType.STRING || ((String) pattern.unwrapped()).isEmpty()) {
      problem(pattern.origin(), id, "regex pattern must be a non-empty string");
      return null;
    }
    String p = (String) pattern.unwrapped();
    try {
      com.google.re2j.Pattern.compile(p);
    } catch (com.google.re2j.PatternSyntaxException e) {
      problem(pattern.origin(), id, "invalid regex '" + p + "': " + e.getDescription()
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
      notes.add(new RuleProblem(file, pattern.origin().lineNumber(), id, "note: regex '" + p + "' has no literal"
          + " text the prefilter can use, so it runs on every row. Add a fixed word to the pattern if you can"));
    }
    return new Condition.Regex(p, List.copyOf(fields), prefilter);
  }

  private Condition nameLike(ConfigValue body, String id, Subject subject) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      problem(body.origin(), id, "name-like must be an object { list = NAME, in = [display_name, handle],"
          + " max-distance = 1 }");
      return null;
    }
    int before = problems.size();
    if (subject != Subject.ACCOUNT) {
      problem(body.origin(), id, "name-like reads display names and handles, so it needs subject = account. Use terms"
          + " for post text");
    }
    ConfigObject object = (ConfigObject) body;
    unknownKeys(object, NAME_LIKE_KEYS, "name-like", id);
    List<String> listNames = new ArrayList<>();
    if (object.containsKey("list")) {
      ConfigValue v = object.get("list");
      if (v.valueType() == ConfigValueType.STRING) {
        listNames.add((String) v.unwrapped());
      } else {
        problem(v.origin(), id, "list must be the name of one list, e.g. list = protected-institutions");
      }
    }
    if (object.containsKey("lists")) {
      listNames.addAll(strings(object.get("lists"), id));
    }
    List<String> names = new ArrayList<>();
    for (String name : listNames) {
      names.addAll(listed(name, object.origin(), id));
    }
    if (listNames.isEmpty()) {
      problem(body.origin(), id, "name-like needs the protected names: list = NAME (a file in " + LISTS_DIR + "/)");
    }
    List<String> decorations = new ArrayList<>();
    if (object.containsKey("decorations")) {
      for (String name : strings(object.get("decorations"), id)) {
        decorations.addAll(listed(name, object.get("decorations").origin(), id));
      }
    } else if (lists.containsKey(DEFAULT_DECORATIONS)) {
      decorations.addAll(lists.get(DEFAULT_DECORATIONS));
    }
    int maxDistance = 1;
    if (object.containsKey("max-distance")) {
      ConfigValue v = object.get("max-distance");
      if (v.valueType() != ConfigValueType.NUMBER || !List.of(0, 1, 2).contains(((Number) v.unwrapped()).intValue())
          || ((Number) v.unwrapped()).doubleValue() != ((Number) v.unwrapped()).intValue()) {
        problem(v.origin(), id, "max-distance must be 0, 1 or 2 (edits between a name and a protected name)");
      } else {
        maxDistance = ((Number) v.unwrapped()).intValue();
      }
    }
    List<String> fields = object.containsKey("in") ? fields(object.get("in"), id, subject) : subject.defaultFields();
    if (problems.size() > before) {
      return null;
    }
    return new Condition.NameLike(String.join(",", listNames), List.copyOf(new LinkedHashSet<>(names)),
        List.copyOf(new LinkedHashSet<>(decorations)), maxDistance, List.copyOf(fields));
  }

  /** The phrases of list {@code name}, or none after reporting it unknown or empty. */
  private List<String> listed(String name, ConfigOrigin origin, String id) {
    List<String> listed = lists.get(name);
    if (listed == null) {
      problem(origin, id, "unknown list '" + name + "'. Known lists: " + String.join(", ", lists.keySet()));
      return List.of();
    }
    if (listed.isEmpty()) {
      problem(origin, id, "list '" + name + "' is empty (" + LISTS_DIR + "/" + name
          + ".txt). Add one phrase per line to it");
    }
    return listed;
  }

  private Condition similarTo(ConfigValue body, String id, Subject subject) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      problem(body.origin(), id, "similar-to must be an object { catalogue = NAME, threshold = 0.6 }");
      return null;
    }
    int before = problems.size();
    ConfigObject object = (ConfigObject) body;
    unknownKeys(object, SIMILAR_TO_KEYS, "similar-to", id);
    ConfigValue name = object.get("catalogue");
    List<Condition.Claim> claims = null;
    if (name == null || name.valueType() != ConfigValueType.STRING) {
      problem(body.origin(), id, "similar-to needs catalogue = NAME (a file " + CATALOGUES_DIR + "/NAME.tsv)");
    } else {
      claims = catalogues.get((String) name.unwrapped());
      if (claims == null) {
        problem(name.origin(), id, "unknown catalogue '" + name.unwrapped() + "'. Known catalogues: "
            + (catalogues.isEmpty() ? "none (add " + CATALOGUES_DIR + "/NAME.tsv)"
                : String.join(", ", catalogues.keySet())));
      } else if (claims.isEmpty()) {
        problem(name.origin(), id, "catalogue '" + name.unwrapped() + "' has no claims. Add lines id<TAB>text to "
            + CATALOGUES_DIR + "/" + name.unwrapped() + ".tsv");
      }
    }
    ConfigValue threshold = object.get("threshold");
    double t = 0;
    if (threshold == null || threshold.valueType() != ConfigValueType.NUMBER
        || ((Number) threshold.unwrapped()).doubleValue() <= 0 || ((Number) threshold.unwrapped()).doubleValue() > 1) {
      problem(threshold == null ? body.origin() : threshold.origin(), id, "similar-to needs threshold = a number in"
          + " (0, 1]: the least Jaccard similarity of character shingles, e.g. threshold = 0.6");
    } else {
      t = ((Number) threshold.unwrapped()).doubleValue();
    }
    List<String> fields = object.containsKey("in") ? fields(object.get("in"), id, subject) : subject.defaultFields();
    if (problems.size() > before) {
      return null;
    }
    return new Condition.SimilarTo((String) name.unwrapped(), claims, t, List.copyOf(fields));
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
