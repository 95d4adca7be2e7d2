package io.winnow.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import io.winnow.evaluate.EvaluationTables.Cell;
import io.winnow.evaluate.EvaluationTables.ConfusionLine;
import io.winnow.evaluate.EvaluationTables.HardNegativeLine;
import io.winnow.evaluate.EvaluationTables.PrecisionLine;
import io.winnow.evaluate.EvaluationTables.RecallLine;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow evaluate}: a committed run's actions judged against labels, as precision per rule, subcategory and
 * action with 95 % Wilson intervals (stratified estimates from a sample sheet, a census from complete labels), recall
 * where the labels cover unactioned subjects, the count of unsure verdicts and the confusion between subcategories.
 * The evaluation is written beside the run, in OUT/evaluations/RUN_ID/EVAL_ID/; the run itself is never changed.
 */
public final class Evaluator {
  /** {@code sample} (the sample's directory) and {@code out} (the evaluation's directory) may be null. */
  public record Request(String labels, String sample, String out) {}

  public record Result(Labels.Shape shape, String labelsPath, String labelsSha256, String runId, Path dir,
      List<PrecisionLine> precision, List<RecallLine> recall, List<ConfusionLine> confusion,
      List<HardNegativeLine> hardNegatives, long unsure, long unreviewed, List<WrittenFile> files) {}

  private final SparkSession spark;
  private final RunInputs run;
  private final Request request;

  public Evaluator(SparkSession spark, RunDirectory run, Request request) {
    this.spark = spark;
    this.run = new RunInputs(spark, run);
    this.request = request;
  }

  public Result execute() {
    Labels labels = Labels.load(spark, run.files().conf(), request.labels());
    Dataset<Row> actions = run.actions();
    List<RecallLine> recall = new ArrayList<>();
    List<ConfusionLine> confusion = new ArrayList<>();
    List<HardNegativeLine> hardNegatives = new ArrayList<>();
    List<Cell> cells;
    long unsure = 0;
    long unreviewed = 0;
    if (labels.shape() == Labels.Shape.SHEET) {
      Judgments.Sheet sheet = Judgments.sheet(spark, labels, actions, samplePopulations());
      cells = cells(sheet.judged(), true);
      for (Judgments.Unactioned u : sheet.unactioned()) {
        if (u.labelled() > 0) {
          recall.add(EvaluationTables.sampledRecall(Strata.subjectKind(u.stratum()), cells, u.population(),
              u.labelled(), u.violations()));
        }
      }
      unsure = sheet.unsure();
      unreviewed = sheet.unreviewed();
    } else {
      boolean complete = labels.shape() == Labels.Shape.GENERATOR;
      Dataset<Row> canonical = Judgments.canonical(labels).persist();
      Dataset<Row> judged = Judgments.truth(canonical, actions, labels.completeKinds()).persist();
      cells = cells(judged, false);
      recall.addAll(recall(canonical, actions));
      for (Row r : judged.filter("labelled_as IS NOT NULL")
          .groupBy(col("labelled_as"), concat_ws("/", col("category"), col("subcategory")).as("actioned"))
          .agg(count(lit(1))).orderBy("labelled_as", "actioned").collectAsList()) {
        confusion.add(new ConfusionLine(r.getString(0), r.getString(1), r.getLong(2)));
      }
      if (complete) {
        hardNegatives.addAll(hardNegatives(canonical, actions));
      }
    }
    List<PrecisionLine> precision = EvaluationTables.precision(cells);
    EvaluationFiles files = EvaluationFiles.create(run, request.out(), labels.sha256());
    List<WrittenFile> written = files.write(precision, recall, confusion, hardNegatives,
        manifest(labels, unsure, unreviewed));
    return new Result(labels.shape(), labels.path(), labels.sha256(), run.runId(), files.dir(), precision, recall,
        confusion, hardNegatives, unsure, unreviewed, written);
  }

  /** Counts per (level, key, stratum); complete labels and labelled sets are one stratum, the whole run. */
  private List<Cell> cells(Dataset<Row> judged, boolean stratified) {
    Dataset<Row> j = judged.withColumn("_s", stratified ? col("stratum") : lit("all"));
    Dataset<Row> levels = j.select(lit("rule").as("level"),
            expr("explode(array_distinct(transform(rules, r -> r.rule_id)))").as("key"), col("_s"), col("state"))
        .unionByName(j.select(lit("subcategory").as("level"), concat_ws("/", col("category"), col("subcategory"))
            .as("key"), col("_s"), col("state")))
        .unionByName(j.select(lit("action").as("level"), col("action").as("key"), col("_s"), col("state")))
        .unionByName(j.select(lit("all").as("level"), lit("all").as("key"), col("_s"), col("state")));
    List<Cell> out = new ArrayList<>();
    for (Row r : levels.groupBy("level", "key", "_s").agg(count(lit(1)).as("n"),
        expr("count_if(state IN ('" + Judgments.CORRECT + "', '" + Judgments.INCORRECT + "'))"),
        expr("count_if(state = '" + Judgments.CORRECT + "')"), expr("count_if(state = '" + Judgments.UNSURE + "')"))
        .collectAsList()) {
      out.add(new Cell(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
          r.getLong(6)));
    }
    return out;
  }

