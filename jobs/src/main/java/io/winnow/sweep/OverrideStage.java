package io.winnow.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.winnow.audit.OverrideEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies overrides (appeals) to the findings before the policy: a finding of an active rule that an override covers
 * gets {@code rule_status = overridden}, so it is kept in findings/ for the auditor but never becomes an action or a
 * strike. Records per override how many findings it covered, and how many actions that suppressed.
 */
public final class OverrideStage {
  public static final String OVERRIDDEN = "overridden";

  private static final StructType TYPE = new StructType()
      .add("_ov_index", DataTypes.IntegerType).add("_ov_subject", DataTypes.StringType)
      .add("_ov_platform", DataTypes.StringType)
      .add("_ov_rule", DataTypes.StringType).add("_ov_version", DataTypes.IntegerType);

  private final List<OverrideEntry> overrides;
  private final Map<Integer, Long> findingsCovered = new LinkedHashMap<>();

  public OverrideStage(List<OverrideEntry> overrides) {
    this.overrides = overrides;
  }

  /** The findings with covered ones marked overridden; {@link #findingsCovered()} is filled as a side effect. */
  public Dataset<Row> apply(SparkSession spark, Dataset<Row> findings) {
    if (overrides.isEmpty()) {
      return findings;
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < overrides.size(); i++) {
      OverrideEntry o = overrides.get(i);
      rows.add(RowFactory.create(i, o.subjectId(), o.platform(), o.ruleId(), o.ruleVersion()));
    }
    Dataset<Row> table = broadcast(spark.createDataFrame(rows, TYPE));
    Column covers = col("subject_id").equalTo(col("_ov_subject"))
        .and(col("_ov_platform").isNull().or(col("platform").equalTo(col("_ov_platform"))))
        .and(col("_ov_rule").isNull().or(col("rule_id").equalTo(col("_ov_rule"))))
        .and(col("_ov_version").isNull().or(col("rule_version").equalTo(col("_ov_version"))));
    Dataset<Row> matched = findings.filter(col("rule_status").equalTo("active")).join(table, covers)
        .select(col("finding_id"), col("_ov_index"));
    for (Row r : matched.groupBy("_ov_index").count().collectAsList()) {
      findingsCovered.put(r.getInt(0), r.getLong(1));
    }
    if (findingsCovered.isEmpty()) {
      return findings;
    }
    Dataset<Row> ids = matched.select(col("finding_id").as("_ov_finding")).distinct();
    return findings.join(ids, col("finding_id").equalTo(col("_ov_finding")), "left")
        .withColumn("rule_status", when(col("_ov_finding").isNotNull(), lit(OVERRIDDEN)).otherwise(col("rule_status")))
        .drop("_ov_finding");
  }

  public Map<Integer, Long> findingsCovered() {
    return findingsCovered;
  }

  /**
   * What the manifest records: every override that covered a finding, with the findings it covered and the actions it
   * suppressed ({@code suppressed}: subject id -> actions that the policy would have issued without the overrides).
   */
  public Map<String, Object> manifest(Map<String, Long> suppressed) {
    List<Map<String, Object>> applied = new ArrayList<>();
    findingsCovered.forEach((i, n) -> {
      OverrideEntry o = overrides.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("origin", o.origin());
      m.put("subject_id", o.subjectId());
      m.put("platform", o.platform());
      m.put("decision", o.decision().key());
      m.put("rule_id", o.ruleId());
      m.put("rule_version", o.ruleVersion());
      m.put("reason", o.reason());
      m.put("reviewer", o.reviewer());
      m.put("date", o.date().toString());
      m.put("findings_overridden", n);
      m.put("actions_suppressed", suppressed.getOrDefault(o.subjectId(), 0L));
      applied.add(m);
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("read", overrides.size());
    out.put("applied", applied);
    out.put("actions_suppressed", suppressed.values().stream().mapToLong(Long::longValue).sum());
    return out;
  }
}
