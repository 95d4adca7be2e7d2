package io.winnow.sweep;

import io.winnow.engine.SemanticLeaf;
import io.winnow.text.ClaimVectors;
import io.winnow.text.Refutations;
import io.winnow.text.SentenceEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * The model step of the semantic stage, per partition of the texts the first stage let through ({@code key, leaf,
 * rule, field, start, end, excerpt}): a text in the script of its leaf's model is embedded (once per model and row)
 * and compared with its leaf's claims; a match is emitted as a hit ({@link SemanticJoin#HIT}).
 * A text this JVM embedded lately is not embedded again ({@link SentenceEncoder#recent}), nor one with the same tokens
 * ({@link SentenceEncoder#embedOnce}). Counts posts and texts that reached the model, texts embedded, reused and read
 * as the same tokens, matches, refutations and the model's time in accumulators.
 */
final class SemanticEmbed implements MapPartitionsFunction<Row, Row> {
  private final SubjectRules rules;
  private final Broadcast<List<SemanticJoin.Plan>> plans;
  private final Refutations refutations;
  private final LongAccumulator posts;
  private final LongAccumulator texts;
  private final LongAccumulator matched;
  private final LongAccumulator refuted;
  private final LongAccumulator modelNanos;
  private final LongAccumulator reused;
  private final LongAccumulator sameTokens;

  SemanticEmbed(SubjectRules rules, Broadcast<List<SemanticJoin.Plan>> plans, Refutations refutations,
      LongAccumulator posts, LongAccumulator texts, LongAccumulator matched, LongAccumulator refuted,
      LongAccumulator modelNanos, LongAccumulator reused, LongAccumulator sameTokens) {
    this.rules = rules;
    this.plans = plans;
    this.refutations = refutations;
    this.posts = posts;
    this.texts = texts;
    this.matched = matched;
    this.refuted = refuted;
    this.modelNanos = modelNanos;
    this.reused = reused;
    this.sameTokens = sameTokens;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    Map<Integer, SemanticJoin.Plan> byLeaf = new HashMap<>();
    for (SemanticJoin.Plan p : plans.value()) {
      byLeaf.put(p.leaf(), p);
    }
    Map<Integer, SemanticLeaf> leaves = new HashMap<>();
    for (SemanticLeaf l : rules.compiled().deferred(SemanticLeaf.class)) {
      leaves.put(l.id(), l);
    }
    List<Row> out = new ArrayList<>();
    // A row's texts come one after the other: the same text under two leaves of one model is embedded once.
    Map<SentenceEncoder.Spec, Map<String, float[]>> embedded = new HashMap<>();
    String lastKey = null;
    boolean counted = false;
    while (in.hasNext()) {
      Row r = in.next();
      if (!Objects.equals(lastKey, r.getString(0))) {
        lastKey = r.getString(0);
        counted = false;
        embedded.clear();
      }
      SemanticJoin.Plan plan = byLeaf.get(r.getInt(1));
      String text = r.getString(6);
      if (!plan.model().script().writes(text)) {
        continue; // a language filter: the model does not read this script
      }
      if (!counted) {
        posts.add(1);
        counted = true;
      }
      float[] vector = embedded.computeIfAbsent(plan.model(), k -> new HashMap<>()).computeIfAbsent(text,
          t -> vector(SentenceEncoder.of(plan.model()), t));
      Row hit = decide(r, plan, vector, leaves.get(r.getInt(1)));
      if (hit != null) {
        out.add(hit);
      }
    }
    return out.iterator();
  }

  /**
   * The vector of {@code text}: remembered from an earlier row of this JVM (the same text, or another the model reads
   * the same), or embedded now.
   */
  private float[] vector(SentenceEncoder encoder, String text) {
    float[] v = encoder.recent(text);
    if (v != null) {
      reused.add(1);
      return v;
    }
    long started = System.nanoTime();
    SentenceEncoder.Embedding e = encoder.embedOnce(text);
    modelNanos.add(System.nanoTime() - started);
    (e.ran() ? texts : sameTokens).add(1);
    encoder.remember(text, e.vector());
    return e.vector();
  }

  /** The hit of one text: its nearest claim at or above the threshold, unless the text refutes it. */
  private Row decide(Row r, SemanticJoin.Plan plan, float[] vector, SemanticLeaf leaf) {
    String text = r.getString(6);
    // The claims the text passed the first stage on are always scored exactly: the graph cannot lose them.
    ClaimVectors.Nearest near = plan.vectors().nearest(vector, plan.model().recentTexts(),
        plan.vectors().usesGraph() ? leaf.reached(text) : new int[0]);
    if (near == null || near.cosine() < plan.condition().threshold() - 1e-9) {
      return null;
    }
    String claim = plan.condition().claims().get(near.claim()).text();
    if (refutations.cueAgainst(text, claim) != null) {
      refuted.add(1);
      return null;
    }
    matched.add(1);
    String phrase = SemanticLeaf.evidence(plan.condition().claims().get(near.claim()).id(), near.cosine(),
        plan.model().id(), plan.sha256(), leaf.firstStage(text), claim);
    return RowFactory.create(r.getString(0), r.getInt(1), r.getInt(2), phrase, r.getString(3), r.getInt(4),
        r.getInt(5), text);
  }
}
