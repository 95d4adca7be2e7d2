package io.winnow.generate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code winnow.generate} section, read eagerly; every default lives in reference.conf. All problems are reported
 * at once, each with the origin (file:line) of the offending value.
 *
 * @param postRates share of posts planted per subcategory, keyed {@code category.subcategory}
 * @param hardNegativePostRates share of posts per hard-negative kind ({@code debunking-post},
 *     {@code licensed-professional-advice}, {@code harmless-context}, ...; see {@link PostPlant})
 * @param accountRates share of accounts per impersonation subcategory, keyed {@code impersonation.SUB}
 * @param hardNegativeAccountRates share of accounts that are unofficial fan accounts, licensed professionals,
 *     journalists naming their outlet or verified individuals
 * @param variantShare share of planted post violations worded in {@link Variants} instead of a list phrase
 * @param nearCopyShare share of debunked-claim violations that are near-copies of a claim ({@link NearCopy})
 * @param paraphraseShare share of debunked-claim violations that restate a claim in other words ({@link Paraphrases})
 * @param evasionRate share of the remaining (list-phrase) post violations whose phrase is disguised
 * @param homoglyphShare share of planted impersonators that copy the protected name with look-alike letters
 */
public record GenerateSettings(
    List<String> platforms,
    LocalDate startDate,
    int partitions,
    Map<String, Double> postRates,
    Map<String, Double> hardNegativePostRates,
    Map<String, Double> accountRates,
    Map<String, Double> hardNegativeAccountRates,
    double reportsPerThousandPosts,
    double variantShare,
    double nearCopyShare,
    double paraphraseShare,
    double evasionRate,
    double homoglyphShare,
    double repostRate,
    double repostOfRumourShare,
    double reportsOnPlantedShare) implements Serializable {

  private static final long serialVersionUID = 1L;

  public GenerateSettings {
    platforms = List.copyOf(platforms);
    postRates = Map.copyOf(postRates);
    hardNegativePostRates = Map.copyOf(hardNegativePostRates);
    accountRates = Map.copyOf(accountRates);
    hardNegativeAccountRates = Map.copyOf(hardNegativeAccountRates);
  }

  /** Reads {@code winnow.generate}; throws {@link ConfigException.BadValue} listing every problem. */
  public static GenerateSettings from(Config section) {
    List<String> problems = new ArrayList<>();
    List<String> platforms = read(problems, section, "platforms", () -> section.getStringList("platforms"));
    if (platforms != null) {
      if (platforms.isEmpty()) {
        problems.add(where(section, "platforms") + "platforms: need at least one platform");
      }
      for (String p : platforms) {
        if (!p.matches("[a-z0-9][a-z0-9_-]*")) {
          problems.add(where(section, "platforms") + "platforms: '" + p
              + "' is not a valid partition value; use lower-case letters, digits, '_' or '-'");
        }
      }
      if (new TreeSet<>(platforms).size() != platforms.size()) {
        problems.add(where(section, "platforms") + "platforms: duplicate platform in " + platforms);
      }
    }
    LocalDate start = read(problems, section, "start-date", () -> {
      try {
        return LocalDate.parse(section.getString("start-date"));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("start-date: '" + section.getString("start-date")
            + "' is not a date; write it as YYYY-MM-DD");
      }
    });
    Integer partitions = read(problems, section, "partitions", () -> section.getInt("partitions"));
    if (partitions != null && partitions < 1) {
      problems.add(where(section, "partitions") + "partitions: must be at least 1, got " + partitions);
    }
    Map<String, Double> postRates = rates(problems, section, "post-rates", PostPlant.violationKeys());
    Map<String, Double> hnPostRates =
        rates(problems, section, "hard-negative-post-rates", PostPlant.hardNegativeKeys());
    Map<String, Double> accountRates = rates(problems, section, "account-rates", AccountLayout.IMPERSONATION_KEYS);
    Map<String, Double> hnAccountRates =
        rates(problems, section, "hard-negative-account-rates", AccountLayout.HARD_NEGATIVE_KEYS);
    if (postRates != null && hnPostRates != null) {
      double sum = postRates.values().stream().mapToDouble(Double::doubleValue).sum()
          + hnPostRates.values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 0.5) {
        problems.add(where(section, "post-rates") + "post-rates + hard-negative-post-rates: add up to " + sum
            + "; keep them at or below 0.5 so most posts stay ordinary");
      }
    }
    if (accountRates != null && hnAccountRates != null) {
      double sum = accountRates.values().stream().mapToDouble(Double::doubleValue).sum()
          + hnAccountRates.values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 0.5) {
        problems.add(where(section, "account-rates") + "account-rates + hard-negative-account-rates: add up to "
            + sum + "; keep them at or below 0.5");
      }
    }
    Double reports = read(problems, section, "reports-per-thousand-posts",
        () -> section.getDouble("reports-per-thousand-posts"));
    if (reports != null && reports < 0) {
      problems.add(where(section, "reports-per-thousand-posts") + "reports-per-thousand-posts: must be >= 0");
    }
    Double variant = share(problems, section, "variant-share");
    Double nearCopy = share(problems, section, "near-copy-share");
    Double paraphrase = share(problems, section, "paraphrase-share");
    if (variant != null && nearCopy != null && paraphrase != null && variant + nearCopy + paraphrase > 1) {
      problems.add(where(section, "variant-share") + "variant-share + near-copy-share + paraphrase-share: add up to "
          + (variant + nearCopy + paraphrase) + "; keep them at or below 1 (debunked claims draw from all three)");
    }
    Double evasion = share(problems, section, "evasion-rate");
    Double homoglyph = share(problems, section, "homoglyph-share");
    Double repost = share(problems, section, "repost-rate");
    Double repostRumour = share(problems, section, "repost-of-rumour-share");
    Double reportsPlanted = share(problems, section, "reports-on-planted-share");
    if (!problems.isEmpty()) {
      throw new ConfigException.BadValue(section.origin(), "winnow.generate",
          problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in winnow.generate:\n  "
              + String.join("\n  ", problems));
    }
    return new GenerateSettings(platforms, start, partitions, postRates, hnPostRates, accountRates,
        hnAccountRates, reports, variant, nearCopy, paraphrase, evasion, homoglyph, repost, repostRumour, reportsPlanted);
  }

  /** Rate of one planted post kind (violation or hard negative). */
  double postRate(PostPlant plant) {
    return plant.isViolation() ? postRates.get(plant.key()) : hardNegativePostRates.get(plant.key());
  }

  private interface Reader<T> {
    T read();
  }

  private static <T> T read(List<String> problems, Config section, String key, Reader<T> reader) {
    try {
      return reader.read();
    } catch (ConfigException.Missing e) {
      problems.add(where(section, null) + key + ": missing; add it to winnow.generate (see reference.conf)");
    } catch (ConfigException e) {
      problems.add(where(section, key) + key + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      problems.add(where(section, key) + e.getMessage());
    }
    return null;
  }

  private static Double share(List<String> problems, Config section, String key) {
    Double value = read(problems, section, key, () -> section.getDouble(key));
    if (value != null && (value < 0 || value > 1)) {
      problems.add(where(section, key) + key + ": must be between 0 and 1, got " + value);
    }
    return value;
  }

  private static Map<String, Double> rates(List<String> problems, Config section, String key, Set<String> known) {
    Config rates = read(problems, section, key, () -> section.getConfig(key));
    if (rates == null) {
      return null;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : rates.entrySet()) {
      String name = e.getKey();
      String path = key + "." + name;
      if (!known.contains(name)) {
        problems.add(where(section, path) + path + ": unknown; known: " + String.join(", ", new TreeSet<>(known)));
        continue;
      }
      Double value = read(problems, section, path, () -> section.getDouble(path));
      if (value != null && (value < 0 || value > 1)) {
        problems.add(where(section, path) + path + ": must be between 0 and 1, got " + value);
      } else if (value != null) {
        out.put(name, value);
      }
    }
    for (String k : new TreeSet<>(known)) {
      if (!rates.hasPath(k)) {
        problems.add(where(section, key) + key + "." + k + ": missing; give it a rate (0 plants none)");
      }
    }
    return out;
  }

  private static String where(Config section, String path) {
    try {
      var origin = path != null && section.hasPath(path) ? section.getValue(path).origin() : section.origin();
      String file = origin.filename() != null ? origin.filename()
          : origin.resource() != null ? origin.resource() : origin.description();
      return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() + ": " : file + ": ";
    } catch (ConfigException e) {
      return "";
    }
  }
}
