package io.winnow.cli;

import io.winnow.run.RunDirectory;
import io.winnow.run.RunVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit a committed run.",
    subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recompute every output's SHA-256 and row count, check the row accounting and that the counts "
          + "equal the action rows, and that the run's evaluations (OUT/evaluations/RUN_ID) match their manifests; name "
          + "every added, removed or modified file. Exit 1 when anything is off.")
  public static final class Verify implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory, OUT/runs/RUN_ID.")
    String runDir;

    @Override
    public Integer call() throws IOException {
      PrintWriter o = spec.commandLine().getOut();
      io.winnow.config.Settings settings = common.settings(Map.of());
      RunDirectory run = RunDirectory.open(HadoopConf.of(settings), runDir);
      RunVerifier.Result checked = RunVerifier.verify(run);
      RunVerifier.Result result = checked;
      if (ledgerRun(run)) {
        // A --ledger run: its entries in OUT/ledger are checked against the manifest too (Delta needs Spark).
        java.util.List<String> problems = new java.util.ArrayList<>(checked.problems());
        problems.addAll(io.winnow.audit.LedgerVerifier.verify(
            io.winnow.sweep.SparkSessions.create(settings.spark()), run, run.manifest()));
        result = new RunVerifier.Result(problems, checked.files(), checked.rows(), checked.evaluations());
      }
      result.problems().forEach(o::println);
      if (result.ok()) {
        o.println("verified " + runDir + ": " + result.files() + " files, " + result.rows() + " rows; checksums, row "
            + "accounting and counts agree with the manifest" + (result.problems().isEmpty()
            && ledgerRun(run) ? "; so do its ledger entries" : "") + (result.evaluations() == 0 ? ""
            : result.evaluations() == 1 ? "; 1 evaluation agrees with its manifest"
            : "; " + result.evaluations() + " evaluations agree with their manifests"));
        return 0;
      }
      o.println("verification of " + runDir + " FAILED: " + result.problems().size() + " problem"
          + (result.problems().size() == 1 ? "" : "s"));
      return 1;
    }

    /** Whether the run's manifest (when it is readable JSON; else RunVerifier reports it) records ledger entries. */
    private static boolean ledgerRun(RunDirectory run) {
      try {
        return run.exists("manifest.json") && io.winnow.audit.LedgerVerifier.recorded(run.manifest());
      } catch (IOException e) {
        return false;
      }
    }
  }
}
