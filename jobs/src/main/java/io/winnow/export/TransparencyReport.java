package io.winnow.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.UserError;
import io.winnow.run.Csv;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of the harmonised transparency report (Implementing Regulation (EU) 2024/2835, Annex I) that committed runs
 * support, over a reporting period: own-initiative measures by restriction type, ground and category (sections 5 and
 * 6), measures taken by solely automated means (section 8), reversals from the overrides file (section 7); and
 * {@code not-filled.csv}, every row left for the provider with the reason. A measure counts on the day it applied:
 * the run's decision date, or the day a reviewer upheld an action sent to review; actions still waiting for review and
 * those reversed on review are no measures.
 */
public final class TransparencyReport {
  /** What the report counted and wrote. */
  public record Result(long measures, Map<String, Long> perPlatform, List<String> runs, long reversals,
      List<Path> files) {}

  private final SparkSession spark;
  private final DsaMapping mapping;
  private final List<String> inputs;
  private final LocalDate from;
  private final LocalDate to;
  private final Path out;
  private final ReviewOutcomes reviews;

  public TransparencyReport(SparkSession spark, DsaMapping mapping, List<String> inputs, LocalDate from, LocalDate to,
      Path out, ReviewOutcomes reviews) {
    if (to.isBefore(from)) {
      throw new UserError("--period " + from + ".." + to + " ends before it starts. Write FROM..TO");
    }
    this.spark = spark;
    this.mapping = mapping;
    this.inputs = inputs;
    this.from = from;
    this.to = to;
    this.out = out;
    this.reviews = reviews;
  }

