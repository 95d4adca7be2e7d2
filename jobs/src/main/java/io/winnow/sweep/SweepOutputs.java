package io.winnow.sweep;

import io.winnow.run.OutputSchemas;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The results of a sweep's stages as the outputs ({@link RunOutput}) receive them: each dataset in its versioned
 * schema and persisted (read it as often as needed; the sweep unpersists after the commit).
 *
 * @param actions   one row per action, {@link OutputSchemas#ACTION_V1}
 * @param findings  every rule hit, shadow and overridden ones included, {@link OutputSchemas#FINDING_V1}
 * @param findingCount the rows of {@code findings}
 * @param quarantine rows not evaluated, with the reason, {@link OutputSchemas#QUARANTINE_V1}
 * @param counts    actions per category x subcategory x action x platform x subject kind ({@link OutputSchemas#COUNT_V1});
 *                  without the ledger, readable once the actions are written ({@link #actionsWritten})
 * @param tables    row accounting per input table (posts, accounts); their quarantined rows are the rows of
 *                  {@code quarantine} (the passes counted them as they kept them)
 * @param postPartitions the posts partitions read ({@code dt=D/platform=P}; for an external source, its label)
 * @param alreadyInForce with --ledger, the actions left out because one as strong was in force, counted as
 *                  {@code counts} (review_required 0); null without the ledger
 */
public record SweepOutputs(Dataset<Row> actions, Dataset<Row> findings, long findingCount,
    Dataset<Row> quarantine,
    List<SweepResult.Count> counts, Map<String, SweepResult.TableAccounting> tables,
    java.util.SortedSet<String> postPartitions, List<SweepResult.Count> alreadyInForce) {
  /**
   * The actions' writer calls this once its job has computed every action: without the ledger the policy counts the
   * actions as it emits them in that job ({@link ActionTally}), and {@link #counts} can be read from then on.
   */
  public void actionsWritten() {
    if (counts instanceof ActionTally.Written written) {
      written.complete();
    }
  }
}
