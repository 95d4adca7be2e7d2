package io.winnow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;

/**
 * What a benchmark's step spent compiling: the CPU time of HotSpot's JIT compiler threads (C1 and C2, which on a small
 * machine take cores from the run) and Spark's code generator (Janino compiling the classes of each new plan; a plan
 * whose code it compiled before in this JVM comes from its cache and is not counted). Every sweep command is a fresh
 * JVM, so none of this is amortised there. The JIT's CPU is read per thread from Linux's /proc (the JVM's own
 * CompilationMXBean reports the compiler threads' elapsed time, which under load counts their waits for a core too);
 * elsewhere it reads 0.
 */
final class CompileClock {
  /** Linux's clock ticks per second for /proc's thread times (USER_HZ, 100 on every mainstream kernel). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The counters at one moment: C1's and C2's CPU seconds, Janino's classes and nanoseconds. */
  record Reading(double c1Seconds, double c2Seconds, long janinoClasses, long janinoNanos) {
    /** What was compiled from {@code before} to this reading. */
    Reading since(Reading before) {
      return new Reading(c1Seconds - before.c1Seconds, c2Seconds - before.c2Seconds,
          janinoClasses - before.janinoClasses, janinoNanos - before.janinoNanos);
    }

    double jitSeconds() {
      return c1Seconds + c2Seconds;
    }

    double janinoSeconds() {
      return janinoNanos / 1e9;
    }
  }

  /** Every compiler thread seen, by id and start time: its kind (0 for C1, 1 for C2) and CPU seconds when last read. */
  private static final Map<String, double[]> SEEN = new ConcurrentHashMap<>();

  private CompileClock() {}

  /** The counters now. */
  static Reading now() {
    double[] jit = jitCpuSeconds(Path.of("/proc/self/task"), SEEN);
    return new Reading(jit[0], jit[1], CodegenMetrics.METRIC_COMPILATION_TIME().getCount(),
        CodeGenerator.compileTime());
  }

  /**
   * CPU seconds (user and system) of the threads named "C1 CompilerThre…" and "C2 CompilerThre…", as {c1, c2}: those
   * under {@code tasks} (a /proc/PID/task directory) now, recorded in {@code seen}, and those recorded there before
   * that have ended since (HotSpot stops idle compiler threads and starts new ones; an ended thread counts what it
   * had used when last read). Nothing where there is no such directory.
   */
  static double[] jitCpuSeconds(Path tasks, Map<String, double[]> seen) {
    if (Files.isDirectory(tasks)) {
      try (Stream<Path> threads = Files.list(tasks)) {
        threads.forEach(t -> {
          try {
            String stat = Files.readString(t.resolve("stat"));
            int nameEnd = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
            int compiler = name.startsWith("C1 Compiler") ? 0 : name.startsWith("C2 Compiler") ? 1 : -1;
            if (compiler >= 0) {
              // After the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt,
              // utime, stime, ... and the 20th, starttime (a thread id can be reused once its thread has ended).
              String[] fields = stat.substring(nameEnd + 2).split(" ");
              double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
              seen.put(t.getFileName() + "@" + fields[19], new double[] {compiler, seconds});
            }
          } catch (IOException | RuntimeException e) {
            // a thread that ended while listed
          }
        });
      } catch (IOException e) {
        // no threads to read: those seen before still count
      }
    }
    double[] seconds = new double[2];
    seen.values().forEach(v -> seconds[(int) v[0]] += v[1]);
    return seconds;
  }
}
