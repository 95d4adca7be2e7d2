// Which of a run's semantic matches would claims-searched = reached keep? A match of a search over every claim is kept
// exactly when its claim is among those the post's first stage reached (the nearest of all claims is then the nearest
// of the reached ones); the others are the only findings the two searches can disagree on, with the matches a
// refutation cue stopped (a post's nearest claim refuted, another reached claim above the threshold). Model-free: reads
// the run's findings and the rules, rebuilds the first stage (KeywordSketch) and prints counts and the disagreements.
// Not a test; figures in ACCURACY.md ("claims-searched").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" <add-opens flags of bin/winnow> \
//     tools/semantic-reach/ReachCheck.java RULES_DIR RUN_DIR [POSTS_DIR: the union over every post that passes]
import io.winnow.engine.SemanticLeaf;
import io.winnow.model.Condition;
import io.winnow.model.Rule;
import io.winnow.rules.RuleLoader;
import io.winnow.text.KeywordSketch;
import io.winnow.text.TextNormalizer;
import java.nio.file.Path;
import java.util.*;
import org.apache.spark.sql.*;

public class ReachCheck {
  public static void main(String[] a) throws Exception {
    Map<String, Condition.SimilarTo> semantic = new TreeMap<>();
    for (Rule r : RuleLoader.load(Path.of(a[0])).rules()) {
      find(r.when(), r.id(), semantic);
    }
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    Dataset<Row> f = spark.read().parquet(a[1] + "/findings");
    for (var e : semantic.entrySet()) {
      Condition.SimilarTo x = e.getValue();
      List<String> ids = x.claims().stream().map(Condition.Claim::id).toList();
      KeywordSketch sketch = new KeywordSketch(ids, x.claims().stream().map(Condition.Claim::text).toList(),
          SemanticLeaf.FIRST_STAGE_SHARE, x.minShared(), TextNormalizer.shared());
      int total = 0, bestStage = 0, reachedOnly = 0, notReached = 0, symmetric = 0;
      List<Row> rows = f.filter(functions.col("rule_id").equalTo(e.getKey())).collectAsList();
      Set<String> union = new HashSet<>();
      for (Row r : rows) {
        for (Row ev : r.<Row>getList(r.fieldIndex("evidence"))) {
          for (int c : sketch.reached(TextNormalizer.shared().normalize(ev.<String>getAs("excerpt")))) {
            union.add(ids.get(c));
          }
        }
      }
      if (a.length > 2) {
        // Every post of the archive through the first stage, as the sweep's pass does: the claims all passing posts reach.
        union.clear();
        long passing = 0;
        Iterator<Row> it = spark.read().parquet(a[2]).select("text", "title").toLocalIterator();
        while (it.hasNext()) {
          Row r = it.next();
          boolean passed = false;
          for (int i = 0; i < 2; i++) {
            if (!r.isNullAt(i)) {
              int[] reached = sketch.reached(TextNormalizer.shared().normalize(r.getString(i)));
              passed |= reached.length > 0;
              for (int c : reached) {
                union.add(ids.get(c));
              }
            }
          }
          passing += passed ? 1 : 0;
        }
        System.out.printf("%s: %d posts of the archive pass the first stage%n", e.getKey(), passing);
      }
      int inUnion = 0;
      for (Row r : rows) {
        for (Row ev : r.<Row>getList(r.fieldIndex("evidence"))) {
          String value = ev.getAs("value");
          if (!value.contains(" (cosine ")) {
            continue;
          }
          total++;
          String claim = value.substring(0, value.indexOf(" (cosine "));
          inUnion += union.contains(claim) ? 1 : 0;
          if (!union.contains(claim)) {
            System.out.println("  claim reached by no post: " + r.getAs("subject_id") + " " + value.substring(0,
                value.indexOf(" (cosine ") + 14) + " | " + ev.<String>getAs("excerpt"));
          }
          String text = ev.getAs("excerpt");
          int[] reached = sketch.reached(TextNormalizer.shared().normalize(text));
          KeywordSketch.Hit best = sketch.best(TextNormalizer.shared().normalize(text));
          if (best != null && best.id().equals(claim)) {
            bestStage++;
          } else if (Arrays.stream(reached).anyMatch(c -> ids.get(c).equals(claim))) {
            reachedOnly++;
          } else {
            notReached++;
            long[] tk = KeywordSketch.keywords(TextNormalizer.shared().normalize(text));
            long[] ck = KeywordSketch.keywords(TextNormalizer.shared().normalize(x.claims().get(ids.indexOf(claim)).text()));
            long shared = Arrays.stream(tk).filter(k -> Arrays.binarySearch(ck, k) >= 0).count();
            boolean either = shared >= Math.max(x.minShared(), Math.ceil(0.3 * Math.min(tk.length, ck.length) - 1e-9));
            symmetric += either ? 1 : 0;
            System.out.println("  not reached (shares " + shared + " of text " + tk.length + ", claim " + ck.length
                + (either ? ", reached either way" : "") + "): " + r.getAs("subject_id") + " " + value.substring(0,
                Math.min(60, value.length())) + " | " + text.substring(0, Math.min(80, text.length())));
          }
        }
      }
      System.out.printf("%s: claims reached by the %s together %d of %d; matches whose claim is one of them %d%n",
          e.getKey(), a.length > 2 ? "passing posts" : "matched posts", union.size(), ids.size(), inUnion);
      System.out.printf("%s: %d semantic matches; claim = the first stage's best %d, another reached claim %d,"
          + " a claim not reached %d (of which %d share 0.3 of the smaller side's keywords)%n", e.getKey(), total,
          bestStage, reachedOnly, notReached, symmetric);
    }
    spark.stop();
  }

  static void find(Condition c, String rule, Map<String, Condition.SimilarTo> out) {
    if (c instanceof Condition.SimilarTo x && x.measure() == Condition.Measure.SEMANTIC) {
      out.put(rule, x);
    } else if (c instanceof Condition.All x) {
      x.conditions().forEach(d -> find(d, rule, out));
    } else if (c instanceof Condition.Any x) {
      x.conditions().forEach(d -> find(d, rule, out));
    } else if (c instanceof Condition.Not x) {
      find(x.condition(), rule, out);
    }
  }
}
