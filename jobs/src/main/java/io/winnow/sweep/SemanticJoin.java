package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.winnow.config.SemanticSettings;
import io.winnow.engine.SemanticLeaf;
import io.winnow.model.Condition;
import io.winnow.text.ClaimGraph;
import io.winnow.text.ClaimVectors;
import io.winnow.text.Refutations;
import io.winnow.text.SentenceEncoder;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The semantic stage of similar-to ({@code measure = semantic}): after the text pass, the texts its first stage let
 * through ({@link SemanticLeaf}, in the {@code pending} column) are embedded in batches on the executors, each with the
 * model of its rule (loaded once per executor, {@link SentenceEncoder#of}), and compared with the claims' vectors
 * (embedded once per sweep, on the executors, and broadcast): a scan, or an HNSW graph for catalogues above {@code
 * winnow.semantic.hnsw-above-claims}. The nearest claim at or above the rule's threshold satisfies the leaf unless the
 * post carries a refutation cue its claim lacks ({@link Refutations}). Evidence: claim id, cosine, model id and SHA-256,
 * the first-stage signal.
 *
 * <p>One per sweep ({@link #attach} per subject); {@link #summary} and {@link #manifest} say what reached the model.
 */
public final class SemanticJoin {
  /** The semantic hits of one row's text. */
  static final StructType HIT = new StructType().add("key", StringType).add("leaf", IntegerType)
      .add("rule", IntegerType).add("phrase", StringType).add("field", StringType).add("start", IntegerType)
      .add("end", IntegerType).add("excerpt", StringType);

  private static final StructType VECTOR = new StructType().add("claim", IntegerType).add("vector", BinaryType);

  /** What the stage knows of one semantic leaf: its model and the vectors of its claims. */
  record Plan(int leaf, String ruleId, Condition.SimilarTo condition, SentenceEncoder.Spec model, String sha256,
      ClaimVectors vectors, SemanticSettings.ClaimsSearched searched) implements Serializable {}

  private final SparkSession spark;
  private final SemanticSettings settings;
  private final List<Plan> plans = new ArrayList<>();
  /** The claims each plan embedded (null: all), so a leaf shares a plan only when it needs the same claims. */
  private final Map<Plan, Set<Integer>> planClaims = new java.util.IdentityHashMap<>();
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  private final LongAccumulator posts;
  private final LongAccumulator texts;
  private final LongAccumulator matched;
  private final LongAccumulator refuted;
  private final LongAccumulator modelNanos;
  private final LongAccumulator reused;
  private final LongAccumulator sameTokens;
  private final SemanticClaimCache cache;
  private final LongAccumulator claimCpuNanos;
  private long claimMillis;
  private long claimsEmbedded;
  private long claimsCached;
  private long graphMillis;
  private long graphCpuMillis;
  private int graphsBuilt;
  private int graphsLoaded;

  /** {@code out}: the sweep's output root, under which the claim vector cache is kept unless configured elsewhere. */
  public SemanticJoin(SparkSession spark, SemanticSettings settings, String out) {
    this.spark = spark;
    this.settings = settings;
    this.cache = !settings.cachesClaims() ? null : new SemanticClaimCache(settings.claimCache().isEmpty()
        ? new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(out, "cache"), "semantic-claims").toString()
        : settings.claimCache(), spark.sparkContext().hadoopConfiguration(), settings.claimCacheMaxEntries(),
        settings.claimCacheGraphs());
    this.claimCpuNanos = spark.sparkContext().longAccumulator("semantic-claim-cpu-nanos");
    this.posts = spark.sparkContext().longAccumulator("semantic-posts");
    this.texts = spark.sparkContext().longAccumulator("semantic-texts");
    this.matched = spark.sparkContext().longAccumulator("semantic-matched");
    this.refuted = spark.sparkContext().longAccumulator("semantic-refuted");
    this.modelNanos = spark.sparkContext().longAccumulator("semantic-model-nanos");
    this.reused = spark.sparkContext().longAccumulator("semantic-texts-reused");
    this.sameTokens = spark.sparkContext().longAccumulator("semantic-texts-same-tokens");
  }

  /**
   * The candidates of one subject with the semantic hits added to their {@code joined} column (created when the
   * banded join made none); unchanged when no rule of {@code rules} has a semantic leaf.
   */
  public Dataset<Row> attach(Dataset<Row> candidates, SubjectRules rules, String key) {
    List<SemanticLeaf> leaves = rules.compiled().deferred(SemanticLeaf.class);
    if (leaves.isEmpty()) {
      return candidates;
    }
    int[] ids = leaves.stream().mapToInt(SemanticLeaf::id).toArray();
    Dataset<Row> pending = candidates.filter(col("pending").isNotNull())
        .select(col(key).cast("string").as("key"), explode(col("pending")).as("p"))
        .select(col("key"), col("p.leaf"), col("p.rule"), col("p.field"), col("p.start"), col("p.end"),
            col("p.excerpt"))
        .filter(col("leaf").isin(Arrays.stream(ids).boxed().toArray()));
    Map<Integer, Set<Integer>> reached = null;
    if (settings.searchesSome()) {
      // The texts are read twice (which claims they reach, then the model): kept, not computed again.
      pending = pending.persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(pending);
      reached = reached(pending, rules, leaves);
    }
    List<Plan> subjectPlans = new ArrayList<>();
    for (SemanticLeaf l : leaves) {
      subjectPlans.add(plan(rules, l, reached == null ? null : reached.get(l.id())));
    }
    plans.addAll(subjectPlans);
    Broadcast<List<Plan>> shared = spark.sparkContext().broadcast(List.copyOf(subjectPlans),
        scala.reflect.ClassTag$.MODULE$.apply(List.class));
    SemanticEmbed embed = new SemanticEmbed(rules, shared, new Refutations(settings.refutationCues()), posts, texts,
        matched, refuted, modelNanos, reused, sameTokens);
    Dataset<Row> hits = pending.mapPartitions(embed, Encoders.row(HIT))
        .groupBy(col("key").as("_semantic_key"))
        .agg(collect_list(struct(col("leaf"), col("rule"), col("phrase"), col("field"), col("start"), col("end"),
            col("excerpt"))).as("_semantic"));
    Dataset<Row> out = candidates.join(hits, col(key).cast("string").equalTo(col("_semantic_key")), "left")
        .drop("_semantic_key");
    if (Arrays.asList(candidates.columns()).contains("joined")) {
      out = out.withColumn("joined", when(col("joined").isNull(), col("_semantic"))
          .when(col("_semantic").isNull(), col("joined")).otherwise(concat(col("joined"), col("_semantic"))));
    } else {
      out = out.withColumn("joined", col("_semantic"));
    }
    return out.drop("_semantic");
  }

  /** How a plan chose its claims: all when it needed every claim ({@code needed} null), else as configured. */
  private SemanticSettings.ClaimsSearched searched(Set<Integer> needed) {
    return needed == null ? SemanticSettings.ClaimsSearched.ALL : settings.claimsSearched();
  }

  /**
   * The claims the texts of {@code pending} reach (or overlap, as {@code claims-searched} says), per leaf; leaves of one model and catalogue get the union of theirs,
   * so they share one plan (one set of claim vectors).
   */
  private Map<Integer, Set<Integer>> reached(Dataset<Row> pending, SubjectRules rules, List<SemanticLeaf> leaves) {
    Map<Integer, SentenceEncoder.Spec> models = new LinkedHashMap<>();
    for (SemanticLeaf l : leaves) {
      models.put(l.id(), settings.model(l.condition().model(), rules.compiled().rules().get(l.rule()).id()));
    }
    Map<Integer, Set<Integer>> byLeaf = SemanticReach.of(pending, rules, models,
        settings.claimsSearched() == SemanticSettings.ClaimsSearched.OVERLAPPING);
    Map<List<Object>, Set<Integer>> byCatalogue = new java.util.HashMap<>();
    for (SemanticLeaf l : leaves) {
      byCatalogue.computeIfAbsent(List.of(models.get(l.id()), l.condition().claims()), k -> new java.util.TreeSet<>())
          .addAll(byLeaf.get(l.id()));
    }
    Map<Integer, Set<Integer>> out = new LinkedHashMap<>();
    for (SemanticLeaf l : leaves) {
      out.put(l.id(), byCatalogue.get(List.of(models.get(l.id()), l.condition().claims())));
    }
    return out;
  }

  /**
   * The leaf's model, checked against the configuration, and its claims embedded once for this sweep: those of
   * {@code needed} (catalogue indices: the claims its texts reach), or every claim when null.
   */
  private Plan plan(SubjectRules rules, SemanticLeaf leaf, Set<Integer> needed) {
    Condition.SimilarTo x = leaf.condition();
    String ruleId = rules.compiled().rules().get(leaf.rule()).id();
    SentenceEncoder.Spec spec = settings.model(x.model(), ruleId);
    for (Plan p : plans) {
      if (p.model().equals(spec) && p.condition().claims().equals(x.claims())
          && java.util.Objects.equals(planClaims.get(p), needed)) {
        Plan shared = new Plan(leaf.id(), ruleId, x, spec, p.sha256(), p.vectors(), searched(needed));
        planClaims.put(shared, needed);
        return shared;
      }
    }
    SentenceEncoder encoder;
    try {
      encoder = SentenceEncoder.of(spec); // on the driver first: a model that cannot load stops the run here
    } catch (IllegalArgumentException e) {
      throw new io.winnow.UserError("rule " + ruleId + ": " + e.getMessage(), e);
    }
    long started = System.nanoTime();
    float[][] vectors = claimVectors(encoder, x.claims().stream().map(Condition.Claim::text).toList(), needed);
    claimMillis += (System.nanoTime() - started) / 1_000_000;
    ClaimVectors claims = new ClaimVectors(Arrays.asList(vectors), settings.hnswAboveClaims(),
        settings.hnswMaxConnections(), settings.hnswBeamWidth(), settings.hnswCandidates());
    if (claims.usesGraph()) {
      graph(encoder.fingerprint(), claims);
    }
    Plan plan = new Plan(leaf.id(), ruleId, x, spec, encoder.sha256(), claims, searched(needed));
    planClaims.put(plan, needed);
    return plan;
  }

  /**
   * The HNSW graph of {@code claims}, on the driver: the one an earlier sweep kept for the same vectors, else built
   * now and kept. It travels with the vectors, so no executor builds it again.
   */
  private void graph(String fingerprint, ClaimVectors claims) {
    long started = System.nanoTime();
    long cpu = threadCpuNanos();
    ClaimGraph kept = cache == null ? null : cache.readGraph(fingerprint, claims);
    if (kept != null && claims.useGraph(kept)) {
      graphsLoaded++;
    } else {
      ClaimGraph built = claims.buildGraph();
      graphsBuilt++;
      if (cache != null) {
        cache.writeGraph(fingerprint, claims, built);
      }
    }
    graphMillis += (System.nanoTime() - started) / 1_000_000;
    graphCpuMillis += (threadCpuNanos() - cpu) / 1_000_000;
  }

  private static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /**
   * The vector of each claim of {@code needed} (all when null; null for one in a script the model does not read, or
   * not needed): from the claim cache where it holds the claim's text under this model's fingerprint, the others
   * embedded on the executors (a text repeated in the catalogue once) and added to the cache.
   */
  private float[][] claimVectors(SentenceEncoder encoder, List<String> claimTexts, Set<Integer> needed) {
    SentenceEncoder.Spec spec = encoder.spec();
    int n = claimTexts.size();
    float[][] vectors = new float[n][];
    Map<String, float[]> earlier = cache == null ? Map.of() : cache.read(encoder.fingerprint(), encoder.dimensions());
    List<Long> missing = new ArrayList<>();
    Map<String, Integer> firstOfText = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      if (needed != null && !needed.contains(i)) {
        continue;
      }
      vectors[i] = earlier.get(SemanticClaimCache.key(claimTexts.get(i)));
      if (vectors[i] != null) {
        claimsCached++;
      } else if (spec.script().writes(claimTexts.get(i)) && firstOfText.putIfAbsent(claimTexts.get(i), i) == null) {
        missing.add((long) i);
      }
    }
    claimsEmbedded += missing.size();
    if (!missing.isEmpty()) {
      int slices = Math.max(1, Math.min(missing.size() / 100 + 1, spark.sparkContext().defaultParallelism()));
      Broadcast<List<String>> shared = spark.sparkContext().broadcast(claimTexts,
          scala.reflect.ClassTag$.MODULE$.apply(List.class));
      LongAccumulator cpu = claimCpuNanos;
      List<Row> rows = spark.createDataset(missing, Encoders.LONG()).repartition(slices)
          .mapPartitions((MapPartitionsFunction<Long, Row>) ids -> embedClaims(spec, shared.value(), ids, cpu),
              Encoders.row(VECTOR)).collectAsList();
      shared.destroy();
      for (Row r : rows) {
        vectors[r.getInt(0)] = r.isNullAt(1) ? null : floats(r.getAs(1));
      }
      for (int i = 0; i < n; i++) {
        Integer first = firstOfText.get(claimTexts.get(i));
        if (vectors[i] == null && first != null && (needed == null || needed.contains(i))) {
          vectors[i] = vectors[first];
        }
      }
    }
    if (cache != null && !missing.isEmpty()) {
      Map<String, float[]> current = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        if (vectors[i] != null) {
          current.put(SemanticClaimCache.key(claimTexts.get(i)), vectors[i]);
        }
      }
      cache.write(encoder.fingerprint(), encoder.dimensions(), current, earlier);
    }
    return vectors;
  }

  /** The vectors of some claims; none for a claim in a script the model does not read. */
  private static Iterator<Row> embedClaims(SentenceEncoder.Spec spec, List<String> claims, Iterator<Long> ids,
      LongAccumulator cpu) {
    long started = threadCpuNanos();
    SentenceEncoder encoder = SentenceEncoder.of(spec);
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      int i = ids.next().intValue();
      String text = claims.get(i);
      out.add(RowFactory.create(i, spec.script().writes(text) ? bytes(encoder.embed(text)) : null));
    }
    cpu.add(threadCpuNanos() - started);
    return out.iterator();
  }

  /** One line for the sweep's output: posts that reached the model, of those evaluated, and what they gave. */
  public String summary(long evaluated) {
    return String.format(java.util.Locale.ROOT, "semantic: %,d of %,d posts reached the model (%.2f%%), %,d texts "
        + "embedded in %.1f task-s (%,d more remembered, %,d read as the same tokens), %,d matched a claim, %,d refuted"
        + " it; claim vectors in %.1f s (%,d embedded, %,d from the cache%s); claim graphs in %.1f s (%d built, %d"
        + " loaded)", posts.value(), evaluated, evaluated == 0 ? 0.0 : 100.0 * posts.value() / evaluated,
        texts.value(), modelNanos.value() / 1e9, reused.value(), sameTokens.value(), matched.value(), refuted.value(),
        claimMillis / 1000.0, claimsEmbedded, claimsCached, cache == null ? ", off" : " " + cache.dir(),
        graphMillis / 1000.0, graphsBuilt, graphsLoaded);
  }

  /** Frees the texts kept for the stage; after the sweep's findings are written. */
  public void close() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }

  /** Whether some rule of the sweep had a semantic leaf. */
  public boolean ran() {
    return !plans.isEmpty();
  }

  /** What the manifest records: each model's id and SHA-256, each leaf's catalogue and search, and the cascade. */
  public Map<String, Object> manifest(long evaluated) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> models = new LinkedHashMap<>();
    List<Object> leaves = new ArrayList<>();
    for (Plan p : plans) {
      models.put(p.model().id(), Map.of("sha256", p.sha256(), "onnx", p.model().onnx(), "tokenizer",
          p.model().tokenizer(), "pooling", p.model().pooling().name().toLowerCase(java.util.Locale.ROOT)));
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("rule", p.ruleId());
      l.put("catalogue", p.condition().catalogue());
      l.put("claims", p.condition().claims().size());
      l.put("claims_with_vectors", p.vectors().size());
      l.put("threshold", p.condition().threshold());
      l.put("model", p.model().id());
      l.put("claims_searched", p.searched().key());
      l.put("search", p.vectors().usesGraph() ? "hnsw" : "scan");
      leaves.add(l);
    }
    m.put("models", models);
    m.put("leaves", leaves);
    m.put("posts_evaluated", evaluated);
    m.put("posts_reaching_model", posts.value());
    m.put("share_reaching_model", evaluated == 0 ? 0.0 : (double) posts.value() / evaluated);
    m.put("texts_embedded", texts.value());
    m.put("texts_remembered", reused.value());
    m.put("texts_same_tokens", sameTokens.value());
    m.put("matched", matched.value());
    m.put("refuted", refuted.value());
    m.put("model_task_seconds", modelNanos.value() / 1e9);
    m.put("claim_embedding_seconds", claimMillis / 1000.0);
    m.put("claim_embedding_cpu_seconds", claimCpuNanos.value() / 1e9);
    m.put("claims_embedded", claimsEmbedded);
    m.put("claims_from_cache", claimsCached);
    m.put("claim_cache", cache == null ? "off" : cache.dir().toString());
    m.put("graph_seconds", graphMillis / 1000.0);
    m.put("graph_cpu_seconds", graphCpuMillis / 1000.0);
    m.put("graphs_built", graphsBuilt);
    m.put("graphs_loaded", graphsLoaded);
    return m;
  }

  static byte[] bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  static float[] floats(byte[] packed) {
    float[] out = new float[packed.length / 4];
    ByteBuffer.wrap(packed).asFloatBuffer().get(out);
    return out;
  }
}
