package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Jaccard index against brute force at every threshold lint accepts (0.3 and up; below 0.6 with a note stating
 * {@link ClaimIndex#candidateProbability}): the pairs scoring just above the threshold are found at least as often as
 * lint says (within three standard errors), every pair from 0.6 up almost always, and nothing is reported that
 * brute force does not count.
 */
class JaccardThresholdRecallTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();

  @Test
  void everyAcceptedThresholdFindsWhatLintStates() {
    SplittableRandom r = new SplittableRandom(12);
    List<String> claims = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      claims.add(ClaimIndexTest.claim(r));
    }
    List<String> ids = claims.stream().map(c -> "c" + claims.indexOf(c)).toList();
    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      posts.add(ClaimIndexTest.mutate(claims.get(r.nextInt(claims.size())), r.nextInt(10), r));
    }
    long[][] claimShingles = claims.stream().map(c -> ClaimIndex.shingles(NORMALIZER.normalize(c)))
        .toArray(long[][]::new);
    long[][] postShingles = posts.stream().map(p -> ClaimIndex.shingles(NORMALIZER.normalize(p)))
        .toArray(long[][]::new);
    for (int tenths = 3; tenths <= 10; tenths++) {
      double t = tenths / 10.0;
      ClaimIndex index = new ClaimIndex(ids, claims, t, NORMALIZER);
      int near = 0;
      int nearFound = 0;
      int all = 0;
      int allFound = 0;
      for (int p = 0; p < posts.size(); p++) {
        java.util.Set<Integer> got = new java.util.HashSet<>();
        for (ClaimIndex.ClaimHit h : index.search(NORMALIZER.normalize(posts.get(p))).hits()) {
          got.add(h.claim());
          double exact = ClaimIndex.jaccard(postShingles[p], claimShingles[h.claim()]);
          assertTrue(exact >= t - 1e-9 && Math.abs(exact - h.score()) < 1e-12, "no pair below the threshold");
        }
        for (int c = 0; c < claims.size(); c++) {
          double s = ClaimIndex.jaccard(postShingles[p], claimShingles[c]);
          if (s >= t - 1e-9) {
            all++;
            allFound += got.contains(c) ? 1 : 0;
            if (s < t + 0.05) {
              near++;
              nearFound += got.contains(c) ? 1 : 0;
            }
          }
        }
      }
      double stated = ClaimIndex.candidateProbability(t);
      double observed = (double) nearFound / near;
      double slack = 3 * Math.sqrt(stated * (1 - stated) / near);
      System.out.printf("threshold %.1f: pairs near it found %.3f (%d of %d; stated %.3f); all pairs %.3f of %d%n", t,
          observed, nearFound, near, stated, (double) allFound / all, all);
      assertTrue(near >= 30, "enough pairs just above " + t + ": " + near);
      assertTrue(observed >= stated - slack, String.format("at %.1f: %.3f found, lint states %.3f", t, observed,
          stated));
      if (tenths >= 6) {
        assertTrue((double) allFound / all >= 0.98, String.format("at %.1f every pair almost always: %.3f", t,
            (double) allFound / all));
      }
    }
  }
}
