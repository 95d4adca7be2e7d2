package io.winnow.sweep;

import io.winnow.config.Settings.SparkSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What HotSpot's optimising compiler (C2) may compile once a sweep's posts pass is done. The pass runs over every
 * post and gains from C2; the stages after it run a few dozen short Spark queries over about 4 % of the rows, and C2
 * spent more CPU compiling their code (Spark's generated classes, the planner's, the writers') than the compiled code
 * then saved. With {@code winnow.spark.jit-after-passes = no-c2} the sweep adds a compiler directive to this JVM after
 * the pass (the DiagnosticCommand MBean's {@code Compiler.directives_add}, which needs no diagnostic VM options) that
 * excludes C2: what was compiled stays compiled, code first hot after the pass runs at C1's level (HotSpot compiles a
 * method C2 may not compile with C1 in full instead). The sweep removes the directive when it ends. A method that C2
 * was refused while it held stays at C1 in this JVM (HotSpot's exclusion is per method and lasts), which a later sweep
 * in the same JVM pays for. A JVM without the MBean or that refuses the directive gets one log line, and the sweep
 * goes on with C2. It saved 13 % of the sweep's CPU at 1M and 5M posts but cost more at 20M, where the stages after
 * the pass run long enough for C2 to pay; so the default, {@code auto}, turns C2 off only when the posts pass left at
 * most {@code winnow.spark.jit-no-c2-max-candidates} candidates (the rows those stages start from). BENCHMARKS.md,
 * "The compiler's share after the posts pass, thirteenth session (issue 19)".
 */
final class JitAfterPasses {
  /** HotSpot's tiers throughout. */
  static final String TIERED = "tiered";
  /** C2 excluded for every method after the posts pass. */
  static final String NO_C2 = "no-c2";
  /** {@link #NO_C2} when the posts pass left at most the setting's candidates, else {@link #TIERED}. */
  static final String AUTO = "auto";

  private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";
  private static final String[] STRINGS = {String[].class.getName()};

  /** Directives this class added and has not removed yet, so that a failed sweep's can be removed by the next call. */
  private static int added;

  private JitAfterPasses() {}

  /** The directive for {@code mode}: a JSON array as HotSpot's compiler-directive parser reads it, or null for none. */
  static String directive(String mode) {
    return switch (mode) {
      case TIERED -> null;
      case NO_C2 -> "[{ match: \"*.*\", c2: { Exclude: true } }]";
      default -> throw new IllegalArgumentException("winnow.spark.jit-after-passes must be " + TIERED + " or " + NO_C2
          + " here, not '" + mode + "'");
    };
  }

  /** The mode {@code setting} gives a sweep whose posts pass left {@code candidates}: {@link #AUTO} decided. */
  static String mode(String setting, long candidates, long maxCandidates) {
    if (!AUTO.equals(setting)) {
      return setting;
    }
    return candidates <= maxCandidates ? NO_C2 : TIERED;
  }

  /**
   * Called once the posts pass is done: adds the directive of the setting's mode to this JVM, if any. With
   * {@link #AUTO}, first one line to {@code log} that says what it chose and why ({@link #autoChoice}), so that a
   * sweep's stage times can be read knowing which compilers ran after the pass.
   */
  static void passesDone(SparkSettings settings, long candidates, Consumer<String> log) {
    if (AUTO.equals(settings.jitAfterPasses())) {
      log.accept(autoChoice(candidates, settings.jitNoC2MaxCandidates()));
    }
    passesDone(mode(settings.jitAfterPasses(), candidates, settings.jitNoC2MaxCandidates()), log);
  }

  /** The line that says what {@link #AUTO} chose for a pass that left {@code candidates}. */
  static String autoChoice(long candidates, long maxCandidates) {
    String counts = String.format(Locale.ROOT, "%,d candidates, %s %,d", candidates,
        candidates <= maxCandidates ? "at most" : "above", maxCandidates);
    return candidates <= maxCandidates
        ? "note: C2 off after the posts pass (jit-after-passes = auto: " + counts + ")"
        : "note: HotSpot's tiers kept after the posts pass (jit-after-passes = auto: " + counts + ")";
  }

  /** Adds the directive of {@code mode} (not {@link #AUTO}) to this JVM, if any. */
  static synchronized void passesDone(String mode, Consumer<String> log) {
    String json = directive(mode);
    if (json != null && add(json, DiagnosticCommands.platform(), log)) {
      added++;
    }
  }

  /** Called when a sweep ends, committed or not: removes the directive it added, if any. */
  static synchronized void sweepDone(Consumer<String> log) {
    for (; added > 0; added--) {
      DiagnosticCommands.platform().run("compilerDirectivesRemove", log);
    }
  }

  /** Adds {@code json} through {@code commands}; false, with one line to {@code log}, when the JVM does not take it. */
  static boolean add(String json, DiagnosticCommands commands, Consumer<String> log) {
    Path file = null;
    try {
      file = Files.createTempFile("winnow-jit", ".json");
      Files.writeString(file, json);
      String answer = commands.run("compilerDirectivesAdd", log, file.toString());
      // HotSpot answers "1 compiler directives added", or the parser's error as text (no exception).
      if (answer != null && answer.contains("added")) {
        return true;
      }
      if (answer != null) {
        log.accept("note: the JVM refused the compiler directive, C2 keeps compiling after the posts pass: "
            + answer.strip().replace('\n', ' '));
      }
      return false;
    } catch (IOException e) {
      log.accept("note: no compiler directive after the posts pass (" + e.getMessage() + "); C2 keeps compiling");
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file of a few bytes
        }
      }
    }
  }

  /** HotSpot's diagnostic commands (jcmd's, in process). */
  interface DiagnosticCommands {
    /** The command's text answer, or null after one line to {@code log} when it could not be run. */
    String run(String operation, Consumer<String> log, String... arguments);

    /** Through the platform MBean server's DiagnosticCommand MBean. */
    static DiagnosticCommands platform() {
      return (operation, log, arguments) -> {
        try {
          MBeanServer server = ManagementFactory.getPlatformMBeanServer();
          Object answer = server.invoke(new ObjectName(MBEAN), operation, new Object[] {arguments}, STRINGS);
          return answer == null ? "" : answer.toString();
        } catch (JMException | RuntimeException e) {
          log.accept("note: this JVM has no compiler directives (" + MBEAN + " " + operation + ": " + e
              + "); C2 keeps compiling after the posts pass");
          return null;
        }
      };
    }
  }
}
