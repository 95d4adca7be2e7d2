package io.winnow.export;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.run.Csv;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.ArchiveReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one DSA statement of reasons per decided action of a committed run, per platform (each platform submits its
 * own): ready-to-send batches, JSON Lines and CSV (see {@link DsaFiles}). An action sent to review is decided once a
 * person upheld it (a review outcomes file, {@link ReviewOutcomes}); until then it is held back and listed in
 * {@code held-for-review.csv}, and a reversed one is never sent. Every statement is validated before anything is
 * written; a run with any invalid statement writes nothing and reports every problem (the first 50).
 */
public final class DsaExport {
  /** How many problems the error lists. */
  private static final int MAX_PROBLEMS = 50;

  /** Which actions go out. */
  public enum Scope {
    /** Actions the run decided, and actions sent to review that a person upheld. */
    DECIDED,
    /** Only actions sent to review that a person upheld: the second wave, after the first export. */
    REVIEWED_ONLY
  }

  /**
   * What the export wrote: statements per platform, batch files, actions held back for review and reversed on
   * review (never sent), and actions the scope left out.
   */
  public record Result(long statements, Map<String, Long> perPlatform, int batches, long heldForReview,
      long reversed, long leftOut, List<Path> files, Duration elapsed, long reversals) {}

  private final SparkSession spark;
  private final Settings settings;
  private final DsaMapping mapping;
  private final RunDirectory run;
  private final JsonNode manifest;
  private final Path out;
  private final ReviewOutcomes reviews;
  private final Scope scope;

  public DsaExport(SparkSession spark, Settings settings, DsaMapping mapping, RunDirectory run, Path out,
      ReviewOutcomes reviews, Scope scope) {
    this.spark = spark;
    this.settings = settings;
    this.mapping = mapping;
    this.run = run;
    this.manifest = run.committedManifest();
    this.out = out;
    this.reviews = reviews;
    this.scope = scope;
  }

  /** The first export of a run: the decided actions, no review outcomes yet. */
  public DsaExport(SparkSession spark, Settings settings, DsaMapping mapping, RunDirectory run, Path out) {
    this(spark, settings, mapping, run, out, ReviewOutcomes.none(), Scope.DECIDED);
  }

