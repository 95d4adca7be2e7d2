package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.report.AuditReport;
import io.winnow.run.RunDirectory;
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

  @Parameters(index = "0", paramLabel = "RUN_DIR",
      description = "A committed run: OUT/runs/RUN_ID, on local disk or any Hadoop file system (hdfs://, s3a://).")
  String runDir;

  @Option(names = "--out", paramLabel = "FILE", description = "HTML file to write, on local disk (default: "
      + "RUN_DIR/../RUN_ID.html for a run on local disk, ./RUN_ID.html for one elsewhere).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Settings settings = common.settings(Map.of());
    RunDirectory run = RunDirectory.openCommitted(HadoopConf.of(settings), runDir);
    // Beside the run, not inside it: a file inside would be an output the manifest does not list.
    Path file = out != null ? out : "file".equals(run.dir().toUri().getScheme())
        ? Path.of(run.dir().getParent().toUri().getPath()).resolve(run.runId() + ".html")
        : Path.of(run.runId() + ".html").toAbsolutePath();
    AuditReport.Result r = new AuditReport(SparkSessions.create(settings.spark()), settings, run, file).execute();
    o.printf("winnow: report of %,d actions, verification %s, %,d bytes in %.1f s%n", r.actions(),
        r.verified() ? "OK" : "FAILED (see the report's Verification section)", r.bytes(),
        r.elapsed().toMillis() / 1000.0);
    o.println("wrote " + r.file());
    return 0;
  }
}
