package io.winnow.sweep;

import java.time.LocalDate;
import java.util.SortedSet;

/**
 * What to sweep: the archive (any Hadoop path), the window [from, to] of post dates, the output
 * root and the run id. {@code shadow} runs every rule in shadow mode: findings, no actions. {@code ledger}: the
 * policy reads the enforcement ledger under OUT/ledger/ (strikes, actions in force, appeals answered) and the run
 * commits its entries to it; without it the sweep is self-contained. {@code partitions}: one step of an incremental
 * sweep ({@link IncrementalSweep}) reads only these posts partitions of the window ({@code dt=D/platform=P}), and its
 * ledger output refuses pairs (partition, rule version) a committed run evaluated meanwhile; null reads the whole
 * window.
 */
public record SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId,
    boolean shadow, String commandLine, boolean ledger, SortedSet<String> partitions) {

  public SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId, boolean shadow,
      String commandLine, boolean ledger) {
    this(archive, from, to, out, runId, shadow, commandLine, ledger, null);
  }

  public SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId, boolean shadow,
      String commandLine) {
    this(archive, from, to, out, runId, shadow, commandLine, false, null);
  }
}
