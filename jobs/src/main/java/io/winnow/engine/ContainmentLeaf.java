package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.text.ClaimIndex;
import io.winnow.text.ContainmentIndex;
import java.util.List;
import java.util.Locale;

/**
 * A similar-to leaf with a containment measure ({@code measure = containment}), matched in the pass by a {@link
 * ContainmentIndex}, or left to the join for a catalogue above {@code join-above-claims} ({@link Joined}). Evidence:
 * the claim id, the measure and score, the shared shingles, and the span of the post those shingles cover.
 */
final class ContainmentLeaf extends Leaf {
  private final ContainmentIndex index;
  private final ContainmentIndex.Contained contained;

  private ContainmentLeaf(int rule, int fieldMask, ContainmentIndex index, ContainmentIndex.Contained contained) {
    super(rule, fieldMask);
    this.index = index;
    this.contained = contained;
  }

  static Node compile(Condition.SimilarTo x, int mask, CompileContext context) {
    ContainmentIndex.Contained contained = contained(x.measure());
    if (x.claims().size() > context.joinAboveClaims()) {
      // The window of the catalogue (its shingle filter) is built once per catalogue, shared with Jaccard's join leaves.
      SimilarToKind.Window window = context.shared(List.of("window", x.catalogue()),
          () -> SimilarToKind.Window.of(x.claims(), context.normalizer()));
      return context.deferred(new Joined(context.rule(), mask, x, window.filter()));
    }
    ContainmentIndex index = context.shared(List.of("containment", x.claims(), x.threshold(), x.minShared(),
        contained), () -> new ContainmentIndex(x.claims().stream().map(Condition.Claim::id).toList(),
            x.claims().stream().map(Condition.Claim::text).toList(), x.threshold(), x.minShared(), contained,
            context.normalizer()));
    return context.everyField(new ContainmentLeaf(context.rule(), mask, index, contained));
  }

  static ContainmentIndex.Contained contained(Condition.Measure measure) {
    return switch (measure) {
      case CLAIM_CONTAINED -> ContainmentIndex.Contained.CLAIM;
      case POST_CONTAINED -> ContainmentIndex.Contained.POST;
      case EITHER_CONTAINED -> ContainmentIndex.Contained.EITHER;
      case JACCARD -> throw new IllegalArgumentException("jaccard is not a containment measure");
    };
  }

  /** What evidence says of a containment match: {@code c-17 (claim contained 0.92, 12 shingles)}. */
  static String evidence(String claimId, ContainmentIndex.Contained contained, double score, int shared) {
    return claimId + " (" + contained.label() + " " + String.format(Locale.ROOT, "%.2f", score) + ", " + shared
        + " shingles)";
  }

  @Override
  public String kind() {
    return "similar-to";
  }

  @Override
  protected void field(RowScan row) {
    ContainmentIndex.Hit h = index.match(row.text());
    if (h != null) {
      row.satisfy(this);
      row.fieldHitOriginal(this, evidence(h.id(), contained, h.score(), h.shared()), h.start(), h.end());
    }
  }

  /**
   * A containment leaf whose catalogue the join matches: the pass defers every text with at least {@code minShared}
   * shingles known to the catalogue (exact: fewer cannot share enough).
   */
  static final class Joined extends Leaf implements SimilarToKind.Deferred {
    private final Condition.SimilarTo condition;
    private final ClaimIndex.ShingleFilter filter;

    Joined(int rule, int fieldMask, Condition.SimilarTo condition, ClaimIndex.ShingleFilter filter) {
      super(rule, fieldMask);
      this.condition = condition;
      this.filter = filter;
    }

    @Override
    public String kind() {
      return "similar-to";
    }

    @Override
    public SimilarToKind.Joined joined() {
      return new SimilarToKind.Joined(id(), rule(), condition.catalogue(), condition.claims(), condition.threshold(),
          0, 0, 0, filter, condition.measure(), condition.minShared());
    }

    @Override
    protected void field(RowScan row) {
      long[] shingles = row.shingles();
      if (shingles.length >= condition.minShared() && filter.known(shingles) >= condition.minShared()) {
        int start = row.text().originalStart(0);
        int end = Math.max(start, row.text().originalEnd(row.text().length()));
        row.defer(new CompiledRules.Pending(id(), rule(), row.fieldName(), start, end,
            row.text().original().substring(start, end), shingles, new long[0]));
      }
    }
  }
}
