package io.winnow.cli;

import io.winnow.engine.CompiledRules;
import io.winnow.model.Condition;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import io.winnow.text.TextNormalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The text pass of {@code bench engine}'s 1,000-rule line without Spark, one thread: the same generated rules (every
 * fold on with {@code sounds}), {@link CompiledRules#matchUtf8} over the text and title of the first posts of a
 * generated archive, and normalization alone, in turns; CPU seconds of the thread per round. Texts are read once from
 * the archive with Spark into a dump file outside the project (never commit it). Not a unit test. Run after
 * {@code mvn -pl jobs test-compile}:
 *
 * <pre>
 * java -Xmx3g --add-opens=... -cp jobs/target/test-classes:jobs/target/classes:CLASSPATH io.winnow.cli.PassBench \
 *   ARCHIVE DUMP_FILE POSTS RULES_DIR [sounds|plain] [ROUNDS]
 * </pre>
 */
public final class PassBench {
  private PassBench() {}

  public static void main(String[] args) throws IOException {
    Path archive = Path.of(args[0]);
    Path dump = Path.of(args[1]);
    int posts = Integer.parseInt(args[2]);
    Path rules = Path.of(args[3]);
    boolean sounds = args.length > 4 && args[4].equals("sounds");
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 7;
    if (!Files.exists(dump)) {
      write(archive, dump, posts);
    }
    List<byte[][]> rows = read(dump);
    List<String> seeds = new ArrayList<>();
    RuleLoader.load(rules).rules().stream().filter(r -> r.subject() == Subject.POST)
        .forEach(r -> collect(r.when(), seeds));
    RuleSet set = generated(sounds, seeds);
    CompiledRules compiled = CompiledRules.of(set, Subject.POST, Integer.MAX_VALUE);
    TextNormalizer normalizer = TextNormalizer.shared();
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] pass = new double[rounds];
    double[] norm = new double[rounds];
    long matched = 0;
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      long sink = 0;
      for (byte[][] row : rows) {
        sink += normalizer.normalizeUtf8(row[0], buffer).length();
        sink += normalizer.normalizeUtf8(row[1], buffer).length();
      }
      norm[round] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      start = threads.getCurrentThreadCpuTime();
      long m = 0;
      for (byte[][] row : rows) {
        m += compiled.matchUtf8(row, null, buffer) == null ? 0 : 1;
      }
      pass[round] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      matched = m + (sink == 42 ? 1 : 0);
    }
    System.out.printf("%,d posts, sounds %s, %,d matched; load average %.1f%n", rows.size(), sounds, matched,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("normalize only: cpu s per round %s, median %.3f, best %.3f%n", Arrays.toString(norm),
        median(norm), Arrays.stream(norm).min().orElse(0));
    System.out.printf("whole match:    cpu s per round %s, median %.3f, best %.3f%n", Arrays.toString(pass), median(pass),
        Arrays.stream(pass).min().orElse(0));
  }

  /** {@code BenchEngineCommand.generated} of this tree, or of the pre-fold tree (no sound option), to compare. */
  private static RuleSet generated(boolean sounds, List<String> seeds) {
    try {
      for (java.lang.reflect.Method m : BenchEngineCommand.class.getDeclaredMethods()) {
        if (m.getName().equals("generated") && m.getParameterCount() == 6) {
          m.setAccessible(true);
          Set<Condition.Sound> option = sounds ? Set.of(Condition.Sound.PINYIN, Condition.Sound.HOMOPHONES) : Set.of();
          return (RuleSet) m.invoke(null, option, 1000, 50, seeds, 0, 0);
        }
        if (m.getName().equals("generated") && m.getParameterCount() == 5) {
          m.setAccessible(true);
          return (RuleSet) m.invoke(null, 1000, 50, seeds, 0, 0);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no BenchEngineCommand.generated");
  }

  /** Every phrase of a condition's terms and near leaves, into {@code into} (PassSplit reads the same seeds). */
  public static void collect(Condition c, List<String> into) {
    if (c instanceof Condition.Terms t) {
      into.addAll(t.phrases());
    } else if (c instanceof Condition.Near n) {
      into.addAll(n.phrases());
    } else if (c instanceof Condition.All a) {
      a.conditions().forEach(x -> collect(x, into));
    } else if (c instanceof Condition.Any a) {
      a.conditions().forEach(x -> collect(x, into));
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void write(Path archive, Path dump, int posts) throws IOException {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().parquet(archive.resolve("posts").toString()).select("text", "title").limit(posts)
        .collectAsList();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dump)))) {
      for (Row r : rows) {
        for (int f = 0; f < 2; f++) {
          String s = r.isNullAt(f) ? null : r.getString(f);
          if (s == null) {
            out.writeInt(-1);
          } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
          }
        }
      }
    }
    spark.stop();
  }

  /** The rows of a dump file {@link #write} made: text and title as UTF-8 bytes (null for a null field). */
  public static List<byte[][]> read(Path dump) throws IOException {
    List<byte[][]> rows = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dump)))) {
      while (true) {
        byte[][] row = new byte[2][];
        for (int f = 0; f < 2; f++) {
          int n;
          try {
            n = in.readInt();
          } catch (EOFException end) {
            return rows;
          }
          if (n >= 0) {
            row[f] = in.readNBytes(n);
          }
        }
        rows.add(row);
      }
    }
  }
}
