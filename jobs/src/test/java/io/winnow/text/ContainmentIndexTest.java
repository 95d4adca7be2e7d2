package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The containment index against a brute-force oracle over the same shingles: on generated bilingual claims and posts
 * (a claim repeated inside a longer post, edited or not; excerpts of a claim; unrelated posts), every (post, claim)
 * pair whose containment score reaches the threshold with at least min-shared shingles is found, at every threshold
 * and for each side, and no other pair is.
 */
class ContainmentIndexTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();

  /** The posts: each claim inside filler, edited, cut to an excerpt, plus unrelated filler. */
  static List<String> posts(List<String> claims, SplittableRandom r) {
    List<String> posts = new ArrayList<>();
    for (String c : claims) {
      posts.add(ClaimIndexTest.claim(r) + " " + c + " " + ClaimIndexTest.claim(r) + ClaimIndexTest.claim(r));
      posts.add(ClaimIndexTest.claim(r) + ClaimIndexTest.mutate(c, 1 + r.nextInt(4), r));
      int from = r.nextInt(Math.max(1, c.length() / 3));
      posts.add(c.substring(from, from + Math.max(1, c.length() * (5 + r.nextInt(5)) / 10 - from)));
      posts.add(ClaimIndexTest.claim(r) + " " + ClaimIndexTest.claim(r));
    }
    return posts;
  }

  /** Pairs "post/claim" the oracle counts: the score over all shingles of both, and at least minShared in common. */
  static Set<String> oracle(List<String> posts, List<String> claims, double t, int minShared,
      ContainmentIndex.Contained side) {
    Set<String> out = new HashSet<>();
    for (int p = 0; p < posts.size(); p++) {
      long[] ps = ClaimIndex.shinglesOf(NORMALIZER.normalize(posts.get(p)));
      for (int c = 0; c < claims.size(); c++) {
        long[] cs = ClaimIndex.shinglesOf(NORMALIZER.normalize(claims.get(c)));
        int shared = ContainmentIndex.overlap(ps, cs);
        if (shared >= minShared && side.score(shared, cs.length, ps.length) >= t) {
          out.add(p + "/" + c);
        }
      }
    }
    return out;
  }

  @Test
  void findsEveryPairTheOracleFindsAndNoOther() {
    SplittableRandom r = new SplittableRandom(31);
    List<String> claims = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      claims.add(ClaimIndexTest.claim(r));
    }
    List<String> posts = posts(claims, r);
    List<String> ids = claims.stream().map(c -> "c" + claims.indexOf(c)).toList();
    int checked = 0;
    for (ContainmentIndex.Contained side : ContainmentIndex.Contained.values()) {
      for (double t : new double[] {0.3, 0.5, 0.7, 0.8, 0.9, 1.0}) {
        int minShared = 8;
        Set<String> expected = oracle(posts, claims, t, minShared, side);
        ContainmentIndex index = new ContainmentIndex(ids, claims, t, minShared, side, NORMALIZER);
        Set<String> found = new HashSet<>();
        for (int p = 0; p < posts.size(); p++) {
          for (ContainmentIndex.Hit h : index.search(NORMALIZER.normalize(posts.get(p)))) {
            found.add(p + "/" + h.claim());
          }
        }
        assertEquals(expected, found, side + " at " + t + ": every pair the oracle counts, and no other");
        checked += expected.size();
        assertTrue(expected.size() >= posts.size() / 10, side + " at " + t + ": the fixture has pairs to find ("
            + expected.size() + ")");
      }
    }
    System.out.printf("containment: %d pairs checked against brute force, recall 1.0, no false pairs%n", checked);
  }

  @Test
  void aClaimInsideALongPostIsFoundWithTheSpanItCovers() {
    String claim = "drinking hot salt water every morning kills the virus";
    String post = "My aunt sent this to the family group today: DRINKING hot salt water every morning kills the"
        + " virus!!! I am not sure, what do you all think about it, should we try it or ask a doctor first?";
    ContainmentIndex index = new ContainmentIndex(List.of("c-salt", "c-5g"), List.of(claim,
        "5G towers spread the virus to every city"), 0.8, 8, ContainmentIndex.Contained.CLAIM, NORMALIZER);
    ContainmentIndex.Hit h = index.match(NORMALIZER.normalize(post));
    assertNotNull(h, "the claim is repeated word for word inside a post four times its length");
    assertEquals("c-salt", h.id());
    assertEquals(1.0, h.score(), 1e-9, "every shingle of the claim is in the post");
    int start = post.indexOf("DRINKING");
    assertEquals(post.substring(start, post.indexOf("virus") + "virus".length()), post.substring(h.start(), h.end()),
        "the span is the repeated claim, in the original text's case");
    double jaccard = ClaimIndex.similarity(NORMALIZER.normalize(post), NORMALIZER.normalize(claim));
    assertTrue(jaccard < 0.4, "whole-text Jaccard cannot see it: " + jaccard);
  }

  @Test
  void aShortClaimOrATwoShingleOverlapNeverCounts() {
    ContainmentIndex index = new ContainmentIndex(List.of("c-short", "c-long"), List.of("真的假的？",
        "喝盐水可以预防新冠病毒感染"), 0.5, 8, ContainmentIndex.Contained.EITHER, NORMALIZER);
    assertNull(index.match(NORMALIZER.normalize("真的假的？转发一下")),
        "a claim of 4 shingles never reaches 8 shared, however often it is quoted");
    assertNull(index.match(NORMALIZER.normalize("盐水")), "one shared shingle is chance, even at score 1");
    assertEquals("c-long", index.match(NORMALIZER.normalize("听说喝盐水可以预防新冠病毒感染，是真的吗")).id());
    assertEquals("c-long", index.match(NORMALIZER.normalize("喝盐水可以预防新冠病毒")).id(),
        "an excerpt of the claim counts under either (9 of its 9 shingles are in the claim)");
  }
}
