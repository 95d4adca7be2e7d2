package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.export.DsaExport;
import io.winnow.export.DsaMapping;
import io.winnow.export.ReviewOutcomes;
import io.winnow.export.TransparencyReport;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a run for a regulator.",
    subcommands = {ExportCommand.Dsa.class, ExportCommand.Transparency.class})
public final class ExportCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "dsa", mixinStandardHelpOptions = true,
      description = "One EU DSA Transparency Database statement of reasons per decided action of a committed run: "
          + "batches for the batch endpoint (1 to 100 statements each), JSON Lines and CSV, per platform. Actions sent "
          + "to review go out once a reviewer upheld them (--reviews); every statement is validated before anything "
          + "is written.")
  static final class Dsa implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_DIR",
        description = "A committed run: OUT/runs/RUN_ID, on local disk or any Hadoop file system (hdfs://, s3a://).")
    String runDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the statements.")
    Path out;

    @Option(names = "--mapping", paramLabel = "FILE",
        description = "Mapping of categories and actions to DSA fields (default: the embedded conf/dsa.conf).")
    Path mapping;

    @Option(names = "--reviews", paramLabel = "FILE",
        description = "Review outcomes of the actions sent to review: CSV action_id,outcome,reviewer,date[,note], "
            + "outcome upheld or reversed. Upheld actions go out dated on the review; the others are held back.")
    Path reviews;

    @Option(names = "--reviewed-only",
        description = "Only the actions upheld in --reviews (the second export of a run, after the first one sent "
            + "the decided actions).")
    boolean reviewedOnly;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      if (reviewedOnly && reviews == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--reviewed-only needs --reviews FILE (the outcomes of the actions sent to review)");
      }
      DsaMapping m = DsaMapping.load(mapping);
      Settings settings = common.settings(Map.of());
      RunDirectory run = RunDirectory.openCommitted(HadoopConf.of(settings), runDir);
      ReviewOutcomes outcomes = reviews == null ? ReviewOutcomes.none() : ReviewOutcomes.load(reviews);
      DsaExport.Result r = new DsaExport(SparkSessions.create(settings.spark()), settings, m, run, out, outcomes,
          reviewedOnly ? DsaExport.Scope.REVIEWED_ONLY : DsaExport.Scope.DECIDED).execute();
      o.printf("winnow: %,d statements of reasons in %,d batches from run %s (mapping: %s) in %.1f s%n",
          r.statements(), r.batches(), run.runId(), m.source(), r.elapsed().toMillis() / 1000.0);
      r.perPlatform().forEach((p, n) -> o.printf("  %-12s %,10d%n", p, n));
      o.printf("held for review: %,d (listed in held-for-review.csv; export them with --reviews once reviewed); "
          + "reversed on review: %,d%s%n", r.heldForReview(), r.reversed(),
          reviewedOnly ? String.format("; decided by the run, left out: %,d", r.leftOut()) : "");
      if (r.files().stream().anyMatch(f -> f.getFileName().toString().equals("reversals.csv"))) {
        o.printf("reversals of earlier actions (upheld appeals): %,d (listed in reversals.csv with the puid of the "
            + "statement each one undoes)%n", r.reversals());
      }
      r.files().forEach(f -> o.println("wrote " + f));
      return 0;
    }
  }

  @Command(name = "transparency", mixinStandardHelpOptions = true,
      description = "The rows of the harmonised DSA transparency report (Implementing Regulation (EU) 2024/2835, "
          + "Annex I) that committed runs support over a period, as the template's CSV files, and not-filled.csv: "
          + "every row left to fill by hand, with the reason.")
  static final class Transparency implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN_OR_OUT",
        description = "Committed runs (OUT/runs/RUN_ID) or OUT directories (every committed run under OUT/runs), on "
            + "local disk or any Hadoop file system.")
    List<String> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the CSV files.")
    Path out;

    @Option(names = "--period", required = true, paramLabel = "FROM..TO",
        description = "The reporting period, both days included, e.g. 2026-01-01..2026-06-30.")
    String period;

    @Option(names = "--mapping", paramLabel = "FILE",
        description = "Mapping of categories and actions to DSA fields (default: the embedded conf/dsa.conf).")
    Path mapping;

    @Option(names = "--reviews", paramLabel = "FILE",
        description = "Review outcomes (as for export dsa): upheld actions count on the day of the review.")
    Path reviews;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      String[] ends = period.split("\\.\\.", -1);
      LocalDate from;
      LocalDate to;
      try {
        if (ends.length != 2) {
          throw new DateTimeParseException("no ..", period, 0);
        }
        from = LocalDate.parse(ends[0].strip());
        to = LocalDate.parse(ends[1].strip());
      } catch (DateTimeParseException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--period '" + period + "' is not FROM..TO. Write e.g. 2026-01-01..2026-06-30");
      }
      DsaMapping m = DsaMapping.load(mapping);
      ReviewOutcomes outcomes = reviews == null ? ReviewOutcomes.none() : ReviewOutcomes.load(reviews);
      Settings settings = common.settings(Map.of());
      TransparencyReport.Result r = new TransparencyReport(SparkSessions.create(settings.spark()), m, inputs, from,
          to, out, outcomes).execute();
      o.printf("winnow: %,d own-initiative measures from %d runs, %s to %s; %d reversals%n", r.measures(),
          r.runs().size(), from, to, r.reversals());
      r.perPlatform().forEach((p, n) -> o.printf("  %-12s %,10d%n", p, n));
      r.files().forEach(f -> o.println("wrote " + f));
      return 0;
    }
  }
}
