package io.winnow.cli;

import io.winnow.audit.RunDiff;
import io.winnow.config.Settings;
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

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Compare the actions of two runs per category and action: added, removed and changed (same subject "
        + "and category, another action), with samples. Run a changed rule set over the same window, then diff.")
public final class DiffCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "The earlier (baseline) run directory.")
  String runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The later (candidate) run directory.")
  String runB;

  @Option(names = "--samples", defaultValue = "5", paramLabel = "N",
      description = "Samples per kind of change (default: ${DEFAULT-VALUE}).")
  int samples;

  @Override
  public Integer call() {
    Settings settings = common.settings(Map.of());
    RunDirectory a = RunDirectory.open(HadoopConf.of(settings), runA);
    RunDirectory b = RunDirectory.open(HadoopConf.of(settings), runB);
    a.committedManifest();
    b.committedManifest();
    RunDiff.Result result = RunDiff.diff(SparkSessions.create(settings.spark()), a, b, samples);
    print(result, spec.commandLine().getOut());
    return 0;
  }

  static void print(RunDiff.Result r, PrintWriter o) {
    o.println("rule set A " + r.ruleSetA().substring(0, 12) + ", B " + r.ruleSetB().substring(0, 12)
        + (r.ruleSetA().equals(r.ruleSetB()) ? " (same)" : ""));
    o.printf("%-20s %-17s %8s %8s %8s %8s %8s%n", "category", "action", "A", "B", "added", "removed", "changed");
    long added = 0;
    long removed = 0;
    long changed = 0;
    for (RunDiff.Line l : r.lines()) {
      o.printf("%-20s %-17s %8d %8d %8d %8d %8d%n", l.category(), l.action(), l.inA(), l.inB(), l.added(),
          l.removed(), l.changed());
      added += l.added();
      removed += l.removed();
      changed += l.changed();
    }
    o.println(added + " added, " + removed + " removed, " + changed + " changed (counted under B's action)");
    if (!r.samples().isEmpty()) {
      o.println("samples");
      for (RunDiff.Sample s : r.samples()) {
        o.printf("  %-8s %-20s %s %s: %s -> %s (%s)%n", s.change(), s.category(), s.subjectKind(), s.subjectId(),
            s.actionA() == null ? "none" : s.actionA(), s.actionB() == null ? "none" : s.actionB(), s.rules());
      }
    }
  }
}
