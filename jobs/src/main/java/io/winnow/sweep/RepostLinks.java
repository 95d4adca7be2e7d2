package io.winnow.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.run.OutputSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
    linked = amplifyingOnce(linked, postRules, reposts, idsGlobal);
    // A repost whose own text fired the same rule already has that finding.
    Dataset<Row> own = findings.filter(col("subject_kind").equalTo("post"))
        .select(col("subject_id").as("_own_id"), col("platform").as("_own_platform"), col("rule_id").as("_own_rule"));
    linked = linked.join(own, Sweep.sameSubject(col("post_id"), col("_own_id"), col("platform"), col("_own_platform"),
        idsGlobal).and(col("rule_id").equalTo(col("_own_rule"))), "left_anti");
    return asFindings(linked, idsGlobal);
  }

  /**
   * The same findings as {@link #findings}, without an exchange of the links or of the direct findings: the post
   * findings' keys (post id, platform, rule) are broadcast to both joins (the originals among them to the link's join,
   * all of them to the anti-join with a repost's own findings), and the rule's columns of a linked finding come from
   * the rule set on the driver ({@code runId}, the rule's version, status, category, severity, action, the set's hash:
   * what {@link DecidePass} wrote into the original). Only the choice of one original per repost and rule (ids not
   * global) still crosses an exchange, with the few reposts that amplify. For a window whose candidates are few
   * enough that their findings' keys fit in memory everywhere.
   */
  public static Dataset<Row> broadcastFindings(Dataset<Row> links, Dataset<Row> findings, Policy.Reposts reposts,
      SubjectRules postRules, boolean idsGlobal, String runId) {
    List<String> categories = reposts.categories();
    Column original = col("rule_status").equalTo("active").and(col("category").isin(categories.toArray()))
        .and(not(isRepost()));
    Dataset<Row> keys = broadcast(findings.filter(col("subject_kind").equalTo("post"))
        .select(col("subject_id").as("_post"), col("platform").as("_post_platform"), col("rule_id").as("_rule"),
            (categories.isEmpty() ? lit(false) : original).as("_original")));
    Dataset<Row> linked = links.join(keys, col("repost_of").equalTo(col("_post")).and(col("_original")))
        .select(col("post_id"), col("account_id"), col("platform"), col("dt"), col("created_at"), col("repost_of"),
            col("own_words"), col("title"), col("_post_platform").as("_original_platform"), col("_rule").as("rule_id"));
    linked = amplifyingOnce(linked, postRules, reposts, idsGlobal);
    // A repost whose own text fired the same rule already has that finding.
    Column own = col("post_id").equalTo(col("_post")).and(col("rule_id").equalTo(col("_rule")));
    linked = linked.join(keys, idsGlobal ? own : own.and(col("platform").equalTo(col("_post_platform"))), "left_anti");
    // The rule's columns by its id, a literal map: no join, no job.
    Column rule = element_at(ruleColumns(postRules, categories, runId), col("rule_id"));
    List<Column> columns = new ArrayList<>(List.of(col("*")));
    RULE_COLUMNS.forEach(c -> columns.add(rule.getField(c).as(c)));
    return asFindings(linked.filter(rule.isNotNull()).select(columns.toArray(Column[]::new)), idsGlobal);
  }

  /**
   * The links whose repost amplifies the original's rule ({@link RepostWords}: its own words, endorsements), without
   * their words; with ids per platform, one original per repost and rule.
   */
  private static Dataset<Row> amplifyingOnce(Dataset<Row> linked, SubjectRules postRules, Policy.Reposts reposts,
      boolean idsGlobal) {
    UserDefinedFunction amplifies = udf(new RepostWords(postRules, reposts.endorsements()), DataTypes.BooleanType);
    Dataset<Row> kept = linked.filter(amplifies.asNondeterministic().apply(col("own_words"), col("title"),
        col("rule_id"))).drop("own_words", "title");
    if (idsGlobal) {
      return kept;
    }
    // repost_of names a post id without its platform: where one id is actioned on two platforms, the repost is linked
    // once per rule, to its own platform's original when there is one.
    return kept.withColumn("_same_platform", col("platform").equalTo(col("_original_platform")))
        .withColumn("_rank", row_number().over(Window.partitionBy(col("platform"), col("post_id"), col("rule_id"))
            .orderBy(col("_same_platform").desc(), col("_original_platform"))))
        .filter(col("_rank").equalTo(1)).drop("_same_platform", "_rank");
  }

  private static final List<String> RULE_COLUMNS = List.of("run_id", "rule_version", "rule_status", "category",
      "subcategory", "severity", "action", "suspend_days", "rule_set_hash");

  /**
   * A map from each post rule of a repost category to the columns {@link DecidePass} writes for a finding of it (in
   * {@link OutputSchemas#FINDING_V1}'s types).
   */
  private static Column ruleColumns(SubjectRules postRules, List<String> categories, String runId) {
    RuleSet ruleSet = postRules.rules().value();
    Map<String, Column> rules = new LinkedHashMap<>();
    StructType type = new StructType();
    for (String c : RULE_COLUMNS) {
      type = type.add(OutputSchemas.FINDING_V1.apply(c));
    }
    for (Rule rule : postRules.compiled().rules()) {
      if (categories.contains(rule.category()) && !rules.containsKey(rule.id())) {
        Object[] values = {runId, rule.version(), rule.status().key(), rule.category(), rule.subcategory(),
            rule.severity().key(), rule.action(), rule.suspendDays(), ruleSet.hash()};
        List<Column> fields = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
          fields.add(lit(values[f]).cast(type.fields()[f].dataType()).as(RULE_COLUMNS.get(f)));
        }
        rules.put(rule.id(), struct(fields.toArray(Column[]::new)));
      }
    }
    List<Column> entries = new ArrayList<>();
    rules.forEach((id, columns) -> {
      entries.add(lit(id));
      entries.add(columns);
    });
    return entries.isEmpty() ? lit(null).cast(DataTypes.createMapType(DataTypes.StringType, type))
        : org.apache.spark.sql.functions.map(entries.toArray(Column[]::new));
  }

  /** Linked reposts (with the original's rule columns) as findings in {@link OutputSchemas#FINDING_V1} order. */
  private static Dataset<Row> asFindings(Dataset<Row> linked, boolean idsGlobal) {
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
