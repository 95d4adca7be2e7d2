package io.winnow.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * What the folds of issue 17 cost the text engine, one thread, in one JVM so that the load of the machine falls on all
 * three alike: normalize + scan of {@link MatcherBench}'s 20,000 generated posts with 1,000 phrases matched as before
 * the folds (the normalized text, unfolded), through the folded channel, and with the pinyin and homophone channel on
 * every phrase as well; five rounds of 1.5 s in turns, medians in MB/s of UTF-8. Not a unit test. Run after
 * {@code mvn -pl jobs test-compile}:
 *
 * <pre>
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/classpath.txt) io.winnow.text.FoldBench
 * </pre>
 */
public final class FoldBench {
  private FoldBench() {}

  public static void main(String[] args) {
    Random random = new Random(42L);
    List<byte[]> posts = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = MatcherBench.post(random).getBytes(StandardCharsets.UTF_8);
      posts.add(b);
      bytes += b.length;
    }
    List<String> phrases = MatcherBench.phrases(random, 1_000);
    TextNormalizer normalizer = TextNormalizer.shared();
    BitSet every = new BitSet();
    every.set(0, phrases.size());
    int[] sounds = new int[phrases.size()];
    Arrays.fill(sounds, TermMatcher.PINYIN | TermMatcher.HOMOPHONES);
    TermMatcher[] matchers = {TermMatcher.build(phrases, normalizer, every), TermMatcher.build(phrases, normalizer),
        TermMatcher.build(phrases, normalizer, new BitSet(), sounds)};
    String[] names = {"unfolded (as before)", "folded", "folded + pinyin, homophones"};
    double[][] mbs = new double[matchers.length][5];
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    long hits = 0;
    for (int round = 0; round < 5; round++) {
      for (int m = 0; m < matchers.length; m++) {
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() - start < 1_500_000_000L) {
          for (byte[] post : posts) {
            hits += matchers[m].scan(normalizer.normalizeUtf8(post, buffer)).size();
          }
          done += bytes;
        }
        mbs[m][round] = done / 1e6 / ((System.nanoTime() - start) / 1e9);
      }
    }
    System.out.printf("load average %.1f, %d hits in all%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), hits);
    for (int m = 0; m < matchers.length; m++) {
      double[] sorted = mbs[m].clone();
      Arrays.sort(sorted);
      System.out.printf("%-30s normalize + scan %6.1f MB/s (median of 5; %.2f x the unfolded)%n", names[m], sorted[2],
          sorted[2] / median(mbs[0]));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[2];
  }
}
