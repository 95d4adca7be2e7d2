package io.winnow.generate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A deliberately small reading of rules/README.md for the generator's tests: enough to check that the shipped packs
 * are well formed and that their text conditions flag exactly what the generator plants. It is not the engine's
 * loader; {@code where} predicates are handed to the caller (Spark SQL in the archive test, "true" for examples).
 */
final class MiniRules {
  record Rule(String id, String category, String subcategory, String subject, String status, String action,
      Config when, List<String> match, List<String> noMatch, String origin) {
  }

  static final Map<String, Set<String>> SUBCATEGORIES = Map.of(
      "rumour", Set.of("fabricated-news", "debunked-claim", "false-health-claim"),
      "impersonation", Set.of("military", "institution", "news-media", "news-anchor"),
      "unqualified-advice", Set.of("medical", "legal", "financial", "educational"),
      "clout-chasing", Set.of("disaster-hype", "engagement-bait", "illegal-monetisation"));
  static final Set<String> POST_ACTIONS = Set.of("delete-post", "limit-visibility");
  static final Set<String> ACCOUNT_ACTIONS = Set.of("remove-followers", "demonetise", "suspend", "close-account");

  final List<Rule> rules;
  final RuleLists lists;

  private MiniRules(List<Rule> rules, RuleLists lists) {
    this.rules = rules;
    this.lists = lists;
  }

  static MiniRules load() {
    List<Rule> rules = new ArrayList<>();
    try (Stream<Path> files = Files.list(RuleLists.rulesDir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf") && !p.endsWith("policy.conf")).sorted()
          .toList()) {
        Config pack = ConfigFactory.parseFile(f.toFile()).resolve();
        for (Config r : pack.getConfigList("rules")) {
          Config examples = r.hasPath("examples") ? r.getConfig("examples") : ConfigFactory.empty();
          rules.add(new Rule(r.getString("id"), r.getString("category"), r.getString("subcategory"),
              r.getString("subject"), r.getString("status"), r.getString("action"), r.getConfig("when"),
              texts(examples, "match", true), texts(examples, "no-match", false),
              f.getFileName() + ":" + r.origin().lineNumber()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MiniRules(rules, RuleLists.load());
  }

  /**
   * The texts of the examples under {@code key}. A record example ({@code { text = ..., account { ... } }}) sets
   * column values this reading does not evaluate: its text is kept for match examples (predicates are taken as
   * satisfied here) and skipped for no-match ones (it is usually an exemption by a column, e.g. a licensed account).
   */
  private static List<String> texts(Config examples, String key, boolean match) {
    List<String> out = new ArrayList<>();
    if (!examples.hasPath(key)) {
      return out;
    }
    for (com.typesafe.config.ConfigValue v : examples.getList(key)) {
      if (v.valueType() == ConfigValueType.STRING) {
        out.add((String) v.unwrapped());
      } else if (match && v.valueType() == ConfigValueType.OBJECT) {
        Config record = ((com.typesafe.config.ConfigObject) v).toConfig();
        for (String field : List.of("text", "display_name")) {
          if (record.hasPath(field)) {
            out.add(record.getString(field));
          }
        }
      }
    }
    return out;
  }

  /** Whether the condition holds; {@code field} gives a normalized field, {@code where} decides predicates. */
  boolean holds(Rule rule, Config cond, Function<String, String> field, Predicate<String> where) {
    if (cond.hasPath("all")) {
      for (Config c : cond.getConfigList("all")) {
        if (!holds(rule, c, field, where)) {
          return false;
        }
      }
      return true;
    }
    if (cond.hasPath("any")) {
      for (Config c : cond.getConfigList("any")) {
        if (holds(rule, c, field, where)) {
          return true;
        }
      }
      return false;
    }
    if (cond.hasPath("not")) {
      return !holds(rule, cond.getConfig("not"), field, where);
    }
    if (cond.hasPath("where")) {
      return where.test(cond.getString("where"));
    }
    if (cond.hasPath("terms")) {
      List<String> phrases = new ArrayList<>();
      List<String> in = rule.subject().equals("post") ? List.of("text", "title") : List.of("display_name", "handle");
      int minDistinct = 1;
      if (cond.getValue("terms").valueType() == ConfigValueType.LIST) {
        cond.getStringList("terms").forEach(t -> phrases.add(RuleLists.normalize(t)));
      } else {
        Config t = cond.getConfig("terms");
        if (t.hasPath("any")) {
          t.getStringList("any").forEach(p -> phrases.add(RuleLists.normalize(p)));
        }
        if (t.hasPath("lists")) {
          for (String l : t.getStringList("lists")) {
            List<String> listed = lists.lists.get(l);
            if (listed == null) {
              throw new IllegalArgumentException(rule.origin() + ": rule " + rule.id() + ": unknown list '" + l + "'");
            }
            phrases.addAll(listed);
          }
        }
        if (t.hasPath("in")) {
          in = t.getStringList("in");
        }
        if (t.hasPath("min-distinct")) {
          minDistinct = t.getInt("min-distinct");
        }
      }
      Set<String> found = new HashSet<>();
      for (String f : in) {
        String value = field.apply(f);
        if (value != null) {
          for (String p : phrases) {
            if (value.contains(p)) {
              found.add(p);
            }
          }
        }
      }
      return found.size() >= minDistinct;
    }
    throw new IllegalArgumentException(rule.origin() + ": rule " + rule.id() + ": unknown condition " + cond.root()
        .keySet());
  }

  /** Every {@code where} expression of a rule. */
  static Set<String> wheres(Config cond) {
    Set<String> out = new LinkedHashSet<>();
    if (cond.hasPath("where")) {
      out.add(cond.getString("where"));
    }
    for (String key : List.of("all", "any")) {
      if (cond.hasPath(key)) {
        cond.getConfigList(key).forEach(c -> out.addAll(wheres(c)));
      }
    }
    if (cond.hasPath("not")) {
      out.addAll(wheres(cond.getConfig("not")));
    }
    return out;
  }
}
