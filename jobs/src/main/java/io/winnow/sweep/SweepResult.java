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
    Map<String, Long> stageRows) {

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
