// What the first sweep of a catalogue embeds, measured without Spark: the bench's catalogue (`bench engine
// --semantic-claims N`, seed S: the shipped debunked claims, then generated ones drawn exactly as the bench draws them),
// per model: the claims its script admits (and those both models admit), tokens per claim, thread CPU ms per claim
// (SentenceEncoder.embed, one claim per call as the sweep does), the encoder's load (session creation, including ONNX
// Runtime's graph optimisation) and the HNSW graph's build. Not a test; figures in BENCHMARKS.md ("Semantic stage,
// eighth session").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" tools/semantic-speed/ColdClaims.java rules 10000 7
import io.winnow.model.*;
import io.winnow.text.*;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.*;

public class ColdClaims {
  static java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  static long cpu() { return MX.getCurrentThreadCpuTime(); }

  public static void main(String[] a) throws Exception {
    RuleSet shipped = io.winnow.rules.RuleLoader.load(Path.of(a[0]));
    int count = Integer.parseInt(a[1]);
    long seed = Long.parseLong(a[2]);
    Method shippedClaims = Class.forName("io.winnow.cli.SemanticBench").getDeclaredMethod("shippedClaims", RuleSet.class);
    shippedClaims.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<Condition.Claim> claims = new ArrayList<>((List<Condition.Claim>) shippedClaims.invoke(null, shipped));
    Method claim = Class.forName("io.winnow.cli.BenchEngineCommand").getDeclaredMethod("claim", SplittableRandom.class);
    claim.setAccessible(true);
    int shippedCount = claims.size();
    SplittableRandom r = new SplittableRandom(seed);
    while (claims.size() < count) {
      claims.add(new Condition.Claim("claim-" + claims.size(), (String) claim.invoke(null, r)));
    }
    com.typesafe.config.Config conf = com.typesafe.config.ConfigFactory.load().getConfig("winnow.semantic");
    Map<String, SentenceEncoder.Spec> specs = SentenceEncoder.specs(conf);
    List<String> texts = claims.stream().map(Condition.Claim::text).toList();
    int both = 0, neither = 0;
    for (String t : texts) {
      boolean h = SentenceEncoder.Script.HAN.writes(t), l = SentenceEncoder.Script.LATIN.writes(t);
      both += h && l ? 1 : 0;
      neither += !h && !l ? 1 : 0;
    }
    System.out.printf("catalogue: %,d claims (%d shipped); admitted by both scripts %d, by neither %d%n", claims.size(),
        shippedCount, both, neither);
    for (String id : List.of("all-minilm-l6-v2-q", "bge-small-zh-v15-q")) {
      SentenceEncoder.Spec spec = specs.get(id);
      long c0 = cpu(), w0 = System.nanoTime();
      SentenceEncoder enc = SentenceEncoder.of(spec);
      System.out.printf("%s: load (read, hash, session, tokenizer, one text) %.0f ms cpu, %.0f ms wall%n", id,
          (cpu() - c0) / 1e6, (System.nanoTime() - w0) / 1e6);
      List<String> mine = texts.stream().filter(spec.script()::writes).toList();
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(mine));
      for (int i = 0; i < Math.min(200, distinct.size()); i++) {
        enc.embed(distinct.get(i)); // warm-up
      }
      c0 = cpu(); w0 = System.nanoTime();
      List<float[]> vectors = new ArrayList<>();
      for (String t : distinct) {
        vectors.add(enc.embed(t));
      }
      double ms = (cpu() - c0) / 1e6;
      System.out.printf("%s: %,d claims in its script, %,d distinct texts; embedded in %.0f ms cpu (%.2f ms a claim),"
          + " %.0f ms wall%n", id, mine.size(), distinct.size(), ms, ms / distinct.size(), (System.nanoTime() - w0) / 1e6);
      Map<Integer, Integer> byTokens = new TreeMap<>();
      Set<String> distinctIds = new HashSet<>();
      long tokens = 0;
      Method tokenize = SentenceEncoder.class.getDeclaredMethod("tokenize", String.class);
      tokenize.setAccessible(true);
      for (String t : distinct) {
        long[] ids = ((ai.djl.huggingface.tokenizers.Encoding) tokenize.invoke(enc, t)).getIds();
        tokens += ids.length;
        byTokens.merge(ids.length / 5 * 5, 1, Integer::sum);
        distinctIds.add(Arrays.toString(ids));
      }
      System.out.printf("%s: %.1f tokens a claim on average; distinct token sequences %,d; by tokens (floor 5): %s%n",
          id, (double) tokens / distinct.size(), distinctIds.size(), byTokens);
      c0 = cpu(); w0 = System.nanoTime();
      ClaimVectors cv = new ClaimVectors(vectors, 2000, 16, 100, 50);
      cv.buildGraph();
      System.out.printf("%s: HNSW graph over %,d vectors built in %.0f ms cpu, %.0f ms wall%n", id, vectors.size(),
          (cpu() - c0) / 1e6, (System.nanoTime() - w0) / 1e6);
    }
  }
}
