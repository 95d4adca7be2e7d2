// The semantic first stage's cost per post field: the bench's 10,000-claim catalogue (the shipped claims of CATALOGUE,
// then bench engine's generated claims, seed 7), the first N posts of POSTS normalized, and KeywordSketch.passes asked
// twice per field (as the two semantic rules of the bench ask), four rounds, thread CPU time. Run it with the classes of
// two commits to compare them. Not a test; figures in BENCHMARKS.md ("Semantic stage, seventh session").
//   java -Xmx3g --add-opens=... -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" tools/semantic-speed/SketchBench.java \
//     WORK/archive-.../posts rules/catalogues/debunked-claims.tsv 300000
import io.winnow.text.*;
import java.util.*;
import org.apache.spark.sql.*;

public class SketchBench {
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    List<String> ids = new ArrayList<>(), texts = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(a[1]))) {
      if (line.startsWith("#") || line.isBlank()) continue;
      String[] p = line.split("\t"); ids.add(p[0]); texts.add(p[1]);
    }
    java.lang.reflect.Method claim = Class.forName("io.winnow.cli.BenchEngineCommand").getDeclaredMethod("claim", SplittableRandom.class);
    claim.setAccessible(true);
    SplittableRandom r = new SplittableRandom(7);
    while (texts.size() < 10000) { ids.add("claim-" + texts.size()); texts.add((String) claim.invoke(null, r)); }
    KeywordSketch sketch = new KeywordSketch(ids, texts, 0.3, 3, TextNormalizer.shared());
    List<NormalizedText> fields = new ArrayList<>();
    for (Row row : spark.read().parquet(a[0]).select("text", "title").limit(Integer.parseInt(a[2])).collectAsList()) {
      for (int i = 0; i < 2; i++) if (!row.isNullAt(i)) fields.add(TextNormalizer.shared().normalize(row.getString(i)));
    }
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int rep = 0; rep < 4; rep++) {
      long t0 = mx.getCurrentThreadCpuTime(); int pass = 0;
      for (NormalizedText f : fields) { boolean p1 = sketch.passes(f); boolean p2 = sketch.passes(f); pass += p1 ? 1 : 0; }
      long t1 = mx.getCurrentThreadCpuTime();
      System.out.printf("rep %d: %d fields, %d pass, %.3f us per field (two leaves), %.2f cpu-s%n", rep, fields.size(), pass, (t1 - t0) / 1e3 / fields.size(), (t1 - t0) / 1e9);
    }
    spark.stop();
  }
}
