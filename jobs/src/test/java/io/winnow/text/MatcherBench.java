package io.winnow.text;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

/**
 * Throughput of the text engine on generated bilingual posts, one thread: normalize alone, then scan alone and
 * normalize + scan at 100, 1,000, 10,000 and 100,000 phrases, against the naive baseline of one
 * {@code String.contains} per phrase measured in the same run. Not a unit test. Run after
 * {@code mvn -pl jobs test-compile}:
 *
 * <pre>
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/classpath.txt) io.winnow.text.MatcherBench
 * </pre>
 */
public final class MatcherBench {
  private static final long SEED = 42L;
  private static final int POSTS = 20_000;
  private static final long WARM_UP_MILLIS = 1_500;
  private static final long MEASURE_MILLIS = 3_000;
  private static final String HANZI =
      "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能"
      + "好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意"
      + "进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海"
      + "疾控病毒疫苗预防谣言官方认证医生律师投资理财军队部队央视新闻主播辟谣紧急转发震惊内部消息治愈偏方";
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ra", "to", "vi", "su", "pe", "di", "go", "ha"};

  private MatcherBench() {}

  public static void main(String[] args) {
    Random random = new Random(SEED);
    List<String> posts = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < POSTS; i++) {
      String post = post(random);
      posts.add(post);
      bytes += post.getBytes(StandardCharsets.UTF_8).length;
    }
    long start = System.nanoTime();
    TextNormalizer normalizer = new TextNormalizer();
    // Other processes on a shared machine skew every figure; the load average says how much to trust them.
    System.out.printf("java %s, %d cores, load average %.1f, %d posts, %.1f MB of UTF-8, mean %d bytes/post%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), POSTS, bytes / 1e6, bytes / POSTS);
    System.out.printf("TextNormalizer built in %d ms%n", (System.nanoTime() - start) / 1_000_000);

    double normalizeOnly = throughput(posts, post -> normalizer.normalize(post).length());
    System.out.printf("normalize alone: %.1f MB/s%n", normalizeOnly);
    List<NormalizedText> normalized = posts.stream().map(normalizer::normalize).toList();
    System.out.printf("%-8s %12s %16s %14s %8s %10s %10s%n",
        "phrases", "scan MB/s", "norm+scan MB/s", "contains MB/s", "ratio", "hits/post", "build ms");
    for (int count : new int[] {100, 1_000, 10_000, 100_000}) {
      List<String> phrases = phrases(random, count);
      long buildStart = System.nanoTime();
      TermMatcher matcher = TermMatcher.build(phrases, normalizer);
      long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
      long[] hits = new long[1];
      TermMatcher.HitConsumer counter = (phrase, s, e) -> hits[0]++;
      double engine = throughput(posts, post -> {
        matcher.scan(normalizer.normalize(post), counter);
        return hits[0];
      });
      long hitsBefore = hits[0];
      for (NormalizedText t : normalized) {
        matcher.scan(t, counter);
      }
      double hitsPerPost = (hits[0] - hitsBefore) / (double) POSTS;
      double scanOnly = throughputNormalized(posts, normalized, t -> {
        matcher.scan(t, counter);
        return hits[0];
      });
      String[] raw = phrases.toArray(String[]::new);
      double contains = throughput(posts, post -> {
        long found = 0;
        for (String p : raw) {
          if (post.contains(p)) {
            found++;
          }
        }
        return found;
      });
      System.out.printf("%-8d %12.1f %16.1f %14.2f %7.1fx %10.1f %10d%n",
          count, scanOnly, engine, contains, engine / contains, hitsPerPost, buildMillis);
    }
    System.out.printf("load average at the end %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** MB/s of UTF-8 over as many posts as fit in the time budget, after a warm-up. */
  private static double throughput(List<String> posts, ToLongFunction<String> work) {
    run(posts, i -> work.applyAsLong(posts.get(i)), WARM_UP_MILLIS);
    return run(posts, i -> work.applyAsLong(posts.get(i)), MEASURE_MILLIS);
  }

  /** Like {@link #throughput} over texts normalized beforehand; MB are those of the original posts. */
  private static double throughputNormalized(
      List<String> posts, List<NormalizedText> texts, ToLongFunction<NormalizedText> work) {
    run(posts, i -> work.applyAsLong(texts.get(i)), WARM_UP_MILLIS);
    return run(posts, i -> work.applyAsLong(texts.get(i)), MEASURE_MILLIS);
  }

  /** Runs {@code work} on post indices, cycling, until {@code millis} have passed; MB/s of the posts' UTF-8. */
  private static double run(List<String> posts, IntToLongFunction work, long millis) {
    long sink = 0;
    long bytes = 0;
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000;
    int[] utf8 = posts.stream().mapToInt(MatcherBench::utf8Length).toArray();
    int count = 0;
    while (true) {
      int i = count++ % posts.size();
      sink += work.applyAsLong(i);
      bytes += utf8[i];
      if ((count & 15) == 0 && System.nanoTime() > deadline) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == Long.MIN_VALUE) {
      System.out.println(); // keeps the work observable to the JIT
    }
    return bytes / 1e6 / seconds;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  /** A post of Chinese and English words, with the occasional evasion a filter has to see through. */
  static String post(Random random) {
    StringBuilder b = new StringBuilder();
    int words = 20 + random.nextInt(80);
    for (int w = 0; w < words; w++) {
      if (random.nextInt(3) == 0) {
        b.append(word(random)).append(' ');
      } else {
        String hanzi = hanzi(random, 2 + random.nextInt(3));
        switch (random.nextInt(20)) {
          case 0 -> b.append(String.join(" ", hanzi.split("")));
          case 1 -> b.append(String.join("\u200b", hanzi.split("")));
          case 2 -> b.append(String.join(".", hanzi.split("")));
          default -> b.append(hanzi);
        }
        b.append(random.nextInt(8) == 0 ? "，" : "");
      }
    }
    if (random.nextInt(10) == 0) {
      b.append("ＣＤＣ １２３ \ud83d\ude00");
    }
    return b.toString();
  }

  static List<String> phrases(Random random, int count) {
    List<String> phrases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // Rule phrases are specific (names, claims), so most posts hit none or a few of them.
      phrases.add(random.nextBoolean() ? hanzi(random, 3 + random.nextInt(3)) : word(random) + " " + word(random));
    }
    return phrases;
  }

  private static String hanzi(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(HANZI.charAt(random.nextInt(HANZI.length())));
    }
    return b.toString();
  }

  private static String word(Random random) {
    StringBuilder b = new StringBuilder();
    int syllables = 1 + random.nextInt(3);
    for (int i = 0; i < syllables; i++) {
      b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    return b.toString();
  }
}
