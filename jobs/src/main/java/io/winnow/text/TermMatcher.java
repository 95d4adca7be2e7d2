package io.winnow.text;

import java.util.ArrayList;
import java.util.List;

/** Placeholder until the text engine lands: one indexOf per phrase. */
public final class TermMatcher {
  /** Receives every occurrence: phrase index and normalized offsets. */
  @FunctionalInterface
  public interface HitConsumer {
    void hit(int phrase, int start, int end);
  }

  public record Hit(int phrase, int start, int end) {}

  private final List<String> phrases;

  private TermMatcher(List<String> phrases) {
    this.phrases = phrases;
  }

  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer) {
    List<String> normalized = new ArrayList<>();
    for (String p : phrases) {
      normalized.add(normalizer.normalize(p).text());
    }
    return new TermMatcher(normalized);
  }

  public void scan(NormalizedText t, HitConsumer consumer) {
    String s = t.text();
    for (int p = 0; p < phrases.size(); p++) {
      String phrase = phrases.get(p);
      for (int i = s.indexOf(phrase); i >= 0; i = s.indexOf(phrase, i + 1)) {
        consumer.hit(p, i, i + phrase.length());
      }
    }
  }

  public List<Hit> scan(NormalizedText t) {
    List<Hit> hits = new ArrayList<>();
    scan(t, (p, s, e) -> hits.add(new Hit(p, s, e)));
    return hits;
  }
}
