package io.winnow.sweep;

import io.winnow.cli.PassBench;
import io.winnow.text.TextNormalizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The posts pass's text checks and normalization, one thread, old and new in the same run and in turns: the checks'
 * own walk over each field then {@link TextNormalizer#normalizeUtf8} (the old path), against {@link
 * TextNormalizer#decodeChecked} of each field then {@link TextNormalizer#normalizeDecoded} (the checks read off the
 * decode). CPU seconds of the thread per round, over the texts of a {@link PassBench} dump file (outside the project).
 * Not a unit test. Run after {@code mvn -pl jobs test-compile}:
 *
 * <pre>
 * java -Xmx2g -cp jobs/target/test-classes:jobs/target/classes:CLASSPATH io.winnow.sweep.ChecksDecodeBench DUMP [ROUNDS]
 * </pre>
 */
public final class ChecksDecodeBench {
  private ChecksDecodeBench() {}

  public static void main(String[] args) throws IOException {
    List<byte[][]> rows = PassBench.read(Path.of(args[0]));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    String[] fields = {"text", "title"};
    int maxText = 20_000;
    TextNormalizer normalizer = TextNormalizer.shared();
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    TextNormalizer.Buffer[] buffers = {new TextNormalizer.Buffer(), new TextNormalizer.Buffer()};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] old = new double[rounds];
    double[] decoded = new double[rounds];
    long sinkOld = 0;
    long sinkNew = 0;
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      long sink = 0;
      for (byte[][] row : rows) {
        if (TextChecks.reason(row, fields, maxText) != null) {
          sink++;
          continue;
        }
        sink += normalizer.normalizeUtf8(row[0], buffer).length();
        sink += normalizer.normalizeUtf8(row[1], buffer).length();
      }
      old[round] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      sinkOld = sink;
      start = threads.getCurrentThreadCpuTime();
      sink = 0;
      for (byte[][] row : rows) {
        boolean reason = false;
        for (int f = 0; f < 2 && !reason; f++) {
          if (row[f] != null) {
            int chars = normalizer.decodeChecked(row[f], buffers[f]);
            reason = chars == TextNormalizer.INVALID || chars > maxText;
          }
        }
        if (reason) {
          sink++;
          continue;
        }
        sink += normalizer.normalizeDecoded(row[0], buffers[0]).length();
        sink += normalizer.normalizeDecoded(row[1], buffers[1]).length();
      }
      decoded[round] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      sinkNew = sink;
    }
    System.out.printf("%,d rows; the same normalized units: %s (%,d); load average %.1f%n", rows.size(),
        sinkOld == sinkNew, sinkOld, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("walk + normalizeUtf8:         cpu s per round %s, median %.3f, best %.3f%n",
        Arrays.toString(old), median(old), Arrays.stream(old).min().orElse(0));
    System.out.printf("decodeChecked + normalizeDecoded: cpu s per round %s, median %.3f, best %.3f%n",
        Arrays.toString(decoded), median(decoded), Arrays.stream(decoded).min().orElse(0));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
