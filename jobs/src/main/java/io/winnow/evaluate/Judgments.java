package io.winnow.evaluate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.winnow.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each action of a run judged against labels: state correct, incorrect, unsure or unlabelled, and (for labels with
 * subcategories) what the subject is labelled as. The columns kept: action_id, subject_kind, subject_id, category,
 * subcategory, action, rules, stratum, state, labelled_as.
 */
final class Judgments {
  static final String CORRECT = "correct";
  static final String INCORRECT = "incorrect";
  static final String UNSURE = "unsure";
  static final String UNLABELLED = "unlabelled";

  private static final String[] KEPT = {"action_id", "subject_kind", "subject_id", "category", "subcategory",
      "action", "rules", "stratum", "state", "labelled_as"};

  /** A sheet's rows that are no action: an unactioned stratum's population and its reviewed verdicts. */
  record Unactioned(String stratum, long population, long labelled, long violations, long unsure) {}

  record Sheet(Dataset<Row> judged, List<Unactioned> unactioned, long unsure, long unreviewed) {}

  private Judgments() {}

  /** A filled review sheet: verdicts checked, joined to the run's actions by action_id. */
  static Sheet sheet(SparkSession spark, Labels labels, Dataset<Row> actions, Map<String, Long> samplePopulations) {
    List<Row> rows = labels.table().selectExpr("CAST(sample_id AS STRING)", "CAST(stratum AS STRING)",
        "CAST(stratum_size AS STRING)", "CAST(action_id AS STRING)", "CAST(verdict AS STRING)").collectAsList();
    Map<String, String> verdicts = new LinkedHashMap<>();
    Map<String, long[]> unactioned = new LinkedHashMap<>();
    long unsure = 0;
    long unreviewed = 0;
    for (Row r : rows) {
      String sampleId = ReviewSheet.uncell(r.getString(0));
      String stratum = ReviewSheet.uncell(r.getString(1));
      String verdict = r.getString(4) == null ? "" : ReviewSheet.uncell(r.getString(4)).strip();
      if (!verdict.isEmpty() && !ReviewSheet.VERDICTS.contains(verdict)) {
        throw new UserError("labels " + labels.path() + ": row " + sampleId + ": verdict '" + verdict + "' is not one "
            + "of " + String.join(", ", ReviewSheet.VERDICTS) + " (leave it empty for a row not yet reviewed)");
      }
      unsure += verdict.equals(ReviewSheet.UNSURE) ? 1 : 0;
      unreviewed += verdict.isEmpty() ? 1 : 0;
      if (stratum != null && Strata.unactioned(stratum)) {
        long population = samplePopulations.containsKey(stratum) ? samplePopulations.get(stratum)
            : Long.parseLong(r.getString(2).strip());
        long[] u = unactioned.computeIfAbsent(stratum, k -> new long[] {population, 0, 0, 0});
        u[1] += verdict.equals(ReviewSheet.VIOLATION) || verdict.equals(ReviewSheet.NOT_VIOLATION) ? 1 : 0;
        u[2] += verdict.equals(ReviewSheet.VIOLATION) ? 1 : 0;
        u[3] += verdict.equals(ReviewSheet.UNSURE) ? 1 : 0;
      } else {
        String actionId = ReviewSheet.uncell(r.getString(3));
        verdicts.put(actionId, switch (verdict) {
          case ReviewSheet.VIOLATION -> CORRECT;
          case ReviewSheet.NOT_VIOLATION -> INCORRECT;
          case ReviewSheet.UNSURE -> UNSURE;
          default -> UNLABELLED;
        });
      }
    }
    Dataset<Row> states = spark.createDataFrame(verdicts.entrySet().stream()
        .map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(),
        new StructType().add("action_id", DataTypes.StringType).add("state", DataTypes.StringType));
    Set<String> found = new HashSet<>();
    actions.select("action_id").join(broadcast(states), "action_id").collectAsList()
        .forEach(r -> found.add(r.getString(0)));
    List<String> missing = verdicts.keySet().stream().filter(id -> !found.contains(id)).toList();
    if (!missing.isEmpty()) {
      throw new UserError("labels " + labels.path() + ": " + missing.size() + " sheet rows name actions that are not "
          + "in this run (e.g. action_id " + missing.get(0) + "). Evaluate a sheet against the run it was sampled from");
    }
    Dataset<Row> judged = actions.join(broadcast(states), seq("action_id"), "left")
        .withColumn("state", expr("coalesce(state, '" + UNLABELLED + "')"))
        .withColumn("labelled_as", lit(null).cast(DataTypes.StringType)).select(KEPT[0], rest());
    List<Unactioned> u = new ArrayList<>();
    unactioned.forEach((s, c) -> u.add(new Unactioned(s, c[0], c[1], c[2], c[3])));
    return new Sheet(judged, u, unsure, unreviewed);
  }

