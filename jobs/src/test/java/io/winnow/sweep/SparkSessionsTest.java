package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spark-submit's --master wins over winnow.spark.master; without spark-submit the setting decides. */
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
}
