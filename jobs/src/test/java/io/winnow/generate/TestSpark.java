package io.winnow.generate;

import com.typesafe.config.ConfigFactory;
import org.apache.spark.sql.SparkSession;

/** The local[2] session the generator tests share (UI off, few shuffle partitions, UTC, string partition values). */
final class TestSpark {
  private TestSpark() {}

  static SparkSession session() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("winnow-generate-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  static GenerateSettings settings() {
    return GenerateSettings.from(ConfigFactory.load().getConfig("winnow.generate"));
  }
}
