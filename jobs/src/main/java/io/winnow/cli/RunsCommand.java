package io.winnow.cli;

import io.winnow.audit.RunListing;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "List the runs under an output root: status (committed, incomplete, failed), window, rule-set hash, "
        + "actions and quarantined rows.")
public final class RunsCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "OUT", description = "Output root of sweeps (their --out).")
  String out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    List<RunListing.Run> runs = RunListing.list(HadoopConf.of(common.settings(Map.of())), out);
    o.printf("%-40s %-10s %-23s %-12s %8s %11s  %s%n", "run", "status", "window", "rule set", "actions",
        "quarantined", "time / note");
    for (RunListing.Run r : runs) {
      o.printf("%-40s %-10s %-23s %-12s %8s %11s  %s%n", r.runId(), r.status(),
          r.from().isEmpty() ? "" : r.from() + ".." + r.to(),
          r.ruleSetHash().length() > 12 ? r.ruleSetHash().substring(0, 12) : r.ruleSetHash(),
          r.actions() < 0 ? "" : Long.toString(r.actions()), r.quarantined() < 0 ? "" : Long.toString(r.quarantined()),
          (r.time() + (r.note().isEmpty() ? "" : "  " + r.note())).strip());
    }
    o.println(runs.size() + " runs");
    return 0;
  }
}
