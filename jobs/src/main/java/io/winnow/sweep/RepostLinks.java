package io.winnow.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import io.winnow.model.Policy;
import io.winnow.run.OutputSchemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Amplification: links the reposts of actioned posts to the finding that actioned the original, with one equi-join on
 * {@code repost_of} (a post id: an original on another platform is linked too, one per rule), when the repost's own
 * words amplify it ({@link RepostWords}: not when they meet the rule's exemptions, and with the policy's endorsement
 * lists only when they add nothing or endorse). A repost finding has the original's rule and evidence
 * kind {@code repost} (field {@code repost_of}, value = the original post id); {@link PolicyStage} never gives it a
 * post action, and counts it toward the reposter's strikes only when the policy says so.
 */
public final class RepostLinks {
  public static final String EVIDENCE_KIND = "repost";

  private RepostLinks() {}

  /**
   * Repost findings in {@link OutputSchemas#FINDING_V1} column order; empty when the policy names no category.
   * {@code reposts}: the links the text pass kept ({@link StageSchemas#REPOST_V1}), each repost's own words only.
   */
  public static Dataset<Row> findings(Dataset<Row> links, Dataset<Row> findings, Policy.Reposts reposts,
      SubjectRules postRules, boolean idsGlobal) {
    List<String> categories = reposts.categories();
    Dataset<Row> originals = findings
        .filter(col("subject_kind").equalTo("post").and(col("rule_status").equalTo("active"))
            .and(col("category").isin(categories.toArray())).and(not(isRepost())))
        .select(col("subject_id").as("_original"), col("platform").as("_original_platform"), col("run_id"), col("rule_id"), col("rule_version"),
            col("rule_status"), col("category"), col("subcategory"), col("severity"), col("action"),
            col("suspend_days"), col("rule_set_hash"));
    if (categories.isEmpty()) {
      originals = originals.limit(0);
    }
    Dataset<Row> linked = links.join(originals, col("repost_of").equalTo(col("_original")));
    // Only the reposts of actioned posts are read again, and only their own words. The verdict depends on the repost
    // and the rule alone, the same for every original the choice below picks from, so the filter comes first: the
    // choice's exchange then carries the few reposts that amplify, without their words (5,200 of 35,022 rows at 5M).
    UserDefinedFunction amplifies = udf(new RepostWords(postRules, reposts.endorsements()), DataTypes.BooleanType);
    linked = linked.filter(amplifies.asNondeterministic().apply(col("own_words"), col("title"), col("rule_id")))
        .drop("own_words", "title");
    if (!idsGlobal) {
      // repost_of names a post id without its platform: where one id is actioned on two platforms, the repost is
      // linked once per rule, to its own platform's original when there is one.
      linked = linked.withColumn("_same_platform", col("platform").equalTo(col("_original_platform")))
          .withColumn("_rank", org.apache.spark.sql.functions.row_number().over(
              org.apache.spark.sql.expressions.Window.partitionBy(col("platform"), col("post_id"), col("rule_id"))
                  .orderBy(col("_same_platform").desc(), col("_original_platform"))))
          .filter(col("_rank").equalTo(1)).drop("_same_platform", "_rank");
    }
    // A repost whose own text fired the same rule already has that finding.
    Dataset<Row> own = findings.filter(col("subject_kind").equalTo("post"))
        .select(col("subject_id").as("_own_id"), col("platform").as("_own_platform"), col("rule_id").as("_own_rule"));
    linked = linked.join(own, Sweep.sameSubject(col("post_id"), col("_own_id"), col("platform"), col("_own_platform"),
        idsGlobal).and(col("rule_id").equalTo(col("_own_rule"))), "left_anti");
    Column evidence = array(struct(col("rule_id").as("rule_id"), lit(EVIDENCE_KIND).as("kind"),
        lit("repost_of").as("field"), col("repost_of").as("value"),
        lit(null).cast(DataTypes.IntegerType).as("start"), lit(null).cast(DataTypes.IntegerType).as("end"),
        lit(null).cast(DataTypes.StringType).as("excerpt")));
    return linked.select(
        substring(sha2(idsGlobal
            ? concat_ws("\u0000", col("rule_set_hash"), lit("post"), col("post_id"), col("rule_id"), lit(EVIDENCE_KIND))
            : concat_ws("\u0000", col("rule_set_hash"), lit("post"), col("platform"), col("post_id"), col("rule_id"),
                lit(EVIDENCE_KIND)), 256), 1, 32).as("finding_id"),
        col("run_id"), lit("post").as("subject_kind"), col("post_id").as("subject_id"), col("account_id"),
        col("platform"), col("dt"), to_date(col("created_at")).as("content_date"), col("rule_id"), col("rule_version"),
        col("rule_status"), col("category"), col("subcategory"), col("severity"), col("action"), col("suspend_days"),
        col("rule_set_hash"), evidence.as("evidence"));
  }

  /** True for a finding that links a repost to its actioned original. */
  public static Column isRepost() {
    return exists(col("evidence"), e -> e.getField("kind").equalTo(EVIDENCE_KIND));
  }
}
