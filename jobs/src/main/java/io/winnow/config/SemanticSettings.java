package io.winnow.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.winnow.text.SentenceEncoder;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code winnow.semantic}: the sentence models rules may name and the threads of the model, when a catalogue is
 * searched through an HNSW graph, whether only the claims some post's first stage reached are searched, the refutation
 * cues, and where claim vectors and graphs are kept across sweeps. Read eagerly; a wrong value names its key.
 */
public record SemanticSettings(Map<String, SentenceEncoder.Spec> models, int hnswAboveClaims,
    int hnswMaxConnections, int hnswBeamWidth, int hnswCandidates, List<String> refutationCues, String claimCache,
    int claimCacheMaxEntries, int claimCacheGraphs, boolean searchesReached)
    implements Serializable {
  private static final List<String> SEARCHES = List.of("reached", "all");

  static SemanticSettings of(Config root) {
    Config c = root.getConfig("winnow.semantic");
    Map<String, SentenceEncoder.Spec> models = SentenceEncoder.specs(c);
    return new SemanticSettings(Map.copyOf(models), c.getInt("hnsw-above-claims"),
        positive(c, "hnsw-max-connections"), positive(c, "hnsw-beam-width"), positive(c, "hnsw-candidates"),
        List.copyOf(c.getStringList("refutation-cues")), c.getString("claim-cache").strip(),
        positive(c, "claim-cache-max-entries"), positive(c, "claim-cache-graphs"), searched(c).equals("reached"));
  }

  private static String searched(Config c) {
    String v = c.getString("claims-searched").strip();
    if (!SEARCHES.contains(v)) {
      throw new ConfigException.BadValue(c.getValue("claims-searched").origin(), "winnow.semantic.claims-searched", "'" + v
          + "' is not a choice of claims. Give reached (the claims some post's first stage reached) or all");
    }
    return v;
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
