// Which claims the texts passing the first stage reach, by the first stage's own rule (a text holds max(min-shared,
// ceil(0.3 n)) of a claim's n keywords: claims-searched = reached) and by the same rule on the smaller side (the text
// holds max(min-shared, ceil(0.3 min(n, m))) of the keywords when it has m: short restatements of a long claim).
// Model-free. Two uses:
//   ced RULES RUN POSTS: a committed claims-searched = all run over POSTS; its semantic matches whose claim each union
//     holds (those keep their finding: the nearest of all claims is the nearest of the union).
//   bench RULES COUNT SEED POSTS: the catalogue of `bench engine --semantic-claims COUNT` (seed SEED) over the bench's
//     archive: how many claims each union holds, so how many a first sweep would embed.
// Not a test; figures in BENCHMARKS.md and ACCURACY.md ("Semantic stage, eighth session").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" <add-opens of bin/winnow> tools/semantic-speed/LooseReach.java ...
import io.winnow.engine.SemanticLeaf;
import io.winnow.model.*;
import io.winnow.rules.RuleLoader;
import io.winnow.text.*;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.*;
import org.apache.spark.sql.*;

public class LooseReach {
  public static void main(String[] a) throws Exception {
    RuleSet rules = RuleLoader.load(Path.of(a[1]));
    List<Condition.Claim> claims;
    int minShared;
    String rule = null;
    if (a[0].equals("ced")) {
      Map<String, Condition.SimilarTo> semantic = new TreeMap<>();
      for (Rule r : rules.rules()) {
        find(r.when(), r.id(), semantic);
      }
      rule = semantic.keySet().iterator().next();
      claims = semantic.get(rule).claims();
      minShared = semantic.get(rule).minShared();
    } else {
      Method shippedClaims = Class.forName("io.winnow.cli.SemanticBench").getDeclaredMethod("shippedClaims", RuleSet.class);
      shippedClaims.setAccessible(true);
      @SuppressWarnings("unchecked")
      List<Condition.Claim> c = new ArrayList<>((List<Condition.Claim>) shippedClaims.invoke(null, rules));
      Method claim = Class.forName("io.winnow.cli.BenchEngineCommand").getDeclaredMethod("claim", SplittableRandom.class);
      claim.setAccessible(true);
      SplittableRandom r = new SplittableRandom(Long.parseLong(a[3]));
      while (c.size() < Integer.parseInt(a[2])) {
        c.add(new Condition.Claim("claim-" + c.size(), (String) claim.invoke(null, r)));
      }
      claims = c;
      minShared = 3;
    }
    List<String> ids = claims.stream().map(Condition.Claim::id).toList();
    TextNormalizer norm = TextNormalizer.shared();
    KeywordSketch sketch = new KeywordSketch(ids, claims.stream().map(Condition.Claim::text).toList(),
        SemanticLeaf.FIRST_STAGE_SHARE, minShared, norm);
    long[][] ck = new long[claims.size()][];
    Map<Long, List<Integer>> inverted = new HashMap<>();
    for (int c = 0; c < ck.length; c++) {
      ck[c] = KeywordSketch.keywords(norm.normalize(claims.get(c).text()));
      for (long k : ck[c]) {
        inverted.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    BitSet strict = new BitSet(), loose = new BitSet();
    int[] counts = new int[claims.size()];
    long passing = 0, texts = 0;
    Set<String> seen = new HashSet<>();
    Iterator<Row> it = spark.read().parquet(a[0].equals("ced") ? a[3] : a[4]).select("text", "title").toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      for (int i = 0; i < 2; i++) {
        if (r.isNullAt(i) || !seen.add(r.getString(i))) {
          continue;
        }
        NormalizedText t = norm.normalize(r.getString(i));
        int[] reached = sketch.reached(t);
        if (reached.length == 0) {
          continue;
        }
        texts++;
        for (int c : reached) {
          strict.set(c);
        }
        long[] tk = KeywordSketch.keywords(t);
        List<Integer> touched = new ArrayList<>();
        for (long k : tk) {
          for (int c : inverted.getOrDefault(k, List.of())) {
            if (counts[c]++ == 0) {
              touched.add(c);
            }
          }
        }
        for (int c : touched) {
          int need = Math.max(minShared, (int) Math.ceil(0.3 * Math.min(tk.length, ck[c].length) - 1e-9));
          if (counts[c] >= need) {
            loose.set(c);
          }
          counts[c] = 0;
        }
      }
    }
    int han = 0, latin = 0;
    for (int c = loose.nextSetBit(0); c >= 0; c = loose.nextSetBit(c + 1)) {
      han += SentenceEncoder.Script.HAN.writes(claims.get(c).text()) ? 1 : 0;
      latin += SentenceEncoder.Script.LATIN.writes(claims.get(c).text()) ? 1 : 0;
    }
    System.out.printf("%,d claims; %,d distinct passing texts; claims reached: first stage's rule %,d, smaller side %,d"
        + " (han %,d, latin %,d)%n", claims.size(), texts, strict.cardinality(), loose.cardinality(), han, latin);
    if (rule != null) {
      Dataset<Row> f = spark.read().parquet(a[2] + "/findings").filter(functions.col("rule_id").equalTo(rule));
      int total = 0, inStrict = 0, inLoose = 0;
      for (Row r : f.collectAsList()) {
        for (Row ev : r.<Row>getList(r.fieldIndex("evidence"))) {
          String value = ev.getAs("value");
          if (!value.contains(" (cosine ")) {
            continue;
          }
          total++;
          int c = ids.indexOf(value.substring(0, value.indexOf(" (cosine ")));
          inStrict += strict.get(c) ? 1 : 0;
          inLoose += loose.get(c) ? 1 : 0;
          if (!loose.get(c)) {
            System.out.println("  lost: " + r.getAs("subject_id") + " " + value.substring(0, Math.min(60, value.length()))
                + " | " + ev.<String>getAs("excerpt"));
          }
        }
      }
      System.out.printf("%s: %,d semantic matches; claim in the first stage's union %,d, in the smaller side's %,d%n",
          rule, total, inStrict, inLoose);
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
