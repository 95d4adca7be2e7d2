package io.winnow.sweep;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times a sweep's stages one after another: per stage the wall time, the rows it produced and the CPU time of this
 * process (all its threads: in local mode the executors' too; on a cluster the driver's only), and one progress line.
 */
final class StageClock {
  private final Consumer<String> progress;
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private final Map<String, Long> cpuMillis = new LinkedHashMap<>();
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private long start;
  private long cpuStart;

  StageClock(Consumer<String> progress) {
    this.progress = progress;
    start();
  }

  /** Starts the next stage now. */
  void start() {
    start = System.nanoTime();
    cpuStart = cpu();
  }

  /** Ends the current stage, which produced {@code produced} rows, and starts the next. */
  void lap(String name, long produced, String message) {
    long ms = (System.nanoTime() - start) / 1_000_000;
    millis.put(name, ms);
    cpuMillis.put(name, (cpu() - cpuStart) / 1_000_000);
    rows.put(name, produced);
    progress.accept(String.format("%-14s %8.1f s  %s", name, ms / 1000.0, message));
    start();
  }

  /** Rows of one part of a stage (an output of the write stage), without a time of its own. */
  void rows(String name, long produced) {
    rows.put(name, produced);
  }

  Map<String, Long> millis() {
    return millis;
  }

  Map<String, Long> cpuMillis() {
    return cpuMillis;
  }

  Map<String, Long> rows() {
    return rows;
  }

  private static long cpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
