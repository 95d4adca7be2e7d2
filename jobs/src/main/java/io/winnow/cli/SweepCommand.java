package io.winnow.cli;

import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.IncrementalSweep;
import io.winnow.sweep.SparkSessions;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import io.winnow.sweep.SweepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Sweep an archive window with a rule directory and commit actions, findings, counts and a manifest.")
public final class SweepCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--archive", required = true, paramLabel = "DIR", description = "Archive root (any Hadoop path).")
  String archive;

  @Option(names = "--rules", required = true, paramLabel = "DIR", description = "Rule directory, e.g. rules/.")
  Path rules;

  @Option(names = "--from", paramLabel = "DATE", description = "First day of the window (YYYY-MM-DD); with "
      + "--incremental, the first day considered (default: the archive's first).")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day of the window (YYYY-MM-DD); with "
      + "--incremental, the last day considered (default: the archive's last).")
  String to;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output root; the run goes to OUT/runs/RUN_ID.")
  String out;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: winnow.sweep.run-id, auto = from the window and clock).")
  String runId;

  @Option(names = "--shadow", description = "Run every rule in shadow mode: findings, no actions.")
  boolean shadow;

  @Option(names = "--ledger", description = "Count strikes and actions in force from the enforcement ledger OUT/ledger/ "
      + "(earlier --ledger runs), answer upheld appeals with reversals, and commit this run's entries to it.")
  boolean ledger;

  @Option(names = "--incremental", description = "Evaluate only the (posts partition, rule version) pairs no "
      + "committed run evaluated, from the watermarks in OUT/ledger/: new partitions with every rule, a changed rule "
      + "alone over the history. Implies --ledger; one run per step (see README).")
  boolean incremental;

  @Option(names = "--overrides", paramLabel = "FILE",
      description = "Overrides (appeals) CSV for this run (default: winnow.audit.overrides-file).")
  String overrides;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Settings settings = common.settings(overrides == null ? Map.of() : Map.of("winnow.audit.overrides-file", overrides));
    RuleSet ruleSet = RuleLoader.load(rules);
    if (incremental) {
      return incremental(settings, ruleSet, o);
    }
    if (from == null || to == null) {
      throw new UserError("sweep needs --from DATE and --to DATE (the window), or --incremental to sweep what the "
          + "ledger's watermarks say is not evaluated yet");
    }
    SweepRequest request = request(settings);
    SparkSession spark = SparkSessions.create(settings.spark());
    SweepResult result = new Sweep(spark, settings, ruleSet, request, line -> o.println("winnow: " + line)).execute();
    print(result, o);
    return 0;
  }

  private Integer incremental(Settings settings, RuleSet ruleSet, PrintWriter o) {
    if (shadow) {
      throw new UserError("--incremental cannot be combined with --shadow: watermarks record what was enforced. "
          + "Backtest a rule change with a window sweep (--shadow, or winnow diff)");
    }
    LocalDate f = from == null ? null : date("--from", from);
    LocalDate t = to == null ? null : date("--to", to);
    if (f != null && t == null || f == null && t != null) {
      throw new UserError("--incremental takes both --from and --to (bounds of the days considered) or neither");
    }
    String id = runId != null ? runId : settings.sweep().runId();
    if (id.equals("auto")) {
      id = "incremental-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
          .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    }
    SweepRequest request = new SweepRequest(archive, f, t, out, id, false, commandLine(), true);
    SparkSession spark = SparkSessions.create(settings.spark());
    IncrementalSweep.Result result = new IncrementalSweep(spark, settings, ruleSet, request,
        line -> o.println("winnow: " + line)).execute();
    if (result.runs().isEmpty()) {
      o.println("nothing to evaluate: no run committed (" + result.plan().pairsEvaluatedBefore()
          + " (partition, rule version) pairs evaluated before)");
    }
    for (SweepResult r : result.runs()) {
      print(r, o);
    }
    return 0;
  }

  private String commandLine() {
    return "winnow " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  SweepRequest request(Settings settings) {
    LocalDate f = date("--from", from);
    LocalDate t = date("--to", to);
    String id = runId != null ? runId : settings.sweep().runId();
    if (id.equals("auto")) {
      id = Sweep.autoRunId(f, t, Instant.now());
    }
    return new SweepRequest(archive, f, t, out, id, shadow, "winnow " + String.join(" ", spec.commandLine().getParseResult()
        .originalArgs()), ledger);
  }

  static void print(SweepResult result, PrintWriter o) {
    o.println();
    SummaryTable.print(result, o);
    o.println();
    result.tables().forEach((table, a) -> o.printf("%-9s read %d = evaluated %d + quarantined %d%n", table, a.read(),
        a.evaluated(), a.quarantined()));
    o.println("rule set " + result.ruleSetHash().substring(0, 12) + ", " + result.findings() + " findings, "
        + result.actions() + " actions");
    if (result.ledger() != null) {
      SweepResult.LedgerCounts l = result.ledger();
      l.alreadyInForce().forEach((k, n) -> o.println("already-in-force " + k + ": " + n + " (not issued again)"));
      l.reversals().forEach((k, n) -> o.println("reversal " + k + ": " + n));
      o.println("ledger version " + l.writtenVersion() + " written (read " + l.readVersion() + ")");
    }
    result.warnings().forEach(w -> o.println("warning: " + w));
    o.println("run committed: " + result.runDir());
  }

  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserError(option + " '" + value + "' is not a date. Write YYYY-MM-DD, e.g. 2026-10-01");
    }
  }
}
