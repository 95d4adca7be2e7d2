package io.winnow.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.run.OutputFiles;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.ArchiveReader;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A committed run as sample and evaluate read it: its manifest and hash, its actions, and the archive it swept. */
final class RunInputs {
  private final SparkSession spark;
  private final RunDirectory run;
  private final JsonNode manifest;
  private final String manifestSha;

  RunInputs(SparkSession spark, RunDirectory run) {
    this.spark = spark;
    this.run = run;
    this.manifest = run.committedManifest();
    try {
      this.manifestSha = OutputFiles.sha256(run.fs(), new Path(run.dir(), "manifest.json"));
    } catch (IOException e) {
      throw new UserError("cannot read the manifest of " + run.dir() + ": " + e.getMessage(), e);
    }
  }

  RunDirectory files() {
    return run;
  }

  JsonNode manifest() {
    return manifest;
  }

  String manifestSha() {
    return manifestSha;
  }

  String runId() {
    return manifest.path("run_id").asText(run.dir().getName());
  }

  LocalDate from() {
    return LocalDate.parse(manifest.path("window").path("from").asText());
  }

  LocalDate to() {
    return LocalDate.parse(manifest.path("window").path("to").asText());
  }

  /** The run's action rows with their stratum; an empty table when the run issued none. */
  Dataset<Row> actions() {
    Path dir = new Path(run.dir(), "actions");
    try {
      if (!run.fs().exists(dir)) {
        return spark.createDataFrame(java.util.List.of(), OutputSchemas.ACTION_V1).withColumn("stratum", Strata.of());
      }
    } catch (IOException e) {
      throw new UserError("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return spark.read().schema(OutputSchemas.ACTION_V1).parquet(dir.toString()).withColumn("stratum", Strata.of());
  }

  /**
   * Rows of one archive table ({@code posts}, {@code accounts}) the run quarantined, as subject_id and platform: they
   * were read but never evaluated, so they are no unactioned subjects. Empty when the run quarantined none.
   */
  Dataset<Row> quarantined(String table) {
    // a run that quarantined nothing has a quarantine/ folder with no Parquet file in it
    if (!run.holdsParquet(RunDirectory.QUARANTINE)) {
      return spark.createDataFrame(java.util.List.of(), OutputSchemas.QUARANTINE_V1).select("row_id", "platform");
    }
    return spark.read().parquet(run.path(RunDirectory.QUARANTINE).toString()).filter(org.apache.spark.sql.functions.col("table").equalTo(table))
        .select("row_id", "platform");
  }

  /** The archive the manifest names, read with the run's column mapping. */
  ArchiveReader archive() {
    JsonNode columns = manifest.path("config").path("columns");
    return new ArchiveReader(spark, new Settings.ColumnMapping(mapping(columns.path("posts")),
        mapping(columns.path("accounts")), mapping(columns.path("reports"))), manifest.path("archive").asText());
  }

  private static Map<String, String> mapping(JsonNode table) {
    Map<String, String> m = new LinkedHashMap<>();
    table.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return Map.copyOf(m);
  }

  /** OUT/evaluations/RUN_ID, OUT being the run directory's grandparent. */
  Path evaluations() {
    return run.evaluations();
  }
}