  public Result execute() {
    long started = System.nanoTime();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserError("--out " + out + " exists and is a file. Pass a directory");
    }
    LocalDate from = LocalDate.parse(manifest.path("window").path("from").asText());
    LocalDate to = LocalDate.parse(manifest.path("window").path("to").asText());
    DsaStatements statements = new DsaStatements(mapping, run.runId(), from, to);
    Path staging;
    try {
      Files.createDirectories(out);
      staging = Files.createTempDirectory(out, ".dsa-export-");
    } catch (IOException e) {
      throw new UserError("cannot create " + out + ": " + e.getMessage(), e);
    }
    Map<String, DsaFiles> files = new TreeMap<>();
    Tally tally = new Tally();
    try {
      Iterator<Row> rows = withAccountDates(actions())
          .orderBy(col("platform"), col("action_id")).toLocalIterator();
      while (rows.hasNext()) {
        one(rows.next(), statements, files, tally, staging);
      }
      files.values().forEach(DsaFiles::close);
      unknownReviews(tally);
      if (!tally.problems.isEmpty()) {
        throw new UserError(tally.problems.size() + (tally.problems.size() >= MAX_PROBLEMS ? "+" : "")
            + " problems in the DSA statements of run " + run.runId() + ", nothing written:\n"
            + String.join("\n", tally.problems));
      }
      Files.writeString(staging.resolve("held-for-review.csv"), tally.held.toString(), StandardCharsets.UTF_8);
      tally.reversals = DsaReversals.write(spark, mapping, run, manifest, staging.resolve(DsaReversals.FILE));
      return result(files, tally, staging, started);
    } catch (IOException e) {
      throw new UserError("cannot write the DSA export to " + out + ": " + e.getMessage(), e);
    } finally {
      files.values().forEach(DsaFiles::close);
      FileUtils.deleteQuietly(staging.toFile()); // best effort: a leftover hidden staging directory is harmless
    }
  }

  /** The run's action rows; none when it issued none (an actions folder without Parquet files). */
  private Dataset<Row> actions() {
    return run.holdsParquet(RunDirectory.ACTIONS) ? spark.read().parquet(run.path(RunDirectory.ACTIONS).toString())
        : spark.createDataFrame(List.of(), OutputSchemas.ACTION_V1);
  }

  /** Counts and problems while the actions stream by. */
  private static final class Tally {
    final List<String> problems = new ArrayList<>();
    final Set<String> puids = new HashSet<>();
    final Set<String> reviewed = new HashSet<>();
    final StringBuilder held = new StringBuilder(
        "action_id,platform,subject_kind,subject_id,category,subcategory,action\n");
    long statements;
    long heldForReview;
    long reversed;
    long leftOut;
    long reversals = -1;

    void problems(List<String> p) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.addAll(p.subList(0, Math.min(p.size(), MAX_PROBLEMS - problems.size())));
      }
    }
  }

  /** One action: held, reversed, left out by the scope, or validated and written. */
  private void one(Row r, DsaStatements statements, Map<String, DsaFiles> files, Tally tally, Path staging) {
    String id = r.getAs("action_id");
    boolean review = Boolean.TRUE.equals(r.getAs("review_required"));
    ReviewOutcomes.Review outcome = reviews.of(id);
    if (outcome != null) {
      tally.reviewed.add(id);
    }
    if (review && outcome == null) {
      tally.heldForReview++;
      tally.held.append(Csv.cells(id, r.getAs("platform"), r.getAs("subject_kind"), r.getAs("subject_id"),
          r.getAs("category"), r.getAs("subcategory"), r.getAs("action"))).append('\n');
      return;
    }
    if (review && outcome.outcome() == ReviewOutcomes.Outcome.REVERSED) {
      tally.reversed++;
      return;
    }
    if (!review && outcome != null) {
      tally.problems(List.of(outcome.origin() + ": action " + id + " was not sent to review; its decision is the "
          + "run's. Remove the line"));
      return;
    }
    if (!review && scope == Scope.REVIEWED_ONLY) {
      tally.leftOut++;
      return;
    }
    Map<String, Object> s = statements.statement(r, review ? outcome.date() : null);
    List<String> p = new ArrayList<>(DsaValidator.problems(s, id));
    if (!tally.puids.add(String.valueOf(s.get("puid")))) {
      p.add("action " + id + ": field puid " + s.get("puid") + " repeats another statement's");
    }
    tally.statements++;
    if (!p.isEmpty()) {
      tally.problems(p);
    } else if (tally.problems.isEmpty()) {
      String platform = r.getAs("platform");
      files.computeIfAbsent(platform == null ? "unknown" : platform, k -> new DsaFiles(staging, k)).write(s);
    }
  }

  /** A review of an action the run does not have is a mistake in the file (another run's, or a typo). */
  private void unknownReviews(Tally tally) {
    for (ReviewOutcomes.Review r : reviews.all().values()) {
      if (!tally.reviewed.contains(r.actionId())) {
        tally.problems(List.of(r.origin() + ": action " + r.actionId() + " is not an action of run " + run.runId()
            + ". Check the action id (winnow explain RUN_DIR ACTION_ID)"));
      }
    }
  }

  private Result result(Map<String, DsaFiles> files, Tally tally, Path staging, long started) throws IOException {
    List<Path> written = new ArrayList<>();
    Map<String, Long> perPlatform = new LinkedHashMap<>();
    int batches = 0;
    for (Map.Entry<String, DsaFiles> e : files.entrySet()) {
      perPlatform.put(e.getKey(), e.getValue().rows);
      batches += e.getValue().batches();
      for (Path f : List.of(e.getValue().batches, e.getValue().jsonl, e.getValue().csv)) {
        written.add(moveIntoPlace(f));
      }
    }
    written.add(moveIntoPlace(staging.resolve("held-for-review.csv")));
    if (tally.reversals >= 0) {
      written.add(moveIntoPlace(staging.resolve(DsaReversals.FILE)));
    }
    return new Result(tally.statements, perPlatform, batches, tally.heldForReview, tally.reversed, tally.leftOut,
        written, Duration.ofNanos(System.nanoTime() - started), Math.max(0, tally.reversals));
  }

  private Path moveIntoPlace(Path f) throws IOException {
    Path target = out.resolve(f.getFileName().toString());
    if (Files.isDirectory(target)) {
      FileUtils.deleteDirectory(target.toFile());
    }
    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /**
   * Account actions from account rules have no content date: the account's creation date stands in, read from the
   * archive the manifest names. When the archive cannot be read, the validator names the actions left without one.
   */
  private Dataset<Row> withAccountDates(Dataset<Row> actions) {
    if (actions.filter(col("content_date").isNull()).limit(1).count() == 0) {
      return actions;
    }
    String archive = manifest.path("archive").asText("");
    Dataset<Row> created;
    try {
      created = new ArchiveReader(spark, settings.columns(), archive).accounts()
          .select(col("account_id").as("_account"), to_date(col("created_at")).as("_created"))
          .dropDuplicates("_account");
    } catch (UserError e) {
      return actions;
    }
    return actions.join(created, col("account_id").equalTo(col("_account")), "left")
        .withColumn("content_date", coalesce(col("content_date"), col("_created")))
        .drop("_account", "_created");
  }
}
