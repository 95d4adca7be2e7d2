package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.text.KeywordSketch;
import io.winnow.text.TextNormalizer;
import java.util.List;
import java.util.Locale;

/**
 * A similar-to leaf with the semantic measure ({@code measure = semantic, model = ID}): the cosine of the sentence
 * embeddings of the text and a claim, decided after the pass by the semantic stage (io.winnow.sweep.SemanticJoin),
 * which embeds the texts the pass defers in batches and compares them with the claims' embeddings, computed once per
 * sweep.
 *
 * <p>The pass is the cascade's cheap first stage: it defers a text only when it holds at least {@link
 * #FIRST_STAGE_SHARE} of some claim's keywords, and at least {@code min-shared} of them ({@link KeywordSketch}: the
 * character 4-grams of content words, single Chinese characters; exact and fast). A paraphrase keeps some of the
 * claim's content words (the virus, the hair dryer) while the wording around them changes; most posts share none with
 * any claim and never reach the model. The keywords are a character sketch, so a post passes only in the script of
 * some claim; the stage then keeps each model to its own script.
 */
public final class SemanticLeaf extends Leaf {
  /** The least keywords a post shares with a claim to reach the model, when the rule names none. */
  static final int DEFAULT_MIN_SHARED = 3;
  /** The least share of a claim's keywords a post holds to reach the model. */
  public static final double FIRST_STAGE_SHARE = 0.3;

  private final Condition.SimilarTo condition;
  private final KeywordSketch sketch;

  private SemanticLeaf(int rule, int fieldMask, Condition.SimilarTo condition, KeywordSketch sketch) {
    super(rule, fieldMask);
    this.condition = condition;
    this.sketch = sketch;
  }

  static Node compile(Condition.SimilarTo x, int mask, CompileContext context) {
    KeywordSketch sketch = context.shared(List.of("semantic-sketch", x.claims(), x.minShared()),
        () -> new KeywordSketch(x.claims().stream().map(Condition.Claim::id).toList(),
            x.claims().stream().map(Condition.Claim::text).toList(), FIRST_STAGE_SHARE, x.minShared(),
            context.normalizer()));
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
    if (sketch.passes(row.text())) {
      int start = row.text().originalStart(0);
      int end = Math.max(start, row.text().originalEnd(row.text().length()));
      row.defer(new CompiledRules.Pending(id(), rule(), row.fieldName(), start, end,
          row.text().original().substring(start, end), new long[0], new long[0]));
    }
  }

  /**
   * The claims {@code text} (a text this leaf deferred) passes the first stage on, in catalogue order: with {@code
   * winnow.semantic.claims-searched = reached}, the claims a sweep embeds are those some deferred text reaches.
   */
  public int[] reached(String text) {
    return sketch.reached(TextNormalizer.shared().normalize(text));
  }

  /**
   * The claims sharing with {@code text} (a text this leaf deferred) at least the first stage's share of the smaller
   * side's keywords ({@link KeywordSketch#overlapping}): with {@code winnow.semantic.claims-searched = overlapping}, the
   * claims a sweep embeds are those some deferred text overlaps.
   */
  public int[] overlapping(String text) {
    return sketch.overlapping(TextNormalizer.shared().normalize(text));
  }

  /**
   * What let {@code text} through the first stage, for the evidence: the claim sharing the largest share of its
   * keywords, e.g. {@code "dc-en-003 shares 5 of 8 keywords"}; null when nothing did.
   */
  public String firstStage(String text) {
    KeywordSketch.Hit best = sketch.best(TextNormalizer.shared().normalize(text));
    return best == null ? null : String.format(Locale.ROOT, "%s shares %d of %d keywords", best.id(), best.shared(),
        best.keywords());
  }

  /** Where the claim's own text starts in the evidence of a semantic match ({@link #evidence}). */
  public static final String CLAIM_TEXT = "; claim: ";

  /**
   * What the evidence of a semantic match says: {@code dc-en-003 (cosine 0.87, model ID sha256:…; first stage: …;
   * claim: a hair dryer up your nose kills the virus)}: the claim's text travels with it, since the catalogue is not
   * part of the run's outputs.
   */
  public static String evidence(String claimId, double cosine, String model, String sha256, String firstStage,
      String claimText) {
    return String.format(Locale.ROOT, "%s (cosine %.2f, model %s sha256:%s; first stage: %s%s%s)", claimId, cosine,
        model, sha256, firstStage, CLAIM_TEXT, claimText);
  }
}
