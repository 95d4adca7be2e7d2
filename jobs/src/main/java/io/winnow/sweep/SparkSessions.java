package io.winnow.sweep;

import io.winnow.config.Settings;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession of a command from the settings. */
public final class SparkSessions {
  /** Set by spark-submit (and SparkSubmit) to its --master. */
  static final String SUBMITTED_MASTER = "spark.master";

  private SparkSessions() {}

  /**
   * The master winnow sets, if any. Under spark-submit the master comes from its --master (system property
   * spark.master) and wins: a config file meant for local runs must not pull a cluster job back to local[*]. An empty
   * {@code winnow.spark.master} leaves the choice to Spark.
   */
  static java.util.Optional<String> masterToSet(Settings.SparkSettings s) {
    return s.master().isEmpty() || System.getProperty(SUBMITTED_MASTER) != null
        ? java.util.Optional.empty() : java.util.Optional.of(s.master());
  }

  /**
   * Spark's console progress bar, when the settings ask for it and stderr is a terminal: redirected to a file or a CI
   * log, the bar's carriage-return redraws become one endless line, so there only the stage lines remain.
   */
  public static boolean progressBar(boolean wanted) {
    return wanted && stderrIsTerminal();
  }

  /** Whether this process's stderr is a terminal (Linux: /proc/self/fd/2 links to a tty; elsewhere: a console). */
  static boolean stderrIsTerminal() {
    java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/2");
    try {
      String target = java.nio.file.Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  public static SparkSession create(Settings.SparkSettings s) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName(s.appName())
        .config("spark.ui.enabled", s.uiEnabled())
        .config("spark.ui.showConsoleProgress", progressBar(s.progressBar()))
        .config("spark.sql.shuffle.partitions", s.shufflePartitions())
        // dt=2026-10-01 stays a string: windows compare partition values as text, as they are written.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", false)
        .config("spark.sql.session.timeZone", "UTC")
        // Our own _SUCCESS marks a committed run; Spark's per-directory markers would only confuse readers.
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", false)
        .config("spark.sql.parquet.compression.codec", "zstd");
    masterToSet(s).ifPresent(builder::master);
    for (Map.Entry<String, String> e : s.extra().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(s.logLevel());
    return spark;
  }
}
