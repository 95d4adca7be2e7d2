package io.winnow.sweep;

import java.util.List;
import java.util.Map;

/**
 * What a sweep did: where the run went, the row accounting, the counts, how long each stage took (wall and CPU time of
 * this process) and the rows it produced, and what the summary names besides (archive entries skipped with their
 * reason, duplicated ids).
 */
public record SweepResult(
    String runId,
    String runDir,
    String ruleSetHash,
    Map<String, TableAccounting> tables,
    long findings,
    List<Count> counts,
    Map<String, Long> stageMillis,
    List<String> warnings,
    Map<String, Long> stageCpuMillis,
    Map<String, Long> stageRows,
    LedgerCounts ledger) {

  public SweepResult(String runId, String runDir, String ruleSetHash, Map<String, TableAccounting> tables,
      long findings, List<Count> counts, Map<String, Long> stageMillis, List<String> warnings,
      Map<String, Long> stageCpuMillis, Map<String, Long> stageRows) {
    this(runId, runDir, ruleSetHash, tables, findings, counts, stageMillis, warnings, stageCpuMillis, stageRows, null);
  }

  /**
   * A --ledger sweep's part: the ledger versions it read and wrote, the actions it left out because they were already
   * in force (per "category/action") and the reversals it issued (per reversal action).
   */
  public record LedgerCounts(long readVersion, long writtenVersion, Map<String, Long> alreadyInForce,
      Map<String, Long> reversals) {}

  /** rows read = rows evaluated + rows quarantined. */
  public record TableAccounting(long read, long evaluated, long quarantined) {
    public boolean balanced() {
      return read == evaluated + quarantined;
    }
  }

  public record Count(String category, String subcategory, String action, String platform, String subjectKind,
      long actions, long reviewRequired) {}

  public long actions() {
    return counts.stream().mapToLong(Count::actions).sum();
  }

  /** Total actions for one category and action, over subcategories and platforms. */
  public long actions(String category, String action) {
    return counts.stream().filter(c -> c.category().equals(category) && c.action().equals(action))
        .mapToLong(Count::actions).sum();
  }
}