  /**
   * Recall from subject labels: of the labelled violations (posts inside the run's window), those with an action in
   * their category and subcategory, per subcategory and per labels.kind.
   */
  private List<RecallLine> recall(Dataset<Row> labels, Dataset<Row> actions) {
    // a label without a subcategory (a labelled set may give only the category) is caught by any action in it
    Dataset<Row> caught = actions.filter("subject_kind = 'post' OR strikes IS NULL")
        .selectExpr("subject_kind AS _kind", "subject_id AS _id", "category AS _category", "subcategory AS _sub")
        .distinct();
    Dataset<Row> inWindow = labels.filter(col("l_violation").and(expr("l_dt IS NULL OR subject_kind <> 'post' OR "
        + "l_dt BETWEEN '" + run.from() + "' AND '" + run.to() + "'")));
    Dataset<Row> violations = inWindow.join(caught, col("subject_kind").equalTo(col("_kind"))
            .and(col("subject_id").equalTo(col("_id"))).and(col("l_category").equalTo(col("_category")))
            .and(col("l_subcategory").isNull().or(col("l_subcategory").equalTo(col("_sub")))), "left")
        .groupBy("subject_kind", "subject_id", "l_category", "l_subcategory", "l_kind")
        .agg(max(when(col("_id").isNotNull(), lit(1))).as("_caught")).persist();
    List<RecallLine> out = new ArrayList<>();
    String method = "labels: every labelled violation";
    for (Row r : violations.groupBy(concat_ws("/", col("l_category"), col("l_subcategory")).as("_key"))
        .agg(count(lit(1)), count(col("_caught"))).orderBy("_key").collectAsList()) {
      out.add(new RecallLine("subcategory", r.getString(0), r.getLong(1), r.getLong(2),
          Proportions.wilson(r.getLong(2), r.getLong(1)), method));
    }
    for (Row r : violations.filter("l_kind IS NOT NULL").groupBy("l_kind").agg(count(lit(1)), count(col("_caught")))
        .orderBy("l_kind").collectAsList()) {
      out.add(new RecallLine("kind", r.getString(0), r.getLong(1), r.getLong(2),
          Proportions.wilson(r.getLong(2), r.getLong(1)), method));
    }
    long n = 0;
    long c = 0;
    for (RecallLine l : out) {
      if (l.level().equals("subcategory")) {
        n += (long) l.violations();
        c += (long) l.caught();
      }
    }
    out.add(new RecallLine("all", "all", n, c, Proportions.wilson(c, n), method));
    return out;
  }

  /** Hard negatives (generator labels) per kind, and how many got an action of any kind. */
  private List<HardNegativeLine> hardNegatives(Dataset<Row> labels, Dataset<Row> actions) {
    Dataset<Row> acted = actions.select("subject_kind", "subject_id").distinct().withColumn("_acted", lit(1));
    List<HardNegativeLine> out = new ArrayList<>();
    for (Row r : labels.filter(expr("l_label = 'hard-negative' AND (l_dt IS NULL OR subject_kind <> 'post' OR l_dt "
            + "BETWEEN '" + run.from() + "' AND '" + run.to() + "')"))
        .join(acted, Judgments.seq("subject_kind", "subject_id"), "left")
        .groupBy(expr("coalesce(l_kind, 'unknown')")).agg(count(lit(1)), count(col("_acted"))).collectAsList()) {
      out.add(new HardNegativeLine(r.getString(0), r.getLong(1), r.getLong(2)));
    }
    out.sort(java.util.Comparator.comparing(HardNegativeLine::kind));
    return out;
  }

  /** The sample's manifest, when --sample names it: it must have been drawn from this run. Stratum -> population. */
  private Map<String, Long> samplePopulations() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (request.sample() == null) {
      return out;
    }
    Path manifest = new Path(request.sample(), "manifest.json");
    JsonNode m;
    try (InputStream in = manifest.getFileSystem(run.files().conf()).open(manifest)) {
      m = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UserError("--sample " + request.sample() + ": cannot read its manifest.json (" + e.getMessage()
          + "). Pass the directory winnow sample wrote", e);
    }
    if (!run.manifestSha().equals(m.path("run_manifest_sha256").asText())) {
      throw new UserError("--sample " + request.sample() + " was drawn from another run: it names the run manifest "
          + "SHA-256 " + m.path("run_manifest_sha256").asText() + ", this run's is " + run.manifestSha());
    }
    for (JsonNode s : m.path("strata")) {
      out.put(s.path("stratum").asText(), s.path("population").asLong());
    }
    return out;
  }

  private Map<String, Object> manifest(Labels labels, long unsure, long unreviewed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("evaluation_version", 1);
    m.put("run_id", run.runId());
    m.put("run_dir", run.files().dir().toString());
    m.put("run_manifest_sha256", run.manifestSha());
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("path", labels.path());
    l.put("shape", labels.shape().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    l.put("description", labels.shape().description());
    l.put("sha256", labels.sha256());
    m.put("labels", l);
    m.put("sample", request.sample());
    m.put("unsure", unsure);
    m.put("unreviewed", unreviewed);
    m.put("created", java.time.Instant.now().toString());
    return m;
  }
}
