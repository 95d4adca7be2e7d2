package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * spark-submit's --master wins over winnow.spark.master; without spark-submit the setting decides. The progress bar
 * shows only on a terminal.
 */
class SparkSessionsTest {
  static Settings.SparkSettings master(String master) {
    return Settings.load(null, Map.of("winnow.spark.master", master)).spark();
  }

  @Test
  void theConfiguredMasterIsSetOnlyOutsideSparkSubmit() {
    String before = System.getProperty(SparkSessions.SUBMITTED_MASTER);
    try {
      System.clearProperty(SparkSessions.SUBMITTED_MASTER);
      assertEquals(Optional.of("local[3]"), SparkSessions.masterToSet(master("local[3]")), "local run");
      assertEquals(Optional.empty(), SparkSessions.masterToSet(master("")), "empty master: Spark decides");
      System.setProperty(SparkSessions.SUBMITTED_MASTER, "spark://127.0.0.1:7077");
      assertEquals(Optional.empty(), SparkSessions.masterToSet(master("local[*]")),
          "under spark-submit the embedded local[*] must not override --master");
    } finally {
      if (before == null) {
        System.clearProperty(SparkSessions.SUBMITTED_MASTER);
      } else {
        System.setProperty(SparkSessions.SUBMITTED_MASTER, before);
      }
    }
  }

  @Test
  void noProgressBarWhenStderrIsNotATerminal() throws Exception {
    // Surefire's forked JVM writes stderr to a pipe, as CI and redirected logs do.
    String stderr = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
    assertEquals(false, stderr.startsWith("/dev/pts/") || stderr.startsWith("/dev/tty"), "stderr is " + stderr);
    assertEquals(false, SparkSessions.progressBar(true), "asked for, but stderr is " + stderr);
    assertEquals(false, SparkSessions.progressBar(false));
  }
}
