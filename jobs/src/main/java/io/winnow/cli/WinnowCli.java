package io.winnow.cli;

import io.winnow.JobFailure;
import io.winnow.UserError;
import io.winnow.rules.RuleLoadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: one class per verb; exit 0 on success, 1 when a job fails, 2 on bad input. */
@Command(name = "winnow", mixinStandardHelpOptions = true, versionProvider = WinnowCli.Version.class,
    description = "Batch enforcement engine for social-media trust and safety on Apache Spark.",
    subcommands = {SweepCommand.class, GenerateCommand.class, DemoCommand.class, BenchCommand.class,
        RulesCommand.class, RunsCommand.class, AuditCommand.class, ExplainCommand.class, DiffCommand.class,
        ReportCommand.class, ExportCommand.class, SampleCommand.class, EvaluateCommand.class, ImportCommand.class,
        LedgerCommand.class,
        CommandLine.HelpCommand.class})
public final class WinnowCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line in-process (tests use this with captured output). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new WinnowCli());
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable cause = e;
      while (!(cause instanceof UserError || cause instanceof JobFailure || cause instanceof RuleLoadException)
          && cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      if (cause instanceof UserError || cause instanceof RuleLoadException) {
        err.println("winnow: " + cause.getMessage());
        return 2;
      }
      if (cause instanceof JobFailure) {
        err.println("winnow: " + cause.getMessage());
        return 1;
      }
      err.println("winnow: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
          .findFirst().orElse("") + (System.getenv("WINNOW_DEBUG") == null
          ? " (set WINNOW_DEBUG=1 for the stack trace)" : ""));
      if (System.getenv("WINNOW_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    });
    cli.setParameterExceptionHandler((e, args1) -> {
      err.println("winnow: " + e.getMessage());
      e.getCommandLine().usage(err);
      return 2;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WinnowCli.class.getPackage().getImplementationVersion();
      return new String[] {"winnow " + (v == null ? "dev" : v)};
    }
  }
}