  public Result execute() {
    List<RunDirectory> runs = runs(spark.sparkContext().hadoopConfiguration(), inputs);
    if (runs.isEmpty()) {
      throw new UserError("no committed run in " + inputs + ". Pass run directories (OUT/runs/RUN_ID) or OUT");
    }
    String period = from + "/" + to;
    Measures ownTc = new Measures();
    Measures ownIllegal = new Measures();
    List<String> problems = new ArrayList<>();
    for (Row g : grouped(runs).collectAsList()) {
      count(g, ownTc, ownIllegal, problems);
    }
    if (!problems.isEmpty()) {
      throw new UserError(problems.size() + " problems in the DSA mapping for the transparency report:\n"
          + String.join("\n", new TreeSet<>(problems)));
    }
    long reversals = reversals(runs);
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(out);
      files.add(write("6_own_initiative_TC.csv", ownTc.rows(period, TransparencyTemplate.SECTION_6_KEYS)));
      if (!ownIllegal.byPlatform.isEmpty()) {
        files.add(write("5_own_initiative_illegal.csv", ownIllegal.rows(period, TransparencyTemplate.SECTION_5_KEYS)));
      }
      files.add(write("7_appeals_and_recidivism.csv", List.of(TransparencyTemplate.INDICATOR_COLUMNS,
          List.of("Only for providers of online platforms", "", period, "Internal complaints mechanism",
              "Number of complaints submitted to the internal-complaints mechanism", "Decisions reversed",
              Long.toString(reversals), "Reinstatements (overrides with decision reinstate) dated in the period "
                  + "that covered findings of the runs reported; complaints that were not upheld are not in winnow"))));
      files.add(write("8_automated_means.csv", automated(ownTc, ownIllegal, period)));
      List<List<String>> notFilled = new ArrayList<>();
      notFilled.add(List.of("section", "rows", "why winnow does not fill them"));
      notFilled.addAll(TransparencyTemplate.NOT_FILLED);
      files.add(write("not-filled.csv", notFilled));
      List<List<String>> sources = new ArrayList<>();
      sources.add(List.of("run_id", "window_from", "window_to", "run_dir"));
      runs.forEach(r -> sources.add(List.of(r.runId(), r.committedManifest().path("window").path("from").asText(),
          r.committedManifest().path("window").path("to").asText(), r.display())));
      files.add(write("runs.csv", sources));
    } catch (IOException e) {
      throw new UserError("cannot write the transparency report to " + out + ": " + e.getMessage(), e);
    }
    Map<String, Long> perPlatform = new TreeMap<>();
    Stream.of(ownTc, ownIllegal).forEach(m -> m.byPlatform.forEach((p, rows) -> perPlatform.merge(p,
        rows.get(Measures.TOTAL)[0], Long::sum)));
    return new Result(perPlatform.values().stream().mapToLong(Long::longValue).sum(), perPlatform,
        runs.stream().map(RunDirectory::runId).toList(), reversals, files);
  }

  /** Committed runs: a run directory itself, or every committed run under OUT/runs; each run once. */
  static List<RunDirectory> runs(org.apache.hadoop.conf.Configuration conf, List<String> inputs) {
    Map<String, RunDirectory> runs = new LinkedHashMap<>();
    for (String p : inputs) {
      RunDirectory.committedRuns(conf, p).forEach(r -> runs.putIfAbsent(r.dir().toString(), r));
    }
    return List.copyOf(runs.values());
  }

  /** Measures applied within the period, per platform, category, subcategory, action and review. */
  private Dataset<Row> grouped(List<RunDirectory> runs) {
    Dataset<Row> all = spark.createDataFrame(List.of(), OutputSchemas.ACTION_V1).select("run_id", "action_id",
        "platform", "category", "subcategory", "action", "review_required", "decision_date");
    for (RunDirectory r : runs) {
      if (!r.holdsParquet(RunDirectory.ACTIONS)) {
        continue;
      }
      Dataset<Row> a = spark.read().parquet(r.path(RunDirectory.ACTIONS).toString()).select("run_id", "action_id",
          "platform", "category", "subcategory", "action", "review_required", "decision_date");
      all = all.unionByName(a);
    }
    StructType schema = new StructType().add("review_id", DataTypes.StringType)
        .add("outcome", DataTypes.StringType).add("reviewed_on", DataTypes.DateType);
    List<Row> outcomes = reviews.all().values().stream().map(v -> RowFactory.create(v.actionId(),
        v.outcome().name(), Date.valueOf(v.date()))).toList();
    Dataset<Row> reviewed = spark.createDataFrame(outcomes, schema);
    return all.dropDuplicates("run_id", "action_id")
        .join(reviewed, col("action_id").equalTo(col("review_id")), "left")
        .filter(not(col("review_required")).or(col("outcome").equalTo(lit("UPHELD"))))
        .withColumn("applied", when(col("review_required"), col("reviewed_on")).otherwise(col("decision_date")))
        .filter(col("applied").geq(lit(Date.valueOf(from))).and(col("applied").leq(lit(Date.valueOf(to)))))
        .groupBy("platform", "category", "subcategory", "action", "review_required").count();
  }

  /** Adds one group of measures to its section, under TOTAL, its DSA category and each of its keywords. */
  private void count(Row g, Measures tc, Measures illegal, List<String> problems) {
    String category = g.getAs("category");
    String action = g.getAs("action");
    String platform = g.getAs("platform");
    DsaMapping.CategoryFields c = mapping.category(category, g.getAs("subcategory"));
    Map<String, Object> fields = new LinkedHashMap<>(mapping.defaults());
    Stream.of(mapping.platform(platform), mapping.action(action)).filter(m -> m != null).forEach(fields::putAll);
    if (c == null) {
      problems.add("category " + category + " has no DSA category. Map it in conf/dsa.conf (dsa.categories)");
      return;
    }
    if (mapping.action(action) == null) {
      problems.add("action " + action + " has no DSA restriction. Map it in conf/dsa.conf (dsa.actions)");
      return;
    }
    long n = g.getAs("count");
    long[] add = new long[TransparencyTemplate.MEASURES.size()];
    add[0] = n;
    add[1] = Boolean.TRUE.equals(g.getAs("review_required")) ? 0 : n;
    for (String f : DsaSchema.DECISIONS) {
      for (String value : values(fields.get(f))) {
        add[TransparencyTemplate.RESTRICTION_COLUMN.get(value)] += n;
      }
    }
    Measures section = "DECISION_GROUND_ILLEGAL_CONTENT".equals(fields.get("decision_ground")) ? illegal : tc;
    section.add(platform == null ? "unknown" : platform, c.category(), c.keywords(), add);
  }

  /** The values of a single or array field, as strings. */
  private static List<String> values(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof Collection<?> list) {
      list.forEach(x -> out.add(String.valueOf(x)));
    } else if (v != null) {
      out.add(v.toString());
    }
    return out;
  }

  /** Reinstatements dated in the period, once each however many runs applied them. */
  private long reversals(List<RunDirectory> runs) {
    Set<String> seen = new TreeSet<>();
    for (RunDirectory r : runs) {
      for (JsonNode o : r.committedManifest().path("overrides").path("applied")) {
        LocalDate day = LocalDate.parse(o.path("date").asText());
        if ("reinstate".equals(o.path("decision").asText()) && !day.isBefore(from) && !day.isAfter(to)) {
          seen.add(String.join("|", o.path("subject_id").asText(), o.path("rule_id").asText(),
              o.path("rule_version").asText(), day.toString(), o.path("reviewer").asText()));
        }
      }
    }
    return seen.size();
  }

  private static List<List<String>> automated(Measures tc, Measures illegal, String period) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(TransparencyTemplate.INDICATOR_COLUMNS);
    Map<String, long[]> totals = new TreeMap<>();
    Stream.of(tc, illegal).forEach(m -> m.byPlatform.forEach((p, r) -> {
      long[] t = totals.computeIfAbsent(p, k -> new long[2]);
      t[0] += r.get(Measures.TOTAL)[1];
      t[1] += r.get(Measures.TOTAL)[0] - r.get(Measures.TOTAL)[1];
    }));
    totals.forEach((platform, t) -> {
      for (String scope : List.of("Total number", "Own-initiative")) {
        rows.add(List.of("All", platform, period, "Use of automated means for content moderation",
            "Number of measures solely taken by automated means", scope, Long.toString(t[0]), ""));
        rows.add(List.of("All", platform, period, "Use of automated means for content moderation",
            "Number of measures not taken by automated means", scope, Long.toString(t[1]),
            "Actions sent to review and upheld by a person"));
      }
    });
    return rows;
  }

  private Path write(String name, List<List<String>> rows) throws IOException {
    StringBuilder b = new StringBuilder();
    for (List<String> r : rows) {
      b.append(Csv.cells(r.toArray(String[]::new))).append('\n');
    }
    Path f = out.resolve(name);
    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
    return f;
  }

  /** Measure counts per platform and row (TOTAL, a DSA category, or a keyword under it), in template order. */
  private static final class Measures {
    static final String TOTAL = "TOTAL";
    final Map<String, Map<String, long[]>> byPlatform = new TreeMap<>();

    void add(String platform, String category, List<String> keywords, long[] add) {
      Map<String, long[]> rows = byPlatform.computeIfAbsent(platform, p -> new LinkedHashMap<>());
      List<String> keys = new ArrayList<>(List.of(TOTAL, category));
      keywords.forEach(k -> keys.add(category + "/" + k));
      for (String k : keys) {
        long[] row = rows.computeIfAbsent(k, x -> new long[add.length]);
        for (int i = 0; i < add.length; i++) {
          row[i] += add[i];
        }
      }
    }

    List<List<String>> rows(String period, List<String> keyColumns) {
      List<List<String>> out = new ArrayList<>();
      List<String> header = new ArrayList<>(keyColumns);
      header.addAll(TransparencyTemplate.MEASURES);
      out.add(header);
      byPlatform.forEach((platform, rows) -> new TreeMap<>(rows).entrySet().stream()
          .sorted((a, b) -> a.getKey().equals(TOTAL) ? -1 : b.getKey().equals(TOTAL) ? 1 : a.getKey()
              .compareTo(b.getKey()))
          .forEach(e -> {
            List<String> r = new ArrayList<>(List.of("All", platform, period,
                e.getKey().substring(e.getKey().indexOf('/') + 1), ""));
            for (long v : e.getValue()) {
              r.add(Long.toString(v));
            }
            out.add(r);
          }));
      return out;
    }
  }
}
