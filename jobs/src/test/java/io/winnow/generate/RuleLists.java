package io.winnow.generate;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The term lists of rules/lists, read the way README.md describes them, and a test-side normalizer that undoes the
 * generator's evasions (case, width, invisible characters, traditional characters, spacing between CJK characters).
 */
final class RuleLists {
  static final List<String> POST_LISTS = List.of("fabricated-news", "debunked-claims", "false-health-claims",
      "debunk-markers", "medical-services", "legal-services", "financial-services", "educational-services",
      "disaster-events", "disaster-hype-hooks", "engagement-bait", "paid-solicitation");
  static final List<String> ACCOUNT_LISTS = List.of("protected-military", "protected-institutions",
      "protected-news-media", "protected-news-anchors", "fan-markers");
  /** Lists a planted post must hit, by subcategory or hard-negative kind; the last one holds the disguised phrase. */
  static final Map<String, List<String>> TRIGGER_LISTS = Map.ofEntries(
      Map.entry("fabricated-news", List.of("fabricated-news")),
      Map.entry("debunked-claim", List.of("debunked-claims")),
      Map.entry("false-health-claim", List.of("false-health-claims")),
      Map.entry("medical", List.of("medical-services")),
      Map.entry("legal", List.of("legal-services")),
      Map.entry("financial", List.of("financial-services")),
      Map.entry("educational", List.of("educational-services")),
      Map.entry("disaster-hype", List.of("disaster-events", "disaster-hype-hooks")),
      Map.entry("engagement-bait", List.of("engagement-bait")),
      Map.entry("illegal-monetisation", List.of("paid-solicitation")),
      Map.entry("debunking-post", List.of("debunk-markers")),
      Map.entry("licensed-professional-advice", List.of()));
  static final Map<String, String> PROTECTED_LIST = Map.of("military", "protected-military", "institution",
      "protected-institutions", "news-media", "protected-news-media", "news-anchor", "protected-news-anchors");

  private static final Transliterator T2S = Transliterator.getInstance("Traditional-Simplified");
  private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF]");
  private static final Pattern CJK_GAP = Pattern.compile("(?<=\\p{IsHan})[\\s.·]+(?=\\p{IsHan})");

  final Map<String, List<String>> lists;

  private RuleLists(Map<String, List<String>> lists) {
    this.lists = lists;
  }

  static Path rulesDir() {
    return Path.of(System.getProperty("project.rules.dir", "../rules"));
  }

  static RuleLists load() {
    Map<String, List<String>> lists = new TreeMap<>();
    try (Stream<Path> files = Files.list(rulesDir().resolve("lists"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
        List<String> phrases = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
          int hash = line.indexOf('#');
          String phrase = (hash >= 0 ? line.substring(0, hash) : line).trim();
          if (!phrase.isEmpty()) {
            phrases.add(normalize(phrase));
          }
        }
        lists.put(f.getFileName().toString().replaceAll("\\.txt$", ""), phrases);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RuleLists(lists);
  }

  static synchronized String normalize(String s) {
    String out = INVISIBLE.matcher(s).replaceAll("");
    out = Normalizer.normalize(out, Normalizer.Form.NFKC);
    out = T2S.transliterate(out);
    out = CJK_GAP.matcher(out).replaceAll("");
    return out.toLowerCase(Locale.ROOT);
  }

  /** The first phrase of {@code list} that occurs in the (normalized) text, or null. */
  String firstIn(String list, String normalizedText) {
    List<String> phrases = lists.get(list);
    if (phrases == null) {
      throw new IllegalArgumentException("no list " + list + " in " + rulesDir() + "/lists; known: " + lists.keySet());
    }
    for (String p : phrases) {
      if (normalizedText.contains(p)) {
        return p;
      }
    }
    return null;
  }
}
