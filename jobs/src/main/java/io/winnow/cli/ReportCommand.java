package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.report.AuditReport;
import io.winnow.report.RunDirectory;
import io.winnow.sweep.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "One self-contained HTML file about a committed run: summary, charts, top rules, sample actions "
        + "with evidence, metadata and verification of every output against the manifest.")
public final class ReportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A committed run: OUT/runs/RUN_ID.")
  Path runDir;

  @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write (default: RUN_DIR/../RUN_ID.html).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    RunDirectory run = RunDirectory.open(runDir);
    Settings settings = common.settings(Map.of());
    // Beside the run, not inside it: a file inside would be an output the manifest does not list.
    Path file = out != null ? out : runDir.toAbsolutePath().normalize().resolveSibling(run.runId() + ".html");
    AuditReport.Result r = new AuditReport(SparkSessions.create(settings.spark()), settings, run, file).execute();
    o.printf("winnow: report of %,d actions, verification %s, %,d bytes in %.1f s%n", r.actions(),
        r.verified() ? "OK" : "FAILED (see the report's Verification section)", r.bytes(),
        r.elapsed().toMillis() / 1000.0);
    o.println("wrote " + r.file());
    return 0;
  }
}
