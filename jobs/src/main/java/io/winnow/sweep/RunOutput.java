package io.winnow.sweep;

import io.winnow.run.OutputSchemas;
import java.util.Map;

/**
 * One output of a sweep: the action list, the findings, the quarantine, the counts, and whatever a later issue adds (a
 * Delta table, the enforcement ledger). The sweep calls every registered output ({@link RunOutputs#shipped}) in the
 * order of that list, at fixed points of the run; an output never calls the pipeline or the committer itself, so a
 * new one plugs in with one line in {@link RunOutputs} and touches neither the stages nor the commit ordering.
 *
 * <p>The contract, in the order the sweep calls the hooks of one run:
 * <ol>
 *   <li>{@link #open(RunContext)}: once, before any stage runs. The sweep holds the run id's lock and has created its
 *       staging directory; read any state the output needs (a ledger version) here. Nothing may be written.</li>
 *   <li>{@link #write(RunContext, SweepOutputs)}: once, after the policy, with the run's typed results (each dataset
 *       in its versioned schema of {@link OutputSchemas}). Write files under {@link RunContext#dir(String)} (inside
 *       the staging directory: the manifest lists each file with its rows and SHA-256 and the commit moves them into
 *       the run). Return the rows written, for the manifest's stage figures. Outputs are written one after another in
 *       list order; one that throws fails the run.</li>
 *   <li>{@link #prepareCommit(RunContext)}: once, after every output has written, before the manifest is written.
 *       Make durable here what lives outside the run directory (a table under {@code OUT/}); it must be idempotent
 *       for the run id, since a sweep killed after this point and run again with the same id calls it again (key
 *       the rows by run id and action id, never append blindly). Returns entries that the manifest records under
 *       {@link #name()} (empty: nothing recorded); they are covered by the manifest's SHA-256 in {@code _SUCCESS}.</li>
 *   <li>{@link #committed(RunContext)}: after {@code _SUCCESS} is written and the lock released. The run is
 *       committed whatever this does; a failure here is reported as a warning, never undoes the run.</li>
 *   <li>{@link #abort(RunContext, Throwable)}: instead of the remaining hooks when the run fails at any point after
 *       {@code open} (a stage, another output, the blast-radius guard, the commit). The committer removes staging
 *       itself; undo here only what {@code prepareCommit} made durable outside it, if the output can.</li>
 * </ol>
 * An output is used for one run: it may keep state between its hooks.
 */
public interface RunOutput {
  /** A short name, unique among the registered outputs: the directory under staging, the manifest key, the stage. */
  String name();

  /** Before the stages run; read state, write nothing. */
  default void open(RunContext run) {}

  /** Writes this output from the run's results into staging; returns the rows written. */
  long write(RunContext run, SweepOutputs outputs);

  /** After every output is staged, before the manifest: make durable what lives outside the run, idempotently. */
  default Map<String, Object> prepareCommit(RunContext run) {
    return Map.of();
  }

  /** After {@code _SUCCESS}. */
  default void committed(RunContext run) {}

  /** When the run fails after {@link #open}; best effort, never throws. */
  default void abort(RunContext run, Throwable cause) {}
}
