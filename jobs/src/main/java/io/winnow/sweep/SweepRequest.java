package io.winnow.sweep;

import java.time.LocalDate;

/**
 * What to sweep: the archive (any Hadoop path), the window [from, to] of post dates, the output
 * root and the run id. {@code shadow} runs every rule in shadow mode: findings, no actions.
 */
public record SweepRequest(String archive, LocalDate from, LocalDate to, String out, String runId,
    boolean shadow, String commandLine) {}
