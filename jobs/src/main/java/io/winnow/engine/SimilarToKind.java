package io.winnow.engine;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import io.winnow.rules.RuleLoader;
import io.winnow.text.ClaimIndex;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code similar-to}: the normalized text is a near-duplicate of a claim of a catalogue (Jaccard similarity of
 * character shingles at least {@code threshold}). A catalogue up to the sweep's {@code join-above-claims} is matched
 * in the pass by a {@link ClaimIndex}; a larger one is left to the banded join (io.winnow.sweep.ClaimJoin): the pass
 * defers the texts inside its length window and with enough shingles among its claims' ({@link Joined}).
 */
public final class SimilarToKind implements ConditionKind {
  private static final Set<String> SIMILAR_TO_KEYS = Set.of("catalogue", "threshold", "in", "measure", "contained",
      "min-shared", "model");
  /** Shared shingles a containment match needs when the rule names none: about 8 Chinese characters, 10 letters. */
  static final int DEFAULT_MIN_SHARED = 8;

  @Override
  public String key() {
    return "similar-to";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(Condition.SimilarTo.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      context.problem(body.origin(), "similar-to must be an object { catalogue = NAME, threshold = 0.6 }");
      return null;
    }
    int before = context.problems();
    ConfigObject object = (ConfigObject) body;
    context.unknownKeys(object, SIMILAR_TO_KEYS, "similar-to");
    ConfigValue name = object.get("catalogue");
    List<Condition.Claim> claims = null;
    if (name == null || name.valueType() != ConfigValueType.STRING) {
      context.problem(body.origin(), "similar-to needs catalogue = NAME (a file " + RuleLoader.CATALOGUES_DIR
          + "/NAME.tsv)");
    } else {
      claims = context.catalogue((String) name.unwrapped());
      if (claims == null) {
        context.problem(name.origin(), "unknown catalogue '" + name.unwrapped() + "'. Known catalogues: "
            + (context.catalogueNames().isEmpty() ? "none (add " + RuleLoader.CATALOGUES_DIR + "/NAME.tsv)"
                : String.join(", ", context.catalogueNames())));
      } else if (claims.isEmpty()) {
        context.problem(name.origin(), "catalogue '" + name.unwrapped() + "' has no claims. Add lines id<TAB>text to "
            + RuleLoader.CATALOGUES_DIR + "/" + name.unwrapped() + ".tsv");
      }
    }
    Condition.Measure measure = SimilarToOptions.measure(object, context);
    double t = SimilarToOptions.threshold(object, body, measure, context);
    int minShared = SimilarToOptions.minShared(object, measure, context);
    String model = SimilarToOptions.model(object, measure, body, context);
    List<String> fields = object.containsKey("in") ? context.fields(object.get("in"))
        : context.subject().defaultFields();
    if (context.problems() > before) {
      return null;
    }
    return new Condition.SimilarTo((String) name.unwrapped(), claims, t, List.copyOf(fields), measure, minShared,
        model);
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    Condition.SimilarTo x = (Condition.SimilarTo) condition;
    int mask = context.fieldMask(x.fields());
    if (x.measure() == Condition.Measure.SEMANTIC) {
      return SemanticLeaf.compile(x, mask, context);
    }
    if (x.measure() != Condition.Measure.JACCARD) {
      return ContainmentLeaf.compile(x, mask, context);
    }
    if (x.claims().size() > context.joinAboveClaims()) {
      Window window = context.shared(List.of("window", x.catalogue()),
          () -> Window.of(x.claims(), context.normalizer()));
      return context.deferred(new JoinedLeaf(context.rule(), mask, x, window));
    }
    ClaimIndex claims = context.shared(List.of("claims", x.claims(), x.threshold()),
        () -> new ClaimIndex(x.claims().stream().map(Condition.Claim::id).toList(),
            x.claims().stream().map(Condition.Claim::text).toList(), x.threshold(), context.normalizer()));
    return context.everyField(new IndexLeaf(context.rule(), mask, claims));
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    explanation.textLeaf("similar-to " + ((Condition.SimilarTo) condition).catalogue(), true);
  }

  /** What the evidence of a containment match calls its measure ("claim contained", …). */
  public static String containedLabel(Condition.Measure measure) {
    return ContainmentLeaf.contained(measure).label();
  }

