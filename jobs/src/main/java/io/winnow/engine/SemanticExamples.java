package io.winnow.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.winnow.model.Condition;
import io.winnow.text.ClaimVectors;
import io.winnow.text.Refutations;
import io.winnow.text.SentenceEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic stage in-process, for {@code rules test} and {@link ExampleRunner#evaluate}: the texts a semantic leaf
 * deferred are embedded and compared with its claims (a scan) as the sweep's stage does (io.winnow.sweep.SemanticJoin),
 * with the models and refutation cues of {@code reference.conf} (a model added by a sweep's --conf is not known here).
 */
final class SemanticExamples {
  private final Map<String, SentenceEncoder.Spec> models;
  private final Refutations cues;
  private final Map<Integer, ClaimVectors> vectors = new HashMap<>();

  SemanticExamples(Config semantic) {
    this.models = SentenceEncoder.specs(semantic);
    this.cues = new Refutations(semantic.getStringList("refutation-cues"));
  }

  /** The shipped models and cues (reference.conf's {@code winnow.semantic}). */
  static SemanticExamples shipped() {
    return new SemanticExamples(ConfigFactory.defaultReference().getConfig("winnow.semantic"));
  }

  /** {@code match} with its semantic leaves decided: those that match satisfied, with their evidence. */
  CompiledRules.TextMatch decide(CompiledRules c, CompiledRules.TextMatch match) {
    if (match == null || match.pending().isEmpty()) {
      return match;
    }
    Map<Integer, SemanticLeaf> leaves = new HashMap<>();
    c.deferred(SemanticLeaf.class).forEach(l -> leaves.put(l.id(), l));
    List<Integer> satisfied = new ArrayList<>(Arrays.stream(match.satisfiedLeaves()).boxed().toList());
    List<CompiledRules.Hit> hits = new ArrayList<>(match.hits());
    for (CompiledRules.Pending p : match.pending()) {
      SemanticLeaf leaf = leaves.get(p.leaf());
      if (leaf == null) {
        continue;
      }
      String hit = hit(leaf, p.excerpt());
      if (hit != null) {
        satisfied.add(p.leaf());
        hits.add(new CompiledRules.Hit(p.leaf(), p.rule(), hit, p.field(), p.start(), p.end(), p.excerpt()));
      }
    }
    return new CompiledRules.TextMatch(match.candidates(), satisfied.stream().mapToInt(Integer::intValue).toArray(),
        hits, List.of());
  }

  /** The evidence of {@code text} matching a claim of {@code leaf}, or null. */
  private String hit(SemanticLeaf leaf, String text) {
    Condition.SimilarTo x = leaf.condition();
    SentenceEncoder.Spec spec = models.get(x.model());
    if (spec == null) {
      throw new IllegalArgumentException("unknown semantic model '" + x.model() + "'. Known in reference.conf: "
          + String.join(", ", new java.util.TreeSet<>(models.keySet())));
    }
    if (!spec.script().writes(text)) {
      return null;
    }
    SentenceEncoder encoder = SentenceEncoder.of(spec);
    ClaimVectors claims = vectors.computeIfAbsent(leaf.id(), k -> new ClaimVectors(x.claims().stream()
        .map(cl -> spec.script().writes(cl.text()) ? encoder.embed(cl.text()) : null).toList(), Integer.MAX_VALUE,
        1, 1, 1));
    ClaimVectors.Nearest near = claims.nearest(encoder.embed(text));
    if (near == null || near.cosine() < x.threshold() - 1e-9
        || cues.cueAgainst(text, x.claims().get(near.claim()).text()) != null) {
      return null;
    }
    return SemanticLeaf.evidence(x.claims().get(near.claim()).id(), near.cosine(), spec.id(), encoder.sha256(),
        leaf.firstStage(text), x.claims().get(near.claim()).text());
  }
}
