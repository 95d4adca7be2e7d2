package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import java.util.List;

/**
 * The actions and findings writers of main 28b2caf (before the twelfth session's write cuts), kept to compare the
 * outputs against: the same shuffles and sorts, every column dictionary-encoded where Parquet finds it pays; and the
 * quarantine writer of main d28ea81 (before the thirteenth session's), which ran its Spark job for no rows too.
 */
final class OldWriters {
  private OldWriters() {}

  /** The shipped outputs with these two writers in place of today's. */
  static List<RunOutput> outputs() {
    return List.of(new Actions(), new Findings(), new Quarantine(), new RunOutputs.Counts());
  }

  static final class Actions implements RunOutput {
    @Override
    public String name() {
      return "actions";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      outputs.actions().repartition(RunOutputs.tasks(run), col("category"), col("action"), col("dt"))
          .sortWithinPartitions("category", "action", "dt", "action_id")
          .write().partitionBy("category", "action", "dt").parquet(run.dir(name()).toString());
      outputs.actionsWritten(); // the fourteenth session's counts taken while writing (they were a job of the policy's)
      return outputs.counts().stream().mapToLong(SweepResult.Count::actions).sum();
    }
  }

  static final class Findings implements RunOutput {
    @Override
    public String name() {
      return "findings";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      outputs.findings().repartition(RunOutputs.tasks(run), col("category"))
          .sortWithinPartitions("category", "finding_id")
          .write().partitionBy("category").parquet(run.dir(name()).toString());
      return outputs.findingCount();
    }
  }

  static final class Quarantine implements RunOutput {
    @Override
    public String name() {
      return "quarantine";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      outputs.quarantine().repartition(1).sortWithinPartitions("table", "row_id")
          .write().partitionBy("table").parquet(run.dir(name()).toString());
      return outputs.tables().values().stream().mapToLong(SweepResult.TableAccounting::quarantined).sum();
    }
  }
}
