package io.winnow.text;

import io.winnow.generate.GeneratedNames;
import io.winnow.model.Condition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The accounts pass's name matcher, one thread: every generated account name (display name and handle) through each
 * name-like leaf of the shipped rules, as the engine builds and calls them (one matcher per distinct condition, asked
 * once per leaf), with {@link NameMatcher} and with
 * {@link NameMatcherReference} (the matcher before issue 19's cuts) in the same run, in turns, so that the load of the
 * machine falls on both alike. Two sets of names from the generator (seed 42): an archive's own mix (100,000 accounts,
 * mostly ordinary names) and its labelled accounts only (officials, impersonators with decorations, homoglyphs and
 * other-language names, fans, professionals, journalists, verified individuals: the names that carry protected names
 * and decorations). Names are normalized beforehand (the normalizer is not the matcher's cost). Prints names/s and CPU
 * per name, medians of five rounds after two of warm-up, and the ratio of the new to the reference. Not a unit test.
 * Run after {@code mvn -pl jobs test-compile}, from {@code jobs/} (the rules are read from {@code ../rules}):
 *
 * <pre>
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/classpath.txt) io.winnow.text.NameBench
 * </pre>
 */
public final class NameBench {
  private static final long SEED = 42L;
  private static final int WARM_UP = 2;
  private static final int ROUNDS = 5;

  private NameBench() {}

  public static void main(String[] args) {
    TextNormalizer normalizer = TextNormalizer.shared();
    List<Condition.NameLike> leaves = GeneratedNames.shippedNameLikeLeaves();
    List<Condition.NameLike> conditions = GeneratedNames.shippedNameLike();
    // One matcher per distinct condition, as the engine shares them; called once per leaf, in rule order.
    Map<Condition.NameLike, NameMatcher> now = new HashMap<>();
    Map<Condition.NameLike, NameMatcherReference> before = new HashMap<>();
    for (Condition.NameLike c : conditions) {
      now.put(c, new NameMatcher(c.names(), c.decorations(), c.maxDistance(), normalizer));
      before.put(c, new NameMatcherReference(c.names(), c.decorations(), c.maxDistance(), normalizer));
    }
    NameMatcher[] current = leaves.stream().map(now::get).toArray(NameMatcher[]::new);
    NameMatcherReference[] reference = leaves.stream().map(before::get).toArray(NameMatcherReference[]::new);
    System.out.printf("java %s, load average %.1f, %d name-like leaves on %d matchers (%s)%n",
        System.getProperty("java.version"), load(), leaves.size(), conditions.size(), conditions.stream()
            .map(c -> c.names().size() + " names, distance " + c.maxDistance()).toList());
    bench("archive mix, 100,000 accounts", GeneratedNames.archive(100_000, SEED), normalizer, current, reference);
    bench("labelled accounts of 5,000,000", GeneratedNames.labelled(5_000_000, SEED, 200_000), normalizer, current,
        reference);
    System.out.printf("load average at the end %.1f%n", load());
  }

  private static void bench(String title, List<String> names, TextNormalizer normalizer, NameMatcher[] current,
      NameMatcherReference[] reference) {
    NormalizedText[] texts = names.stream().map(normalizer::normalize).toArray(NormalizedText[]::new);
    Function<NormalizedText, NameMatcher.NameHit>[] now = matchers(current, m -> m::match);
    Function<NormalizedText, NameMatcher.NameHit>[] before = matchers(reference, m -> m::match);
    long hitsNow = 0;
    long hitsBefore = 0;
    double[][] cpu = new double[2][ROUNDS];
    double[][] wall = new double[2][ROUNDS];
    for (int round = -WARM_UP; round < ROUNDS; round++) {
      for (int side = 0; side < 2; side++) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long hits = pass(texts, side == 0 ? before : now);
        if (round >= 0) {
          cpu[side][round] = (threads.getCurrentThreadCpuTime() - cpuStart) / (double) texts.length;
          wall[side][round] = (System.nanoTime() - wallStart) / (double) texts.length;
        }
        if (side == 0) {
          hitsBefore = hits;
        } else {
          hitsNow = hits;
        }
      }
    }
    System.out.printf("%s: %,d names, %,d with a hit (reference %,d)%n", title, texts.length, hitsNow, hitsBefore);
    String[] sides = {"reference (before)", "NameMatcher (now)"};
    for (int side = 0; side < 2; side++) {
      System.out.printf("  %-20s %10.0f names/s  %8.0f ns CPU/name  %8.0f ns wall/name%n", sides[side],
          1e9 / median(wall[side]), median(cpu[side]), median(wall[side]));
    }
    System.out.printf("  CPU per name, now / before: %.2f (speed-up %.2f x); wall %.2f%n",
        median(cpu[1]) / median(cpu[0]), median(cpu[0]) / median(cpu[1]), median(wall[1]) / median(wall[0]));
  }

  /** Names with a hit from any matcher, each name counted once. */
  private static long pass(NormalizedText[] texts, Function<NormalizedText, NameMatcher.NameHit>[] matchers) {
    long hits = 0;
    for (NormalizedText t : texts) {
      boolean hit = false;
      for (Function<NormalizedText, NameMatcher.NameHit> m : matchers) {
        hit |= m.apply(t) != null;
      }
      hits += hit ? 1 : 0;
    }
    return hits;
  }

  @SuppressWarnings("unchecked")
  private static <M> Function<NormalizedText, NameMatcher.NameHit>[] matchers(M[] ms,
      Function<M, Function<NormalizedText, NameMatcher.NameHit>> f) {
    return Arrays.stream(ms).map(f).toArray(Function[]::new);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
