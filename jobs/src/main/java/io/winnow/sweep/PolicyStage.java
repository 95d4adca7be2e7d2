package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import io.winnow.JobFailure;
import io.winnow.engine.AccountPolicy;
import io.winnow.ledger.PriorState;
import io.winnow.ledger.RunEntries;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.Policy;
import io.winnow.run.OutputSchemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Turns findings of active rules into actions: one post action per post and category (the strongest rule decides),
 * account actions from the category's ladder (strikes = the summed severity weights of the account's actioned posts
 * in the window; ACTION_V1 records them rounded down) and from account rules, merged so an account gets one action
 * per category; {@link #checkBlastRadius} stops a run whose counts are implausible.
 */
public final class PolicyStage {
  private final Policy policy;
  private final String runId;
  private final String ruleSetHash;
  private final LocalDate to;
  private final LocalDate decisionDate;
  private final boolean idsGlobal;
  private PriorState prior;

  /**
   * {@code idsGlobal}: account ids are one space across platforms, so strikes and ladders count an id's posts on
   * every platform; otherwise an account is (platform, account_id).
   */
  public PolicyStage(Policy policy, String runId, String ruleSetHash, LocalDate to, LocalDate decisionDate,
      boolean idsGlobal) {
    this.idsGlobal = idsGlobal;
    this.policy = policy;
    this.runId = runId;
    this.ruleSetHash = ruleSetHash;
    this.to = to;
    this.decisionDate = decisionDate;
  }

  /**
   * Counts the ledger's unexpired strikes ({@code winnow sweep --ledger}) toward the ladders, besides this run's: a post
   * that gave a strike in an earlier run gives none again, and an account's ladder counts its prior strikes only when
   * this run brings it a new one.
   */
  public PolicyStage withPrior(PriorState prior) {
    this.prior = prior;
    return this;
  }

  /**
   * Actions in {@link OutputSchemas#ACTION_V1} column order: one shuffle of the findings by account, then
   * {@link AccountPolicy} decides each account's actions in one call. With the ledger, the account's ledger rows are
   * grouped beside its findings in the same shuffle (its earlier strikes and actions in force), and the actions have
   * one more column, {@link RunEntries#IN_FORCE}: true when an equal or stronger action is in force on the subject.
   *
   * <p>The shuffle carries only the columns the policy reads ({@link PolicyGroups#COLUMNS}) and groups on the key
   * columns themselves: a key computed by a function would deserialize every finding, evidence and all, once more
   * just to read two strings (a fifth of the stage's executor time at 5M, in JFR).
   */
  public Dataset<Row> actions(Dataset<Row> findings) {
    return actions(findings, null);
  }

  /**
   * {@link #actions}, each action counted into {@code tally} as it is emitted (with the ledger, on the side of its
   * {@link RunEntries#IN_FORCE} flag): the counts are there once one job has computed every partition of the returned
   * dataset, or of its cache (see {@link ActionTally}).
   */
  Dataset<Row> actionsCounted(Dataset<Row> findings, ActionTally tally) {
    return actions(findings, tally);
  }

  private Dataset<Row> actions(Dataset<Row> findings, ActionTally tally) {
    Dataset<Row> read = findings.select(PolicyGroups.columns());
    PolicyGroups<Object> groups = new PolicyGroups<>(new AccountPolicy(policy, ruleSetHash, to, idsGlobal),
        read.schema(), runId, ruleSetHash, decisionDate, tally);
    if (prior == null) {
      return sortedByAccount(findings, groups);
    }
    KeyValueGroupedDataset<Object, Row> byAccount = byAccount(read);
    return byAccount.cogroup(byAccount(PriorStrikes.rows(prior)), groups,
        Encoders.row(OutputSchemas.ACTION_V1.add(RunEntries.IN_FORCE, "boolean", false)));
  }

  /**
   * Without the ledger: the findings hashed by account into partitions and sorted by it, as {@code groupBy(...)
   * .flatMapGroups} plans them, but decided on Spark's internal rows ({@link PolicyGroups#decideSorted}): no encoder
   * turns the findings into {@code Row}s nor the actions out of them. An account's rows are consecutive, so each
   * account is decided once with all its findings, as in a group.
   */
  private Dataset<Row> sortedByAccount(Dataset<Row> findings, PolicyGroups<Object> groups) {
    org.apache.spark.sql.classic.Dataset<Row> sorted =
        (org.apache.spark.sql.classic.Dataset<Row>) byAccountSorted(findings);
    boolean global = idsGlobal;
    RDD<InternalRow> actions = sorted.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> groups.decideSorted(rows, global)).rdd();
    return sorted.sparkSession().internalCreateDataFrame(actions, OutputSchemas.ACTION_V1, false);
  }

  /** The findings' columns the policy reads, hashed by account into partitions and sorted by it. */
  Dataset<Row> byAccountSorted(Dataset<Row> findings) {
    Column[] account = idsGlobal ? new Column[] {col("account_id")}
        : new Column[] {col("account_id"), col("platform")};
    return findings.select(PolicyGroups.columns()).repartition(account).sortWithinPartitions(account);
  }

  /**
   * Rows grouped by account: its id and platform, or its id alone when ids are global. A null id or platform is a key
   * of its own; {@link AccountPolicy} groups by the same columns inside a group, so how keys split never changes an
   * action.
   */
  @SuppressWarnings("unchecked")
  private KeyValueGroupedDataset<Object, Row> byAccount(Dataset<Row> rows) {
    Encoder<Row> value = Encoders.row(rows.schema());
    KeyValueGroupedDataset<?, Row> grouped = idsGlobal
        ? rows.groupBy(col("account_id")).as(Encoders.STRING(), value)
        : rows.groupBy(col("account_id"), col("platform")).as(Encoders.tuple(Encoders.STRING(), Encoders.STRING()),
            value);
    return (KeyValueGroupedDataset<Object, Row>) grouped;
  }

  /** Stops the run when a category would issue more actions than its max-actions. */
  public void checkBlastRadius(List<SweepResult.Count> counts) {
    Map<String, Long> perCategory = new TreeMap<>();
    counts.forEach(c -> perCategory.merge(c.category(), c.actions(), Long::sum));
    List<String> over = new ArrayList<>();
    perCategory.forEach((category, n) -> {
      CategoryPolicy p = policy.category(category);
      if (p != null && n > p.maxActions()) {
        over.add("category " + category + " would issue " + n + " actions, over its limit max-actions = "
            + p.maxActions());
      }
    });
    if (!over.isEmpty()) {
      throw new JobFailure("blast-radius limit reached, nothing committed: " + String.join("; ", over)
          + ". Check the rules that changed, or raise the limit in rules/policy.conf if this is expected");
    }
  }
}
