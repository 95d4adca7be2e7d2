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
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * The unit sentence vectors of a catalogue's claims under one model, computed once per sweep, and the search for a
 * text's nearest claim: a scan over every claim (exact), or for more claims than {@code hnswAbove}, Lucene's HNSW graph
 * (built once per JVM on first use, from the vectors that travel here), whose few best candidates are then scored
 * exactly. A broadcast value: the graph is transient and rebuilt where the vectors land.
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
  private transient volatile OnHeapHnswGraph graph;
  /** The nearest claims of the texts searched last ({@link #nearest(String, float[], int)}); made on first use. */
  private transient volatile Map<String, Nearest> recent;

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
      KnnCollector found = HnswGraphSearcher.search(scorer, candidates, graph(), null, Integer.MAX_VALUE);
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
   * {@link #nearest(float[])} of {@code text}'s vector, remembered for the {@code keep} texts searched last in this
   * JVM: a text that comes again (a repost, a copied rumour) is not searched again. The same text always has the same
   * vector and so the same nearest claim; a remembered null is remembered as such.
   */
  public Nearest nearest(String text, float[] vector, int keep) {
    if (keep <= 0) {
      return nearest(vector);
    }
    Map<String, Nearest> memo = recent;
    if (memo == null) {
      synchronized (this) {
        if (recent == null) {
          recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Nearest> eldest) {
              return size() > keep;
            }
          };
        }
        memo = recent;
      }
    }
    synchronized (memo) {
      if (memo.containsKey(text)) {
        return memo.get(text);
      }
    }
    Nearest found = nearest(vector);
    synchronized (memo) {
      memo.put(text, found);
    }
    return found;
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

  private OnHeapHnswGraph graph() throws IOException {
    OnHeapHnswGraph g = graph;
    if (g == null) {
      synchronized (this) {
        g = graph;
        if (g == null) {
          RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
              VectorSimilarityFunction.DOT_PRODUCT, values());
          // A fixed seed: the same graph, so the same findings, on every executor and in every run.
          g = HnswGraphBuilder.create(supplier, maxConnections, beamWidth, 42L).build(vectors.length);
          graph = g;
        }
      }
    }
    return g;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d claim vectors (%s)", vectors.length, usesGraph() ? "HNSW" : "scan");
  }
}
