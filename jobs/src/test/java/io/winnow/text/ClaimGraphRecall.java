package io.winnow.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the HNSW search against an exact scan on a clustered catalogue, the shape of {@code bench engine
 * --semantic-claims}: {@code CLUSTER} claims close together (generated claims of random characters embed close to one
 * another) and {@code FAR} claims apart (the shipped ones), with texts near the far claims and texts near cluster
 * claims. Prints recall@1 against the scan and the time per search for each candidates setting. Not a test:
 * {@code java -cp jobs/target/test-classes:jobs/target/classes:CP io.winnow.text.ClaimGraphRecall [CLUSTER FAR DIM]}.
 */
public final class ClaimGraphRecall {
  private ClaimGraphRecall() {}

  static float[] unit(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(s);
    }
    return v;
  }

  static float[] random(Random r, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return unit(v);
  }

  /** {@code a + w * b}, as a unit vector. */
  static float[] mix(float[] a, float w, float[] b) {
    float[] v = a.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] += w * b[i];
    }
    return unit(v);
  }

  /**
   * {@code cluster} claims at cosine ~0.8 to their centre, then {@code far} claims apart; the centre shares a little
   * with the far ones (sentence vectors share a common direction).
   */
  static List<float[]> catalogue(Random r, int cluster, int far, int dim) {
    float[] centre = random(r, dim);
    List<float[]> claims = new ArrayList<>();
    for (int i = 0; i < cluster; i++) {
      claims.add(mix(centre, 0.75f, random(r, dim)));
    }
    for (int i = 0; i < far; i++) {
      claims.add(mix(random(r, dim), 0.5f, centre));
    }
    return claims;
  }

  public static void main(String[] args) {
    int cluster = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int far = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    int dim = args.length > 2 ? Integer.parseInt(args[2]) : 384;
    float noise = args.length > 3 ? Float.parseFloat(args[3]) : 0.6f;
    Random r = new Random(5);
    List<float[]> claims = catalogue(r, cluster, far, dim);
    List<float[]> nearFar = new ArrayList<>();
    List<float[]> nearCluster = new ArrayList<>();
    for (int q = 0; q < 1000; q++) {
      nearFar.add(mix(claims.get(cluster + q % far), noise, random(r, dim)));
      nearCluster.add(mix(claims.get(r.nextInt(cluster)), noise, random(r, dim)));
    }
    ClaimVectors scan = new ClaimVectors(claims, Integer.MAX_VALUE, 16, 100, 10);
    nearFar.forEach(scan::nearest); // warms the JIT
    long t0 = System.nanoTime();
    ClaimVectors.Nearest[] exactFar = nearFar.stream().map(scan::nearest).toArray(ClaimVectors.Nearest[]::new);
    ClaimVectors.Nearest[] exactCluster = nearCluster.stream().map(scan::nearest)
        .toArray(ClaimVectors.Nearest[]::new);
    System.out.printf(Locale.ROOT, "%d + %d claims, dim %d; scan %.1f us/search%n", cluster, far, dim,
        (System.nanoTime() - t0) / 1e3 / 2000);
    ClaimGraph graph = null;
    for (int candidates : new int[] {10, 50, 100, 200}) {
      ClaimVectors g = new ClaimVectors(claims, 2000, 16, 100, candidates);
      long b = System.nanoTime();
      if (graph == null) {
        graph = g.buildGraph();
        System.out.printf(Locale.ROOT, "graph built in %.1f s%n", (System.nanoTime() - b) / 1e9);
      } else {
        g.useGraph(graph);
      }
      for (int round = 0; round < 2; round++) { // the first round warms the JIT
        long started = System.nanoTime();
        int hitFar = 0;
        int hitCluster = 0;
        int hitReached = 0;
        for (int q = 0; q < nearFar.size(); q++) {
          hitFar += g.nearest(nearFar.get(q)).claim() == exactFar[q].claim() ? 1 : 0;
          // As a sweep searches: the far claim the text was made from is the one it reached in the first stage.
          hitReached += g.nearest(nearFar.get(q), 0, new int[] {cluster + q % far}).claim()
              == exactFar[q].claim() ? 1 : 0;
          hitCluster += g.nearest(nearCluster.get(q)).claim() == exactCluster[q].claim() ? 1 : 0;
        }
        if (round == 1) {
          System.out.printf(Locale.ROOT, "candidates %3d: recall@1 near far claims %4d/%d (%4d/%d with the "
              + "reached claim scored), near cluster claims %4d/%d; %.1f us/search%n", candidates, hitFar,
              nearFar.size(), hitReached, nearFar.size(), hitCluster, nearCluster.size(),
              (System.nanoTime() - started) / 1e3 / (3 * nearFar.size()));
        }
      }
    }
  }
}
