package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.winnow.UserError;
import io.winnow.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compiler directive a sweep adds after its posts pass, and what happens when the JVM does not take it. */
class JitAfterPassesTest {
  private static final String DEFAULT_ONLY = "\nDirective: (default)\n";

  private static String directives() {
    List<String> log = new ArrayList<>();
    String printed = JitAfterPasses.DiagnosticCommands.platform().run("compilerDirectivesPrint", log::add);
    assertEquals(List.of(), log, "this JVM prints its directives");
    return printed;
  }

  @Test
  void noC2ExcludesC2ForEveryMethodAndNothingElse() {
    assertEquals("[{ match: \"*.*\", c2: { Exclude: true } }]", JitAfterPasses.directive(JitAfterPasses.NO_C2));
    assertNull(JitAfterPasses.directive(JitAfterPasses.TIERED), "tiered adds nothing");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitAfterPasses.directive("c0"));
    assertEquals("winnow.spark.jit-after-passes must be tiered or no-c2 here, not 'c0'", e.getMessage());
  }

  @Test
  void autoTurnsC2OffUpToTheCandidatesSettingOnly() {
    assertEquals(JitAfterPasses.NO_C2, JitAfterPasses.mode(JitAfterPasses.AUTO, 0, 400_000));
    assertEquals(JitAfterPasses.NO_C2, JitAfterPasses.mode(JitAfterPasses.AUTO, 400_000, 400_000), "at the limit");
    assertEquals(JitAfterPasses.TIERED, JitAfterPasses.mode(JitAfterPasses.AUTO, 400_001, 400_000), "above it");
    assertEquals(JitAfterPasses.TIERED, JitAfterPasses.mode(JitAfterPasses.TIERED, 0, 400_000), "a mode said outright");
    assertEquals(JitAfterPasses.NO_C2, JitAfterPasses.mode(JitAfterPasses.NO_C2, 10_000_000, 400_000));
  }

  @Test
  void autoSaysWhatItChoseAndWhy() {
    assertEquals("note: C2 off after the posts pass (jit-after-passes = auto: 167,245 candidates, at most 400,000)",
        JitAfterPasses.autoChoice(167_245, 400_000));
    assertEquals("note: C2 off after the posts pass (jit-after-passes = auto: 400,000 candidates, at most 400,000)",
        JitAfterPasses.autoChoice(400_000, 400_000), "at the limit");
    assertEquals("note: HotSpot's tiers kept after the posts pass (jit-after-passes = auto: 667,333 candidates, "
        + "above 400,000)", JitAfterPasses.autoChoice(667_333, 400_000));
    // Only auto says it: a mode given outright is the user's, and prints nothing (the build's tests run tiered).
    List<String> log = new ArrayList<>();
    Settings.SparkSettings tiered = Settings.load(null, Map.of("winnow.spark.jit-after-passes", "tiered")).spark();
    JitAfterPasses.passesDone(tiered, 10, log::add);
    JitAfterPasses.sweepDone(log::add);
    assertEquals(List.of(), log);
    Settings.SparkSettings auto = Settings.load(null, Map.of("winnow.spark.jit-after-passes", "auto",
        "winnow.spark.jit-no-c2-max-candidates", "5")).spark();
    JitAfterPasses.passesDone(auto, 6, log::add);
    JitAfterPasses.sweepDone(log::add);
    assertEquals(List.of("note: HotSpot's tiers kept after the posts pass (jit-after-passes = auto: 6 candidates, "
        + "above 5)"), log, "auto above the limit: the line, and no directive to add or remove");
  }

  @Test
  void theSettingIsCheckedWhenTheSettingsLoad() {
    // The build's tests run with tiered (a system property in jobs/pom.xml: a directive outlasts its sweep in the
    // JVM's compiled methods, and one test JVM runs hundreds of sweeps); reference.conf's default is auto.
    Settings.SparkSettings shipped = Settings.load(null,
        Map.of("winnow.spark.jit-after-passes", ConfigFactory.parseResources(Settings.class.getClassLoader(),
            "reference.conf").getString("winnow.spark.jit-after-passes"))).spark();
    assertEquals(JitAfterPasses.AUTO, shipped.jitAfterPasses(), "the default");
    assertEquals(400_000, shipped.jitNoC2MaxCandidates());
    for (String mode : Settings.SparkSettings.JIT_AFTER_PASSES) {
      JitAfterPasses.directive(JitAfterPasses.mode(mode, 1, 1));
    }
    UserError e = assertThrows(UserError.class,
        () -> Settings.load(null, Map.of("winnow.spark.jit-after-passes", "c0")));
    assertTrue(e.getMessage().endsWith("Invalid value at 'winnow.spark.jit-after-passes': 'c0' is not one of "
        + "[tiered, no-c2, auto]"), e.getMessage());
  }

  @Test
  void theJvmTakesTheDirectiveWithoutDiagnosticOptionsAndTheSweepRemovesIt() {
    String before = directives();
    List<String> log = new ArrayList<>();
    JitAfterPasses.passesDone(JitAfterPasses.NO_C2, log::add);
    String during = directives();
    JitAfterPasses.sweepDone(log::add);
    String after = directives();

    assertEquals(List.of(), log, "nothing to report when the JVM takes it");
    assertTrue(before.startsWith(DEFAULT_ONLY), "only HotSpot's default directive before: " + before);
    // What HotSpot parsed: every method; C1's part not enabled (HotSpot's default applies to C1), C2 excluded.
    assertTrue(during.startsWith("\nDirective:\n matching: *.*\n c1 directives:\n  inline: -\n  Enable:false Exclude:false "),
        during);
    assertTrue(during.contains(" c2 directives:\n  inline: -\n  Enable:true Exclude:true "), during);
    assertTrue(during.endsWith(before), "the default directive stays below it");
    assertEquals(before, after, "removed when the sweep ends");
  }

  @Test
  void tieredAddsNoDirective() {
    String before = directives();
    List<String> log = new ArrayList<>();
    JitAfterPasses.passesDone(JitAfterPasses.TIERED, log::add);
    assertEquals(before, directives());
    JitAfterPasses.sweepDone(log::add);
    assertEquals(List.of(), log);
  }

  @Test
  void aDirectiveTheJvmRefusesIsOneLogLineAndNoFailure() {
    List<String> log = new ArrayList<>();
    boolean added = JitAfterPasses.add("[{ match: \"*.*\", c2: { Exclude: tru } }]",
        JitAfterPasses.DiagnosticCommands.platform(), log::add);
    assertFalse(added);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("note: the JVM refused the compiler directive, C2 keeps compiling after the "
        + "posts pass: Syntax error on line 1 byte 33: Expected \"true\""), log.get(0));
    assertFalse(log.get(0).contains("\n"), "one line");
    assertTrue(directives().startsWith(DEFAULT_ONLY), "nothing added");
  }

  @Test
  void aJvmWithoutTheCommandIsOneLogLineAndNoFailure() {
    List<String> log = new ArrayList<>();
    JitAfterPasses.DiagnosticCommands missing = (operation, l, arguments) ->
        JitAfterPasses.DiagnosticCommands.platform().run("noSuchOperation", l, arguments);
    boolean added = JitAfterPasses.add(JitAfterPasses.directive(JitAfterPasses.NO_C2), missing, log::add);
    assertFalse(added);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("note: this JVM has no compiler directives "
        + "(com.sun.management:type=DiagnosticCommand noSuchOperation: javax.management.ReflectionException"), log.get(0));
    assertTrue(log.get(0).endsWith("); C2 keeps compiling after the posts pass"), log.get(0));
  }
}
