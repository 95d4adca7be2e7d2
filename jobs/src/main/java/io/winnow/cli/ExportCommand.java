package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.export.DsaExport;
import io.winnow.export.DsaMapping;
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

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a run for a regulator.",
    subcommands = {ExportCommand.Dsa.class})
public final class ExportCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "dsa", mixinStandardHelpOptions = true,
      description = "One EU DSA Transparency Database statement of reasons per action of a committed run, as JSON "
          + "Lines and CSV (one pair of files per platform); every statement is validated before anything is written.")
  static final class Dsa implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A committed run: OUT/runs/RUN_ID.")
    Path runDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the statements.")
    Path out;

    @Option(names = "--mapping", paramLabel = "FILE",
        description = "Mapping of categories and actions to DSA fields (default: the embedded conf/dsa.conf).")
    Path mapping;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      DsaMapping m = DsaMapping.load(mapping);
      RunDirectory run = RunDirectory.open(runDir);
      Settings settings = common.settings(Map.of());
      DsaExport.Result r = new DsaExport(SparkSessions.create(settings.spark()), settings, m, run, out).execute();
      o.printf("winnow: %,d statements of reasons from run %s (mapping: %s) in %.1f s%n", r.statements(),
          run.runId(), m.source(), r.elapsed().toMillis() / 1000.0);
      r.perPlatform().forEach((p, n) -> o.printf("  %-12s %,10d%n", p, n));
      r.files().forEach(f -> o.println("wrote " + f));
      return 0;
    }
  }
}
