package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.evaluate.Sampler;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.SparkSessions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Draw a stratified, seeded review sample of a committed run: a sheet (CSV for spreadsheets and "
        + "Parquet) with each sampled action's text, matched spans marked [[like this]], evidence and an empty verdict "
        + "column, plus the sample's manifest. Fill in the verdicts, then run winnow evaluate --labels SHEET.")
public final class SampleCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A committed run: OUT/runs/RUN_ID.")
  String runDir;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the sheet and manifest.")
  String out;

  @Option(names = "--per-stratum", paramLabel = "N",
      description = "Actions sampled per stratum, all of a smaller one (default: winnow.evaluate.per-stratum).")
  Integer perStratum;

  @Option(names = "--unactioned", paramLabel = "N",
      description = "Unactioned posts and accounts sampled, N of each (default: winnow.evaluate.unactioned).")
  Integer unactioned;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample (default: winnow.evaluate.seed).")
  Long seed;

  @Override
  public Integer call() {
    Settings settings = common.settings(Map.of());
    Settings.EvaluateSettings defaults = settings.evaluate();
    RunDirectory run = RunDirectory.open(HadoopConf.of(settings), runDir);
    run.committedManifest();
    Sampler.Request request = new Sampler.Request(out, perStratum != null ? perStratum : defaults.perStratum(),
        unactioned != null ? unactioned : defaults.unactioned(), seed != null ? seed : defaults.seed());
    Sampler.Result r = new Sampler(SparkSessions.create(settings.spark()), run, request).execute();
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%-60s %10s %8s%n", "stratum", "population", "sampled");
    for (Sampler.StratumSize s : r.strata()) {
      o.printf("%-60s %10d %8d%n", s.stratum(), s.population(), s.sampled());
    }
    o.println(r.rows() + " rows in " + r.strata().size() + " strata, seed " + request.seed());
    for (var f : r.files()) {
      o.println("wrote " + f.path() + " (" + f.rows() + " rows, sha256 " + f.sha256().substring(0, 12) + ")");
    }
    o.println("sample " + r.dir() + ": fill in verdict (violation, not-violation or unsure), then winnow evaluate "
        + runDir + " --labels " + r.dir() + "/sheet.csv --sample " + r.dir());
    return 0;
  }
}
