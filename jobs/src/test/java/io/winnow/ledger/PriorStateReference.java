package io.winnow.ledger;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.winnow.model.Actions;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ledger's prior state as the policy read it through joins before it read {@link PriorState#accountRows} per
 * account (issue 20, seventh session), kept for the equivalence tests ({@code PolicyReference},
 * {@code PolicyWithLedgerTest}).
 */
public final class PriorStateReference {
  private PriorStateReference() {}

  /** Per subject and category the strongest action in force: subject_kind, platform, subject_id, category, rank. */
  public static Dataset<Row> inForceRank(PriorState prior) {
    return prior.inForce().groupBy("subject_kind", "platform", "subject_id", "category")
        .agg(max(rank(col("action"))).as("in_force_rank"));
  }

  /** Every post that ever gave a strike (expired and removed ones too): platform, subject_id, category. */
  public static Dataset<Row> strikeOrigins(PriorState prior) {
    return prior.kind(LedgerSchema.STRIKE).select("platform", "subject_id", "category").distinct();
  }

  /**
   * Strikes that count as of the run's day: platform, account_id, category, origin post (subject_id), weight, issued,
   * expires, rules.
   */
  public static Dataset<Row> strikes(PriorState prior) {
    Dataset<Row> unexpired = prior.kind(LedgerSchema.STRIKE)
        .filter(col("expires").gt(lit(Date.valueOf(prior.asOf))));
    Dataset<Row> reversed = prior.reversed();
    if (reversed != null) {
      // Strikes a reversed ladder action rested on (its strike_posts) are removed with it.
      Dataset<Row> removedByAccount = broadcast(prior.kind(LedgerSchema.ACTION)
          .join(reversed, col("action_id").equalTo(col("_reversed")))
          .select(col("platform").as("_rp"), col("category").as("_rc"), explode(col("strike_posts")).as("_rpost")));
      unexpired = unexpired.join(reversed, col("action_id").equalTo(col("_reversed")), "left_anti")
          .join(removedByAccount, col("platform").equalTo(col("_rp")).and(col("category").equalTo(col("_rc")))
              .and(col("subject_id").equalTo(col("_rpost"))), "left_anti");
    }
    return unexpired.select("platform", "account_id", "category", "subject_id", "weight", "issued", "expires", "rules");
  }

  /** Rank of an action within its subject kind, as {@link Actions#strength}; -1 for anything else. */
  public static Column rank(Column action) {
    Column result = lit(-1);
    for (List<String> actions : List.of(Actions.POST, Actions.ACCOUNT)) {
      for (String a : actions) {
        result = when(action.equalTo(a), lit(Actions.strength(a))).otherwise(result);
      }
    }
    return result;
  }
}
