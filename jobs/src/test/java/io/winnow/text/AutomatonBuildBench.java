package io.winnow.text;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Build time of large phrase lists (issue 18): {@link TermMatcher#build} of 100,000 English and 100,000 Chinese
 * phrases, and the raw automaton of the same keys by {@link Automaton} against the library it replaced (com.hankcs's
 * {@code AhoCorasickDoubleArrayTrie}, a test dependency for this comparison only), each library given at most
 * {@code LIBRARY_LIMIT_S} seconds; the library's hits are compared with this automaton's where it finishes. Not a unit
 * test. Run after {@code mvn -pl jobs test-compile}:
 *
 * <pre>
 * mvn -q -pl jobs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx3g -cp jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/test-classpath.txt) \
 *   io.winnow.text.AutomatonBuildBench
 * </pre>
 */
public final class AutomatonBuildBench {
  private static final long LIBRARY_LIMIT_S = 120;
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final String HAN = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
      + "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现";
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "zu", "ren", "tas", "vol", "qui", "bex", "dor", "ny",
      "sha", "pol", "wex", "tri", "gan"};

  private AutomatonBuildBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("java %s, %d cores, load average %.1f, max heap %d MB%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().maxMemory() >> 20);
    TextNormalizer normalizer = TextNormalizer.shared();
    for (String kind : new String[] {"english", "chinese", "mixed"}) {
      for (int count : new int[] {10_000, 100_000}) {
        List<String> phrases = phrases(kind, count);
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        TermMatcher m = TermMatcher.build(phrases, normalizer);
        System.out.printf("TermMatcher.build %,7d %-7s phrases: %6.2f s (cpu %.2f s), %,d keys%s%n", count, kind,
            (System.nanoTime() - start) / 1e9, (CPU.getCurrentThreadCpuTime() - cpu) / 1e9, m.keyCount(),
            m.droppedLettersSkipped() ? " (no dropped letters)" : "");
      }
    }
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "library-build");
      t.setDaemon(true);
      return t;
    });
    for (String kind : new String[] {"english", "chinese"}) {
      for (int count : new int[] {10_000, 20_000, 50_000, 100_000}) {
        TreeMap<String, String> keys = new TreeMap<>();
        for (String p : phrases(kind, count)) {
          keys.put(p, p);
        }
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        Automaton<String> ours = Automaton.build(keys);
        double oursS = (System.nanoTime() - start) / 1e9;
        double oursCpu = (CPU.getCurrentThreadCpuTime() - cpu) / 1e9;
        start = System.nanoTime();
        Future<AhoCorasickDoubleArrayTrie<String>> library = pool.submit(() -> {
          AhoCorasickDoubleArrayTrie<String> t = new AhoCorasickDoubleArrayTrie<>();
          t.build(keys);
          return t;
        });
        String libraryS;
        String same = "";
        try {
          AhoCorasickDoubleArrayTrie<String> t = library.get(LIBRARY_LIMIT_S, TimeUnit.SECONDS);
          libraryS = String.format("%6.2f s", (System.nanoTime() - start) / 1e9);
          same = sameHits(ours, t, keys) ? ", same hits in the same order" : ", HITS DIFFER";
        } catch (TimeoutException e) {
          libraryS = "> " + LIBRARY_LIMIT_S + " s (stopped)";
          library.cancel(true);
          pool.shutdownNow();
          pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "library-build");
            t.setDaemon(true);
            return t;
          });
        } catch (java.util.concurrent.ExecutionException e) {
          libraryS = "failed: " + e.getCause();
        }
        System.out.printf("automaton of %,7d %-7s keys: ours %6.2f s (cpu %.2f s, %,d cells), library %s%s%n", count,
            kind, oursS, oursCpu, ours.cells(), libraryS, same);
        if (libraryS.startsWith(">")) {
          break; // a larger list is slower still; the stopped thread keeps running until the JVM ends
        }
      }
    }
  }

  /** Both automata over texts made of the keys' own pieces: the same hits in the same order. */
  private static boolean sameHits(Automaton<String> ours, AhoCorasickDoubleArrayTrie<String> library,
      TreeMap<String, String> keys) {
    SplittableRandom r = new SplittableRandom(5);
    String[] all = keys.keySet().toArray(String[]::new);
    for (int t = 0; t < 2_000; t++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        String k = all[r.nextInt(all.length)];
        b.append(k, r.nextInt(k.length()), k.length()).append(r.nextBoolean() ? " " : "");
      }
      String text = b.toString();
      List<String> a = new ArrayList<>();
      ours.scan(text.toCharArray(), text.length(), (s, e, v) -> a.add(s + ":" + e + ":" + v));
      List<String> l = new ArrayList<>();
      AhoCorasickDoubleArrayTrie.IHit<String> collect = (s, e, v) -> l.add(s + ":" + e + ":" + v);
      library.parseText(text, collect);
      if (!a.equals(l)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code count} distinct phrases as a platform's blocklist holds them: English, four made-up words of two or three
   * syllables; Chinese, eight common ideographs; mixed, as {@code bench engine}'s list (two phrases of either kind).
   */
  static List<String> phrases(String kind, int count) {
    SplittableRandom r = new SplittableRandom(43);
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    while (out.size() < count) {
      out.add(switch (kind) {
        case "english" -> english(r) + " " + english(r);
        case "chinese" -> chinese(r) + chinese(r);
        default -> (r.nextBoolean() ? english(r) : chinese(r)) + " " + (r.nextBoolean() ? english(r) : chinese(r));
      });
    }
    return new ArrayList<>(out);
  }

  private static String english(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < 2; w++) {
      b.append(w > 0 ? " " : "");
      for (int i = 0; i < 3; i++) {
        b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
    }
    return b.toString();
  }

  private static String chinese(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      b.append(HAN.charAt(r.nextInt(HAN.length())));
    }
    return b.toString();
  }
}
