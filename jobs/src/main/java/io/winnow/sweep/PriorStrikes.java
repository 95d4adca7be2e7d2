package io.winnow.sweep;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.winnow.ledger.PriorState;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The ladder's view of the ledger ({@link PolicyStage#withPrior}): which strikes are new, and the prior ones added. */
final class PriorStrikes {
  private PriorStrikes() {}

  /** The struck posts that never gave a strike before (a post re-swept gives none again). */
  static Dataset<Row> newOnly(Dataset<Row> struck, PriorState prior) {
    Dataset<Row> origins = prior.strikeOrigins().select(col("platform").as("_o_platform"),
        col("subject_id").as("_o_post"), col("category").as("_o_category"));
    return struck.join(origins, col("platform").equalTo(col("_o_platform"))
        .and(col("subject_id").equalTo(col("_o_post"))).and(col("category").equalTo(col("_o_category"))), "left_anti");
  }

  /**
   * The strikes per account and category (rows of the ladder's aggregation) with the account's unexpired ledger strikes
   * added to the sum, and listed in the evidence as strikes of field {@code ledger}.
   */
  static Dataset<Row> added(Dataset<Row> strikes, PriorState prior, boolean idsGlobal) {
    Column evidence = struct(substring_index(col("rules"), " v", 1).as("rule_id"), lit("strike").as("kind"),
        lit("ledger").as("field"), col("subject_id").as("value"),
        lit(null).cast(DataTypes.IntegerType).as("start"), lit(null).cast(DataTypes.IntegerType).as("end"),
        lit(null).cast(DataTypes.StringType).as("excerpt"));
    Dataset<Row> prev = prior.strikes().groupBy(col("account_id").as("_p_account"),
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
