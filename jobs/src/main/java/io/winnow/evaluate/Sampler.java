package io.winnow.evaluate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.ArchiveReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code winnow sample}: a stratified, seeded review sample of a committed run (see {@link Strata}). Within a stratum
 * the actions with the smallest xxhash64(seed, action_id) are taken, so the sample depends only on the run and the
 * seed, not on file order. The sampled subjects' texts are read in one join with the archive the manifest names.
 */
public final class Sampler {
  public record Request(String out, int perStratum, int unactioned, long seed) {}

  /** A stratum's population and how many of it were sampled. */
  public record StratumSize(String stratum, long population, long sampled) {}

  public record Result(Path dir, List<StratumSize> strata, long rows, List<WrittenFile> files) {}

  private final SparkSession spark;
  private final RunInputs run;
  private final Request request;

  public Sampler(SparkSession spark, RunDirectory run, Request request) {
    this.spark = spark;
    this.run = new RunInputs(spark, run);
    this.request = request;
    if (request.perStratum() < 1) {
      throw new UserError("--per-stratum " + request.perStratum() + " is not positive. Give the number of actions to "
          + "sample per stratum, e.g. 20");
    }
    if (request.unactioned() < 0) {
      throw new UserError("--unactioned " + request.unactioned() + " is negative. Give 0 to sample no unactioned "
          + "subjects");
    }
  }

