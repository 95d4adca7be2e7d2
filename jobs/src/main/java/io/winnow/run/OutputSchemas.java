package io.winnow.run;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Versioned output schemas of a run. A change to any of them is a new version; a test pins them. */
public final class OutputSchemas {
  private OutputSchemas() {}

  public static final String VERSION = "v1";

  /**
   * One piece of evidence. kind = term (field, value = the phrase, start/end/excerpt = span of the original text),
   * regex (value = the pattern, start/end/excerpt = the span it matched),
   * predicate (field = column read, value = its value), strike (value = an actioned post id), name-like (value = the
   * protected name and edit distance, span = the name as written), similar-to (value = the claim id and Jaccard
   * score, span = the text compared), repost (field = repost_of, value = the actioned original post id).
   */
  public static final StructType EVIDENCE_V1 = struct(
      f("rule_id", StringType), f("kind", StringType), f("field", StringType), f("value", StringType),
      f("start", IntegerType), f("end", IntegerType), f("excerpt", StringType));

  public static final StructType RULE_REF_V1 = struct(f("rule_id", StringType), f("rule_version", IntegerType));

  /** Every rule hit, shadow rules included; partitioned by category. */
  public static final StructType FINDING_V1 = struct(
      f("finding_id", StringType), f("run_id", StringType), f("subject_kind", StringType),
      f("subject_id", StringType), f("account_id", StringType), f("platform", StringType), f("dt", StringType),
      f("content_date", DateType), f("rule_id", StringType), f("rule_version", IntegerType),
      f("rule_status", StringType), f("category", StringType), f("subcategory", StringType),
      f("severity", StringType), f("action", StringType), f("suspend_days", IntegerType),
      f("rule_set_hash", StringType), f("evidence", createArrayType(EVIDENCE_V1)));

  /** One row per action; partitioned by category, action and dt. */
  public static final StructType ACTION_V1 = struct(
      f("action_id", StringType), f("run_id", StringType), f("subject_kind", StringType),
      f("subject_id", StringType), f("account_id", StringType), f("platform", StringType),
      f("category", StringType), f("subcategory", StringType), f("action", StringType),
      f("suspend_days", IntegerType), f("rules", createArrayType(RULE_REF_V1)), f("rule_set_hash", StringType),
      f("severity", StringType), f("review_required", BooleanType), f("strikes", IntegerType),
      f("evidence", createArrayType(EVIDENCE_V1)), f("content_date", DateType), f("decision_date", DateType),
      f("dt", StringType));

  /** Per category x subcategory x action x platform x subject kind. */
  public static final StructType COUNT_V1 = struct(
      f("category", StringType), f("subcategory", StringType), f("action", StringType), f("platform", StringType),
      f("subject_kind", StringType), f("actions", LongType), f("review_required", LongType));

  /**
   * A --ledger run's actions left out because an equal or stronger one was in force (not issued again), per category x
   * subcategory x action x platform x subject kind: {@code counts/already-in-force/} and
   * {@code counts/csv/already-in-force.csv}.
   */
  public static final StructType COUNT_IN_FORCE_V1 = struct(
      f("category", StringType), f("subcategory", StringType), f("action", StringType), f("platform", StringType),
      f("subject_kind", StringType), f("already_in_force", LongType));

  /** Rows that could not be evaluated, with the reason; partitioned by table. */
  public static final StructType QUARANTINE_V1 = struct(
      f("table", StringType), f("row_id", StringType), f("reason", StringType), f("dt", StringType),
      f("platform", StringType), f("row_json", StringType));

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }
}
