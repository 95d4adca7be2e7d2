package io.winnow.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The wall time and the CPU time of the driver's thread since a step started, for the ledger's timing lines (the
 * read, the append, the post-commit hook). A Spark job's executors are not in the CPU figure; the bench's is the
 * process's. Not {@code io.winnow.sweep}'s StageClock: the sweep package uses this one, not the other way round.
 */
final class DriverTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final long wall = System.nanoTime();
  private final long cpu = THREADS.getCurrentThreadCpuTime();

  /** Starts timing now, on this thread. */
  static DriverTime start() {
    return new DriverTime();
  }

  /** "W ms wall, C ms CPU of the driver's thread" since the start (on the thread that started it). */
  @Override
  public String toString() {
    return (System.nanoTime() - wall) / 1_000_000 + " ms wall, " + (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000
        + " ms CPU of the driver's thread";
  }
}
