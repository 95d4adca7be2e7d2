package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.text.ContainmentIndex;
import io.winnow.text.TextNormalizer;
import java.util.List;
import java.util.Locale;

/**
 * A similar-to leaf with the semantic measure ({@code measure = semantic, model = ID}): the cosine of the sentence
 * embeddings of the text and a claim, decided after the pass by the semantic stage (io.winnow.sweep.SemanticJoin),
 * which embeds the texts the pass defers in batches and compares them with the claims' embeddings, computed once per
 * sweep.
 *
 * <p>The pass is the cascade's cheap first stage: it defers a text only when it shares at least {@link
 * #FIRST_STAGE_SHARE} of some claim's distinct character shingles, and at least {@code min-shared} of them
 * ({@link ContainmentIndex}, exact and fast). The shingles are a character n-gram sketch, so a post also passes only in
 * the script (the language) of some claim; most posts share nothing with any claim and never reach the model. A
 * paraphrase keeps some of the claim's content words (the virus, the hair dryer) while the wording around them
 * changes: the share asked of it is far below what the containment measure asks of a copy.
 */
public final class SemanticLeaf extends Leaf {
  /** The least character shingles a post shares with a claim to reach the model, when the rule names none. */
  static final int DEFAULT_MIN_SHARED = 3;
  /** The least share of a claim's distinct shingles a post holds to reach the model. */
  public static final double FIRST_STAGE_SHARE = 0.2;

  private final Condition.SimilarTo condition;
  private final ContainmentIndex sketch;

  private SemanticLeaf(int rule, int fieldMask, Condition.SimilarTo condition, ContainmentIndex sketch) {
    super(rule, fieldMask);
    this.condition = condition;
    this.sketch = sketch;
  }

  static Node compile(Condition.SimilarTo x, int mask, CompileContext context) {
    ContainmentIndex sketch = context.shared(List.of("semantic-sketch", x.claims(), x.minShared()),
        () -> new ContainmentIndex(x.claims().stream().map(Condition.Claim::id).toList(),
            x.claims().stream().map(Condition.Claim::text).toList(), FIRST_STAGE_SHARE, x.minShared(),
            ContainmentIndex.Contained.CLAIM, context.normalizer()));
    return context.deferred(new SemanticLeaf(context.rule(), mask, x, sketch));
  }

  @Override
  public String kind() {
    return "similar-to";
  }

  /** The condition: catalogue, claims, threshold (a cosine), model, fields. */
  public Condition.SimilarTo condition() {
    return condition;
  }

  @Override
  protected void field(RowScan row) {
    if (!sketch.search(row.text()).isEmpty()) {
      int start = row.text().originalStart(0);
      int end = Math.max(start, row.text().originalEnd(row.text().length()));
      row.defer(new CompiledRules.Pending(id(), rule(), row.fieldName(), start, end,
          row.text().original().substring(start, end), new long[0], new long[0]));
    }
  }

  /**
   * What let {@code text} through the first stage, for the evidence: the claim sharing the largest share of its
   * shingles, e.g. {@code "dc-en-003 shares 6 of 21 shingles"}; null when nothing did.
   */
  public String firstStage(String text) {
    List<ContainmentIndex.Hit> hits = sketch.search(TextNormalizer.shared().normalize(text));
    ContainmentIndex.Hit best = null;
    for (ContainmentIndex.Hit h : hits) {
      if (best == null || h.score() > best.score() || h.score() == best.score() && h.claim() < best.claim()) {
        best = h;
      }
    }
    return best == null ? null : String.format(Locale.ROOT, "%s shares %d shingles (%.2f of its own)", best.id(),
        best.shared(), best.score());
  }

  /** What the evidence of a semantic match says: {@code dc-en-003 (cosine 0.87, model ID sha256:…; first stage: …)}. */
  public static String evidence(String claimId, double cosine, String model, String sha256, String firstStage) {
    return String.format(Locale.ROOT, "%s (cosine %.2f, model %s sha256:%s; first stage: %s)", claimId, cosine, model,
        sha256, firstStage);
  }
}
