package io.winnow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.model.Condition;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The semantic line of {@code winnow bench engine --semantic-claims C}: the shipped rules swept without and with two
 * semantic similar-to rules (the English and the Chinese model, threshold 0.7) over a catalogue of the shipped debunked
 * claims and generated ones up to C, first with an empty claim cache (the claims {@code claims-searched} names are
 * embedded), then with the claim vectors from the cache the first sweep wrote, each after a sweep without them; where the cold sweep's time went (claim vectors, graphs, posts);
 * the share of posts that reached a model, the model's texts per second per core, and the ratios
 * to the sweep without them (target: at most 2).
 */
final class SemanticBench {
  /** One whole sweep of a rule set, its wall and CPU seconds, and the run directory it committed. */
  interface Sweeper {
    BenchEngineCommand.Measurement sweep(RuleSet set, String name) throws IOException;
  }

  private SemanticBench() {}

  static void run(PrintWriter out, RuleSet shipped, int claimCount, IntFunction<String> generatedClaim,
      Sweeper sweeper, Path sweeps, Path claimCache) throws IOException {
    List<Condition.Claim> claims = new ArrayList<>(shippedClaims(shipped));
    int shippedCount = claims.size();
    while (claims.size() < claimCount) {
      claims.add(new Condition.Claim("claim-" + claims.size(), generatedClaim.apply(claims.size())));
    }
    List<Rule> semantic = new ArrayList<>(shipped.rules());
    for (String[] model : new String[][] {{"en", "all-minilm-l6-v2-q"}, {"zh", "bge-small-zh-v15-q"}}) {
      semantic.add(new Rule("bench.semantic-" + model[0], 1, "bench", "bench", Subject.POST, Severity.LOW,
          Status.SHADOW, "bench", "limit-visibility", new Condition.SimilarTo("bench", List.copyOf(claims), 0.7,
              List.of("text", "title"), Condition.Measure.SEMANTIC, 3, model[1]), "bench:0", 1, List.of()));
    }
    RuleSet with = new RuleSet(semantic, shipped.policy(), shipped.hash() + "-semantic-" + claimCount,
        shipped.fileHashes());
    sweeper.sweep(shipped, "semantic-warm-up");
    BenchEngineCommand.Measurement base = sweeper.sweep(shipped, "semantic-off");
    org.apache.commons.io.FileUtils.deleteDirectory(claimCache.toFile());
    // Each semantic sweep as in a fresh JVM: no text remembered from the sweep before (of the same posts).
    io.winnow.text.SentenceEncoder.forgetRecentTexts();
    BenchEngineCommand.Measurement cold = sweeper.sweep(with, "semantic-on-cold");
    JsonNode c = manifest(sweeps, "semantic-on-cold");
    // The sweep without the stage again between the two, so each ratio is to a sweep made under the same load.
    BenchEngineCommand.Measurement base2 = sweeper.sweep(shipped, "semantic-off-2");
    io.winnow.text.SentenceEncoder.forgetRecentTexts();
    BenchEngineCommand.Measurement on = sweeper.sweep(with, "semantic-on");
    JsonNode m = manifest(sweeps, "semantic-on");
    double modelSeconds = m.get("model_task_seconds").asDouble();
    out.printf("semantic stage: %,d-claim catalogue (%d shipped debunked claims, the rest generated), two rules"
        + " (English and Chinese model, threshold 0.7, claims-searched = %s): %,d of %,d posts reached a model (%.2f %%),"
        + " %,d matched a claim, %,d refuted it; %,d texts embedded"
        + " (%,d more remembered, %,d read as the same tokens as another) in %.1f task-s = %.0f texts/s per core%n",
        claimCount, shippedCount, m.get("leaves").get(0).get("claims_searched").asText(),
        m.get("posts_reaching_model").asLong(), m.get("posts_evaluated").asLong(),
        100 * m.get("share_reaching_model").asDouble(), m.get("matched").asLong(), m.get("refuted").asLong(),
        m.get("texts_embedded").asLong(),
        m.get("texts_remembered").asLong(), m.get("texts_same_tokens").asLong(), modelSeconds,
        modelSeconds == 0 ? 0.0 : m.get("texts_embedded").asLong() / modelSeconds);
    for (JsonNode x : List.of(c, m)) {
      out.printf("%s: claim vectors %,d embedded, %,d from the cache, in %.1f s (%.1f cpu-s in tasks); graphs %d"
          + " built, %d loaded, in %.1f s (%.1f cpu-s); posts: %,d texts embedded in %.1f task-s%n",
          x == c ? "first sweep of the catalogue (cold)" : "later sweep (warm)", x.get("claims_embedded").asLong(),
          x.get("claims_from_cache").asLong(), x.get("claim_embedding_seconds").asDouble(),
          x.get("claim_embedding_cpu_seconds").asDouble(), x.get("graphs_built").asInt(),
          x.get("graphs_loaded").asInt(), x.get("graph_seconds").asDouble(), x.get("graph_cpu_seconds").asDouble(),
          x.get("texts_embedded").asLong(), x.get("model_task_seconds").asDouble());
    }
    out.printf("whole sweep, shipped rules: %.2f s (cpu %.2f), again %.2f s (cpu %.2f); with the semantic rules,"
        + " claims embedded: %.2f s (cpu %.2f), ratio to the sweep before it wall %.2f, cpu %.2f; claims from the"
        + " cache: %.2f s (cpu %.2f), ratio to the sweep before it wall %.2f, cpu %.2f (target <= 2)%n", base.wall(),
        base.cpu(), base2.wall(), base2.cpu(), cold.wall(), cold.cpu(), cold.wall() / base.wall(),
        cold.cpu() / base.cpu(), on.wall(), on.cpu(), on.wall() / base2.wall(), on.cpu() / base2.cpu());
    out.flush();
  }

  private static JsonNode manifest(Path sweeps, String name) throws IOException {
    return new ObjectMapper().readTree(sweeps.resolve(name + "/runs/bench-engine-" + name + "/manifest.json").toFile())
        .get("semantic");
  }

  private static List<Condition.Claim> shippedClaims(RuleSet shipped) {
    for (Rule r : shipped.rules()) {
      List<Condition.Claim> found = claims(r.when());
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<Condition.Claim> claims(Condition c) {
    if (c instanceof Condition.SimilarTo x) {
      return x.claims();
    }
    List<Condition> children = c instanceof Condition.All a ? a.conditions()
        : c instanceof Condition.Any a ? a.conditions() : List.of();
    for (Condition child : children) {
      List<Condition.Claim> found = claims(child);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }
}
