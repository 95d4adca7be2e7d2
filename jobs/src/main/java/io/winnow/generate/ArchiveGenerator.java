package io.winnow.generate;

import io.winnow.archive.ArchiveSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a synthetic archive (the layout of {@link io.winnow.archive.ArchiveSchema}, README "Inputs") with planted
 * violations, hard negatives and a ground-truth label table. Rows are generated in parallel from {@code spark.range};
 * each row is a pure function of the seed and its index, so the same request always writes the same rows.
 *
 * <pre>
 * OUT/posts/dt=D/platform=P/*.parquet     ArchiveSchema.POST_COLUMNS
 * OUT/accounts/platform=P/*.parquet       ArchiveSchema.ACCOUNT_COLUMNS
 * OUT/reports/dt=D/*.parquet              ArchiveSchema.REPORT_COLUMNS
 * OUT/labels/posts/*.parquet              LabelSchema.V1
 * OUT/labels/accounts/*.parquet           LabelSchema.V1
 * </pre>
 */
public final class ArchiveGenerator {
  /**
   * Changes whenever the same request would write other rows or labels (2: violations in labelled kinds, list-phrase,
   * variant, near-copy and six disguises, and the hard negatives real text has).
   */
  public static final int VERSION = 3;

  private final GenerateSettings settings;
  private Consumer<String> progress = line -> { };

  public ArchiveGenerator(GenerateSettings settings) {
    this.settings = settings;
  }

  /** Receives one line per phase (posts, accounts, reports, labels, counts) with its elapsed time and the total. */
  public ArchiveGenerator progress(Consumer<String> lines) {
    this.progress = lines;
    return this;
  }

  public GenerateResult generate(SparkSession spark, GenerateRequest request) {
    long started = System.nanoTime();
    AccountLayout layout = new AccountLayout(request.accounts(), settings.platforms().size(), settings);
    validate(request, layout);
    boolean java8Time = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
    ArchiveRows rows = new ArchiveRows(settings, request, layout, java8Time);
    String out = request.outDir().replaceAll("/+$", "");
    String postsPath = out + "/" + ArchiveSchema.POSTS;
    String accountsPath = out + "/" + ArchiveSchema.ACCOUNTS;
    String reportsPath = out + "/" + ArchiveSchema.REPORTS;
    String postLabelsPath = out + "/labels/posts";
    String accountLabelsPath = out + "/labels/accounts";
    int partitions = (int) Math.max(1, Math.min(settings.partitions(), request.posts() / 1000 + 1));
    int accountPartitions = (int) Math.max(1, Math.min(settings.partitions(), request.accounts() / 20_000 + 1));
    long reports = rows.reportCount();

    Map<String, Duration> phases = new java.util.LinkedHashMap<>();
    long phaseStart = System.nanoTime();
    spark.sparkContext().setJobDescription("winnow generate: posts");
    generated(spark, request.posts(), partitions, rows::postRows, Encoders.row(ArchiveSchema.postsWithPartitions()))
        .write().mode(SaveMode.Overwrite).partitionBy(ArchiveSchema.POST_PARTITIONS.toArray(new String[0]))
        .parquet(postsPath);
    phaseStart = phase(phases, "posts", phaseStart);
    spark.sparkContext().setJobDescription("winnow generate: accounts");
    generated(spark, request.accounts(), accountPartitions, rows::accountRows,
        Encoders.row(ArchiveSchema.accountsWithPartitions()))
        .write().mode(SaveMode.Overwrite).partitionBy(ArchiveSchema.ACCOUNT_PARTITIONS.toArray(new String[0]))
        .parquet(accountsPath);
    phaseStart = phase(phases, "accounts", phaseStart);
    spark.sparkContext().setJobDescription("winnow generate: reports");
    generated(spark, reports, Math.max(1, (int) Math.min(partitions, reports / 1000 + 1)), rows::reportRows,
        Encoders.row(ArchiveSchema.reportsWithPartitions()))
        .write().mode(SaveMode.Overwrite).partitionBy(ArchiveSchema.REPORT_PARTITIONS.toArray(new String[0]))
        .parquet(reportsPath);
    phaseStart = phase(phases, "reports", phaseStart);
    spark.sparkContext().setJobDescription("winnow generate: labels");
    generated(spark, request.posts(), partitions, rows::postLabels, Encoders.row(LabelSchema.V1))
        .write().mode(SaveMode.Overwrite).parquet(postLabelsPath);
    generated(spark, layout.plainStart, 1, rows::accountLabels, Encoders.row(LabelSchema.V1))
        .write().mode(SaveMode.Overwrite).parquet(accountLabelsPath);
    phaseStart = phase(phases, "labels", phaseStart);
    spark.sparkContext().setJobDescription(null);

    Map<String, Long> planted = new TreeMap<>();
    for (PostPlant p : PostPlant.ALL) {
      if (p.isViolation()) {
        planted.put(p.key(), 0L);
      }
    }
    for (String key : AccountLayout.IMPERSONATION_KEYS) {
      planted.put(key, 0L);
    }
    Map<String, Long> hardNegatives = new TreeMap<>();
    LabelSchema.HARD_NEGATIVE_KINDS.forEach(k -> hardNegatives.put(k, 0L));
    Map<String, Long> evasions = new TreeMap<>();
    LabelSchema.EVASION_KINDS.forEach(k -> evasions.put(k, 0L));
    List<Row> counts = spark.read().parquet(postLabelsPath, accountLabelsPath)
        .groupBy("label", "category", "subcategory", "kind").count().collectAsList();
    for (Row c : counts) {
      long n = c.getLong(4);
      if (LabelSchema.VIOLATION.equals(c.getString(0))) {
        planted.merge(c.getString(1) + "." + c.getString(2), n, Long::sum);
        if (LabelSchema.EVASION_KINDS.contains(c.getString(3))) {
          evasions.merge(c.getString(3), n, Long::sum);
        }
      } else {
        hardNegatives.merge(c.getString(3), n, Long::sum);
      }
    }
    phase(phases, "counts", phaseStart);
    return new GenerateResult(request.posts(), request.accounts(), reports, planted, hardNegatives, evasions,
        postsPath, accountsPath, reportsPath, postLabelsPath, accountLabelsPath,
        Duration.ofNanos(System.nanoTime() - started), phases);
  }

