package io.winnow.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.winnow.text.SentenceEncoder;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code winnow.semantic}: the sentence models rules may name and the threads of the model, when a catalogue is
 * searched through an HNSW graph, which claims are searched (claims-searched), the refutation
 * cues, and where claim vectors and graphs are kept across sweeps. Read eagerly; a wrong value names its key.
 */
public record SemanticSettings(Map<String, SentenceEncoder.Spec> models, int hnswAboveClaims,
    int hnswMaxConnections, int hnswBeamWidth, int hnswCandidates, List<String> refutationCues, String claimCache,
    int claimCacheMaxEntries, int claimCacheGraphs, ClaimsSearched claimsSearched)
    implements Serializable {
  /**
   * Which claims a sweep embeds and searches ({@code claims-searched}): every claim; those some passing text overlaps
   * (holds the first stage's share of the smaller side's keywords); those some passing text passes the first stage on.
   */
  public enum ClaimsSearched {
    ALL, OVERLAPPING, REACHED;

    /** As the configuration spells it. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static SemanticSettings of(Config root) {
    Config c = root.getConfig("winnow.semantic");
    Map<String, SentenceEncoder.Spec> models = SentenceEncoder.specs(c);
    return new SemanticSettings(Map.copyOf(models), c.getInt("hnsw-above-claims"),
        positive(c, "hnsw-max-connections"), positive(c, "hnsw-beam-width"), positive(c, "hnsw-candidates"),
        List.copyOf(c.getStringList("refutation-cues")), c.getString("claim-cache").strip(),
        positive(c, "claim-cache-max-entries"), positive(c, "claim-cache-graphs"), searched(c));
  }

  private static ClaimsSearched searched(Config c) {
    String v = c.getString("claims-searched").strip();
    for (ClaimsSearched s : ClaimsSearched.values()) {
      if (s.key().equals(v)) {
        return s;
      }
    }
    throw new ConfigException.BadValue(c.getValue("claims-searched").origin(), "winnow.semantic.claims-searched", "'"
        + v + "' is not a choice of claims. Give overlapping (the claims some passing post overlaps), reached (the"
        + " claims some post's first stage reached) or all");
  }

  /** Whether only some claims are searched (those the passing texts overlap or reach), not all. */
  public boolean searchesSome() {
    return claimsSearched != ClaimsSearched.ALL;
  }

  private static int positive(Config c, String key) {
    if (c.getInt(key) < 1) {
      throw new ConfigException.BadValue(c.getValue(key).origin(), key, c.getInt(key) + " is below 1. Give 1 or more");
    }
    return c.getInt(key);
  }

  /** Whether claim vectors are kept across sweeps ({@code claim-cache} is not {@code off}). */
  public boolean cachesClaims() {
    return !claimCache.equals("off");
  }

  /** The model {@code id}, or a message naming the known ones. */
  public SentenceEncoder.Spec model(String id, String rule) {
    SentenceEncoder.Spec spec = models.get(id);
    if (spec == null) {
      throw new io.winnow.UserError("rule " + rule + ": unknown semantic model '" + id + "'. Known (winnow.semantic"
          + ".models): " + String.join(", ", new java.util.TreeSet<>(models.keySet())) + ". Add it to the config"
          + " with its onnx and tokenizer files");
    }
    return spec;
  }
}
