package io.winnow.sweep;

import java.time.LocalDate;

/**
 * What to sweep: the archive (any Hadoop path), the window [from, to] of post dates, the output
 * root and the run id. {@code shadow} runs every rule in shadow mode: findings, no actions. {@code ledger}: the
 * policy reads the enforcement ledger under OUT/ledger/ (strikes, actions in force, appeals answered) and the run
 * commits its entries to it; without it the sweep is self-contained.
 */
public record SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId,
    boolean shadow, String commandLine, boolean ledger) {

  public SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId, boolean shadow,
      String commandLine) {
    this(archive, from, to, out, runId, shadow, commandLine, false);
  }
}
