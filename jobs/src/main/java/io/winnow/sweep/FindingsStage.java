package io.winnow.sweep;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.winnow.config.Settings;
import io.winnow.engine.CompiledRules;
import io.winnow.model.Policy;
import io.winnow.model.RuleSet;
import io.winnow.run.OutputSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.LogicalRDD$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The findings stage: the candidates of both passes meet the account facts and report aggregates they need (only the
 * accounts the candidates name are joined whole; the report aggregates only when a predicate reads them, the report
 * guard of {@link ReportCounts} reading its reporters' id, platform and creation time), the banded claim join adds its
 * hits, {@link DecidePass} decides with every predicate known (the joins carry only the subject's fields it reads),
 * reposts of actioned posts are linked from the links the pass kept ({@link RepostLinks}), and overrides mark what
 * they cover. Output: findings in {@link OutputSchemas#FINDING_V1}, persisted.
 */
final class FindingsStage {
  private final SparkSession spark;
  private final Settings settings;
  private final RuleSet rules;
  private final String runId;
  private final String out;
  private final boolean shadow;
  private final boolean global;
  private final List<ClaimJoin> claimJoins = new ArrayList<>();
  private boolean wholeSubjects;
  private boolean unionCached;
  private boolean linksShuffled;
  private boolean javaRows;

  /** {@code out}: the sweep's output root (where the semantic claim cache is kept by default). */
  FindingsStage(SparkSession spark, Settings settings, RuleSet rules, String runId, String out, boolean shadow) {
    this.spark = spark;
    this.settings = settings;
    this.rules = rules;
    this.runId = runId;
    this.out = out;
    this.shadow = shadow;
    this.global = settings.sweep().idsGlobal();
  }

  /** The findings, before ({@code unoverridden}) and after the overrides, and their count. */
  record Result(Dataset<Row> findings, Dataset<Row> unoverridden, long count, OverrideStage overrides,
      SemanticJoin semantic, List<Dataset<Row>> cached) {
    /** Releases what the stage cached. */
    void unpersist() {
      cached.forEach(FindingsStage::release);
    }
  }

  /**
   * {@code accounts}: the account table (each id once, without the hidden columns); {@code reports} the reports of
   * the window, {@code reportsByPlatform} whether they name a platform.
   */
  Result run(TextPass.Result posts, TextPass.Result accounts, SubjectRules postRules, SubjectRules accountRules,
      Dataset<Row> accountTable, Dataset<Row> reports, boolean reportsByPlatform, List<OverrideEntry> entries) {
    // The report aggregates are read only by where predicates (reports.x): when no rule of either subject reads them
    // they are neither computed nor joined (no read of the reports, no shuffle of every account's facts).
    boolean postsReadReports = readsReports(postRules);
    boolean accountsReadReports = readsReports(accountRules);
    Dataset<Row> reportAgg = !postsReadReports && !accountsReadReports ? null
        : ReportCounts.of(reports, accountTable, rules.policy().reportGuard(), reportsByPlatform)
            .persist(StorageLevel.MEMORY_AND_DISK());
    boolean broadcast = reportAgg != null && ReportCounts.fitsBroadcast(reports);
    Dataset<Row> postCandidates = withAccounts(posts.candidateRows().withColumn("post", col("subject")),
        accountTable);
    if (postsReadReports) {
      postCandidates = withReports(postCandidates, reportAgg, "post", "post.post_id", reportsByPlatform, broadcast);
    }
    postCandidates = claimHits(postCandidates, postRules, "post.post_id");
    SemanticJoin semantic = new SemanticJoin(spark, settings.semantic(), out);
    postCandidates = semantic.attach(postCandidates, postRules, "post.post_id");
    Dataset<Row> accountCandidates = accounts.candidateRows().withColumn("account", col("subject"));
    if (accountsReadReports) {
      accountCandidates = withReports(accountCandidates, reportAgg, "account", "account.account_id",
          reportsByPlatform, broadcast);
    }
    accountCandidates = claimHits(accountCandidates, accountRules, "account.account_id");
    accountCandidates = semantic.attach(accountCandidates, accountRules, "account.account_id");
    List<Dataset<Row>> cached = new ArrayList<>();
    Dataset<Row> findings = decide(postCandidates, postRules, posts.subjectType())
        .unionByName(decide(accountCandidates, accountRules, accounts.subjectType()));
    if (shadow) {
      findings = findings.withColumn("rule_status",
          when(col("rule_status").equalTo("active"), lit("shadow")).otherwise(col("rule_status")));
    }
    long count = -1;
    Policy.Reposts reposts = rules.policy().reposts();
    if (reposts.categories().isEmpty()) {
      findings = findings.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(findings);
    } else {
      findings = withReposts(findings, posts, postRules, reposts, cached);
      count = findings.count();
    }
    // Overrides (appeals) apply to every finding, repost links included.
    OverrideStage overrides = new OverrideStage(entries);
    Dataset<Row> unoverridden = findings;
    // Without overrides apply returns the (already cached) findings: caching them again only makes Spark warn.
    Dataset<Row> applied = overrides.apply(spark, findings);
    if (applied != findings) {
      findings = applied.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(findings);
      count = -1;
    }
    if (count < 0) {
      // One job fills the cache and counts it; without overrides the count of the repost union above is this one.
      count = findings.count();
    }
    if (reportAgg != null) {
      reportAgg.unpersist();
    }
    return new Result(findings, unoverridden, count, overrides, semantic, List.copyOf(cached));
  }

  /**
   * The direct findings and the reposts linked to them ({@link RepostLinks}: one join of the links the pass kept; only
   * their own words are read again). The join reads the direct findings twice beside the union's own read, so they
   * are kept once ({@link #kept}: no plan for Spark's cache lookup to miss, no conversion to Java rows and back, no
   * columnar cache built a second time for the union), and so are the few repost findings; the union's first job
   * fills both.
   */
  private Dataset<Row> withReposts(Dataset<Row> direct, TextPass.Result posts, SubjectRules postRules,
      Policy.Reposts reposts, List<Dataset<Row>> cached) {
    Dataset<Row> links = posts.rows().filter(col("repost").isNotNull()).select(col("repost.*"));
    if (unionCached) {
      // As before find13: the direct findings cached, read through a plan-less relation of Java rows (the cache
      // lookup missed their plan's copies), and the union cached again. For the test comparing the two.
      Dataset<Row> persisted = direct.persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> rows = spark.createDataFrame(persisted.javaRDD(), persisted.schema());
      Dataset<Row> union = rows.unionByName(RepostLinks.findings(links, rows, reposts, postRules, global))
          .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(union);
      union.count();
      persisted.unpersist();
      return union;
    }
    Dataset<Row> kept = kept(direct, cached);
    // Few candidates, few post findings: their keys are broadcast and the links cross no exchange.
    Dataset<Row> linked = !linksShuffled && posts.candidates() <= settings.sweep().repostBroadcastMaxCandidates()
        ? RepostLinks.broadcastFindings(links, kept, reposts, postRules, global, runId)
        : RepostLinks.findings(links, kept, reposts, postRules, global);
    return kept.unionByName(kept(linked, cached));
  }

  /** The stage with the repost links shuffled whatever the candidates' count (as before find14), for tests. */
  FindingsStage shufflingTheLinks() {
    linksShuffled = true;
    return this;
  }

  /** The stage as it was before find13 (the direct findings and their union with the reposts cached apart). */
  FindingsStage cachingTheUnion() {
    unionCached = true;
    return this;
  }

  /**
   * {@code rows} kept as the rows their plan produces, computed by the first job that reads them and stored by Spark's
   * block manager (memory and disk); later plans scan them as they are, a relation without a plan. This is what {@code
   * Dataset.localCheckpoint} builds, except that the lineage stays: a block lost with an executor is computed again
   * instead of failing the sweep. Added to {@code cached}, released by {@link Result#unpersist}.
   */
  static Dataset<Row> kept(Dataset<Row> rows, List<Dataset<Row>> cached) {
    org.apache.spark.sql.classic.Dataset<Row> plan = (org.apache.spark.sql.classic.Dataset<Row>) rows;
    // Copied: the plan's operators reuse one row object per task.
    RDD<InternalRow> stored = plan.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).rdd()
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> kept = org.apache.spark.sql.classic.Dataset$.MODULE$.ofRows(plan.sparkSession(),
        LogicalRDD$.MODULE$.fromDataset(stored, plan, false));
    cached.add(kept);
    return kept;
  }

  /** Releases a persisted dataset, or the stored rows of one {@link #kept}. */
  static void release(Dataset<Row> rows) {
    if (rows.queryExecution().logical() instanceof LogicalRDD kept) {
      kept.rdd().unpersist(false);
    } else {
      rows.unpersist();
    }
  }

  /** The stage as it was before the thin subject (every field carried to the decision), for the test comparing them. */
  FindingsStage carryingWholeSubjects() {
    wholeSubjects = true;
    return this;
  }

  void close() {
    claimJoins.forEach(ClaimJoin::close);
  }

  /**
   * Post candidates with the struct {@code account} of their author: the account table is first cut to the accounts the
   * candidates name (a semi-join on their keys), so only those are shuffled or broadcast, never every account.
   */
  private Dataset<Row> withAccounts(Dataset<Row> candidates, Dataset<Row> accountTable) {
    Dataset<Row> keys = candidates.select(col("post.account_id").as("_k"), col("post.platform").as("_kp")).distinct();
    Dataset<Row> needed = accountTable.join(keys, Sweep.sameSubject(col("account_id"), col("_k"), col("platform"),
        col("_kp"), global), "left_semi");
    return candidates.join(needed.select(struct(col("*")).as("account"), col("account_id").as("_account_key"),
            col("platform").as("_account_platform")),
        Sweep.sameSubject(col("post.account_id"), col("_account_key"), col("post.platform"), col("_account_platform"),
            global), "left");
  }

  /** Whether a where predicate of {@code rules} reads a column of the report aggregates ({@code reports.x}). */
  static boolean readsReports(SubjectRules rules) {
    return rules.compiled().whereColumns().stream().flatMap(List::stream).anyMatch(c -> c.startsWith("reports."));
  }

  /**
   * Candidates with the struct {@code reports} (distinct reporters, raw reports; zeros for none). With {@code
   * broadcast} (the reports fit Spark's broadcast threshold) the aggregates are broadcast, so the candidates, already
   * shuffled by author for their accounts, are not shuffled and sorted a second time by their own key.
   */
  static Dataset<Row> withReports(Dataset<Row> candidates, Dataset<Row> reportAgg, String kind, String key,
      boolean reportsByPlatform, boolean broadcast) {
    Column noReports = struct(lit(0L).as("distinct_reporters"), lit(0L).as("raw_reports"));
    Dataset<Row> aggregates = reportAgg.filter(col("target_kind").equalTo(kind)).select(col("target_id")
        .as("_report_key"), col("platform").as("_report_platform"),
        struct(col("distinct_reporters"), col("raw_reports")).as("_reports"));
    return candidates.join(broadcast ? org.apache.spark.sql.functions.broadcast(aggregates) : aggregates,
            Sweep.sameSubject(col(key), col("_report_key"), col(kind + ".platform"), col("_report_platform"),
                !reportsByPlatform), "left")
        .withColumn("reports", coalesce(col("_reports"), noReports));
  }

  /**
   * The candidates with the hits of the banded join ({@link ClaimJoin}) in a {@code joined} column, when some
   * similar-to leaf of {@code rules} is joined; else the candidates unchanged.
   */
  private Dataset<Row> claimHits(Dataset<Row> candidates, SubjectRules rules, String key) {
    if (rules.compiled().joinedLeaves().isEmpty()) {
      return candidates;
    }
    ClaimJoin join = new ClaimJoin(spark, rules);
    claimJoins.add(join);
    Dataset<Row> hits = join.hits(candidates.select(col(key).as("key"), col("pending")))
        .withColumnRenamed("key", "_claim_key");
    return candidates.join(hits, col(key).equalTo(col("_claim_key")), "left");
  }

  /** The decision step over candidates in {@link StageSchemas#decideV1}, named column by named column. */
  private Dataset<Row> decide(Dataset<Row> candidates, SubjectRules rules, StructType type) {
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
    // Only the subject's fields the decision reads: Spark then prunes the rest (a post's text, title, tags and links)
    // from the rows the joins before it shuffle and sort, as it does the account's fields no predicate reads.
    StructType thin = new StructType();
    List<Column> thinFields = new ArrayList<>();
    for (String f : wholeSubjects ? List.of(type.fieldNames()) : DecidePass.subjectFields(rules.subject())) {
      thin = thin.add(type.apply(f));
      thinFields.add(col("subject." + f).as(f));
    }
    Dataset<Row> input = candidates.select(struct(thinFields.toArray(Column[]::new)).as("subject"), col("candidates"),
        col("leaves"), col("hits"),
        where.isEmpty() ? lit(new boolean[0]).as("where") : array(where.toArray(Column[]::new)).as("where"),
        values.isEmpty() ? array().cast("array<string>").as("values")
            : array(values.toArray(Column[]::new)).as("values"),
        Arrays.asList(candidates.columns()).contains("joined") ? col("joined")
            : lit(null).cast(DataTypes.createArrayType(TextMatch.HIT)).as("joined"));
    DecidePass pass = new DecidePass(rules, thin, List.copyOf(valueColumns), runId, global);
    if (javaRows) {
      return input.flatMap(pass, Encoders.row(OutputSchemas.FINDING_V1));
    }
    // Over the plan's own rows: no conversion of each candidate to a Java row and of each finding back (about a
    // seventh of the stage's executor time at 5M). The findings are a relation without a plan, as the kept ones are.
    org.apache.spark.sql.classic.Dataset<Row> plan = (org.apache.spark.sql.classic.Dataset<Row>) input;
    RDD<InternalRow> found = plan.queryExecution().toRdd().toJavaRDD().mapPartitions(pass::decidePartition).rdd();
    return plan.sparkSession().internalCreateDataFrame(found, OutputSchemas.FINDING_V1, false);
  }

  /** The stage with the decision over Java rows (a flatMap through Spark's row encoders, as before decide15), for tests. */
  FindingsStage decidingOnJavaRows() {
    javaRows = true;
    return this;
  }
}
