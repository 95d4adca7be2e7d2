package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import io.winnow.run.Csv;
import io.winnow.run.OutputSchemas;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import io.winnow.UserError;

/**
 * The outputs a sweep writes, in the order it writes them (see {@link RunOutput} for when each hook runs). A new
 * output is one class implementing {@link RunOutput} and one line in {@link #shipped}.
 */
public final class RunOutputs {
  private RunOutputs() {}

  /** The outputs of every sweep: actions, findings, quarantine, counts. */
  public static List<RunOutput> shipped() {
    return List.of(new Actions(), new Findings(), new Quarantine(), new Counts());
  }

  /** Fails at once on two outputs with one name (they would write into one directory). */
  static void checkNames(List<RunOutput> outputs) {
    List<String> repeated = outputs.stream().collect(Collectors.groupingBy(RunOutput::name, Collectors.counting()))
        .entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey).sorted().toList();
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException("two run outputs named " + repeated + ": give each output its own name");
    }
  }

  /**
   * Write tasks of a partitioned output: hashing by the partition columns puts each output directory in one task, so
   * every directory gets one file however many tasks write; as many tasks as shuffle partitions keep every core busy
   * (one task would write every directory alone).
   */
  static int tasks(RunContext run) {
    return Math.max(run.settings().sweep().filesPerPartition(),
        Integer.parseInt(run.spark().conf().get("spark.sql.shuffle.partitions")));
  }

  /**
   * Parquet options of an output whose columns {@code unique} hold a different value on (nearly) every row: their
   * dictionary encoding is off. Parquet tries a dictionary on every column's first page and drops it when it does not
   * pay, which it never does for ids; building it first costs a hash, a copy and a comparison per value (a tenth of the
   * write stage's executor time at 5M, in JFR). Readers decode either encoding; the rows and their order are the same.
   */
  static Map<String, String> parquetOptions(String... unique) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String column : unique) {
      options.put("parquet.enable.dictionary#" + column, "false");
    }
    return options;
  }

  /** actions/category=C/action=A/dt=D/*.parquet, sorted by action id inside each partition. */
  static final class Actions implements RunOutput {
    @Override
    public String name() {
      return "actions";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      Dataset<Row> out = outputs.actions().repartition(tasks(run), col("category"), col("action"), col("dt"))
          .sortWithinPartitions("category", "action", "dt", "action_id");
      if (run.settings().testHooks().failFirstTaskAttempt()) {
        out = FaultInjection.failFirstAttempt(out);
      }
      out.write().options(parquetOptions("action_id", "subject_id")).partitionBy("category", "action", "dt")
          .parquet(run.dir(name()).toString());
      outputs.actionsWritten();
      FaultInjection.pause(run.settings().testHooks().pauseDuringWriteMillis());
      return outputs.counts().stream().mapToLong(SweepResult.Count::actions).sum();
    }
  }

  /** findings/category=C/*.parquet, sorted by finding id. */
  static final class Findings implements RunOutput {
    @Override
    public String name() {
      return "findings";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      outputs.findings().repartition(tasks(run), col("category"))
          .sortWithinPartitions("category", "finding_id")
          .write().options(parquetOptions("finding_id", "subject_id", "account_id")).partitionBy("category")
          .parquet(run.dir(name()).toString());
      return outputs.findingCount();
    }
  }

  /** quarantine/table=T/*.parquet, one file per table, sorted by row id; empty when no row is quarantined. */
  static final class Quarantine implements RunOutput {
    @Override
    public String name() {
      return "quarantine";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      long quarantined = outputs.tables().values().stream().mapToLong(SweepResult.TableAccounting::quarantined).sum();
      if (quarantined == 0) {
        // The passes counted every row with a reason (the rows this output filters on) in their own jobs: none means
        // Spark's write would leave only the empty directory, so make that without a job and a plan to compile.
        try {
          run.fs().mkdirs(run.dir(name()));
        } catch (IOException e) {
          throw new UserError("cannot create " + run.dir(name()) + ": " + e.getMessage(), e);
        }
        return 0;
      }
      outputs.quarantine().repartition(1).sortWithinPartitions("table", "row_id")
          .write().partitionBy("table").parquet(run.dir(name()).toString());
      return quarantined;
    }
  }

  /** counts/parquet/*.parquet and counts/csv/counts.csv, from the counts the sweep already collected. */
  static final class Counts implements RunOutput {
    @Override
    public String name() {
      return "counts";
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      List<SweepResult.Count> counts = outputs.counts();
      List<Row> rows = counts.stream().map(c -> (Row) RowFactory.create(c.category(), c.subcategory(), c.action(),
          c.platform(), c.subjectKind(), c.actions(), c.reviewRequired())).toList();
      run.spark().createDataFrame(rows, OutputSchemas.COUNT_V1).coalesce(1)
          .write().parquet(new Path(run.dir(name()), "parquet").toString());
      StringBuilder csv = new StringBuilder(String.join(",", OutputSchemas.COUNT_V1.fieldNames())).append('\n');
      for (SweepResult.Count c : counts) {
        csv.append(Csv.cells(c.category(), c.subcategory(), c.action(), c.platform(), c.subjectKind(),
            Long.toString(c.actions()), Long.toString(c.reviewRequired()))).append('\n');
      }
      try (OutputStream o = run.fs().create(new Path(run.dir(name()), "csv/counts.csv"), false)) {
        o.write(csv.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UserError("cannot write counts.csv: " + e.getMessage(), e);
      }
      if (outputs.alreadyInForce() != null) {
        writeAlreadyInForce(run, outputs.alreadyInForce());
      }
      return counts.size();
    }

    /** With --ledger, the actions not issued again per category ... subject kind, beside the counts of those issued. */
    private void writeAlreadyInForce(RunContext run, List<SweepResult.Count> inForce) {
      List<Row> rows = inForce.stream().map(c -> (Row) RowFactory.create(c.category(), c.subcategory(), c.action(),
          c.platform(), c.subjectKind(), c.actions())).toList();
      run.spark().createDataFrame(rows, OutputSchemas.COUNT_IN_FORCE_V1).coalesce(1)
          .write().parquet(new Path(run.dir(name()), "already-in-force").toString());
      StringBuilder csv = new StringBuilder(String.join(",", OutputSchemas.COUNT_IN_FORCE_V1.fieldNames()))
          .append('\n');
      for (SweepResult.Count c : inForce) {
        csv.append(Csv.cells(c.category(), c.subcategory(), c.action(), c.platform(), c.subjectKind(),
            Long.toString(c.actions()))).append('\n');
      }
      try (OutputStream o = run.fs().create(new Path(run.dir(name()), "csv/already-in-force.csv"), false)) {
        o.write(csv.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UserError("cannot write already-in-force.csv: " + e.getMessage(), e);
      }
    }
  }
}
