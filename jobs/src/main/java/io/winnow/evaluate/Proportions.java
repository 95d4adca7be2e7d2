package io.winnow.evaluate;

import java.util.List;

/**
 * 95 % intervals for proportions, in plain Java: the Wilson score interval, and a stratified estimate (strata weighted
 * by their population sizes) whose interval is Wilson's at Kish's effective sample size. No finite-population
 * correction, so that one stratum gives exactly the plain Wilson interval of its sample.
 */
public final class Proportions {
  private Proportions() {}

  /** The standard normal quantile of 0.975: a two-sided 95 % interval. */
  public static final double Z95 = 1.959963984540054;

  /** A proportion with its 95 % interval and the sample size behind it; all NaN (n = 0) when nothing was labelled. */
  public record Estimate(double p, double low, double high, double n) {
    public boolean known() {
      return n > 0;
    }
  }

  /** A stratum: its population size, how many of its sampled items are labelled (unsure excluded), how many correct. */
  public record Stratum(long population, long labelled, long correct) {}

  public static Estimate wilson(long successes, long n) {
    return wilson(n == 0 ? Double.NaN : (double) successes / n, n);
  }

  /** Wilson's score interval of proportion p observed on n items: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n). */
  public static Estimate wilson(double p, double n) {
    if (!(n > 0)) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new Estimate(p, Math.max(0, centre - half), Math.min(1, centre + half), n);
  }

  /**
   * The stratified estimate p = Σ W_h p_h, var = Σ W_h² p_h(1-p_h)/n_h over the strata with labelled items (W_h =
   * N_h / Σ N of those strata), and the Wilson interval at Kish's effective n = p(1-p)/var. When var is 0 (every
   * stratum all correct or all wrong) the effective n is the number labelled, as Kish's formula is then undefined.
   */
  public static Estimate stratified(List<Stratum> strata) {
    long population = 0;
    long labelled = 0;
    for (Stratum s : strata) {
      if (s.labelled() > 0) {
        population += s.population();
        labelled += s.labelled();
      }
    }
    if (labelled == 0 || population == 0) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double p = 0;
    double variance = 0;
    for (Stratum s : strata) {
      if (s.labelled() > 0) {
        double w = (double) s.population() / population;
        double ph = (double) s.correct() / s.labelled();
        p += w * ph;
        variance += w * w * ph * (1 - ph) / s.labelled();
      }
    }
    double n = variance > 0 ? p * (1 - p) / variance : labelled;
    return wilson(p, n);
  }
}