  /**
   * Labels of subjects (generator or labelled set), in canonical columns: subject_kind, subject_id, l_category,
   * l_subcategory, l_violation, l_kind, l_dt.
   */
  static Dataset<Row> canonical(Labels labels) {
    Dataset<Row> t = labels.table();
    List<String> columns = List.of(t.columns());
    String violation = labels.shape() == Labels.Shape.GENERATOR ? "label = 'violation'"
        // a labelled set may label a category without a subcategory: a violation of any subcategory of it
        : "NOT (lower(coalesce(category, 'none')) = 'none' OR lower(coalesce(subcategory, '')) = 'none')";
    Dataset<Row> c = t.selectExpr("CAST(subject_kind AS STRING) AS subject_kind",
        "CAST(subject_id AS STRING) AS subject_id", "CAST(category AS STRING) AS l_category",
        "CAST(subcategory AS STRING) AS l_subcategory", "coalesce(" + violation + ", false) AS l_violation",
        columns.contains("kind") ? "CAST(kind AS STRING) AS l_kind" : "CAST(NULL AS STRING) AS l_kind",
        columns.contains("dt") ? "CAST(dt AS STRING) AS l_dt" : "CAST(NULL AS STRING) AS l_dt",
        columns.contains("label") ? "CAST(label AS STRING) AS l_label" : "CAST(NULL AS STRING) AS l_label");
    List<Row> bad = c.filter("subject_kind IS NULL OR subject_kind NOT IN ('post', 'account') OR subject_id IS NULL")
        .limit(1).collectAsList();
    if (!bad.isEmpty()) {
      throw new UserError("labels " + labels.path() + ": a row with subject_kind '" + bad.get(0).get(0)
          + "' and subject_id '" + bad.get(0).get(1) + "': subject_kind must be post or account and subject_id set");
    }
    return c;
  }

  /**
   * Actions judged against subject labels. A post or account-rule action is correct when its subject is labelled a
   * violation of the action's category and subcategory; a ladder action when every strike post behind it is a
   * labelled violation of its category. Subjects absent from labels complete for their kind are no violation;
   * otherwise unlabelled.
   */
  static Dataset<Row> truth(Dataset<Row> labels, Dataset<Row> actions, List<String> completeKinds) {
    String complete = completeKinds.isEmpty() ? "false"
        : "subject_kind IN ('" + String.join("', '", completeKinds) + "')";
    String absent = "CASE WHEN " + complete + " THEN '" + INCORRECT + "' ELSE '" + UNLABELLED + "' END";
    String absentStrike = "'" + (completeKinds.contains("post") ? INCORRECT : UNLABELLED) + "'";
    Dataset<Row> perSubject = labels.groupBy("subject_kind", "subject_id")
        .agg(expr("collect_list(struct(l_category, l_subcategory, l_violation)) AS _labs"));
    String matches = "exists(_labs, l -> l.l_violation AND l.l_category = category"
        + " AND (l.l_subcategory IS NULL OR l.l_subcategory = subcategory))";
    Dataset<Row> subjects = actions.filter("subject_kind = 'post' OR strikes IS NULL")
        .join(perSubject, seq("subject_kind", "subject_id"), "left")
        .withColumn("state", expr("CASE WHEN _labs IS NULL THEN " + absent + " WHEN " + matches + " THEN '"
            + CORRECT + "' ELSE '" + INCORRECT + "' END"))
        .withColumn("labelled_as", expr("CASE WHEN _labs IS NULL THEN (CASE WHEN " + complete + " THEN 'none' END)"
            + " WHEN " + matches + " THEN concat(category, '/', subcategory) ELSE coalesce(try_element_at("
            + "transform(filter(_labs, l -> l.l_violation), l -> concat_ws('/', l.l_category, l.l_subcategory)), 1), "
            + "'none') END"))
        .select(KEPT[0], rest());
    Dataset<Row> posts = perSubject.filter("subject_kind = 'post'").selectExpr("subject_id AS _strike", "_labs");
    Dataset<Row> ladder = actions.filter("subject_kind = 'account' AND strikes IS NOT NULL");
    Dataset<Row> strikes = ladder.selectExpr("action_id", "category",
            "explode_outer(transform(filter(evidence, e -> e.kind = 'strike'), e -> e.value)) AS _strike")
        .join(posts, seq("_strike"), "left")
        .groupBy("action_id").agg(expr("count(_strike) AS _n"), expr("count(_labs) AS _labelled"),
            expr("count_if(exists(_labs, l -> l.l_violation AND l.l_category = category)) AS _violations"));
    Dataset<Row> judgedLadder = ladder.join(strikes, seq("action_id"), "left")
        .withColumn("state", expr("CASE WHEN _n > 0 AND _violations = _n THEN '" + CORRECT + "' WHEN _labelled > "
            + "_violations THEN '" + INCORRECT + "' ELSE " + absentStrike + " END"))
        .withColumn("labelled_as", lit(null).cast(DataTypes.StringType)).select(KEPT[0], rest());
    return subjects.unionByName(judgedLadder);
  }

  private static String[] rest() {
    String[] r = new String[KEPT.length - 1];
    System.arraycopy(KEPT, 1, r, 0, r.length);
    return r;
  }

  static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
  }
}