  public Result execute() {
    SampleFiles files = SampleFiles.create(run.files(), request.out());
    Dataset<Row> actions = run.actions();
    List<Row> picked = actions.withColumn("_h", xxhash64(lit(request.seed()), col("action_id")))
        .withColumn("_rank", row_number().over(Window.partitionBy("stratum").orderBy(col("_h"), col("action_id"))))
        .withColumn("_size", count(lit(1)).over(Window.partitionBy("stratum")))
        .filter(col("_rank").leq(request.perStratum())).orderBy("stratum", "_rank").collectAsList();
    Map<String, StratumSize> strata = new LinkedHashMap<>();
    for (Row r : picked) {
      String s = r.getAs("stratum");
      strata.merge(s, new StratumSize(s, r.<Long>getAs("_size"), 1),
          (a, b) -> new StratumSize(s, a.population(), a.sampled() + 1));
    }
    Set<String> postIds = new TreeSet<>();
    Set<String> accountIds = new TreeSet<>();
    Set<String> strikeIds = new TreeSet<>();
    for (Row r : picked) {
      ("post".equals(r.getAs("subject_kind")) ? postIds : accountIds).add(r.getAs("subject_id"));
      for (Row e : r.<Row>getList(r.fieldIndex("evidence"))) {
        if ("strike".equals(e.getAs("kind"))) {
          strikeIds.add(e.getAs("value"));
        }
      }
    }
    postIds.addAll(strikeIds);
    ArchiveReader archive = archiveOrNull(request.unactioned() > 0);
    Map<String, Map<String, String>> texts = new HashMap<>();
    String unavailable = null;
    try {
      if (archive != null) {
        texts.putAll(SheetLines.texts(spark, archive.posts(run.from(), run.to()), "post_id", postIds,
            List.of("title", "text")));
        texts.putAll(SheetLines.texts(spark, archive.accounts(), "account_id", accountIds,
            List.of("display_name", "handle", "bio")));
      } else {
        unavailable = "the archive " + run.manifest().path("archive").asText() + " is not readable";
      }
    } catch (RuntimeException e) {
      texts.clear();
      unavailable = "the archive could not be read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
    Map<String, Row> strikePosts = new HashMap<>();
    if (!strikeIds.isEmpty()) {
      for (Row r : actions.filter(col("subject_kind").equalTo("post"))
          .join(broadcast(ids(strikeIds)), col("subject_id").equalTo(col("_id")), "left_semi").collectAsList()) {
        strikePosts.put(r.getAs("category") + "/" + r.getAs("subject_id"), r);
      }
    }
    SheetLines lines = new SheetLines(texts, strikePosts, unavailable);
    for (Row r : picked) {
      lines.action(r, strata.get(r.<String>getAs("stratum")));
    }
    if (request.unactioned() > 0) {
      Dataset<Row> acted = actions.select(col("subject_kind"), col("subject_id"), col("platform"));
      unactioned(lines, strata, Strata.UNACTIONED_POST, archive.posts(run.from(), run.to()), "post_id", acted,
          List.of("title", "text"));
      unactioned(lines, strata, Strata.UNACTIONED_ACCOUNT, archive.accounts(), "account_id", acted,
          List.of("display_name", "handle", "bio"));
    }
    List<ReviewSheet.Line> sheet = lines.lines();
    List<Row> rows = sheet.stream().map(ReviewSheet.Line::row).toList();
    List<WrittenFile> written = files.write(spark.createDataFrame(rows, ReviewSheet.V1), ReviewSheet.csv(sheet),
        sheet.size(), manifest(strata));
    return new Result(files.dir(), List.copyOf(strata.values()), sheet.size(), written);
  }

  /** A uniform seeded sample of the subjects of one kind the run read but did not action, with its population. */
  private void unactioned(SheetLines lines, Map<String, StratumSize> strata, String stratum, Dataset<Row> subjects,
      String idColumn, Dataset<Row> acted, List<String> fields) {
    String kind = Strata.subjectKind(stratum);
    Dataset<Row> quarantined = run.quarantined(kind.equals("post") ? ArchiveSchema.POSTS : ArchiveSchema.ACCOUNTS);
    Dataset<Row> none = subjects.join(acted.filter(col("subject_kind").equalTo(kind)),
            subjects.col(idColumn).equalTo(acted.col("subject_id")).and(subjects.col("platform")
                .equalTo(acted.col("platform"))), "left_anti")
        // a quarantined row was read, not evaluated: it is no unactioned subject
        .join(quarantined, subjects.col(idColumn).equalTo(quarantined.col("row_id"))
            .and(subjects.col("platform").eqNullSafe(quarantined.col("platform"))), "left_anti")
        .withColumn("_h", xxhash64(lit(request.seed()), lit(kind), col(idColumn)));
    long population = none.count();
    List<String> columns = new ArrayList<>(List.of(idColumn, "account_id", "platform"));
    if (kind.equals("post")) {
      columns.add("dt");
    }
    columns.addAll(fields);
    List<Row> rows = none.orderBy(col("_h"), col(idColumn)).limit(request.unactioned())
        .selectExpr(columns.toArray(String[]::new)).collectAsList();
    StratumSize size = new StratumSize(stratum, population, rows.size());
    strata.put(stratum, size);
    for (Row r : rows) {
      lines.unactioned(r, kind, size, fields);
    }
  }

  private ArchiveReader archiveOrNull(boolean required) {
    try {
      return run.archive();
    } catch (UserError e) {
      if (required) {
        throw new UserError("--unactioned needs the run's archive: " + e.getMessage());
      }
      return null;
    }
  }

  private Map<String, Object> manifest(Map<String, StratumSize> strata) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sample_version", 1);
    m.put("run_id", run.runId());
    m.put("run_dir", run.files().dir().toString());
    m.put("run_manifest_sha256", run.manifestSha());
    m.put("seed", request.seed());
    m.put("per_stratum", request.perStratum());
    m.put("unactioned", request.unactioned());
    m.put("created", java.time.Instant.now().toString());
    List<Map<String, Object>> s = new ArrayList<>();
    for (StratumSize z : strata.values()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("stratum", z.stratum());
      e.put("population", z.population());
      e.put("sampled", z.sampled());
      s.add(e);
    }
    m.put("strata", s);
    return m;
  }

  private Dataset<Row> ids(Set<String> ids) {
    List<Row> rows = ids.stream().map(RowFactory::create).toList();
    return spark.createDataFrame(rows, new StructType().add("_id", DataTypes.StringType));
  }
}
