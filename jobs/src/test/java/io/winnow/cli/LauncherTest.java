package io.winnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/winnow gives the long local commands (sweep, bench, demo) C2 for hot code only (its thresholds ten times
 * HotSpot's), C1 only with WINNOW_JIT=c1 and HotSpot's tiers with WINNOW_JIT=default; it leaves `bench engine` and the
 * other commands at HotSpot's tiers, and refuses another WINNOW_JIT with exit 2. Each case starts the
 * launcher with `--help` and JAVA_OPTS=-XX:+PrintCommandLineFlags, so the JVM prints the flags it was given.
 */
class LauncherTest {
  static final Path ROOT = Path.of(System.getProperty("project.conf.dir", "../conf")).toAbsolutePath().getParent();
  static final String C1 = "-XX:TieredStopAtLevel=1";
  static final List<String> HOT = List.of("-XX:Tier4BackEdgeThreshold=400000", "-XX:Tier4CompileThreshold=150000",
      "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000");

  record Run(int exit, String out, String err) {}

  /**
   * The launcher builds first when a source is newer than its stamp; a test must not start a build of its own, so it
   * runs the launcher with WINNOW_BUILD=0 (the classes as they are), which needs the build this test runs inside.
   */
  @BeforeAll
  static void built() {
    assertTrue(Files.exists(ROOT.resolve("jobs/target/classpath.txt")), "the build's classpath stamp");
  }

  @Test
  void longCommandsKeepC2ForHotCodeOnlyUnlessWinnowJitSaysOtherwise() throws Exception {
    for (String command : List.of("sweep", "bench", "demo")) {
      Run run = launch(Map.of(), command, "--help");
      assertEquals(0, run.exit(), run.err());
      assertTrue(List.of(flags(run).split(" ")).containsAll(HOT), command + " with C2's thresholds raised: "
          + flags(run));
      assertFalse(flags(run).contains("TieredStopAtLevel"), command + " keeps C2: " + flags(run));
      Run c1 = launch(Map.of("WINNOW_JIT", "c1"), command, "--help");
      assertEquals(0, c1.exit(), c1.err());
      assertTrue(flags(c1).contains(C1), command + " with WINNOW_JIT=c1: " + flags(c1));
      assertFalse(flags(c1).contains("Tier4"), command + " with WINNOW_JIT=c1: " + flags(c1));
      Run asIs = launch(Map.of("WINNOW_JIT", "default"), command, "--help");
      assertEquals(0, asIs.exit(), asIs.err());
      assertFalse(flags(asIs).contains("TieredStopAtLevel") || flags(asIs).contains("Tier4"),
          command + " with WINNOW_JIT=default: " + flags(asIs));
    }
    Run hot = launch(Map.of("WINNOW_JIT", "hot"), "bench", "ledger", "--help");
    assertTrue(List.of(flags(hot).split(" ")).containsAll(HOT), "WINNOW_JIT=hot said outright: " + flags(hot));
  }

  @Test
  void benchEngineAndShortCommandsKeepHotSpotsTiers() throws Exception {
    for (List<String> command : List.of(List.of("bench", "engine", "--help"), List.of("generate", "--help"),
        List.of("audit", "--help"))) {
      Run run = launch(Map.of(), command.toArray(String[]::new));
      assertEquals(0, run.exit(), run.err());
      assertFalse(flags(run).contains("TieredStopAtLevel") || flags(run).contains("Tier4"), command + ": " + flags(run));
    }
  }

  @Test
  void anotherWinnowJitIsAUserError() throws Exception {
    Run run = launch(Map.of("WINNOW_JIT", "c2"), "sweep", "--help");
    assertEquals(2, run.exit(), run.out());
    assertEquals("winnow: WINNOW_JIT must be hot, c1 or default, not 'c2'", run.err().strip());
  }

  /** The line -XX:+PrintCommandLineFlags printed: every flag the JVM was started with. */
  private static String flags(Run run) {
    return run.out().lines().filter(l -> l.contains("-XX:+PrintCommandLineFlags")).findFirst().orElse("");
  }

  private static Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("bin/winnow").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("WINNOW_JIT");
    pb.environment().put("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    pb.environment().put("WINNOW_CDS", "0");
    pb.environment().put("WINNOW_BUILD", "0");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the launcher ended");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
