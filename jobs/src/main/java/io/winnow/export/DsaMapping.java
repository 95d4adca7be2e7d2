package io.winnow.export;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How winnow's categories, subcategories, actions and subject kinds become DSA statement fields: read from
 * {@code conf/dsa.conf} (embedded in the jar; {@code --mapping FILE} replaces it). Every value is checked against
 * {@link DsaSchema} when the file is loaded, and every problem is reported at once with its file:line.
 */
public final class DsaMapping {
  /** The embedded default, copied from conf/dsa.conf into the jar. */
  public static final String EMBEDDED = "winnow-conf/dsa.conf";

  /** The DSA fields of one category (and, merged over it, of one subcategory). */
  public record CategoryFields(String category, List<String> keywords, String ground, String explanation) {}

  private final String source;
  private final Map<String, Object> defaults;
  private final Map<String, Map<String, Object>> subjects;
  private final Map<String, Map<String, Object>> actions;
  private final Map<String, Map<String, Object>> platforms;
  private final Map<String, CategoryFields> categories;
  private final String reviewedDecision;
  private final String unreviewedDecision;

  private DsaMapping(String source, Map<String, Object> defaults, Map<String, Map<String, Object>> subjects,
      Map<String, Map<String, Object>> actions, Map<String, Map<String, Object>> platforms,
      Map<String, CategoryFields> categories, String reviewedDecision, String unreviewedDecision) {
    this.source = source;
    this.defaults = defaults;
    this.subjects = subjects;
    this.actions = actions;
    this.platforms = platforms;
    this.categories = categories;
    this.reviewedDecision = reviewedDecision;
    this.unreviewedDecision = unreviewedDecision;
  }

