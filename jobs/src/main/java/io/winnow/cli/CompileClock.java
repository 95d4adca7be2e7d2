package io.winnow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private CompileClock() {}

  /** The counters now. */
  static Reading now() {
    double[] jit = jitCpuSeconds(Path.of("/proc/self/task"));
    return new Reading(jit[0], jit[1], CodegenMetrics.METRIC_COMPILATION_TIME().getCount(),
        CodeGenerator.compileTime());
  }

  /**
   * CPU seconds (user and system) of the threads named "C1 CompilerThre…" and "C2 CompilerThre…" under {@code tasks}
   * (a /proc/PID/task directory), as {c1, c2}; {0, 0} where there is no such directory.
   */
  static double[] jitCpuSeconds(Path tasks) {
    double[] seconds = new double[2];
    if (!Files.isDirectory(tasks)) {
      return seconds;
    }
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          int nameStart = stat.indexOf('(');
          int nameEnd = stat.lastIndexOf(')');
          String name = stat.substring(nameStart + 1, nameEnd);
          int compiler = name.startsWith("C1 Compiler") ? 0 : name.startsWith("C2 Compiler") ? 1 : -1;
          if (compiler >= 0) {
            // After the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            seconds[compiler] += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
          }
        } catch (IOException | RuntimeException e) {
          // a thread that ended while listed
        }
      });
    } catch (IOException e) {
      return seconds;
    }
    return seconds;
  }
}
