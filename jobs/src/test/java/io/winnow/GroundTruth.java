package io.winnow;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.winnow.generate.LabelSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A generated archive's labels against a committed run's actions: per labels.kind, how many planted subjects were
 * actioned (a violation counts when it is actioned in its own category and subcategory; a hard negative when it is
 * actioned at all), and per subcategory, how many of its actions hit a violation of that subcategory. Only subject
 * actions count: post actions and account-rule actions, not the ladder's account actions (those carry strikes), which
 * follow from the post actions.
 */
public final class GroundTruth {
  private static final scala.collection.immutable.Seq<String> SUBJECT = seq("subject_kind", "subject_id");
  private static final scala.collection.immutable.Seq<String> SUBJECT_IN_SUB =
      seq("subject_kind", "subject_id", "category", "subcategory");

  /** One labels.kind: planted subjects and how many were actioned (in their subcategory, for violations). */
  public record Kind(String kind, String label, long planted, long actioned) {
    /** Recall for a violation kind, the share wrongly actioned for a hard-negative kind. */
    public double rate() {
      return planted == 0 ? Double.NaN : (double) actioned / planted;
    }
  }

  /** One subcategory's subject actions and how many hit a violation planted in that subcategory. */
  public record Subcategory(String subcategory, long actions, long correct) {
    public double precision() {
      return actions == 0 ? Double.NaN : (double) correct / actions;
    }
  }

  private final Map<String, Kind> kinds;
  private final Map<String, Subcategory> subcategories;
  private final long subjectActions;
  private final long unlabelledActioned;

  private GroundTruth(Map<String, Kind> kinds, Map<String, Subcategory> subcategories, long subjectActions,
      long unlabelledActioned) {
    this.kinds = kinds;
    this.subcategories = subcategories;
    this.subjectActions = subjectActions;
    this.unlabelledActioned = unlabelledActioned;
  }

  /** Reads ARCHIVE/labels/{posts,accounts} and RUN/actions. */
  public static GroundTruth measure(SparkSession spark, Path archive, Path run) {
    Dataset<Row> labels = spark.read().parquet(archive.resolve("labels/posts").toString())
        .unionByName(spark.read().parquet(archive.resolve("labels/accounts").toString())).cache();
    Dataset<Row> actions = subjectActions(spark.read().parquet(run.resolve("actions").toString()))
        .select("subject_kind", "subject_id", "category", "subcategory").cache();
    Dataset<Row> violations = labels.filter(col("label").equalTo(LabelSchema.VIOLATION));
    Dataset<Row> hardNegatives = labels.filter(col("label").equalTo(LabelSchema.HARD_NEGATIVE));

    Map<String, Long> planted = perKind(labels);
    Map<String, Long> actioned = perKind(violations.join(actions, SUBJECT_IN_SUB, "left_semi"));
    actioned.putAll(perKind(hardNegatives.join(actions.select("subject_kind", "subject_id"), SUBJECT, "left_semi")));
    Map<String, String> labelOf = new TreeMap<>();
    labels.select("kind", "label").distinct().collectAsList().forEach(r -> labelOf.put(r.getString(0), r.getString(1)));
    Map<String, Kind> kinds = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(LabelSchema.WORDING_KINDS);
    order.addAll(LabelSchema.EVASION_KINDS);
    order.addAll(LabelSchema.HARD_NEGATIVE_KINDS);
    new TreeMap<>(planted).keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
    for (String k : order) {
      if (planted.containsKey(k)) {
        kinds.put(k, new Kind(k, labelOf.get(k), planted.get(k), actioned.getOrDefault(k, 0L)));
      }
    }

    Dataset<Row> judged = actions.join(violations.select("subject_kind", "subject_id", "category", "subcategory")
        .withColumn("correct", lit(1)), SUBJECT_IN_SUB, "left");
    Map<String, Subcategory> subcategories = new TreeMap<>();
    for (Row r : judged.groupBy("category", "subcategory").agg(count(lit(1)), count(col("correct")))
        .collectAsList()) {
      String sub = r.getString(0) + "." + r.getString(1);
      subcategories.put(sub, new Subcategory(sub, r.getLong(2), r.getLong(3)));
    }
    long unlabelled = actions.join(labels.select("subject_kind", "subject_id"), SUBJECT, "left_anti").count();
    long total = actions.count();
    labels.unpersist();
    actions.unpersist();
    return new GroundTruth(kinds, subcategories, total, unlabelled);
  }

  /** Post actions and account-rule actions; the ladder's account actions carry strikes. */
  public static Dataset<Row> subjectActions(Dataset<Row> actions) {
    return actions.filter("subject_kind = 'post' OR strikes IS NULL");
  }

  /** Per labels.kind, in the order of LabelSchema (wordings, disguises, hard negatives). */
  public Map<String, Kind> kinds() {
    return kinds;
  }

  /** Per {@code category.subcategory} that has actions. */
  public Map<String, Subcategory> subcategories() {
    return subcategories;
  }

  /** Subject actions in the run. */
  public long subjectActions() {
    return subjectActions;
  }

  /** Subject actions on subjects the labels do not name (ordinary posts and accounts). */
  public long unlabelledActioned() {
    return unlabelledActioned;
  }

  /** Markdown tables: violations per kind, hard negatives per kind, precision per subcategory. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("| violation kind | planted | caught | recall |\n|---|---:|---:|---:|\n");
    kinds.values().stream().filter(k -> LabelSchema.VIOLATION.equals(k.label())).forEach(k -> out.append(
        String.format("| %s | %,d | %,d | %.3f |%n", k.kind(), k.planted(), k.actioned(), k.rate())));
    out.append("\n| hard-negative kind | planted | actioned (wrongly) | share actioned |\n|---|---:|---:|---:|\n");
    kinds.values().stream().filter(k -> LabelSchema.HARD_NEGATIVE.equals(k.label())).forEach(k -> out.append(
        String.format("| %s | %,d | %,d | %.3f |%n", k.kind(), k.planted(), k.actioned(), k.rate())));
    out.append("\n| subcategory | actions | correct | precision |\n|---|---:|---:|---:|\n");
    subcategories.values().forEach(s -> out.append(
        String.format("| %s | %,d | %,d | %.3f |%n", s.subcategory(), s.actions(), s.correct(), s.precision())));
    out.append(String.format("%nsubject actions %,d, of which on unlabelled subjects %,d%n", subjectActions,
        unlabelledActioned));
    return out.toString();
  }

  private static Map<String, Long> perKind(Dataset<Row> labels) {
    Map<String, Long> out = new TreeMap<>();
    labels.groupBy("kind").count().collectAsList().forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
  }
}
