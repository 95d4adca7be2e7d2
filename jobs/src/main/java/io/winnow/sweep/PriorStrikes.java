package io.winnow.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.winnow.ledger.PriorState;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The ladder's view of the ledger ({@link PolicyStage#withPrior}): which findings' posts gave a strike before (they
 * give none again), and the unexpired prior strikes, which {@link PolicyGroups} groups beside each account's findings.
 */
final class PriorStrikes {
  /** The column that marks a finding whose post gave a strike of its category in an earlier run. */
  static final String ORIGIN = "_prior_origin";

  /** The columns of the prior strikes that {@link #strikes} gives, in this order. */
  static final List<String> COLUMNS = List.of("account_id", "platform", "category", "weight", "rules", "subject_id");

  /** The type of {@link #strikes}' rows. */
  static final StructType TYPE = new StructType()
      .add("account_id", "string").add("platform", "string").add("category", "string").add("weight", "double")
      .add("rules", "string").add("subject_id", "string");

  private PriorStrikes() {}

  /** The findings with {@link #ORIGIN}: true where the (platform, post, category) gave a strike in an earlier run. */
  static Dataset<Row> markOrigins(Dataset<Row> findings, PriorState prior) {
    Dataset<Row> origins = prior.strikeOrigins().select(col("platform").as("_o_platform"),
        col("subject_id").as("_o_post"), col("category").as("_o_category"), lit(true).as("_o_mark"));
    return findings.join(origins, col("platform").equalTo(col("_o_platform"))
            .and(col("subject_id").equalTo(col("_o_post"))).and(col("category").equalTo(col("_o_category"))), "left")
        .withColumn(ORIGIN, coalesce(col("_o_mark"), lit(false)))
        .drop("_o_platform", "_o_post", "_o_category", "_o_mark");
  }

  /** The strikes that count as of the run's day, in {@link #TYPE}. */
  static Dataset<Row> strikes(PriorState prior) {
    return prior.strikes().select(COLUMNS.stream().map(c -> col(c).cast(TYPE.apply(c).dataType()))
        .toArray(Column[]::new));
  }
}