  /** Loads {@code file}, or the embedded conf/dsa.conf when it is null. */
  public static DsaMapping load(Path file) {
    Config config;
    String source;
    try {
      if (file == null) {
        config = ConfigFactory.parseResources(DsaMapping.class.getClassLoader(), EMBEDDED,
            ConfigParseOptions.defaults().setAllowMissing(false));
        source = "embedded conf/dsa.conf";
      } else {
        if (!Files.isRegularFile(file)) {
          throw new UserError("DSA mapping " + file + " does not exist. Pass an existing HOCON file to --mapping "
              + "(conf/dsa.conf is the documented example)");
        }
        config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        source = file.toString();
      }
      config = config.resolve();
    } catch (ConfigException e) {
      throw new UserError("DSA mapping: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (!config.hasPath("dsa")) {
      throw new UserError("DSA mapping " + source + ": no 'dsa' block. See conf/dsa.conf");
    }
    Config dsa = config.getConfig("dsa");
    known(dsa, Set.of("defaults", "subjects", "actions", "platforms", "categories"), "dsa", problems);

    Map<String, Object> defaults = new LinkedHashMap<>();
    String reviewed = null;
    String unreviewed = null;
    if (require(dsa, "defaults", problems)) {
      Config d = dsa.getConfig("defaults");
      for (Map.Entry<String, ConfigValue> e : d.root().entrySet()) {
        if (e.getKey().equals("automated-decision")) {
          continue;
        }
        fields(d, e.getKey(), defaults, "dsa.defaults", problems);
      }
      if (require(d, "automated-decision", problems)) {
        Config a = d.getConfig("automated-decision");
        known(a, Set.of("review-required", "no-review"), "dsa.defaults.automated-decision", problems);
        reviewed = enumValue(a, "review-required", "automated_decision", problems);
        unreviewed = enumValue(a, "no-review", "automated_decision", problems);
      }
    }
    Map<String, Map<String, Object>> subjects = blocks(dsa, "subjects", problems);
    Map<String, Map<String, Object>> actions = blocks(dsa, "actions", problems);
    Map<String, Map<String, Object>> platforms = dsa.hasPath("platforms") ? blocks(dsa, "platforms", problems)
        : Map.of();
    for (Map.Entry<String, Map<String, Object>> a : actions.entrySet()) {
      if (a.getValue().keySet().stream().noneMatch(DsaSchema.DECISIONS::contains)) {
        problems.add(where(dsa.getValue("actions." + quote(a.getKey()))) + ": action " + a.getKey()
            + " sets none of " + String.join(", ", hyphenated(DsaSchema.DECISIONS)) + ". Set one of them");
      }
    }
    Map<String, CategoryFields> categories = categories(dsa, problems);
    if (!problems.isEmpty()) {
      throw new UserError(problems.size() == 1 ? "DSA mapping: " + problems.get(0)
          : problems.size() + " problems in the DSA mapping:\n" + String.join("\n", problems));
    }
    return new DsaMapping(source, defaults, subjects, actions, platforms, categories, reviewed, unreviewed);
  }

  /** The DSA category, keywords, ground and explanation per category and per category/subcategory. */
  private static Map<String, CategoryFields> categories(Config dsa, List<String> problems) {
    Map<String, CategoryFields> categories = new LinkedHashMap<>();
    if (require(dsa, "categories", problems)) {
      Config cs = dsa.getConfig("categories");
      for (String name : cs.root().keySet()) {
        Config c = cs.getConfig(quote(name));
        String at = "dsa.categories." + name;
        known(c, Set.of("category", "keywords", "incompatible-content-ground", "explanation", "subcategories"), at,
            problems);
        CategoryFields base = new CategoryFields(enumValue(c, "category", "category", problems),
            c.hasPath("keywords") ? enumList(c, "keywords", "category_specification", problems) : List.of(),
            text(c, "incompatible-content-ground", DsaSchema.SHORT_TEXT_MAX, problems),
            text(c, "explanation", DsaSchema.EXPLANATION_MAX, problems));
        categories.put(name, base);
        if (c.hasPath("subcategories")) {
          Config subs = c.getConfig("subcategories");
          for (String sub : subs.root().keySet()) {
            Config s = subs.getConfig(quote(sub));
            known(s, Set.of("keywords", "explanation"), at + ".subcategories." + sub, problems);
            categories.put(name + "/" + sub, new CategoryFields(base.category(),
                s.hasPath("keywords") ? enumList(s, "keywords", "category_specification", problems) : base.keywords(),
                base.ground(),
                s.hasPath("explanation") ? text(s, "explanation", DsaSchema.EXPLANATION_MAX, problems)
                    : base.explanation()));
          }
        }
      }
    }
    return categories;
  }

  public String source() {
    return source;
  }

  /** Fields every statement carries (decision ground, source type, territorial scope, …). */
  public Map<String, Object> defaults() {
    return defaults;
  }

  /** Fields for a subject kind (post, account), or null when the mapping has none. */
  public Map<String, Object> subject(String kind) {
    return subjects.get(kind);
  }

  /** Fields for a platform (content-language, …), or null when the mapping has none. */
  public Map<String, Object> platform(String platform) {
    return platforms.get(platform);
  }

  /** Fields for an action (delete-post, suspend, …), or null when the mapping has none. */
  public Map<String, Object> action(String action) {
    return actions.get(action);
  }

  /** The category's fields, with the subcategory's over them, or null when the category has no mapping. */
  public CategoryFields category(String category, String subcategory) {
    CategoryFields sub = categories.get(category + "/" + subcategory);
    return sub != null ? sub : categories.get(category);
  }

  public String automatedDecision(boolean reviewRequired) {
    return reviewRequired ? reviewedDecision : unreviewedDecision;
  }

  private static Map<String, Map<String, Object>> blocks(Config dsa, String key, List<String> problems) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (!require(dsa, key, problems)) {
      return out;
    }
    Config blocks = dsa.getConfig(key);
    for (String name : blocks.root().keySet()) {
      Config b = blocks.getConfig(quote(name));
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String field : b.root().keySet()) {
        fields(b, field, fields, "dsa." + key + "." + name, problems);
      }
      out.put(name, fields);
    }
    return out;
  }

  /** Reads one hyphenated key as the DSA field of the same name, checking its value against the schema. */
  private static void fields(Config c, String key, Map<String, Object> into, String at, List<String> problems) {
    String field = key.replace('-', '_');
    if (!DsaSchema.FIELDS.contains(field)) {
      problems.add(where(c.getValue(quote(key))) + ": " + at + "." + key + " is not a DSA statement field. Known: "
          + String.join(", ", hyphenated(DsaSchema.FIELDS)));
      return;
    }
    if (DsaSchema.ARRAY_FIELDS.contains(field)) {
      into.put(field, enumList(c, quote(key), field, problems));
    } else if (DsaSchema.allowed(field) != null) {
      into.put(field, enumValue(c, quote(key), field, problems));
    } else {
      String v = text(c, quote(key), DsaSchema.SHORT_TEXT_MAX, problems);
      if (v != null && field.equals("decision_ground_reference_url") && !DsaValidator.isUrl(v)) {
        problems.add(where(c.getValue(quote(key))) + ": " + key + " '" + v + "' is not a URL. Write http(s)://host/path");
      }
      into.put(field, v);
    }
  }

  private static String enumValue(Config c, String key, String field, List<String> problems) {
    if (!require(c, key, problems)) {
      return null;
    }
    String v = c.getValue(key).unwrapped().toString();
    if (!DsaSchema.allowed(field).contains(v)) {
      problems.add(where(c.getValue(key)) + ": '" + v + "' is not a value of " + field + ". Allowed: "
          + String.join(", ", new java.util.TreeSet<>(DsaSchema.allowed(field))));
    }
    return v;
  }

  private static List<String> enumList(Config c, String key, String field, List<String> problems) {
    if (!require(c, key, problems)) {
      return List.of();
    }
    if (c.getValue(key).valueType() != ConfigValueType.LIST) {
      problems.add(where(c.getValue(key)) + ": " + field + " is a list. Write [" + c.getValue(key).unwrapped() + "]");
      return List.of();
    }
    List<String> values = c.getStringList(key);
    for (String v : values) {
      if (!DsaSchema.allowed(field).contains(v)) {
        problems.add(where(c.getValue(key)) + ": '" + v + "' is not a value of " + field + ". Allowed: "
            + String.join(", ", new java.util.TreeSet<>(DsaSchema.allowed(field))));
      }
    }
    return List.copyOf(values);
  }

  private static String text(Config c, String key, int max, List<String> problems) {
    if (!require(c, key, problems)) {
      return null;
    }
    String v = c.getString(key);
    if (v.isBlank() || v.length() > max) {
      problems.add(where(c.getValue(key)) + ": " + key + " must be 1 to " + max + " characters");
    }
    return v;
  }

  private static boolean require(Config c, String key, List<String> problems) {
    if (c.hasPath(key)) {
      return true;
    }
    problems.add(c.origin().description() + ": missing key '" + key.replace("\"", "") + "'");
    return false;
  }

  private static void known(Config c, Set<String> keys, String at, List<String> problems) {
    for (Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
      if (!keys.contains(e.getKey())) {
        problems.add(where(e.getValue()) + ": unknown key '" + at + "." + e.getKey() + "'. Known keys: "
            + String.join(", ", new java.util.TreeSet<>(keys)));
      }
    }
  }

  private static String where(ConfigValue v) {
    String d = v.origin().description();
    return d == null ? "dsa.conf" : d;
  }

  private static String quote(String key) {
    return "\"" + key + "\"";
  }

  private static List<String> hyphenated(List<String> fields) {
    return fields.stream().map(f -> f.replace('_', '-')).toList();
  }
}
