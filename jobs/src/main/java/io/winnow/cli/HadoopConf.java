package io.winnow.cli;

import io.winnow.config.Settings;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop configuration for commands that read runs without Spark: spark.hadoop.* settings of the config apply. */
final class HadoopConf {
  private HadoopConf() {}

  static Configuration of(Settings settings) {
    Configuration conf = new Configuration();
    settings.spark().extra().forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        conf.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return conf;
  }
}
