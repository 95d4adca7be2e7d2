package io.winnow.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of evaluate, pinned to hand computations. */
class ProportionsTest {
  private static final double THREE_DECIMALS = 0.0005;

  @Test
  void oneStratumOfAThousandActionsTwentySampledEighteenViolations() {
    Proportions.Estimate e = Proportions.stratified(List.of(new Proportions.Stratum(1000, 20, 18)));
    assertEquals(0.900, e.p(), THREE_DECIMALS, "precision");
    assertEquals(0.699, e.low(), THREE_DECIMALS, "lower bound");
    assertEquals(0.972, e.high(), THREE_DECIMALS, "upper bound");
    assertEquals(20.0, e.n(), 1e-9, "one stratum: the effective n is the sample size");
    assertEquals(Proportions.wilson(18, 20), e, "one stratum is the plain Wilson interval");
  }

  /**
   * Stratum A: 1,000 actions, 20 labelled, 18 correct (p_A = 0.9); stratum B: 250 actions, 10 labelled, 5 correct
   * (p_B = 0.5). W_A = 1000/1250 = 0.8, W_B = 0.2.
   * p = 0.8·0.9 + 0.2·0.5 = 0.72 + 0.10 = 0.82.
   * var = 0.8²·0.9·0.1/20 + 0.2²·0.5·0.5/10 = 0.64·0.09/20 + 0.04·0.25/10 = 0.00288 + 0.00100 = 0.00388.
   * effective n = 0.82·0.18/0.00388 = 0.1476/0.00388 = 38.0412.
   * Wilson at p = 0.82, n = 38.0412, z = 1.96 (z² = 3.84146): z²/n = 0.100982, denominator 1.100982;
   * centre = (0.82 + 3.84146/76.0825)/1.100982 = (0.82 + 0.050491)/1.100982 = 0.790650;
   * half = 1.96·√(0.1476/38.0412 + 3.84146/(4·38.0412²))/1.100982 = 1.96·√(0.0038800 + 0.0006636)/1.100982
   * = 1.96·0.067407/1.100982 = 0.119997; interval [0.671, 0.911].
   */
  @Test
  void twoStrataWeightedByTheirPopulations() {
    Proportions.Estimate e = Proportions.stratified(List.of(new Proportions.Stratum(1000, 20, 18),
        new Proportions.Stratum(250, 10, 5)));
    assertEquals(0.820, e.p(), THREE_DECIMALS, "weighted precision");
    assertEquals(38.041, e.n(), 0.001, "Kish effective n");
    assertEquals(0.671, e.low(), THREE_DECIMALS, "lower bound");
    assertEquals(0.911, e.high(), THREE_DECIMALS, "upper bound");
  }

  /** A stratum without labelled items carries no weight: the estimate is that of the labelled strata alone. */
  @Test
  void strataWithoutLabelsAreLeftOut() {
    assertEquals(Proportions.wilson(18, 20), Proportions.stratified(List.of(new Proportions.Stratum(1000, 20, 18),
        new Proportions.Stratum(5000, 0, 0))), "the unlabelled stratum is left out");
    assertFalse(Proportions.stratified(List.of(new Proportions.Stratum(10, 0, 0))).known(), "nothing labelled");
    assertTrue(Double.isNaN(Proportions.wilson(0, 0).p()), "no items: no proportion");
  }

  /**
   * p = 0, n = 20: centre = (0 + 3.84146/40)/1.192073 = 0.080563, half = 1.96·√(3.84146/1600)/1.192073 = 0.080563:
   * [0, 0.161]. p = 1 mirrors it: [0.839, 1]. One item, correct: [0.207, 1].
   */
  @Test
  void wilsonAtTheEdges() {
    Proportions.Estimate none = Proportions.wilson(0, 20);
    assertEquals(0.0, none.p(), "p = 0");
    assertEquals(0.0, none.low(), 1e-12, "p = 0: lower bound 0");
    assertEquals(0.161, none.high(), THREE_DECIMALS, "p = 0: upper bound");
    Proportions.Estimate all = Proportions.wilson(20, 20);
    assertEquals(0.839, all.low(), THREE_DECIMALS, "p = 1: lower bound");
    assertEquals(1.0, all.high(), 1e-12, "p = 1: upper bound 1");
    assertEquals(0.207, Proportions.wilson(1, 1).low(), THREE_DECIMALS, "one correct item");
    Proportions.Estimate strata = Proportions.stratified(List.of(new Proportions.Stratum(100, 5, 5),
        new Proportions.Stratum(300, 15, 15)));
    assertEquals(Proportions.wilson(20, 20), strata, "all correct in every stratum: Wilson at p = 1 on all 20");
  }
}
