package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reversals a --ledger run issued (upheld appeals undone), as the report and {@code export dsa} show them: read
 * from the ledger at the version the run's manifest records, each with the action it reverses and the run that
 * issued that action.
 */
public final class RunReversals {
  private RunReversals() {}

  /** One reversal: what undoes what, on which subject, for which appeal. */
  public record Reversal(String reversalId, String reversal, String reversedActionId, String reversedAction,
      String reversedRunId, String platform, String subjectKind, String subjectId, String category, String appeal,
      String date) {}

  /** The reversals of run {@code runId} in the ledger under output root {@code out} at {@code version}. */
  public static List<Reversal> of(SparkSession spark, String out, String runId, long version) {
    Ledger ledger = Ledger.at(spark, out);
    Dataset<Row> at = ledger.at(version);
    Dataset<Row> reversals = at.filter(col("kind").equalTo(LedgerSchema.REVERSAL).and(col("run_id").equalTo(runId)));
    Dataset<Row> actions = at.filter(col("kind").equalTo(LedgerSchema.ACTION)).select(col("action_id").as("_id"),
        col("action").as("_action"), col("run_id").as("_run"));
    List<Reversal> out2 = new ArrayList<>();
    for (Row r : reversals.join(actions, col("reverses").equalTo(col("_id")), "left")
        .orderBy("platform", "subject_kind", "subject_id", "action_id").collectAsList()) {
      Date issued = r.getAs("issued");
      out2.add(new Reversal(r.getAs("action_id"), r.getAs("action"), r.getAs("reverses"), r.getAs("_action"),
          r.getAs("_run"), r.getAs("platform"), r.getAs("subject_kind"), r.getAs("subject_id"), r.getAs("category"),
          r.getAs("appeal"), issued == null ? "" : issued.toString()));
    }
    return out2;
  }
}
