package io.winnow.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.engine.CompiledRules;
import io.winnow.model.Policy;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.run.Csv;
import io.winnow.run.Manifest;
import io.winnow.run.OutputFiles;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunCommitter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A sweep, in the order of its stages: schema check, one pass per table with the compiled matcher,
 * the join of candidates with account facts and report aggregates, the where predicates, the policy, and the
 * writers, committed atomically. Configure, then {@link #execute()}.
 */
public final class Sweep {
  private final SparkSession spark;
  private final Settings settings;
  private final RuleSet rules;
  private final SweepRequest request;
  private final Consumer<String> progress;
  private final List<RunOutput> outputs;
  private final Map<String, Long> stageMillis = new LinkedHashMap<>();
  private final Map<String, Long> stageRows = new LinkedHashMap<>();
  private long stageStart;

  public Sweep(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request, Consumer<String> progress) {
    this(spark, settings, rules, request, progress, RunOutputs.shipped());
  }

  /** A sweep that writes {@code outputs} (in this order; see {@link RunOutput}) instead of the shipped ones. */
  public Sweep(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request, Consumer<String> progress,
      List<RunOutput> outputs) {
    RunOutputs.checkNames(outputs);
    this.outputs = List.copyOf(outputs);
    this.spark = spark;
    this.settings = settings;
    this.rules = rules;
    this.request = request;
    this.progress = progress;
  }

  /** The run id used when none is given: the window and the start time, UTC. */
  public static String autoRunId(LocalDate from, LocalDate to, Instant now) {
    return "sweep-" + from + "-" + to + "-"
        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
  }

  public SweepResult execute() {
    Instant started = Instant.now();
    if (request.to().isBefore(request.from())) {
      throw new UserError("--from " + request.from() + " is after --to " + request.to() + ". Give a window with from <= to");
    }
    String runId = request.runId();
    RunCommitter.validateRunId(runId);
    ArchiveReader reader = new ArchiveReader(spark, settings, request.archive());
    reader.refuseOutputInside(request.out());
    // Takes the run id's lock first: a second sweep of the run id stops here, before it touches any staging.
    RunCommitter committer = new RunCommitter(spark.sparkContext().hadoopConfiguration(), request.out(), runId,
        settings.audit().staleStagingHours(), java.time.Duration.ofSeconds(settings.audit().lockLeaseSeconds()));
    RunContext context = new RunContext(spark, settings, request, rules, runId, decisionDate(committer, started),
        committer.fs(), committer.staging(), committer.target());
    List<RunOutput> opened = new ArrayList<>();
    try {
      for (RunOutput output : outputs) {
        output.open(context);
        opened.add(output);
      }
      return run(context, started, committer, reader);
    } catch (Exception | Error e) {
      // Spark throws its checked SparkException from Scala code: caught here too, so a failed job always aborts
      // (staging removed, lock released) and a damaged input file is named in one line.
      Throwable shown = ArchiveReader.readFailure(e);
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).abort(context, shown);
        } catch (RuntimeException ignored) {
          // best effort: the run's own failure is what is reported
        }
      }
      committer.abort(failureRecord(runId, started, shown));
      throw Sweep.<RuntimeException>rethrow(shown);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }

  /** What {@code winnow runs} shows for a run that failed. */
  private byte[] failureRecord(String runId, Instant started, Throwable e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("started", started.toString());
    m.put("failed", Instant.now().toString());
    m.put("window", Map.of("from", request.from().toString(), "to", request.to().toString()));
    m.put("rule_set_hash", rules.hash());
    m.put("error", e.getClass().getSimpleName() + ": " + ArchiveReader.firstLine(e));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m);
    } catch (IOException io) {
      return new byte[0];
    }
  }

  private SweepResult run(RunContext context, Instant started, RunCommitter committer, ArchiveReader reader) {
    String runId = context.runId();
    stage();
    boolean global = settings.sweep().idsGlobal();
    Dataset<Row> postsRead = reader.posts(request.from(), request.to());
    Dataset<Row> accountsRead = reader.accounts().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> reports = reader.reports(request.from(), request.to());
    int maxIds = settings.sweep().maxDuplicateIds();
    Duplicates postDuplicates = Duplicates.find(postsRead, ArchiveSchema.POSTS, "post_id", global, maxIds);
    Duplicates accountDuplicates = Duplicates.find(accountsRead, ArchiveSchema.ACCOUNTS, "account_id", global,
        maxIds);
    // The tables as later stages see them: each id once, without the hidden file and row columns.
    Dataset<Row> posts = postDuplicates.drop(postsRead).drop(ArchiveReader.FILE, ArchiveReader.ROW);
    Dataset<Row> accounts = accountDuplicates.drop(accountsRead).drop(ArchiveReader.FILE, ArchiveReader.ROW);
    List<String> warnings = warnings(reader, postDuplicates, accountDuplicates);
    warnings.forEach(w -> progress.accept("warning: " + w));
    lap("schema check", "archive " + request.archive() + ": " + reader.files().size() + " files in the window"
        + (reader.skipped().isEmpty() ? "" : ", " + reader.skipped().size() + " entries skipped (see the summary)"));

    Broadcast<RuleSet> broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rules);
    // The rules of each subject, compiled once and handed to every stage with the same join threshold.
    int joinAbove = settings.similarTo().joinAboveClaims();
    SubjectRules postRules = new SubjectRules(broadcast, Subject.POST, joinAbove);
    SubjectRules accountRules = new SubjectRules(broadcast, Subject.ACCOUNT, joinAbove);
    int maxText = settings.sweep().maxTextChars();

    // One pass per table: validate (or quarantine), normalize, match; counts observed in the same pass.
    Map<String, SweepResult.TableAccounting> tables = new LinkedHashMap<>();
    Dataset<Row> postPass = textPass(postDuplicates.mark(postsRead), posts.schema(), "post", postRules, maxText,
        tables);
    lap("posts pass", "posts: " + tables.get(ArchiveSchema.POSTS).read() + " rows read, "
        + tables.get(ArchiveSchema.POSTS).quarantined() + " quarantined, " + postPass.filter(col("reason").isNull())
        .count() + " candidates");
    Dataset<Row> accountPass = textPass(accountDuplicates.mark(accountsRead), accounts.schema(), "account",
        accountRules, maxText, tables);
    lap("accounts pass", "accounts: " + tables.get(ArchiveSchema.ACCOUNTS).read() + " rows read, "
        + tables.get(ArchiveSchema.ACCOUNTS).quarantined() + " quarantined");
    QuarantineCheck quarantined = new QuarantineCheck(settings.quarantine().maxRate());
    quarantined.add(ArchiveSchema.POSTS, tables.get(ArchiveSchema.POSTS), postPass);
    quarantined.add(ArchiveSchema.ACCOUNTS, tables.get(ArchiveSchema.ACCOUNTS), accountPass);
    quarantined.check();

    // Report aggregates per subject over the window.
    boolean reportsByPlatform = !global && reader.reportsHavePlatform();
    Dataset<Row> reportAgg = reportAggregates(reports, accounts, rules.policy().reportGuard(), reportsByPlatform);
    Column noReports = struct(lit(0L).as("distinct_reporters"), lit(0L).as("raw_reports"));

    // Candidates meet account facts and report aggregates; then every predicate is known.
    Dataset<Row> postCandidates = postPass.filter(col("reason").isNull())
        .withColumn("post", col("subject"))
        .join(accounts.select(struct(col("*")).as("account"), col("account_id").as("_account_key"),
            col("platform").as("_account_platform")),
            sameSubject(col("post.account_id"), col("_account_key"), col("post.platform"), col("_account_platform"),
                global), "left")
        .join(reportAgg.filter(col("target_kind").equalTo("post")).select(col("target_id").as("_report_key"),
            col("platform").as("_report_platform"),
            struct(col("distinct_reporters"), col("raw_reports")).as("_reports")),
            sameSubject(col("post.post_id"), col("_report_key"), col("post.platform"), col("_report_platform"),
                !reportsByPlatform), "left")
        .withColumn("reports", coalesce(col("_reports"), noReports));
    List<ClaimJoin> claimJoins = new ArrayList<>();
    postCandidates = claimHits(postCandidates, postRules, "post.post_id", claimJoins);
    Dataset<Row> accountCandidates = accountPass.filter(col("reason").isNull())
        .withColumn("account", col("subject"))
        .join(reportAgg.filter(col("target_kind").equalTo("account")).select(col("target_id").as("_report_key"),
            col("platform").as("_report_platform"),
            struct(col("distinct_reporters"), col("raw_reports")).as("_reports")),
            sameSubject(col("account.account_id"), col("_report_key"), col("account.platform"),
                col("_report_platform"), !reportsByPlatform), "left")
        .withColumn("reports", coalesce(col("_reports"), noReports));
    accountCandidates = claimHits(accountCandidates, accountRules, "account.account_id", claimJoins);
    Dataset<Row> findings = decide(postCandidates, postRules, posts.schema(), runId)
        .unionByName(decide(accountCandidates, accountRules, accounts.schema(), runId));
    if (request.shadow()) {
      findings = findings.withColumn("rule_status",
          when(col("rule_status").equalTo("active"), lit("shadow")).otherwise(col("rule_status")));
    }
    findings = findings.persist(StorageLevel.MEMORY_AND_DISK());
    if (!rules.policy().reposts().categories().isEmpty()) {
      // Reposts of actioned posts: one join on repost_of; only their own words are read again, for the exemptions.
      findings = findings.unionByName(RepostLinks.findings(posts, findings, rules.policy().reposts(), postRules,
          global))
          .persist(StorageLevel.MEMORY_AND_DISK());
    }
    // Overrides (appeals) apply to every finding, repost links included.
    OverrideStage overrides = new OverrideStage(overrides());
    Dataset<Row> unoverridden = findings;
    // Without overrides apply returns the (already cached) findings: caching them again only makes Spark warn.
    Dataset<Row> applied = overrides.apply(spark, findings);
    findings = applied == findings ? findings : applied.persist(StorageLevel.MEMORY_AND_DISK());
    long findingCount = findings.count();
    lap("findings", findingCount + " findings");

    LocalDate decisionDate = context.decisionDate();
    if (isCommitted(committer)) {
      progress.accept("note: run " + runId + " is committed already; this sweep replaces it when it commits (same "
          + "decision date, " + decisionDate + ")");
    }
    PolicyStage policy = new PolicyStage(rules.policy(), runId, rules.hash(), request.to(), decisionDate, global);
    Dataset<Row> actions = policy.actions(findings).persist(StorageLevel.MEMORY_AND_DISK());
    List<SweepResult.Count> counts = counts(actions);
    policy.checkBlastRadius(counts);
    Map<String, Long> suppressed = overrides.findingsCovered().isEmpty() ? Map.of()
        : suppressedActions(policy.actions(unoverridden), actions);
    lap("policy", counts.stream().mapToLong(SweepResult.Count::actions).sum() + " actions"
        + (suppressed.isEmpty() ? "" : ", " + suppressed.values().stream().mapToLong(Long::longValue).sum()
        + " suppressed by overrides"));

    SweepOutputs results = new SweepOutputs(actions, findings, findingCount,
        quarantine(postPass, "posts", "post_id").unionByName(quarantine(accountPass, "accounts", "account_id")),
        counts, tables);
    for (RunOutput output : outputs) {
      stageRows.put(output.name(), output.write(context, results));
    }
    // Outputs that live outside the run make themselves durable before the manifest that records them.
    Map<String, Map<String, Object>> prepared = new LinkedHashMap<>();
    for (RunOutput output : outputs) {
      Map<String, Object> entries = output.prepareCommit(context);
      if (!entries.isEmpty()) {
        prepared.put(output.name(), entries);
      }
    }
    lap("write", "outputs staged");

    Instant ended = Instant.now();
    FileSystem fs = committer.fs();
    Path staging = committer.staging();
    List<OutputFiles.OutputFile> files = OutputFiles.list(fs, spark.sparkContext().hadoopConfiguration(), staging);
    Map<String, List<String>> duplicates = new LinkedHashMap<>();
    duplicates.put(ArchiveSchema.POSTS, postDuplicates.examples());
    duplicates.put(ArchiveSchema.ACCOUNTS, accountDuplicates.examples());
    Manifest manifest = manifest(runId, started, ended, reader, tables, findingCount, counts, files,
        quarantined.perPartition(), decisionDate, duplicates, quarantined.manifest(), overrides.manifest(suppressed),
        prepared);
    String manifestSha;
    try {
      byte[] json = manifest.toJson();
      try (OutputStream o = fs.create(new Path(staging, Manifest.FILE), false)) {
        o.write(json);
      }
      manifestSha = OutputFiles.sha256(fs, new Path(staging, "manifest.json"));
    } catch (IOException e) {
      throw new UserError("cannot write manifest.json to " + staging + ": " + e.getMessage(), e);
    }
    committer.commit(manifestSha);
    lap("commit", "committed " + committer.target());
    for (RunOutput output : outputs) {
      try {
        output.committed(context);
      } catch (RuntimeException e) {
        warnings.add("output " + output.name() + " after the commit: " + ArchiveReader.firstLine(e));
        progress.accept("warning: output " + output.name() + " after the commit: " + ArchiveReader.firstLine(e));
      }
    }
    findings.unpersist();
    actions.unpersist();
    claimJoins.forEach(ClaimJoin::close);
    postPass.unpersist();
    accountPass.unpersist();
    accounts.unpersist();
    postDuplicates.close();
    accountDuplicates.close();
    return new SweepResult(runId, committer.target().toString(), rules.hash(), tables, findingCount, counts,
        Map.copyOf(stageMillis), List.copyOf(warnings));
  }

  /**
   * Per target: reporters that pass the brigading guard (account old enough when they reported, not too many reports
   * in the window; without a guard every reporter counts), and every report filed.
   */
  static Dataset<Row> reportAggregates(Dataset<Row> reports, Dataset<Row> accounts, Policy.ReportGuard guard,
      boolean byPlatform) {
    Dataset<Row> filed = reports.filter(col("target_id").isNotNull());
    if (!byPlatform) {
      filed = filed.withColumn("platform", lit(null).cast("string"));
    }
    Column counts = lit(true);
    if (guard != null) {
      Dataset<Row> reporters = accounts.groupBy(col("account_id").as("_reporter"),
              (byPlatform ? col("platform") : lit(null).cast("string")).as("_reporter_platform"))
          .agg(min(col("created_at")).as("_reporter_created"));
      Dataset<Row> perReporter = filed.groupBy(col("reporter_id").as("_filer"), col("platform").as("_filer_platform"))
          .agg(count(lit(1)).as("_filed"));
      filed = filed.join(reporters, sameSubject(col("reporter_id"), col("_reporter"), col("platform"),
              col("_reporter_platform"), !byPlatform), "left")
          .join(perReporter, col("reporter_id").equalTo(col("_filer"))
              .and(col("platform").eqNullSafe(col("_filer_platform"))), "left");
      counts = col("_reporter_created").isNotNull()
          .and(expr("unix_seconds(created_at) - unix_seconds(_reporter_created)")
              .geq(guard.minReporterAccountAgeDays() * 86_400L))
          .and(col("_filed").leq(guard.maxReportsPerReporter()));
    }
    return filed.groupBy(col("target_kind"), col("target_id"), col("platform"))
        .agg(count_distinct(when(counts, col("reporter_id"))).as("distinct_reporters"),
            count(lit(1)).as("raw_reports"));
  }

  /**
   * The one pass over a table. Quarantine reasons and the predicates that read only this table are Spark
   * expressions; the text goes through the {@link TextMatch} UDF. Keeps quarantined and candidate rows only
   * (persisted), and records rows read, evaluated and quarantined with an observation of the same pass.
   */
  private Dataset<Row> textPass(Dataset<Row> table, StructType canonical, String qualifier, SubjectRules rules,
      int maxText, Map<String, SweepResult.TableAccounting> tables) {
    CompiledRules compiled = rules.compiled();
    Subject subject = rules.subject();
    List<Column> known = new ArrayList<>();
    List<List<String>> columns = compiled.whereColumns();
    List<String> sql = compiled.whereSql();
    for (int i = 0; i < sql.size(); i++) {
      boolean own = columns.get(i).stream().allMatch(c -> c.startsWith(qualifier + "."));
      known.add(own ? coalesce(expr(sql.get(i)), lit(false)) : lit(null).cast("boolean"));
    }
    Column match = TextMatch.apply(rules, compiled.fields().stream().map(f -> col("subject." + f)).toList(),
        TextMatch.known(known));
    Observation observation = new Observation(qualifier + "-pass");
    Dataset<Row> kept = table.select(struct(Arrays.stream(canonical.fieldNames()).map(n -> col(n))
            .toArray(Column[]::new)).as("subject"), col(Duplicates.REASON))
        .withColumn(qualifier, col("subject"))
        .withColumn("reason", quarantineReason(subject, compiled.fields(), maxText, settings.quarantine()))
        .observe(observation, count(lit(1)).as("read"), count(when(col("reason").isNull(), lit(1))).as("evaluated"),
            count(col("reason")).as("quarantined"))
        .withColumn("m", when(col("reason").isNull(), match))
        .filter(col("reason").isNotNull().or(col("m").isNotNull()))
        .select(col("subject"), col("reason"), col("m.candidates").as("candidates"), col("m.leaves").as("leaves"),
            col("m.hits").as("hits"), col("m.pending").as("pending"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    kept.count();
    Map<String, Object> metrics;
    try {
      metrics = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the row counts of the " + qualifier + " pass", e);
    }
    tables.put(subject == Subject.POST ? ArchiveSchema.POSTS : ArchiveSchema.ACCOUNTS,
        new SweepResult.TableAccounting((Long) metrics.get("read"), (Long) metrics.get("evaluated"),
            (Long) metrics.get("quarantined")));
    return kept;
  }

  /**
   * The candidates with the hits of the banded join ({@link ClaimJoin}) in a {@code joined} column, when some
   * similar-to leaf of {@code rules} is joined; else the candidates unchanged.
   */
  private Dataset<Row> claimHits(Dataset<Row> candidates, SubjectRules rules, String key, List<ClaimJoin> joins) {
    if (rules.compiled().joinedLeaves().isEmpty()) {
      return candidates;
    }
    ClaimJoin join = new ClaimJoin(spark, rules);
    joins.add(join);
    Dataset<Row> hits = join.hits(candidates.select(col(key).as("key"), col("pending")))
        .withColumnRenamed("key", "_claim_key");
    return candidates.join(hits, col(key).equalTo(col("_claim_key")), "left");
  }

  /** Why a row (the struct column {@code subject}) cannot be evaluated, or null; winnow import uses the same reasons. */
  public static Column quarantineReason(Subject subject, List<String> textFields, int maxText,
      Settings.QuarantineSettings quarantine) {
    Column reason = lit(null).cast("string");
    for (int i = textFields.size() - 1; i >= 0; i--) {
      Column text = col("subject." + textFields.get(i));
      reason = when(length(text).gt(maxText), concat(lit(textFields.get(i) + " longer than " + maxText
          + " characters ("), length(text).cast("string"), lit(")"))).otherwise(reason);
    }
    // Invalid UTF-8 in the file, or text already mangled into U+FFFD upstream: matching it would be guesswork.
    for (int i = textFields.size() - 1; i >= 0; i--) {
      Column text = col("subject." + textFields.get(i));
      reason = when(not(is_valid_utf8(text)).or(text.contains("\uFFFD")),
          lit(textFields.get(i) + " is not valid UTF-8 (undecodable bytes or U+FFFD)")).otherwise(reason);
    }
    List<String> platforms = quarantine.knownPlatforms();
    if (!platforms.isEmpty()) {
      Column platform = col("subject.platform");
      reason = when(not(platform.isin(platforms.toArray())),
          concat(lit("unknown platform '"), coalesce(platform, lit("null")), lit("'. Known: "
              + String.join(", ", platforms)))).otherwise(reason);
    }
    if (subject == Subject.POST) {
      Column created = col("subject.created_at");
      String from = quarantine.createdFrom() + " 00:00:00";
      String to = quarantine.createdTo() + " 00:00:00";
      reason = when(created.lt(lit(java.sql.Timestamp.valueOf(from))).or(created.geq(lit(java.sql.Timestamp.valueOf(to)))),
          concat(lit("created_at "), created.cast("string"), lit(" out of range [" + quarantine.createdFrom() + ", "
              + quarantine.createdTo() + ")"))).otherwise(reason);
      reason = when(created.isNull(), lit("null or unparseable created_at")).otherwise(reason);
    }
    // A row without a platform cannot be told from the same id on another platform (Spark writes a null partition
    // value as platform=__HIVE_DEFAULT_PARTITION__).
    Column platform = col("subject.platform");
    reason = when(platform.isNull().or(platform.equalTo("")), lit("null or empty platform (a platform= partition "
        + "without a value, e.g. platform=__HIVE_DEFAULT_PARTITION__)")).otherwise(reason);
    reason = when(col(Duplicates.REASON).isNotNull(), col(Duplicates.REASON)).otherwise(reason);
    reason = when(col("subject.account_id").isNull(), lit("null account_id")).otherwise(reason);
    if (subject == Subject.POST) {
      reason = when(col("subject.post_id").isNull(), lit("null post_id")).otherwise(reason);
    }
    return reason;
  }

  private Dataset<Row> decide(Dataset<Row> candidates, SubjectRules rules, StructType type, String runId) {
    CompiledRules compiled = rules.compiled();
    List<Column> where = new ArrayList<>();
    for (String sql : compiled.whereSql()) {
      where.add(coalesce(expr(sql), lit(false)));
    }
    Set<String> valueColumns = new LinkedHashSet<>();
    compiled.whereColumns().forEach(valueColumns::addAll);
    List<Column> values = new ArrayList<>();
    for (String c : valueColumns) {
      values.add(expr(c).cast("string"));
    }
    Dataset<Row> input = candidates.select(col("subject"), col("candidates"), col("leaves"), col("hits"),
        where.isEmpty() ? lit(new boolean[0]).as("where") : array(where.toArray(Column[]::new)).as("where"),
        values.isEmpty() ? array().cast("array<string>").as("values")
            : array(values.toArray(Column[]::new)).as("values"),
        Arrays.asList(candidates.columns()).contains("joined") ? col("joined")
            : lit(null).cast(org.apache.spark.sql.types.DataTypes.createArrayType(TextMatch.HIT)).as("joined"));
    return input.flatMap(new DecidePass(rules, type, List.copyOf(valueColumns), runId, settings.sweep().idsGlobal()),
        Encoders.row(OutputSchemas.FINDING_V1));
  }

  private static Dataset<Row> quarantine(Dataset<Row> pass, String table, String idField) {
    return pass.filter(col("reason").isNotNull()).select(
        lit(table).as("table"), col("subject." + idField).as("row_id"), col("reason"),
        table.equals("posts") ? col("subject.dt") : lit(null).cast("string").as("dt"),
        col("subject.platform").as("platform"), to_json(col("subject")).as("row_json"))
        .toDF(OutputSchemas.QUARANTINE_V1.fieldNames());
  }

  private List<SweepResult.Count> counts(Dataset<Row> actions) {
    List<SweepResult.Count> out = new ArrayList<>();
    for (Row r : actions.groupBy("category", "subcategory", "action", "platform", "subject_kind")
        .agg(count(lit(1)).as("actions"), sum(when(col("review_required"), 1L).otherwise(0L)).as("review"))
        .orderBy("category", "subcategory", "action", "platform", "subject_kind").collectAsList()) {
      out.add(new SweepResult.Count(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
          r.getLong(5), r.getLong(6)));
    }
    return out;
  }

  private Manifest manifest(String runId, Instant started, Instant ended, ArchiveReader reader,
      Map<String, SweepResult.TableAccounting> tables, long findings, List<SweepResult.Count> counts,
      List<OutputFiles.OutputFile> outputs, Map<String, Long> quarantinedPerPartition, LocalDate decisionDate,
      Map<String, List<String>> duplicates, Object quarantine, Object overrides,
      Map<String, Map<String, Object>> prepared) {
    Map<String, Manifest.TableAccounting> accounting = new LinkedHashMap<>();
    tables.forEach((t, a) -> accounting.put(t, new Manifest.TableAccounting(a.read(), a.evaluated(), a.quarantined())));
    List<Manifest.Count> countRows = counts.stream().map(c -> new Manifest.Count(c.category(), c.subcategory(),
        c.action(), c.platform(), c.subjectKind(), c.actions(), c.reviewRequired())).toList();
    com.fasterxml.jackson.databind.JsonNode config;
    try {
      config = new ObjectMapper().readTree(settings.redactedJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, com.fasterxml.jackson.databind.JsonNode> extensions = new LinkedHashMap<>();
    prepared.forEach((name, entries) -> extensions.put(name, Manifest.tree(entries)));
    return new Manifest(Manifest.VERSION, OutputSchemas.VERSION, runId, started.toString(), ended.toString(),
        System.getProperty("user.name"), host(), request.commandLine(),
        new Manifest.Window(request.from().toString(), request.to().toString()), request.shadow(), request.archive(),
        reader.files(), Manifest.partitions(reader.files(), quarantinedPerPartition), Manifest.RuleSetEntry.of(rules),
        settings.source(), config, Manifest.Versions.of(spark.version()), accounting, findings, countRows,
        stageMillis, stageRows, outputs, decisionDate.toString(), reader.skipped().stream()
            .map(k -> new Manifest.SkippedInput(k.table(), k.path(), k.reason())).toList(), duplicates,
        Manifest.tree(quarantine), Manifest.tree(overrides), actionsPerCategoryAction(counts), extensions);
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private List<OverrideEntry> overrides() {
    String file = settings.audit().overridesFile();
    return file.isEmpty() ? List.of() : Overrides.load(java.nio.file.Path.of(file));
  }

  /**
   * The decision date of the action rows. A re-run of a committed run id keeps the date of that run, so the re-run
   * replaces it with identical rows; a new run id decides today (UTC).
   */
  private LocalDate decisionDate(RunCommitter committer, Instant started) {
    Path earlier = new Path(committer.target(), "manifest.json");
    try {
      if (committer.fs().exists(new Path(committer.target(), RunCommitter.SUCCESS)) && committer.fs().exists(earlier)) {
        try (java.io.InputStream in = committer.fs().open(earlier)) {
          com.fasterxml.jackson.databind.JsonNode d = new ObjectMapper().readTree(in).get("decision_date");
          if (d != null && d.isTextual()) {
            return LocalDate.parse(d.asText());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable earlier manifest: decide today, as a new run would.
    }
    return started.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static boolean isCommitted(RunCommitter committer) {
    try {
      return committer.fs().exists(new Path(committer.target(), RunCommitter.SUCCESS));
    } catch (IOException e) {
      return false;
    }
  }

  /** Subject id -> actions the policy issues without the overrides and does not issue with them. */
  private static Map<String, Long> suppressedActions(Dataset<Row> without, Dataset<Row> with) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Row r : without.join(with.select("action_id"), without.col("action_id").equalTo(with.col("action_id")),
        "left_anti").groupBy("subject_id").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static Map<String, Map<String, Long>> actionsPerCategoryAction(List<SweepResult.Count> counts) {
    Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
    counts.forEach(c -> out.computeIfAbsent(c.category(), k -> new java.util.TreeMap<>())
        .merge(c.action(), c.actions(), Long::sum));
    return out;
  }

  private void stage() {
    stageStart = System.nanoTime();
  }

  private void lap(String name, String message) {
    long ms = (System.nanoTime() - stageStart) / 1_000_000;
    stageMillis.put(name, ms);
    progress.accept(String.format("%-14s %8.1f s  %s", name, ms / 1000.0, message));
    stageStart = System.nanoTime();
  }

  /** The join condition of one subject: its id, and its platform unless ids are one space across platforms. */
  static Column sameSubject(Column id, Column otherId, Column platform, Column otherPlatform, boolean idOnly) {
    return idOnly ? id.equalTo(otherId) : id.equalTo(otherId).and(platform.equalTo(otherPlatform));
  }

  /** What the summary names besides the counts: entries of the archive not read, and duplicated ids. */
  private static List<String> warnings(ArchiveReader reader, Duplicates posts, Duplicates accounts) {
    List<String> out = new ArrayList<>();
    reader.skipped().forEach(s -> out.add("skipped " + s.path() + ": " + s.reason()));
    out.addAll(reader.notes());
    posts.examples().forEach(e -> out.add("duplicate " + e + "; the first copy is evaluated, the others quarantined"));
    accounts.examples().forEach(e -> out.add("duplicate " + e + "; the first copy is evaluated, the others "
        + "quarantined"));
    return out;
  }

  static String columns(StructType t) {
    return String.join(", ", Arrays.asList(t.fieldNames()));
  }
}
