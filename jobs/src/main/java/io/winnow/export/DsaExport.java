package io.winnow.export;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.report.RunDirectory;
import io.winnow.sweep.ArchiveReader;
import io.winnow.sweep.Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one DSA statement of reasons per action of a committed run: {@code OUT/statements-PLATFORM.jsonl} and
 * {@code .csv} (one pair per platform, as each platform submits its own). Every statement is validated before anything
 * is written; a run with any invalid statement writes nothing and reports every problem (the first 50).
 */
public final class DsaExport {
  /** How many problems the error lists. */
  private static final int MAX_PROBLEMS = 50;

  /** What the export wrote. */
  public record Result(long statements, Map<String, Long> perPlatform, List<Path> files, Duration elapsed) {}

  private final SparkSession spark;
  private final Settings settings;
  private final DsaMapping mapping;
  private final RunDirectory run;
  private final Path out;

  public DsaExport(SparkSession spark, Settings settings, DsaMapping mapping, RunDirectory run, Path out) {
    this.spark = spark;
    this.settings = settings;
    this.mapping = mapping;
    this.run = run;
    this.out = out;
  }

  public Result execute() {
    long started = System.nanoTime();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserError("--out " + out + " exists and is a file. Pass a directory");
    }
    DsaStatements statements = new DsaStatements(mapping);
    ObjectMapper json = new ObjectMapper();
    Path staging;
    try {
      Files.createDirectories(out);
      staging = Files.createTempDirectory(out, ".dsa-export-");
    } catch (IOException e) {
      throw new UserError("cannot create " + out + ": " + e.getMessage(), e);
    }
    Map<String, Writers> writers = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    long count = 0;
    try {
      Iterator<Row> rows = withAccountDates(spark.read().parquet(run.actions().toString()))
          .orderBy(col("platform"), col("action_id")).toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        String id = r.getAs("action_id");
        Map<String, Object> s = statements.statement(r);
        List<String> p = DsaStatements.problems(s, id);
        count++;
        if (!p.isEmpty()) {
          if (problems.size() < MAX_PROBLEMS) {
            problems.addAll(p.subList(0, Math.min(p.size(), MAX_PROBLEMS - problems.size())));
          }
          continue;
        }
        if (!problems.isEmpty()) {
          continue;
        }
        String platform = r.getAs("platform");
        writers.computeIfAbsent(platform == null ? "unknown" : platform, k -> new Writers(staging, k)).write(json, s);
      }
      writers.values().forEach(Writers::close);
      if (!problems.isEmpty()) {
        throw new UserError(problems.size() + (problems.size() >= MAX_PROBLEMS ? "+" : "")
            + " problems in the DSA statements of run " + run.runId() + ", nothing written:\n"
            + String.join("\n", problems));
      }
      List<Path> files = new ArrayList<>();
      Map<String, Long> perPlatform = new LinkedHashMap<>();
      for (Map.Entry<String, Writers> e : writers.entrySet()) {
        perPlatform.put(e.getKey(), e.getValue().rows);
        for (Path f : List.of(e.getValue().jsonl, e.getValue().csv)) {
          Path target = out.resolve(f.getFileName().toString());
          Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          files.add(target);
        }
      }
      return new Result(count, perPlatform, files, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UserError("cannot write the DSA export to " + out + ": " + e.getMessage(), e);
    } finally {
      writers.values().forEach(Writers::close);
      deleteTree(staging);
    }
  }

  /**
   * Account actions from account rules have no content date: the account's creation date stands in, read from the
   * archive the manifest names. When the archive cannot be read, the validator names the actions left without one.
   */
  private Dataset<Row> withAccountDates(Dataset<Row> actions) {
    if (actions.filter(col("content_date").isNull()).limit(1).count() == 0) {
      return actions;
    }
    String archive = run.manifest().path("archive").asText("");
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

  /** The JSON Lines and CSV files of one platform. */
  private static final class Writers {
    final Path jsonl;
    final Path csv;
    final BufferedWriter j;
    final BufferedWriter c;
    long rows;
    boolean closed;

    Writers(Path dir, String platform) {
      String safe = platform.replaceAll("[^A-Za-z0-9_.-]", "_");
      jsonl = dir.resolve("statements-" + safe + ".jsonl");
      csv = dir.resolve("statements-" + safe + ".csv");
      try {
        j = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
        c = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        c.write(String.join(",", DsaSchema.FIELDS));
        c.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(ObjectMapper json, Map<String, Object> s) {
      try {
        j.write(json.writeValueAsString(s));
        j.write('\n');
        String[] cells = new String[DsaSchema.FIELDS.size()];
        for (int i = 0; i < cells.length; i++) {
          Object v = s.get(DsaSchema.FIELDS.get(i));
          cells[i] = v == null ? null : v instanceof Collection<?> ? json.writeValueAsString(v) : v.toString();
        }
        c.write(Csv.cells(cells));
        c.write('\n');
        rows++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        j.close();
        c.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover hidden staging directory is harmless
    }
  }
}
