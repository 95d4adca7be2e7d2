package io.winnow.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import io.winnow.model.Policy;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@link RepostLinks#findings} as it was before find12 (main 28b2caf), for the test that compares them: the window
 * that picks one original per repost and rule ran before the filter of the repost's own words.
 */
final class RepostLinksReference {
  private RepostLinksReference() {}

  static Dataset<Row> findings(Dataset<Row> links, Dataset<Row> findings, Policy.Reposts reposts,
      SubjectRules postRules, boolean idsGlobal) {
    List<String> categories = reposts.categories();
    Dataset<Row> originals = findings
        .filter(col("subject_kind").equalTo("post").and(col("rule_status").equalTo("active"))
            .and(col("category").isin(categories.toArray())).and(not(RepostLinks.isRepost())))
        .select(col("subject_id").as("_original"), col("platform").as("_original_platform"), col("run_id"),
            col("rule_id"), col("rule_version"), col("rule_status"), col("category"), col("subcategory"),
            col("severity"), col("action"), col("suspend_days"), col("rule_set_hash"));
    if (categories.isEmpty()) {
      originals = originals.limit(0);
    }
    Dataset<Row> linked = links.join(originals, col("repost_of").equalTo(col("_original")));
    if (!idsGlobal) {
      linked = linked.withColumn("_same_platform", col("platform").equalTo(col("_original_platform")))
          .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(
              org.apache.spark.sql.expressions.Window.partitionBy(col("platform"), col("post_id"), col("rule_id"))
                  .orderBy(col("_same_platform").desc(), col("_original_platform"))))
          .filter(col("_rank").equalTo(1)).drop("_same_platform", "_rank");
    }
    UserDefinedFunction amplifies = udf(new RepostWords(postRules, reposts.endorsements()), DataTypes.BooleanType);
    linked = linked.filter(amplifies.asNondeterministic().apply(col("own_words"), col("title"), col("rule_id")));
    Dataset<Row> own = findings.filter(col("subject_kind").equalTo("post"))
        .select(col("subject_id").as("_own_id"), col("platform").as("_own_platform"), col("rule_id").as("_own_rule"));
    linked = linked.join(own, Sweep.sameSubject(col("post_id"), col("_own_id"), col("platform"), col("_own_platform"),
        idsGlobal).and(col("rule_id").equalTo(col("_own_rule"))), "left_anti");
    Column evidence = array(struct(col("rule_id").as("rule_id"), lit(RepostLinks.EVIDENCE_KIND).as("kind"),
        lit("repost_of").as("field"), col("repost_of").as("value"),
        lit(null).cast(DataTypes.IntegerType).as("start"), lit(null).cast(DataTypes.IntegerType).as("end"),
        lit(null).cast(DataTypes.StringType).as("excerpt")));
    return linked.select(
        substring(sha2(idsGlobal
            ? concat_ws("\u0000", col("rule_set_hash"), lit("post"), col("post_id"), col("rule_id"),
                lit(RepostLinks.EVIDENCE_KIND))
            : concat_ws("\u0000", col("rule_set_hash"), lit("post"), col("platform"), col("post_id"), col("rule_id"),
                lit(RepostLinks.EVIDENCE_KIND)), 256), 1, 32).as("finding_id"),
        col("run_id"), lit("post").as("subject_kind"), col("post_id").as("subject_id"), col("account_id"),
        col("platform"), col("dt"), to_date(col("created_at")).as("content_date"), col("rule_id"), col("rule_version"),
        col("rule_status"), col("category"), col("subcategory"), col("severity"), col("action"), col("suspend_days"),
        col("rule_set_hash"), evidence.as("evidence"));
  }
}
