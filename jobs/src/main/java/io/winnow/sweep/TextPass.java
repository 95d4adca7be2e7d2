package io.winnow.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.engine.CompiledRules;
import io.winnow.model.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The one pass over a table: quarantine reasons and the predicates that read only this table are Spark expressions over
 * the table's own columns; the text goes through the {@link TextMatch} UDF, which also checks the text fields
 * themselves (validity and length, {@link TextChecks}) in the same walk. Keeps quarantined and candidate rows only
 * (with the whole row as the struct {@code subject}, built for those rows alone), plus, for posts when the policy links
 * reposts, each repost's link and own words ({@link StageSchemas#REPOST_V1}), so that no later stage scans the table
 * again. Rows read, evaluated, quarantined and candidates are counted in the same pass.
 */
final class TextPass {
  /** A kept row that was evaluated and is a candidate (not quarantined, not only a repost link). */
  private static final Column CANDIDATE = col("reason").isNull().and(col("subject").isNotNull());
  /** A row's reason from Spark's expressions alone, before the text fields' checks in the UDF add theirs. */
  private static final String SPARK_REASON = "reason_of_spark";

  private TextPass() {}

  /** The pass's persisted rows ({@link StageSchemas#pass}) and its row accounting. */
  record Result(Dataset<Row> rows, SweepResult.TableAccounting accounting, long candidates, StructType subjectType) {
    /** Rows evaluated that some rule may fire on. */
    Dataset<Row> candidateRows() {
      return rows.filter(CANDIDATE);
    }

    void unpersist() {
      rows.unpersist();
    }
  }

