package io.winnow.report;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunDirectory;
import io.winnow.run.RunVerifier;
import io.winnow.sweep.ArchiveReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * One self-contained HTML file about a committed run: the summary in the shape regulators publish, charts per
 * category, day and platform, top rules, sample actions with their evidence highlighted in the original text, the
 * run's metadata and the verification of every output against the manifest. No script, no network: inline CSS and
 * SVG, and a Content-Security-Policy that forbids scripts, so that hostile post text can only ever render as text.
 */
public final class AuditReport {
  private static final int TOP_RULES = 15;
  /** The summary's and samples' subcategory of a ladder action: strikes add up across the category's subcategories. */
  static final String LADDER = "ladder (strikes across subcategories)";

  /** Columns of the summary table: winnow actions, in the order regulators report them. */
  static final List<String[]> SUMMARY_COLUMNS = List.of(
      new String[] {"delete-post", "Posts removed"},
      new String[] {"limit-visibility", "Posts with visibility limited"},
      new String[] {"close-account", "Accounts closed"},
      new String[] {"suspend", "Accounts suspended"},
      new String[] {"demonetise", "Accounts demonetised"},
      new String[] {"remove-followers", "Accounts with followers removed"});

  public record Result(Path file, long bytes, long actions, boolean verified, Duration elapsed) {}

  private final SparkSession spark;
  private final Settings settings;
  private final RunDirectory run;
  private final JsonNode manifest;
  private final Path out;

  /** {@code run}: a committed run on any Hadoop file system; {@code out}: the HTML file, on local disk. */
  public AuditReport(SparkSession spark, Settings settings, RunDirectory run, Path out) {
    this.spark = spark;
    this.settings = settings;
    this.run = run;
    this.manifest = run.committedManifest();
    this.out = out;
  }

