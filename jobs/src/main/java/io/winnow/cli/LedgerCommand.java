package io.winnow.cli;

import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.ledger.AccountHistory;
import io.winnow.ledger.Ledger;
import io.winnow.sweep.LedgerCompaction;
import io.winnow.sweep.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow ledger show ACCOUNT_ID --out OUT}: read the enforcement ledger. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "Read the enforcement ledger that sweeps with --ledger keep under OUT/ledger/.",
    subcommands = {LedgerCommand.Show.class, LedgerCommand.Compact.class})
public final class LedgerCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** An account's history: state, strikes with expiry, actions, reversals, per category. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "An account's history in the ledger, per category: its state, strikes with their expiry, the "
          + "actions on it and its posts, and reversals.")
  static final class Show implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The account id.")
    String account;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The output root of the sweeps.")
    String out;

    @Option(names = "--platform", paramLabel = "NAME", description = "Only this platform's account of that id.")
    String platform;

    @Option(names = "--as-of", paramLabel = "DATE",
        description = "Judge strikes as of this day (default: the latest run's day).")
    String asOf;

    @Override
    public Integer call() {
      Settings settings = common.settings(Map.of());
      java.time.LocalDate day = asOf == null ? null : SweepCommand.date("--as-of", asOf);
      Ledger ledger = Ledger.at(SparkSessions.create(settings.spark()), out);
      if (!ledger.exists()) {
        throw new UserError("no ledger at " + ledger.path() + ". A sweep with --ledger --out " + out + " writes it");
      }
      spec.commandLine().getOut().print(new AccountHistory(ledger).show(account, platform, day));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Rewrites the ledger's latest version into few files (Delta OPTIMIZE), under the sweeps' writer lock. */
  @Command(name = "compact", mixinStandardHelpOptions = true,
      description = "Compact the ledger's small files into few (one new version with the same entries; earlier "
          + "versions stay readable) and write the checkpoint of its latest version. Schedule it beside the daily "
          + "job (weekly); sweeps compact by themselves only when winnow.ledger.compact-every-versions is set, and "
          + "checkpoint only when winnow.ledger.checkpoint-after-versions is reached.")
  static final class Compact implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The output root of the sweeps.")
    String out;

    @Override
    public Integer call() {
      Settings settings = common.settings(Map.of());
      Ledger.Compaction c = LedgerCompaction.execute(SparkSessions.create(settings.spark()), settings, out);
      String where = out + "/" + Ledger.DIR;
      String checkpoint = c.checkpoint() >= 0 ? "; checkpoint of version " + c.checkpoint() + " written"
          : c.versionBefore() >= 0 ? "; version " + c.versionAfter() + " has its checkpoint" : "";
      if (c.versionAfter() == c.versionBefore()) {
        spec.commandLine().getOut().printf("ledger %s: %d files at version %d, nothing to compact%s%n", where,
            c.filesBefore(), c.versionBefore(), checkpoint);
      } else {
        spec.commandLine().getOut().printf("ledger %s: %d files compacted into %d, version %d written%s%n", where,
            c.filesBefore(), c.filesAfter(), c.versionAfter(), checkpoint);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
