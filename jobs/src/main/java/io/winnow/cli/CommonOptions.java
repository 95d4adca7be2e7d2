package io.winnow.cli;

import io.winnow.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every Spark command takes: the config file and -D overrides. */
public final class CommonOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "HOCON config with overrides (default: the embedded conf/local.conf).")
  Path conf;

  @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "Override one setting, e.g. -D winnow.spark.shuffle-partitions=16.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (overrides winnow.spark.master).")
  String master;

  /** Loads the settings; {@code flags} are command-line settings that win over everything else. */
  Settings settings(Map<String, String> flags) {
    // Settings of this command only: a JVM system property would outlive it (and leak into the next command run in
    // the same JVM, as tests and notebooks do).
    Map<String, String> all = new HashMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith("winnow.")) {
        all.put(k, v);
      } else {
        System.setProperty(k, v); // e.g. spark.* keys, which Spark reads from system properties
      }
    });
    all.putAll(flags);
    if (master != null) {
      all.put("winnow.spark.master", master);
    }
    return Settings.load(conf, all);
  }
}
