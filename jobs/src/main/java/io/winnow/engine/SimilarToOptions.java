package io.winnow.engine;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import io.winnow.text.ClaimIndex;
import java.util.Locale;

/**
 * The options of {@code similar-to} beyond the catalogue: {@code measure} (jaccard, the default, or containment),
 * {@code contained} (claim, post or either: whose shingles a containment counts), {@code threshold}, checked against
 * what the measure's index serves, and {@code min-shared}.
 */
final class SimilarToOptions {
  /** Below this, the Jaccard index finds a pair at the threshold with a probability lint states in a note. */
  static final double JACCARD_SERVED = 0.6;
  /** Below this, the Jaccard index misses most pairs at the threshold: refused. */
  static final double JACCARD_FLOOR = 0.3;
  /** Below this cosine, small sentence models match unrelated texts: refused. */
  static final double SEMANTIC_FLOOR = 0.5;

  private SimilarToOptions() {}

  /**
   * The model of a semantic measure: required there ({@code model = ID}, a key of {@code winnow.semantic.models},
   * checked by the sweep against the configuration), refused elsewhere. Null when there is none.
   */
  static String model(ConfigObject object, Condition.Measure measure, ConfigValue body, ReadContext context) {
    ConfigValue v = object.get("model");
    if (measure != Condition.Measure.SEMANTIC) {
      if (v != null) {
        context.problem(v.origin(), "model applies to measure = semantic only. Remove it or add measure = semantic");
      }
      return null;
    }
    if (v == null || v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
      context.problem(v == null ? body.origin() : v.origin(), "measure = semantic needs model = ID, a sentence model"
          + " of winnow.semantic.models (shipped: all-minilm-l6-v2-q for English, bge-small-zh-v15-q for Chinese)");
      return null;
    }
    return (String) v.unwrapped();
  }

  static Condition.Measure measure(ConfigObject object, ReadContext context) {
    ConfigValue measure = object.get("measure");
    ConfigValue contained = object.get("contained");
    String m = measure == null ? "jaccard" : String.valueOf(measure.unwrapped());
    if (!m.equals("jaccard") && !m.equals("containment") && !m.equals("semantic")) {
      context.problem(measure.origin(), "unknown measure '" + m + "'. Known: jaccard (whole texts alike),"
          + " containment (one inside the other), semantic (the same claim in other words)");
      return Condition.Measure.JACCARD;
    }
    if (m.equals("semantic")) {
      if (contained != null) {
        context.problem(contained.origin(), "contained applies to measure = containment only. Remove it");
      }
      return Condition.Measure.SEMANTIC;
    }
    if (m.equals("jaccard")) {
      if (contained != null) {
        context.problem(contained.origin(), "contained applies to measure = containment only. Remove it or add"
            + " measure = containment");
      }
      return Condition.Measure.JACCARD;
    }
    String c = contained == null ? null : String.valueOf(contained.unwrapped());
    if (c == null || !(c.equals("claim") || c.equals("post") || c.equals("either"))) {
      context.problem(contained == null ? measure.origin() : contained.origin(), "measure = containment needs"
          + " contained = claim (the claim repeated inside a longer post), post (the post an excerpt of a longer"
          + " claim) or either");
      return Condition.Measure.CLAIM_CONTAINED;
    }
    return switch (c) {
      case "claim" -> Condition.Measure.CLAIM_CONTAINED;
      case "post" -> Condition.Measure.POST_CONTAINED;
      default -> Condition.Measure.EITHER_CONTAINED;
    };
  }

  /**
   * The threshold in (0, 1]. A containment index is exact at every threshold; the Jaccard index (MinHash with
   * {@link ClaimIndex#BANDS} bands of {@link ClaimIndex#ROWS} rows) finds a pair scoring s with probability
   * {@link ClaimIndex#candidateProbability}: 0.99 at 0.6, so lower thresholds get a note with that figure, and those
   * below 0.3 (under 0.23) are refused.
   */
  static double threshold(ConfigObject object, ConfigValue body, Condition.Measure measure, ReadContext context) {
    ConfigValue threshold = object.get("threshold");
    boolean jaccard = measure == Condition.Measure.JACCARD;
    if (threshold == null || threshold.valueType() != ConfigValueType.NUMBER
        || ((Number) threshold.unwrapped()).doubleValue() <= 0 || ((Number) threshold.unwrapped()).doubleValue() > 1) {
      context.problem(threshold == null ? body.origin() : threshold.origin(), "similar-to needs threshold = a number"
          + " in (0, 1]: the least " + (jaccard ? "Jaccard similarity of character shingles, e.g. threshold = 0.6"
              : measure == Condition.Measure.SEMANTIC ? "cosine of the sentence embeddings, e.g. threshold = 0.8"
              : "share of shingles contained, e.g. threshold = 0.8"));
      return 0;
    }
    double t = ((Number) threshold.unwrapped()).doubleValue();
    if (measure == Condition.Measure.SEMANTIC && t < SEMANTIC_FLOOR) {
      context.problem(threshold.origin(), "threshold " + t + " is below " + SEMANTIC_FLOOR + ": at that cosine"
          + " unrelated texts match (small sentence models score them 0.3 to 0.5). Use threshold = 0.8 or so");
    } else if (jaccard && t < JACCARD_FLOOR) {
      context.problem(threshold.origin(), String.format(Locale.ROOT, "threshold %s is below what the Jaccard index"
          + " serves: a pair scoring %s is found with probability %.2f. Use threshold >= %s, or measure ="
          + " containment (exact at every threshold)", t, t, ClaimIndex.candidateProbability(t), JACCARD_FLOOR));
    } else if (jaccard && t < JACCARD_SERVED) {
      context.note(threshold.origin(), String.format(Locale.ROOT, "note: at threshold %s the Jaccard index finds a"
          + " pair scoring %s with probability %.2f (0.99 from %s). Raise the threshold, or use measure = containment"
          + " (exact at every threshold)", t, t, ClaimIndex.candidateProbability(t), JACCARD_SERVED));
    }
    return t;
  }

  /** The least shared shingles of a containment match: {@link SimilarToKind#DEFAULT_MIN_SHARED} or more than 2. */
  static int minShared(ConfigObject object, Condition.Measure measure, ReadContext context) {
    ConfigValue v = object.get("min-shared");
    if (v == null) {
      return measure == Condition.Measure.JACCARD ? 0 : measure == Condition.Measure.SEMANTIC
          ? SemanticLeaf.DEFAULT_MIN_SHARED : SimilarToKind.DEFAULT_MIN_SHARED;
    }
    if (measure == Condition.Measure.JACCARD) {
      context.problem(v.origin(), "min-shared applies to measure = containment only. Remove it");
      return 0;
    }
    if (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).intValue() < 3
        || ((Number) v.unwrapped()).doubleValue() != ((Number) v.unwrapped()).intValue()) {
      context.problem(v.origin(), "min-shared must be a whole number of at least 3 (shingles a post and a claim"
          + " share; a two-shingle overlap is chance)");
      return SimilarToKind.DEFAULT_MIN_SHARED;
    }
    return ((Number) v.unwrapped()).intValue();
  }
}