  /** The evidence of a claim match: the claim id and the score. */
  public static String evidence(String claimId, double score) {
    return claimId + " (score " + String.format(Locale.ROOT, "%.2f", score) + ")";
  }

  /** A catalogue matched in the pass: the evidence spans the whole text of the field. */
  static final class IndexLeaf extends Leaf {
    private final ClaimIndex claims;

    IndexLeaf(int rule, int fieldMask, ClaimIndex claims) {
      super(rule, fieldMask);
      this.claims = claims;
    }

    @Override
    public String kind() {
      return "similar-to";
    }

    @Override
    protected void field(RowScan row) {
      ClaimIndex.ClaimHit h = claims.match(row.text());
      if (h != null) {
        row.satisfy(this);
        row.wholeFieldHit(this, evidence(h.id(), h.score()));
      }
    }
  }

  /**
   * What a joined leaf keeps of its catalogue: the distinct shingle counts of the shortest and longest claim with
   * any, and the filter of all claims' shingles (the signatures and band table are a Spark table, see ClaimJoin).
   */
  record Window(int minShingles, int maxShingles, ClaimIndex.ShingleFilter filter) {
    static Window of(List<Condition.Claim> claims, TextNormalizer normalizer) {
      int min = Integer.MAX_VALUE;
      int max = 0;
      List<long[]> all = new ArrayList<>(claims.size());
      for (Condition.Claim c : claims) {
        long[] s = ClaimIndex.shinglesOf(normalizer.normalize(c.text()));
        all.add(s);
        if (s.length > 0) {
          min = Math.min(min, s.length);
          max = Math.max(max, s.length);
        }
      }
      return new Window(min == Integer.MAX_VALUE ? 0 : min, max, ClaimIndex.ShingleFilter.of(all));
    }
  }

  /** A similar-to leaf whose catalogue the join matches (io.winnow.sweep.ClaimJoin): what the join needs of it. */
  interface Deferred {
    Joined joined();
  }

  /** A catalogue left to the banded join: the pass defers the texts the join must try. */
  static final class JoinedLeaf extends Leaf implements Deferred {
    private final Condition.SimilarTo condition;
    private final int fieldMask;
    private final Window window;
    private Joined joined;

    JoinedLeaf(int rule, int fieldMask, Condition.SimilarTo condition, Window window) {
      super(rule, fieldMask);
      this.condition = condition;
      this.fieldMask = fieldMask;
      this.window = window;
    }

    @Override
    public String kind() {
      return "similar-to";
    }

    @Override
    protected void field(RowScan row) {
      long[] shingles = row.shingles();
      if (joined().mayMatch(shingles)) {
        int start = row.text().originalStart(0);
        int end = Math.max(start, row.text().originalEnd(row.text().length()));
        row.defer(new CompiledRules.Pending(id(), rule(), row.fieldName(), start, end,
            row.text().original().substring(start, end), shingles, row.bands()));
      }
    }

    /** What the join needs of this leaf (built once its id is known). */
    @Override
    public Joined joined() {
      if (joined == null) {
        joined = new Joined(id(), rule(), condition.catalogue(), condition.claims(), condition.threshold(), fieldMask,
            window.minShingles(), window.maxShingles(), window.filter(), condition.measure(), 0);
      }
      return joined;
    }
  }

  /**
   * A similar-to leaf whose catalogue is matched by the join, not in the pass. Jaccard: {@code minShingles} and
   * {@code maxShingles} are the distinct shingle counts of the shortest and longest claim. Containment: {@code
   * measure} says whose shingles count and {@code minShared} how many the pair must share.
   */
  public record Joined(int leaf, int rule, String catalogue, List<Condition.Claim> claims, double threshold,
      int fieldMask, int minShingles, int maxShingles, ClaimIndex.ShingleFilter filter, Condition.Measure measure,
      int minShared) {
    /** Whether a text of {@code shingles} distinct shingles can reach the threshold with a claim (J <= min / max). */
    boolean inWindow(int shingles) {
      return ClaimIndex.inLengthWindow(shingles, minShingles, maxShingles, threshold);
    }

    /**
     * Whether a text with these distinct shingles is worth the join: inside the length window, and with enough of its
     * shingles among the claims' shingles ({@link ClaimIndex.ShingleFilter}). Both filters are exact.
     */
    boolean mayMatch(long[] shingles) {
      return inWindow(shingles.length) && filter.mayReach(shingles, threshold);
    }
  }
}
