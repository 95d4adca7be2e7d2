package io.winnow.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.ledger.RunReversals;
import io.winnow.run.Csv;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * The reversals a --ledger run issued, for {@code export dsa}: {@code reversals.csv}, one line per earlier action an
 * upheld appeal undid, with the puid of the statement of reasons sent for it (computed as that action's own run
 * computed it), so the statement can be withdrawn or corrected where the platform filed it. The DSA Transparency
 * Database has no statement for a reversal: the platform updates the decision it reported.
 */
final class DsaReversals {
  static final String FILE = "reversals.csv";
  private static final String HEADER = "reversal_id,reversal,date,platform,subject_kind,subject_id,category,"
      + "reverses_action_id,reverses_action,reverses_run_id,reverses_puid,appeal\n";

  private DsaReversals() {}

  /** Writes {@code file} for a --ledger run and returns its lines; -1 (nothing written) for a run without ledger. */
  static long write(SparkSession spark, DsaMapping mapping, RunDirectory run, JsonNode manifest, Path file)
      throws IOException {
    JsonNode ledger = manifest.path("ledger");
    if (ledger.isMissingNode()) {
      return -1;
    }
    String out = run.dir().getParent().getParent().toString();
    StringBuilder csv = new StringBuilder(HEADER);
    long n = 0;
    for (RunReversals.Reversal r : RunReversals.of(spark, out, run.runId(), ledger.path("written_version").asLong())) {
      csv.append(Csv.cells(r.reversalId(), r.reversal(), r.date(), r.platform(), r.subjectKind(), r.subjectId(),
          r.category(), r.reversedActionId(), r.reversedAction(), r.reversedRunId(), puid(mapping, run, r),
          r.appeal())).append('\n');
      n++;
    }
    Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
    return n;
  }

  /** The puid the reversed action's statement got: its run's id and window, as that run's export computes it. */
  private static String puid(DsaMapping mapping, RunDirectory run, RunReversals.Reversal r) throws IOException {
    if (r.reversedRunId() == null) {
      return "";
    }
    RunDirectory issuing = RunDirectory.open(run.conf(), new org.apache.hadoop.fs.Path(run.dir().getParent(),
        r.reversedRunId()).toString());
    JsonNode window = issuing.manifest().path("window");
    return new DsaStatements(mapping, r.reversedRunId(), LocalDate.parse(window.path("from").asText()),
        LocalDate.parse(window.path("to").asText())).puid(r.reversedActionId());
  }
}
