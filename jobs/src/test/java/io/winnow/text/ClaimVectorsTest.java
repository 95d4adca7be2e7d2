package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The nearest claim of a text's vector: a scan is exact; above {@code hnswAbove} claims Lucene's HNSW graph finds the
 * same claim for texts near one (what a paraphrase is), and claims without a vector (another script) are never found.
 */
class ClaimVectorsTest {
  @Test
  void theGraphFindsTheClaimATextIsNearAsTheScanDoes() {
    Random r = new Random(7);
    List<float[]> claims = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      claims.add(ClaimGraphRecall.random(r, 64));
    }
    ClaimVectors graph = new ClaimVectors(claims, 100, 16, 100, 10);
    ClaimVectors scan = new ClaimVectors(claims, 10_000, 16, 100, 10);
    assertTrue(graph.usesGraph());
    assertTrue(!scan.usesGraph());
    int same = 0;
    for (int q = 0; q < 200; q++) {
      int target = r.nextInt(claims.size());
      float[] text = claims.get(target).clone();
      float[] noise = ClaimGraphRecall.random(r, 64);
      for (int i = 0; i < text.length; i++) {
        text[i] += 0.3f * noise[i];
      }
      ClaimGraphRecall.unit(text);
      ClaimVectors.Nearest exact = scan.nearest(text);
      assertEquals(target, exact.claim(), "the scan finds the claim the text was made from");
      ClaimVectors.Nearest approx = graph.nearest(text);
      same += approx.claim() == exact.claim() && Math.abs(approx.cosine() - exact.cosine()) < 1e-6 ? 1 : 0;
    }
    assertEquals(200, same, "the graph finds the same claim with the same cosine for every text near a claim");
  }

  /**
   * The shape of {@code bench engine --semantic-claims}: 3,000 claims close together and 4 apart, texts near the 4.
   * Through the graph alone most of these texts get a cluster claim; with the claim the text reached in the first
   * stage scored exactly, every one gets the claim it was made from, with the scan's cosine.
   */
  @Test
  void aClaimApartFromAClusterIsFoundWhenTheTextReachedIt() {
    Random r = new Random(5);
    List<float[]> claims = ClaimGraphRecall.catalogue(r, 3000, 4, 64);
    claims.add(0, null); // a claim without a vector: graph indices and catalogue indices differ by one
    ClaimVectors graph = new ClaimVectors(claims, 2000, 16, 100, 10);
    ClaimVectors scan = new ClaimVectors(claims, 10_000, 16, 100, 10);
    assertTrue(graph.usesGraph());
    int missedByGraphAlone = 0;
    for (int q = 0; q < 40; q++) {
      int far = 3001 + q % 4;
      float[] text = ClaimGraphRecall.mix(claims.get(far), 0.6f, ClaimGraphRecall.random(r, 64));
      ClaimVectors.Nearest exact = scan.nearest(text);
      assertEquals(far, exact.claim(), "the scan finds the far claim the text was made from");
      missedByGraphAlone += graph.nearest(text).claim() == far ? 0 : 1;
      assertEquals(exact, graph.nearest(text, 0, new int[] {0, 17, far}),
          "the reached far claim is found, with the scan's cosine (claim 0, without a vector, is skipped)");
    }
    float[] nearClaim5 = ClaimGraphRecall.mix(claims.get(5), 0.1f, ClaimGraphRecall.random(r, 64));
    assertEquals(scan.nearest(nearClaim5), graph.nearest(nearClaim5, 0, new int[] {3001}));
    assertEquals(5, graph.nearest(nearClaim5, 0, new int[] {3001}).claim(),
        "a reached claim farther than the graph's best does not replace it");
    assertTrue(missedByGraphAlone > 20, "the fixture is the clustered case: the graph alone misses most far claims, "
        + "here " + missedByGraphAlone + " of 40");
  }

  @Test
  void claimsWithoutAVectorAreNeverFound() {
    float[] a = ClaimGraphRecall.unit(new float[] {1, 0, 0});
    float[] b = ClaimGraphRecall.unit(new float[] {0, 1, 0});
    ClaimVectors v = new ClaimVectors(Arrays.asList(null, a, null, b), 10, 16, 100, 10);
    assertEquals(3, v.nearest(ClaimGraphRecall.unit(new float[] {0.1f, 1, 0})).claim(), "catalogue index of b");
    assertEquals(1, v.nearest(ClaimGraphRecall.unit(new float[] {1, 0.1f, 0})).claim(), "catalogue index of a");
    assertNull(new ClaimVectors(Arrays.asList((float[]) null), 10, 16, 100, 10).nearest(a));
  }

  @Test
  void aGraphIsKeyedByTheVectorsAndTakenOnlyForTheSameCatalogue() {
    Random r = new Random(9);
    List<float[]> claims = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      claims.add(ClaimGraphRecall.random(r, 16));
    }
    ClaimVectors built = new ClaimVectors(claims, 100, 16, 100, 10);
    ClaimGraph graph = built.buildGraph();
    assertTrue(built.hasGraph());
    ClaimVectors same = new ClaimVectors(new ArrayList<>(claims), 100, 16, 100, 10);
    assertEquals(built.graphKey(), same.graphKey(), "the same vectors, the same key");
    assertTrue(!same.hasGraph() && same.useGraph(graph) && same.hasGraph());
    assertEquals(graph, same.buildGraph(), "taken, not built again");
    List<float[]> changed = new ArrayList<>(claims);
    changed.set(150, ClaimGraphRecall.random(r, 16));
    assertTrue(!built.graphKey().equals(new ClaimVectors(changed, 100, 16, 100, 10).graphKey()), "one claim changed");
    assertTrue(!built.graphKey().equals(new ClaimVectors(claims, 100, 32, 100, 10).graphKey()), "other connections");
    ClaimVectors fewer = new ClaimVectors(claims.subList(0, 299), 100, 16, 100, 10);
    assertTrue(!fewer.useGraph(graph) && !fewer.hasGraph(), "a graph of 300 nodes is not taken for 299 claims");
    assertEquals(null, new ClaimVectors(claims, 1000, 16, 100, 10).buildGraph(), "a scan has no graph");
  }

  @Test
  void aRememberedSearchIsTheSearchOfTheSameVectorOnly() {
    Random r = new Random(11);
    List<float[]> claims = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      claims.add(ClaimGraphRecall.random(r, 64));
    }
    ClaimVectors graph = new ClaimVectors(claims, 100, 16, 100, 10);
    List<float[]> texts = new ArrayList<>();
    for (int q = 0; q < 30; q++) {
      texts.add(ClaimGraphRecall.mix(claims.get(r.nextInt(claims.size())), 0.3f, ClaimGraphRecall.random(r, 64)));
    }
    // Remembering up to 8 vectors: each text is asked about twice, the second time as an equal copy of its vector
    // (two texts read as the same tokens), and each answer is the search of that text's own vector.
    for (float[] text : texts) {
      ClaimVectors.Nearest searched = graph.nearest(text);
      assertEquals(searched, graph.nearest(text, 8));
      assertEquals(searched, graph.nearest(text.clone(), 8), "an equal vector in another array");
    }
    for (float[] text : texts) {
      assertEquals(graph.nearest(text), graph.nearest(text, 8), "again, most of them forgotten since");
    }
    assertTrue(texts.stream().map(graph::nearest).distinct().count() > 20, "the texts are near different claims");
  }
}
