package io.winnow;

import io.winnow.config.Settings;
import io.winnow.sweep.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local[2] SparkSession of the test JVM: UI off, few shuffle partitions. */
public final class TestSpark {
  private TestSpark() {}

  private static SparkSession spark;

  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSessions.create(settings().spark());
    }
    return spark;
  }

  /**
   * Settings for tests: the embedded default with local[2] and 2 shuffle partitions, progress bar off, and a lenient
   * quarantine limit (fixtures of a few rows plant bad rows on purpose).
   */
  public static Settings settings() {
    return settings(Map.of());
  }

  /** The test settings with some keys set. */
  public static Settings settings(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("winnow.spark.master", "local[2]",
        "winnow.spark.shuffle-partitions", "2", "winnow.spark.progress-bar", "false",
        "winnow.quarantine.max-rate", "0.5"));
    all.putAll(more);
    return Settings.load(null, all);
  }
}