  public Result execute() {
    long started = System.nanoTime();
    RunVerifier.Result verification;
    try {
      verification = RunVerifier.verify(run);
    } catch (IOException e) {
      throw new UserError("cannot verify run " + run.dir() + ": " + e.getMessage(), e);
    }
    List<Row> counts = spark.read().parquet(run.path(RunDirectory.COUNTS_PARQUET).toString()).collectAsList();
    Dataset<Row> actions = run.holdsParquet(RunDirectory.ACTIONS)
        ? spark.read().parquet(run.path(RunDirectory.ACTIONS).toString())
        : spark.createDataFrame(List.of(), OutputSchemas.ACTION_V1);
    // Account actions are decided over the whole window (their dt is its last day): the per-day chart shows posts.
    List<Object[]> perDay = rows(actions.filter(col("subject_kind").equalTo("post"))
        .groupBy("dt", "category").agg(count(lit(1)).as("n")).orderBy("dt", "category"));
    long accountActions = actions.filter(col("subject_kind").equalTo("account")).count();
    List<Object[]> topRules = rows(actions.select(explode(col("rules")).as("r"))
        .groupBy(col("r.rule_id").as("rule_id"), col("r.rule_version").as("v")).agg(count(lit(1)).as("n"))
        .orderBy(col("n").desc(), col("rule_id")).limit(TOP_RULES));
    long ruleMentions = actions.select(explode(col("rules"))).count();
    Settings.ReportSettings rs = settings.report();
    Column ladder = col("subject_kind").equalTo("account").and(col("strikes").isNotNull());
    List<Row> summary = actions
        .withColumn("subcategory", when(ladder, lit(LADDER)).otherwise(col("subcategory")))
        .groupBy("category", "subcategory", "action")
        .agg(count(lit(1)).as("actions"),
            functions.sum(when(col("review_required"), 1L).otherwise(0L)).as("review_required"))
        .collectAsList();
    // Seeded random samples per stratum: category x subcategory x action, ladder actions in strata of their own.
    List<Row> samples = actions
        .withColumn("_stratum", when(ladder, lit(LADDER)).otherwise(col("subcategory")))
        .withColumn("_n", row_number().over(Window.partitionBy("category", "_stratum", "action")
            .orderBy(sha2(concat(lit(rs.seed() + ":"), col("action_id")), 256))))
        .filter(col("_n").leq(rs.samplesPerStratum())).drop("_n")
        .orderBy("category", "_stratum", "action", "action_id").collectAsList();
    Map<String, Map<String, String>> originals = originals(samples, rs.strikePostsShown());
    RuleDrillDown drillDown = RuleDrillDown.collect(actions, rs.drillDownRules());
    RunContext context = RunContext.collect(spark, run, manifest);

    String html = new ReportPage(run.runId(), manifest, verification, counts, new ReportPage.Tables(summary, perDay, accountActions,
        topRules, ruleMentions, rs.strikePostsShown()), samples, originals, EvaluationSection.newest(run), drillDown,
        context).withLedger(LedgerSection.collect(spark, run, manifest)).render();
    Path file = out;
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report-", ".html");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot write the report to " + file + ": " + e.getMessage(), e);
    }
    long total = counts.stream().mapToLong(r -> r.<Long>getAs("actions")).sum();
    return new Result(file, html.getBytes(StandardCharsets.UTF_8).length, total, verification.ok(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static List<Object[]> rows(Dataset<Row> df) {
    List<Object[]> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      Object[] a = new Object[r.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.get(i);
      }
      out.add(a);
    }
    return out;
  }

  /**
   * The original text fields of the sampled subjects, read from the archive the manifest names (subject id -> field
   * -> text), so that evidence can be shown in context. Empty when the archive is no longer readable.
   */
  private Map<String, Map<String, String>> originals(List<Row> samples, int strikePosts) {
    Map<String, Map<String, String>> out = new HashMap<>();
    JsonNode m = manifest;
    String archive = m.path("archive").asText("");
    List<String> postIds = new ArrayList<>();
    List<String> accountIds = new ArrayList<>();
    for (Row r : samples) {
      ("post".equals(r.getAs("subject_kind")) ? postIds : accountIds).add(r.getAs("subject_id"));
      postIds.addAll(strikePosts(r, strikePosts));
    }
    try {
      ArchiveReader reader = new ArchiveReader(spark, settings.columns(), archive);
      if (!postIds.isEmpty()) {
        LocalDate from = LocalDate.parse(m.path("window").path("from").asText());
        LocalDate to = LocalDate.parse(m.path("window").path("to").asText());
        for (Row r : reader.posts(from, to).filter(col("post_id").isin(postIds.toArray()))
            .select("post_id", "text", "title").collectAsList()) {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("text", r.getString(1));
          f.put("title", r.getString(2));
          out.put("post/" + r.getString(0), f);
        }
      }
      if (!accountIds.isEmpty()) {
        for (Row r : reader.accounts().filter(col("account_id").isin(accountIds.toArray()))
            .select("account_id", "display_name", "handle", "bio").collectAsList()) {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("display_name", r.getString(1));
          f.put("handle", r.getString(2));
          f.put("bio", r.getString(3));
          out.put("account/" + r.getString(0), f);
        }
      }
    } catch (RuntimeException e) {
      // the archive moved or expired: the report shows the evidence excerpts alone
      out.clear();
      out.put("_unavailable", Map.of("reason", String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
    }
    return out;
  }

  /** The first {@code limit} posts a ladder action counted as strikes (its strike evidence), in id order. */
  static List<String> strikePosts(Row action, int limit) {
    List<Row> evidence = action.getList(action.fieldIndex("evidence"));
    return evidence == null ? List.of() : evidence.stream().filter(e -> "strike".equals(e.getAs("kind")))
        .map(e -> e.<String>getAs("value")).distinct().sorted().limit(limit).toList();
  }

  /** Sums counts rows by a key. */
  static Map<String, Long> sum(List<Row> counts, String key) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : counts) {
      out.merge(r.getAs(key), r.<Long>getAs("actions"), Long::sum);
    }
    return out;
  }
}
