package io.winnow.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.List;

/**
 * The allowed range of every numeric setting. A value outside it is a configuration error (exit 2) that names the key,
 * where it was set, the value and the range, before any work starts, not a failure of the run later.
 */
final class Ranges {
  private Ranges() {}

  /** A key and its closed range, with what the number means. */
  private record Range(String key, double min, double max, String meaning) {}

  private static final double NONE = Double.MAX_VALUE;

  private static final List<Range> RANGES = List.of(
      new Range("winnow.spark.shuffle-partitions", 1, NONE, "a number of partitions"),
      new Range("winnow.sweep.max-text-chars", 1, NONE, "a number of characters"),
      new Range("winnow.sweep.files-per-partition", 1, NONE, "a number of files"),
      new Range("winnow.sweep.footer-threads", 1, 256, "a number of threads"),
      new Range("winnow.sweep.max-duplicate-ids", 0, NONE, "a number of ids"),
      new Range("winnow.quarantine.max-rate", 0, 1, "a share of rows: 0 fails on any quarantined row, 1 never fails"),
      new Range("winnow.audit.stale-staging-hours", 0, NONE, "a number of hours"),
      new Range("winnow.audit.lock-lease-seconds", 5, NONE, "a number of seconds"),
      new Range("winnow.test.pause-during-write-millis", 0, NONE, "a number of milliseconds"));

  static void check(Config config, List<String> problems) {
    for (Range r : RANGES) {
      double v = config.getDouble(r.key());
      if (v < r.min() || v > r.max() || Double.isNaN(v)) {
        ConfigValue value = config.getValue(r.key());
        problems.add(Settings.where(value) + ": " + r.key() + " = " + value.unwrapped() + " is out of range. Allowed: "
            + (r.max() == NONE ? format(r.min()) + " or more" : format(r.min()) + " to " + format(r.max())) + " ("
            + r.meaning() + ")");
      }
    }
    if (!config.getString("winnow.quarantine.created-at-from").isEmpty()
        && config.getString("winnow.quarantine.created-at-from")
            .compareTo(config.getString("winnow.quarantine.created-at-to")) >= 0) {
      problems.add(Settings.where(config.getValue("winnow.quarantine.created-at-from"))
          + ": winnow.quarantine.created-at-from must be before winnow.quarantine.created-at-to (" + config.getString("winnow.quarantine.created-at-to")
          + "), or every post is quarantined as out of range");
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
