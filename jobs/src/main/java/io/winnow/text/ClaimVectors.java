package io.winnow.text;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * The unit sentence vectors of a catalogue's claims under one model, computed once per sweep, and the search for a
 * text's nearest claim: a scan over every claim (exact), or for more claims than {@code hnswAbove}, Lucene's HNSW graph
 * (built once per JVM on first use, from the vectors that travel here), whose few best candidates are then scored
 * exactly. A broadcast value: the graph ({@link ClaimGraph}) travels with the vectors, so it is built once, where
 * {@link #buildGraph} or the first search runs, or taken from an earlier sweep ({@link #useGraph}, keyed by {@link
 * #graphKey}).
 */
public final class ClaimVectors implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The nearest claim: its index in the catalogue and the cosine. */
  public record Nearest(int claim, double cosine) {}

  private final float[][] vectors;
  /** The catalogue index of each vector: claims the model does not read (another script) have none. */
  private final int[] claims;
  private final int hnswAbove;
  private final int maxConnections;
  private final int beamWidth;
  private final int candidates;
  /** A fixed seed: the same graph, so the same findings, on every executor and in every run. */
  private static final long GRAPH_SEED = 42L;

  private volatile ClaimGraph graph;
  /** The nearest claims of the vectors searched last ({@link #nearest(float[], int)}); made on first use. */
  private transient volatile Map<Vector, Nearest> recent;

  /** A vector as a map key, by its floats. */
  private record Vector(float[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Vector v && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  /** {@code vectors} in catalogue order, null for a claim the model does not read. */
  public ClaimVectors(List<float[]> vectors, int hnswAbove, int maxConnections, int beamWidth, int candidates) {
    this.vectors = vectors.stream().filter(java.util.Objects::nonNull).toArray(float[][]::new);
    this.claims = java.util.stream.IntStream.range(0, vectors.size()).filter(i -> vectors.get(i) != null).toArray();
    this.hnswAbove = hnswAbove;
    this.maxConnections = maxConnections;
    this.beamWidth = beamWidth;
    this.candidates = candidates;
  }

  public int size() {
    return vectors.length;
  }

  /** Whether a search goes through the HNSW graph rather than a scan. */
  public boolean usesGraph() {
    return vectors.length > hnswAbove;
  }

  /** The claim whose vector is nearest {@code text} (a unit vector); null when no claim has a vector. */
  public Nearest nearest(float[] text) {
    if (vectors.length == 0) {
      return null;
    }
    if (!usesGraph()) {
      return scan(text);
    }
    try {
      RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
          VectorSimilarityFunction.DOT_PRODUCT, values(), text);
      KnnCollector found = new TopKnnCollector(candidates, Integer.MAX_VALUE);
      HnswGraphSearcher.search(scorer, found, graph().cursor(), null);
      Nearest best = null;
      for (ScoreDoc d : found.topDocs().scoreDocs) {
        double c = SentenceEncoder.cosine(vectors[d.doc], text);
        if (best == null || c > best.cosine() || c == best.cosine() && claims[d.doc] < best.claim()) {
          best = new Nearest(claims[d.doc], c);
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #nearest(float[])} of a text's {@code vector}, remembered for the {@code keep} vectors searched last in this
   * JVM: a text that comes again (a repost, a copied rumour), or another with the same vector (the same tokens), is not
   * searched again. The search is a function of the vector alone; a remembered null is remembered as such.
   */
  public Nearest nearest(float[] vector, int keep) {
    if (keep <= 0) {
      return nearest(vector);
    }
    Map<Vector, Nearest> memo = recent;
    if (memo == null) {
      synchronized (this) {
        if (recent == null) {
          recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Vector, Nearest> eldest) {
              return size() > keep;
            }
          };
        }
        memo = recent;
      }
    }
    Vector key = new Vector(vector);
    synchronized (memo) {
      if (memo.containsKey(key)) {
        return memo.get(key);
      }
    }
    Nearest found = nearest(vector);
    synchronized (memo) {
      memo.put(key, found);
    }
    return found;
  }

  /**
   * The nearer of {@link #nearest(float[], int)} and the claims of {@code reached} (catalogue indices, e.g. the
   * claims the text passed the first stage on), each of those scored exactly (ties: the earlier claim). Through the
   * graph a search can miss a claim that lies apart from the rest of the catalogue; one of {@code reached} it can never
   * miss. A claim of {@code reached} without a vector is skipped; with a scan (exact already) {@code reached} is not read.
   */
  public Nearest nearest(float[] vector, int keep, int[] reached) {
    Nearest best = nearest(vector, keep);
    if (!usesGraph()) {
      return best;
    }
    for (int claim : reached) {
      int i = Arrays.binarySearch(claims, claim);
      if (i < 0) {
        continue;
      }
      double c = SentenceEncoder.cosine(vectors[i], vector);
      if (best == null || c > best.cosine() || c == best.cosine() && claim < best.claim()) {
        best = new Nearest(claim, c);
      }
    }
    return best;
  }

  /** The exact nearest claim (ties: the earlier claim). */
  public Nearest scan(float[] text) {
    if (vectors.length == 0) {
      return null;
    }
    int best = -1;
    double bestCosine = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < vectors.length; c++) {
      double s = SentenceEncoder.cosine(vectors[c], text);
      if (s > bestCosine) {
        bestCosine = s;
        best = c;
      }
    }
    return new Nearest(claims[best], bestCosine);
  }

  private RandomAccessVectorValues.Floats values() {
    return RandomAccessVectorValues.fromFloats(Arrays.asList(vectors), vectors[0].length);
  }

  private ClaimGraph graph() throws IOException {
    ClaimGraph g = graph;
    if (g == null) {
      synchronized (this) {
        g = graph;
        if (g == null) {
          g = build();
          graph = g;
        }
      }
    }
    return g;
  }

  private ClaimGraph build() throws IOException {
    RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
        VectorSimilarityFunction.DOT_PRODUCT, values());
    return ClaimGraph.freeze(HnswGraphBuilder.create(supplier, maxConnections, beamWidth, GRAPH_SEED)
        .build(vectors.length));
  }

  /** Builds the HNSW graph now (unless there is one) and returns it; null when searches scan. */
  public ClaimGraph buildGraph() {
    if (!usesGraph()) {
      return null;
    }
    try {
      return graph();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether this holds its graph (built or taken) already. */
  public boolean hasGraph() {
    return graph != null;
  }

  /**
   * Takes {@code g}, a graph built earlier from vectors with the same {@link #graphKey}, instead of building one;
   * false (and nothing taken) when its size is not this catalogue's.
   */
  public synchronized boolean useGraph(ClaimGraph g) {
    if (!usesGraph() || g.size() != vectors.length) {
      return false;
    }
    graph = g;
    return true;
  }

  /**
   * What decides the graph, as a SHA-256 in hex: every vector's floats in order, the neighbours per node, the beam
   * and the seed. Vectors with the same key build the same graph.
   */
  public String graphKey() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (4 + (vectors.length == 0 ? 0 : vectors[0].length)));
      b.putInt(vectors.length).putInt(maxConnections).putInt(beamWidth).putInt((int) GRAPH_SEED);
      md.update(b.array(), 0, b.position());
      for (float[] v : vectors) {
        b.clear();
        for (float x : v) {
          b.putFloat(x);
        }
        md.update(b.array(), 0, b.position());
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d claim vectors (%s)", vectors.length, usesGraph() ? "HNSW" : "scan");
  }
}