  /**
   * {@code table}: the canonical columns, the hidden file and row columns and {@link Duplicates#REASON};
   * {@code reposts}: keep the repost links (posts only).
   */
  static Result run(Dataset<Row> table, StructType canonical, SubjectRules rules, Settings settings,
      boolean reposts) {
    CompiledRules compiled = rules.compiled();
    Subject subject = rules.subject();
    String qualifier = subject.key();
    // The where SQL names columns as post.x / account.x: the table's own columns under that qualifier.
    Dataset<Row> flat = table.as(qualifier);
    List<Column> known = new ArrayList<>();
    List<List<String>> columns = compiled.whereColumns();
    List<String> sql = compiled.whereSql();
    for (int i = 0; i < sql.size(); i++) {
      boolean own = columns.get(i).stream().allMatch(c -> c.startsWith(qualifier + "."));
      known.add(own ? coalesce(expr(sql.get(i)), lit(false)) : lit(null).cast("boolean"));
    }
    // The text fields' checks (validity, U+FFFD, length) run in the UDF, in the walk of Java that matches the text;
    // every other reason, and every reason of a row the UDF is not called for, is a Spark expression.
    // Rows are counted without an observation over every row: Spark's CollectMetrics has no generated code, so one
    // there made Spark write every row out whole between two stages, all its columns copied (a seventh of the
    // pass's work at 5M posts). The UDF counts the rows it is called for (those without a reason of Spark's);
    // every other row has a reason and is kept, and the kept rows are observed.
    LongAccumulator matched = table.sparkSession().sparkContext().longAccumulator(qualifier + " pass: rows matched");
    Column match = TextMatch.checked(rules, settings.sweep().maxTextChars(),
        compiled.fields().stream().map(f -> col(f)).toList(), TextMatch.known(known), matched);
    Observation observation = new Observation(qualifier + "-pass");
    Column repost = reposts ? when(col("repost_of").isNotNull().and(col("post_id").isNotNull())
        .and(col("account_id").isNotNull()).and(col("created_at").isNotNull()).and(col(Duplicates.REASON).isNull()),
        struct(col("post_id"), col("account_id"), col("platform"), col("dt"), col("created_at"), col("repost_of"),
            RepostWords.ownWordsColumn(col("text")).as("own_words"), col("title")))
        : lit(null).cast(StageSchemas.REPOST_V1);
    Column evaluated = col("reason").isNotNull().or(col("m").isNotNull());
    Dataset<Row> kept = flat
        .withColumn(SPARK_REASON, quarantineReason(subject, List.of(), settings.sweep().maxTextChars(),
            settings.quarantine(), ""))
        .withColumn("m", when(col(SPARK_REASON).isNull(), match))
        .withColumn("reason", coalesce(col(SPARK_REASON), col("m.quarantine")))
        .withColumn("repost", repost)
        .filter(evaluated.or(col("repost").isNotNull()))
        // Every row with a reason and every candidate is kept: their counts are the same here as over every row.
        .observe(observation, count(col(SPARK_REASON)).as("quarantinedBySpark"), count(col("reason")).as("quarantined"),
            count(when(col("reason").isNull().and(col("m").isNotNull()), lit(1))).as("candidates"))
        .select(when(evaluated, struct(Arrays.stream(canonical.fieldNames()).map(n -> col(n))
                .toArray(Column[]::new))).as("subject"), col("reason"), col("m.candidates").as("candidates"),
            col("m.leaves").as("leaves"), col("m.hits").as("hits"), col("m.pending").as("pending"), col("repost"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    kept.count();
    Map<String, Object> metrics;
    try {
      metrics = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the row counts of the " + qualifier + " pass", e);
    }
    long quarantined = (Long) metrics.get("quarantined");
    long read = matched.sum() + (Long) metrics.get("quarantinedBySpark");
    SweepResult.TableAccounting accounting = new SweepResult.TableAccounting(read, read - quarantined, quarantined);
    return new Result(kept, accounting, (Long) metrics.get("candidates"), canonical);
  }

  /** The table name of a subject's rows in the row accounting. */
  static String table(Subject subject) {
    return subject == Subject.POST ? ArchiveSchema.POSTS : ArchiveSchema.ACCOUNTS;
  }

  /**
   * Why a row cannot be evaluated, or null, over the struct column {@code subject} (winnow import uses the same
   * reasons).
   */
  public static Column quarantineReason(Subject subject, List<String> textFields, int maxText,
      Settings.QuarantineSettings quarantine) {
    return quarantineReason(subject, textFields, maxText, quarantine, "subject.");
  }

  /** As above, over the columns named {@code prefix + name}. */
  static Column quarantineReason(Subject subject, List<String> textFields, int maxText,
      Settings.QuarantineSettings quarantine, String prefix) {
    Column reason = lit(null).cast("string");
    for (int i = textFields.size() - 1; i >= 0; i--) {
      Column text = col(prefix + textFields.get(i));
      reason = when(length(text).gt(maxText), concat(lit(textFields.get(i) + " longer than " + maxText
          + " characters ("), length(text).cast("string"), lit(")"))).otherwise(reason);
    }
    // Invalid UTF-8 in the file, or text already mangled into U+FFFD upstream: matching it would be guesswork.
    for (int i = textFields.size() - 1; i >= 0; i--) {
      Column text = col(prefix + textFields.get(i));
      reason = when(not(is_valid_utf8(text)).or(text.contains("\uFFFD")),
          lit(textFields.get(i) + " is not valid UTF-8 (undecodable bytes or U+FFFD)")).otherwise(reason);
    }
    List<String> platforms = quarantine.knownPlatforms();
    if (!platforms.isEmpty()) {
      Column platform = col(prefix + "platform");
      reason = when(not(platform.isin(platforms.toArray())),
          concat(lit("unknown platform '"), coalesce(platform, lit("null")), lit("'. Known: "
              + String.join(", ", platforms)))).otherwise(reason);
    }
    if (subject == Subject.POST) {
      Column created = col(prefix + "created_at");
      String from = quarantine.createdFrom() + " 00:00:00";
      String to = quarantine.createdTo() + " 00:00:00";
      reason = when(created.lt(lit(java.sql.Timestamp.valueOf(from))).or(created.geq(lit(java.sql.Timestamp.valueOf(to)))),
          concat(lit("created_at "), created.cast("string"), lit(" out of range [" + quarantine.createdFrom() + ", "
              + quarantine.createdTo() + ")"))).otherwise(reason);
      reason = when(created.isNull(), lit("null or unparseable created_at")).otherwise(reason);
    }
    // A row without a platform cannot be told from the same id on another platform (Spark writes a null partition
    // value as platform=__HIVE_DEFAULT_PARTITION__).
    Column platform = col(prefix + "platform");
    reason = when(platform.isNull().or(platform.equalTo("")), lit("null or empty platform (a platform= partition "
        + "without a value, e.g. platform=__HIVE_DEFAULT_PARTITION__)")).otherwise(reason);
    reason = when(col(Duplicates.REASON).isNotNull(), col(Duplicates.REASON)).otherwise(reason);
    reason = when(col(prefix + "account_id").isNull(), lit("null account_id")).otherwise(reason);
    if (subject == Subject.POST) {
      reason = when(col(prefix + "post_id").isNull(), lit("null post_id")).otherwise(reason);
    }
    return reason;
  }
}