  private long phase(Map<String, Duration> phases, String name, long since) {
    long now = System.nanoTime();
    Duration took = Duration.ofNanos(now - since);
    phases.put(name, took);
    long total = phases.values().stream().mapToLong(Duration::toMillis).sum();
    progress.accept(String.format("%-9s %7.1f s  (total %.1f s)", name, took.toMillis() / 1000.0, total / 1000.0));
    return now;
  }

  private static Dataset<Row> generated(SparkSession spark, long count, int partitions,
      MapPartitionsFunction<Long, Row> rows, org.apache.spark.sql.Encoder<Row> encoder) {
    return spark.range(0, count, 1, partitions).mapPartitions(rows, encoder);
  }

  private void validate(GenerateRequest request, AccountLayout layout) {
    List<String> problems = new ArrayList<>();
    if (request.posts() < 1 || request.posts() > 9_999_999_999L) {
      problems.add("posts: " + request.posts() + " is out of range; give 1 to 9,999,999,999");
    }
    if (request.accounts() > 999_999_999L) {
      problems.add("accounts: " + request.accounts() + " is out of range; give at most 999,999,999");
    } else if (request.accounts() < layout.minimumAccounts()) {
      problems.add("accounts: " + request.accounts() + " is too few for the configured rates; give at least "
          + layout.minimumAccounts() + " (" + layout.officialCount + " real protected accounts, "
          + (layout.fanStart - layout.officialCount) + " impersonators, " + layout.fanCount + " fan accounts, "
          + layout.licensedCount + " licensed professionals, " + layout.hospitalCount + " hospitals, "
          + layout.journalistCount + " journalists, " + layout.verifiedCount + " verified individuals and 8 plain "
          + "accounts)");
    }
    if (request.days() < 1 || request.days() > 3660) {
      problems.add("days: " + request.days() + " is out of range; give 1 to 3660");
    }
    if (request.outDir() == null || request.outDir().isBlank()) {
      problems.add("out: missing; give the directory to write the archive to");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cannot generate: " + String.join("; ", problems));
    }
  }
}
