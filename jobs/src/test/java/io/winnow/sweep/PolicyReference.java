package io.winnow.sweep;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.forall;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.winnow.ledger.PriorState;
import io.winnow.ledger.PriorStateReference;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Policy;
import io.winnow.model.Severity;
import io.winnow.run.OutputSchemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The policy stage as it was before issue 19's one-shuffle rewrite (commit 0606651): Spark aggregations, five shuffles.
 * Kept in the tests only, as the reference {@link PolicyStageEquivalenceTest} compares {@link PolicyStage} with.
 *
 * <p>Turns findings of active rules into actions: one post action per post and category (the strongest rule decides),
 * account actions from the category's ladder (strikes = the summed severity weights of the account's actioned posts
 * in the window; ACTION_V1 records them rounded down) and from account rules, merged so an account gets one action
 * per category (the blast-radius check is unchanged and stays in {@link PolicyStage}).
 */
final class PolicyReference {
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
  PolicyReference(Policy policy, String runId, String ruleSetHash, LocalDate to, LocalDate decisionDate,
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
  PolicyReference withPrior(PriorState prior) {
    this.prior = prior;
    return this;
  }

  /** Actions in {@link OutputSchemas#ACTION_V1} column order. */
  public Dataset<Row> actions(Dataset<Row> findings) {
    Dataset<Row> active = findings.filter(col("rule_status").equalTo("active"));
    Dataset<Row> postFindings = active.filter(col("subject_kind").equalTo("post").and(not(RepostLinks.isRepost())));
    Dataset<Row> postActions = strongest(postFindings,
        col("subject_id"), col("account_id"), col("platform"), col("dt"), col("category"))
        .withColumn("subject_kind", lit("post"))
        .withColumn("strikes", lit(null).cast(DataTypes.IntegerType));

    // Strikes = the sum of the severity weights of the account's actioned posts (1 each without severity-weights),
    // and of its reposts of actioned posts when the policy counts amplification.
    Dataset<Row> struck = postActions;
    if (policy.reposts().countTowardStrikes()) {
      Dataset<Row> reposts = active.filter(col("subject_kind").equalTo("post").and(RepostLinks.isRepost()));
      struck = postActions.unionByName(strongest(reposts,
          col("subject_id"), col("account_id"), col("platform"), col("dt"), col("category"))
          .withColumn("subject_kind", lit("post"))
          .withColumn("strikes", lit(null).cast(DataTypes.IntegerType)));
    }
    if (prior != null) {
      struck = newOnly(struck, prior);
    }
    Dataset<Row> strikes = struck.groupBy(col("account_id"), accountPlatform(), col("category"))
        .agg(sum(strikeWeight(col("severity_rank"))).as("strikes"), max("platform").as("platform"),
            max("severity_rank").as("severity_rank"),
            max("content_date").as("content_date"),
            array_sort(array_distinct(flatten(collect_list(col("rules"))))).as("rules"),
            array_sort(collect_list(struct(
                col("rules").getItem(0).getField("rule_id").as("rule_id"), lit("strike").as("kind"),
                lit("post").as("field"), col("subject_id").as("value"),
                lit(null).cast(DataTypes.IntegerType).as("start"), lit(null).cast(DataTypes.IntegerType).as("end"),
                lit(null).cast(DataTypes.StringType).as("excerpt")))).as("evidence"),
            max("subcategory").as("subcategory"));
    if (prior != null) {
      strikes = added(strikes, prior, idsGlobal);
    }
    Dataset<Row> ladder = strikes
        .withColumn("action", ladderAction(col("category"), col("strikes"), false))
        .withColumn("suspend_days", ladderAction(col("category"), col("strikes"), true).cast(DataTypes.IntegerType))
        .filter(col("action").isNotNull())
        .withColumn("action_rank", PriorStateReference.rank(col("action")))
        .withColumn("subject_id", col("account_id"))
        .withColumn("strikes", floor(col("strikes")).cast(DataTypes.IntegerType));

    Dataset<Row> accountFindings = active.filter(col("subject_kind").equalTo("account"))
        .withColumn("action_rank", PriorStateReference.rank(col("action")))
        .withColumn("severity_rank", severityRank(col("severity")))
        .withColumn("rules", org.apache.spark.sql.functions.array(struct(col("rule_id"), col("rule_version"))))
        .withColumn("strikes", lit(null).cast(DataTypes.IntegerType))
        .withColumn("content_date", lit(null).cast(DataTypes.DateType));
    List<String> accountColumns = List.of("subject_id", "account_id", "platform", "category", "subcategory",
        "action", "action_rank", "severity_rank", "suspend_days", "rules", "evidence", "strikes", "content_date");
    Dataset<Row> accountCandidates = select(ladder, accountColumns).unionByName(select(accountFindings, accountColumns));
    Dataset<Row> accountActions = accountCandidates.groupBy(col("subject_id"), col("account_id"), accountPlatform(),
            col("category"))
        .agg(max(struct(col("action_rank"), col("severity_rank"), col("subcategory"), col("action"),
                col("suspend_days"), col("platform"))).as("top"),
            max("strikes").as("strikes"), max("content_date").as("content_date"),
            array_sort(array_distinct(flatten(collect_list(col("rules"))))).as("rules"),
            array_sort(array_distinct(flatten(collect_list(col("evidence"))))).as("evidence"))
        .select(col("subject_id"), col("account_id"), col("category"), col("top.subcategory").as("subcategory"),
            col("top.action").as("action"), col("top.suspend_days").as("suspend_days"),
            col("top.platform").as("platform"), col("top.severity_rank").as("severity_rank"), col("strikes"),
            col("content_date"), col("rules"), col("evidence"))
        .withColumn("subject_kind", lit("account"))
        .withColumn("dt", lit(to.toString()));

    return finish(postActions).unionByName(finish(accountActions));
  }

  /** The platform as part of an account's key, or one constant group when ids are global. */
  private Column accountPlatform() {
    return (idsGlobal ? lit("") : col("platform")).as("_account_platform");
  }

  private Dataset<Row> strongest(Dataset<Row> findings, Column... keys) {
    return findings
        .withColumn("action_rank", PriorStateReference.rank(col("action")))
        .withColumn("severity_rank", severityRank(col("severity")))
        .groupBy(keys)
        .agg(max(struct(col("action_rank"), col("severity_rank"), col("subcategory"), col("action"),
                col("suspend_days"))).as("top"),
            max("content_date").as("content_date"),
            array_sort(array_distinct(collect_list(struct(col("rule_id"), col("rule_version"))))).as("rules"),
            array_sort(flatten(collect_list(col("evidence")))).as("evidence"))
        .select(col("subject_id"), col("account_id"), col("platform"), col("dt"), col("category"),
            col("top.subcategory").as("subcategory"), col("top.action").as("action"),
            col("top.suspend_days").as("suspend_days"), col("top.severity_rank").as("severity_rank"),
            col("content_date"), col("rules"), col("evidence"));
  }

  private Dataset<Row> finish(Dataset<Row> actions) {
    Column severity = severityName(col("severity_rank"));
    Column review = lit(false);
    for (Severity s : policy.reviewSeverities()) {
      review = review.or(severity.equalTo(s.key()));
    }
    for (String a : policy.reviewActions()) {
      review = review.or(col("action").equalTo(a));
    }
    if (!policy.reviewEvidenceOnly().isEmpty()) {
      // An account action that rests on a name match alone: its evidence, apart from the predicates it read, is only
      // of the listed kinds (a ladder action's strikes, or any other evidence, make it more than that).
      Column text = filter(col("evidence"), e -> not(e.getField("kind").equalTo("predicate")));
      review = review.or(col("subject_kind").equalTo("account").and(size(text).gt(0))
          .and(forall(text, e -> e.getField("kind").isin(policy.reviewEvidenceOnly().toArray()))));
    }
    return actions
        .withColumn("severity", severity)
        .withColumn("review_required", review)
        .withColumn("run_id", lit(runId))
        .withColumn("rule_set_hash", lit(ruleSetHash))
        .withColumn("decision_date", lit(Date.valueOf(decisionDate)))
        .withColumn("action_id", substring(sha2(idsGlobal
            ? concat_ws("|", lit(ruleSetHash), col("subject_kind"), col("subject_id"), col("category"), col("action"))
            : concat_ws("|", lit(ruleSetHash), col("subject_kind"), col("platform"), col("subject_id"),
                col("category"), col("action")), 256), 1, 32))
        .select(Arrays.stream(OutputSchemas.ACTION_V1.fieldNames()).map(n -> col(n)).toArray(Column[]::new));
  }

  private Column ladderAction(Column category, Column strikes, boolean days) {
    Column result = lit(null);
    for (CategoryPolicy p : policy.categories().values()) {
      List<LadderStep> steps = new ArrayList<>(p.ladder());
      for (LadderStep step : steps) {
        // Later (higher) steps override earlier ones: the highest step reached wins.
        Column value = days ? lit(step.days()) : lit(step.action());
        result = when(category.equalTo(p.category()).and(strikes.geq(step.strikes())), value).otherwise(result);
      }
    }
    return days ? result : result.cast(DataTypes.StringType);
  }

  private Column strikeWeight(Column severityRank) {
    Column result = lit(1.0);
    for (Severity s : Severity.values()) {
      result = when(severityRank.equalTo(s.ordinal()), lit(policy.strikeWeight(s))).otherwise(result);
    }
    return result;
  }

  private static Column severityRank(Column severity) {
    Column result = lit(-1);
    for (Severity s : Severity.values()) {
      result = when(severity.equalTo(s.key()), lit(s.ordinal())).otherwise(result);
    }
    return result;
  }

  private static Column severityName(Column rank) {
    Column result = lit(null).cast(DataTypes.StringType);
    for (Severity s : Severity.values()) {
      result = when(rank.equalTo(s.ordinal()), lit(s.key())).otherwise(result);
    }
    return result;
  }

  private static Dataset<Row> select(Dataset<Row> d, List<String> columns) {
    return d.select(columns.stream().map(n -> col(n)).toArray(Column[]::new));
  }

  /** The struck posts that never gave a strike before (a post re-swept gives none again). */
  private static Dataset<Row> newOnly(Dataset<Row> struck, PriorState prior) {
    Dataset<Row> origins = PriorStateReference.strikeOrigins(prior).select(col("platform").as("_o_platform"),
        col("subject_id").as("_o_post"), col("category").as("_o_category"));
    return struck.join(origins, col("platform").equalTo(col("_o_platform"))
        .and(col("subject_id").equalTo(col("_o_post"))).and(col("category").equalTo(col("_o_category"))), "left_anti");
  }

  /**
   * The strikes per account and category (rows of the ladder's aggregation) with the account's unexpired ledger strikes
   * added to the sum, and listed in the evidence as strikes of field {@code ledger}.
   */
  private static Dataset<Row> added(Dataset<Row> strikes, PriorState prior, boolean idsGlobal) {
    Column evidence = struct(substring_index(col("rules"), " v", 1).as("rule_id"), lit("strike").as("kind"),
        lit("ledger").as("field"), col("subject_id").as("value"),
        lit(null).cast(DataTypes.IntegerType).as("start"), lit(null).cast(DataTypes.IntegerType).as("end"),
        lit(null).cast(DataTypes.StringType).as("excerpt"));
    Dataset<Row> prev = PriorStateReference.strikes(prior).groupBy(col("account_id").as("_p_account"),
            (idsGlobal ? lit("") : col("platform")).as("_p_platform"), col("category").as("_p_category"))
        .agg(sum("weight").as("_p_strikes"), collect_list(evidence).as("_p_evidence"));
    return strikes.join(prev, col("account_id").equalTo(col("_p_account"))
            .and(col("_account_platform").equalTo(col("_p_platform")))
            .and(col("category").equalTo(col("_p_category"))), "left")
        .withColumn("strikes", col("strikes").plus(coalesce(col("_p_strikes"), lit(0.0))))
        .withColumn("evidence", when(col("_p_evidence").isNull(), col("evidence"))
            .otherwise(array_sort(concat(col("evidence"), col("_p_evidence")))))
        .drop("_p_account", "_p_platform", "_p_category", "_p_strikes", "_p_evidence");
  }
}
