package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.SparkSessions;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import io.winnow.sweep.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a small archive under the work directory (once), sweep it with rules/ and print the "
        + "summary and the run directory.")
public final class DemoCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--work", defaultValue = "work/demo", paramLabel = "DIR",
      description = "Work directory for the archive and the runs (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rule directory (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--posts", defaultValue = "200000", paramLabel = "N", description = "Posts to generate (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(names = "--accounts", defaultValue = "20000", paramLabel = "M", description = "Accounts (default: ${DEFAULT-VALUE}).")
  long accounts;

  @Option(names = "--days", defaultValue = "7", paramLabel = "D", description = "Days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = common.settings(Map.of());
    RuleSet ruleSet = RuleLoader.load(rules);
    SparkSession spark = SparkSessions.create(settings.spark());
    Path archive = GenerateCommand.generatedOnce(spark, settings, work, posts, accounts, days, seed, out);
    LocalDate from = GenerateSettings.from(settings.generate()).startDate();
    LocalDate to = from.plusDays(days - 1);
    String runId = Sweep.autoRunId(from, to, Instant.now());
    SweepRequest request = new SweepRequest(archive.toString(), from, to, work.resolve("out").toString(), runId,
        false, "winnow " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    SweepResult result = new Sweep(spark, settings, ruleSet, request, line -> out.println("winnow: " + line)).execute();
    SweepCommand.print(result, out);
    return 0;
  }
}
