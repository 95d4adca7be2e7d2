package io.winnow.generate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A deliberately small reading of rules/README.md for the generator's tests (RulePacksTest): enough to check that
 * the shipped packs are well formed and cover every subcategory the generator plants. It is not the engine's loader
 * and evaluates no condition; whether the packs flag what is planted is checked with the engine (EndToEndTest).
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

  private MiniRules(List<Rule> rules) {
    this.rules = rules;
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
    return new MiniRules(rules);
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
}
