package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The frozen HNSW graph: a search through it returns what Lucene's own search through the graph it was frozen from
 * returns (the same claims, scores and order), written and read back it is the same graph, and a damaged file is
 * refused with what is wrong.
 */
class ClaimGraphTest {
  static List<float[]> claims;
  static OnHeapHnswGraph built;

  private static float[] random(Random r, int d) {
    float[] v = new float[d];
    double s = 0;
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
      s += v[i] * v[i];
    }
    for (int i = 0; i < d; i++) {
      v[i] /= (float) Math.sqrt(s);
    }
    return v;
  }

  @BeforeAll
  static void build() throws IOException {
    Random r = new Random(11);
    claims = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      claims.add(random(r, 48));
    }
    built = HnswGraphBuilder.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
        VectorSimilarityFunction.DOT_PRODUCT, values()), 16, 100, 42L).build(claims.size());
  }

  private static RandomAccessVectorValues.Floats values() {
    return RandomAccessVectorValues.fromFloats(claims, 48);
  }

  /**
   * Lucene's search over its on-heap graph, as ClaimVectors searched before graphs were frozen: the claims found with
   * their scores, and how many nodes the search visited (the same path through the graph, not only the same result).
   */
  private static String onHeap(float[] q) throws IOException {
    return docs(HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
        VectorSimilarityFunction.DOT_PRODUCT, values(), q), 10, built, null, Integer.MAX_VALUE));
  }

  private static String frozen(ClaimGraph g, float[] q) throws IOException {
    KnnCollector c = new TopKnnCollector(10, Integer.MAX_VALUE);
    HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
        VectorSimilarityFunction.DOT_PRODUCT, values(), q), c, g.cursor(), null);
    return docs(c);
  }

  private static String docs(KnnCollector c) {
    return Arrays.stream(c.topDocs().scoreDocs).map(x -> x.doc + ":" + x.score).toList() + " visited "
        + c.visitedCount();
  }

  private static byte[] bytes(ClaimGraph g) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    g.write(new DataOutputStream(b));
    return b.toByteArray();
  }

  private static ClaimGraph read(byte[] b, int size) throws IOException {
    return ClaimGraph.read(new DataInputStream(new ByteArrayInputStream(b)), size);
  }

  @Test
  void aSearchThroughTheFrozenGraphFindsWhatLucenesSearchFinds() throws IOException {
    ClaimGraph g = ClaimGraph.freeze(built);
    assertEquals(claims.size(), g.size());
    assertTrue(built.numLevels() > 1, "a graph of several levels, so the upper levels are exercised");
    Random r = new Random(3);
    for (int q = 0; q < 300; q++) {
      float[] query = q % 2 == 0 ? random(r, 48) : claims.get(r.nextInt(claims.size()));
      assertEquals(onHeap(query), frozen(g, query), "query " + q);
    }
  }

  @Test
  void writtenAndReadBackItIsTheSameGraph() throws IOException {
    ClaimGraph g = ClaimGraph.freeze(built);
    ClaimGraph back = read(bytes(g), claims.size());
    assertEquals(g, back);
    float[] query = random(new Random(5), 48);
    assertEquals(onHeap(query), frozen(back, query));
    // Java serialization too (the graph travels in a broadcast).
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(b)) {
      out.writeObject(g);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      assertEquals(g, in.readObject());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDamagedFileIsRefusedSayingWhatIsWrong() throws IOException {
    byte[] whole = bytes(ClaimGraph.freeze(built));
    assertEquals("a graph of 2500 nodes, " + built.numLevels() + " levels, entry " + built.entryNode() + " where"
        + " 2501 claims were expected", assertThrows(IOException.class, () -> read(whole, 2501)).getMessage());
    assertThrows(java.io.EOFException.class, () -> read(Arrays.copyOf(whole, whole.length - 3), 2500));
    byte[] foreign = "not a graph at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("not a claim graph (no magic number)", assertThrows(IOException.class, () -> read(foreign, 2500))
        .getMessage());
    // Level 0 starts at byte 16 (magic, size, entry, levels, node count): the first node's neighbour count, then its
    // first neighbour, which is set past the last node.
    byte[] outOfRange = whole.clone();
    ByteBuffer.wrap(outOfRange).putInt(24, 2500);
    assertEquals("level 0: neighbour 2500 out of range", assertThrows(IOException.class,
        () -> read(outOfRange, 2500)).getMessage());
    assertNotEquals(0, ByteBuffer.wrap(whole).getInt(20), "node 0 has neighbours");
    assertArrayEquals(whole, bytes(read(whole, 2500)), "the undamaged bytes read and write back the same");
  }
}
