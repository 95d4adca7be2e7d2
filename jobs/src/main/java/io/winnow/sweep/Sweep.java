package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.ledger.Ledger;
import io.winnow.model.Policy;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.run.Csv;
import io.winnow.run.InputFile;
import io.winnow.run.Manifest;
import io.winnow.run.OutputFiles;
import io.winnow.run.OutputSchemas;
import io.winnow.run.RunCommitter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A sweep, as the list of its stages ({@link #run}), each handing the next a typed result:
 * <ol>
 *   <li>schema check: the window's files listed, footers checked, duplicated ids found ({@link Duplicates});</li>
 *   <li>posts pass and accounts pass ({@link TextPass}): each table read once, quarantine reasons, the compiled matcher;
 *       keeps quarantined rows, candidates and repost links ({@link StageSchemas#passV1});</li>
 *   <li>findings ({@link FindingsStage}): account facts and report aggregates joined, the claim join, the decision
 *       with every predicate ({@link DecidePass}), repost links, overrides ({@link OutputSchemas#FINDING_V1});</li>
 *   <li>policy ({@link PolicyStage}): actions ({@link OutputSchemas#ACTION_V1}), counts, the blast-radius guard;</li>
 *   <li>write: every registered {@link RunOutput} in order ({@link RunOutputs#shipped});</li>
 *   <li>commit: the manifest, then the atomic commit ({@link RunCommitter}).</li>
 * </ol>
 * Each stage's wall time, CPU time and rows go to the result and the manifest. Configure, then {@link #execute()}.
 */
public final class Sweep {
  private final SparkSession spark;
  private final Settings settings;
  private final RuleSet rules;
  private final SweepRequest request;
  private final Consumer<String> progress;
  private final List<RunOutput> outputs;

  public Sweep(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request, Consumer<String> progress) {
    this(spark, settings, rules, request, progress, RunOutputs.shipped());
  }

  /** A sweep that writes {@code outputs} (in this order; see {@link RunOutput}) instead of the shipped ones. */
  public Sweep(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request, Consumer<String> progress,
      List<RunOutput> outputs) {
    List<RunOutput> all = new ArrayList<>(outputs);
    if (request.ledger()) {
      all.add(new LedgerStage());
    }
    RunOutputs.checkNames(all);
    this.outputs = List.copyOf(all);
    this.spark = spark;
    this.settings = settings;
    this.rules = rules;
    this.request = request;
    this.progress = progress;
  }

  /**
   * With --ledger, the ledger stage starts from {@code snapshot} (an incremental plan's read) when the ledger has not
   * moved by the time the run holds its lock, instead of reading it again.
   */
  Sweep startingFrom(io.winnow.ledger.LedgerSnapshot snapshot) {
    if (ledger() != null) {
      ledger().startFrom(snapshot);
    }
    return this;
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
    if (request.partitions() != null) {
      reader.onlyPartitions(request.partitions());
    }
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
      JitAfterPasses.sweepDone(progress);
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

  /** The inputs as the stages read them: each id once, the duplicates found, the window's reports. */
  private record Inputs(Dataset<Row> postsRead, Dataset<Row> accountsRead, Dataset<Row> accounts,
      Dataset<Row> reports, Duplicates postDuplicates, Duplicates accountDuplicates, List<String> warnings) {}

  /**
   * The actions of the policy, their counts, and the actions the overrides suppressed per subject; {@code unguarded}:
   * the policy whose blast-radius guard waits for the counts taken as the actions are written, else null.
   */
  private record Decisions(Dataset<Row> actions, List<SweepResult.Count> counts, Map<String, Long> suppressed,
      List<SweepResult.Count> alreadyInForce, PolicyStage unguarded) {}

  /** The rules of each subject, compiled once and handed to every stage with the same join threshold. */
  private record Compiled(SubjectRules posts, SubjectRules accounts) {}

  /** A sweep, stage by stage; each stage's time, CPU and rows are recorded by {@link StageClock}. */
  private SweepResult run(RunContext context, Instant started, RunCommitter committer, ArchiveReader reader) {
    StageClock clock = new StageClock(progress);
    Inputs inputs = readInputs(reader, clock);                                            // schema check
    Compiled compiled = compile();
    TextPass.Result posts = postsPass(inputs, compiled.posts(), clock);                   // posts pass
    JitAfterPasses.passesDone(settings.spark(), posts.candidates(), progress);
    TextPass.Result accounts = accountsPass(inputs, compiled.accounts(), clock);          // accounts pass
    QuarantineCheck quarantined = quarantineCheck(reader, posts, accounts);
    FindingsStage findingsStage = new FindingsStage(spark, settings, rules, context.runId(), request.out(),
        request.shadow());
    FindingsStage.Result findings = findings(findingsStage, reader, inputs, posts, accounts, compiled,
        clock);                                                                           // findings
    Decisions decisions = policy(context, committer, findings, clock);                    // policy
    Map<String, Map<String, Object>> prepared = write(context, reader, posts, accounts, findings, decisions,
        clock);                                                                           // write
    commit(context, committer, started, reader, inputs, posts, accounts, quarantined, findings, decisions,
        prepared, clock);                                                                 // commit
    JitAfterPasses.sweepDone(progress);
    List<String> warnings = committed(context, inputs.warnings());
    findings.unpersist();
    decisions.actions().unpersist();
    findingsStage.close();
    findings.semantic().close();
    posts.unpersist();
    accounts.unpersist();
    inputs.accountsRead().unpersist();
    inputs.postDuplicates().close();
    inputs.accountDuplicates().close();
    return new SweepResult(context.runId(), committer.target().toString(), rules.hash(), tables(posts, accounts),
        findings.count(), decisions.counts(), inOrder(clock.millis()), List.copyOf(warnings),
        inOrder(clock.cpuMillis()), inOrder(clock.rows()), ledger() == null ? null : ledger().counts());
  }

  private Compiled compile() {
    Broadcast<RuleSet> broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rules);
    int joinAbove = settings.similarTo().joinAboveClaims();
    return new Compiled(new SubjectRules(broadcast, Subject.POST, joinAbove),
        new SubjectRules(broadcast, Subject.ACCOUNT, joinAbove));
  }

  /** The quarantine's limit checked on both passes; the rows read settled against the files' footers. */
  private QuarantineCheck quarantineCheck(ArchiveReader reader, TextPass.Result posts, TextPass.Result accounts) {
    QuarantineCheck quarantined = new QuarantineCheck(settings.quarantine().maxRate());
    quarantined.add(ArchiveSchema.POSTS, posts.accounting(), posts.rows());
    quarantined.add(ArchiveSchema.ACCOUNTS, accounts.accounting(), accounts.rows());
    quarantined.check();
    reader.settle(ArchiveSchema.POSTS, posts.accounting().read());
    reader.settle(ArchiveSchema.ACCOUNTS, accounts.accounting().read());
    return quarantined;
  }

  /** Findings: the candidates of both passes with their facts, decided; repost links; overrides. */
  private FindingsStage.Result findings(FindingsStage stage, ArchiveReader reader, Inputs inputs,
      TextPass.Result posts, TextPass.Result accounts, Compiled compiled, StageClock clock) {
    FindingsStage.Result findings = stage.run(posts, accounts, compiled.posts(), compiled.accounts(),
        inputs.accounts(), inputs.reports(), !settings.sweep().idsGlobal() && reader.reportsHavePlatform(),
        overrides());
    clock.lap("findings", findings.count(), findings.count() + " findings");
    if (findings.semantic().ran()) {
      progress.accept(findings.semantic().summary(posts.accounting().evaluated()));
    }
    return findings;
  }

  /** Each output told that the run committed; what fails there is a warning, the run stays committed. */
  private List<String> committed(RunContext context, List<String> earlier) {
    List<String> warnings = new ArrayList<>(earlier);
    for (RunOutput output : outputs) {
      try {
        output.committed(context);
      } catch (RuntimeException e) {
        warnings.add("output " + output.name() + " after the commit: " + ArchiveReader.firstLine(e));
        progress.accept("warning: output " + output.name() + " after the commit: " + ArchiveReader.firstLine(e));
      }
    }
    return warnings;
  }

  /** With --ledger, the ledger output, which also feeds the policy (prior strikes, actions in force); else null. */
  private LedgerStage ledger() {
    return outputs.stream().filter(LedgerStage.class::isInstance).map(LedgerStage.class::cast).findFirst()
        .orElse(null);
  }

  /** An unmodifiable copy that keeps the stages' order. */
  private static Map<String, Long> inOrder(Map<String, Long> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Schema check: the window's files listed and their footers read, the tables' duplicated ids found. */
  private Inputs readInputs(ArchiveReader reader, StageClock clock) {
    boolean global = settings.sweep().idsGlobal();
    Dataset<Row> postsRead = reader.posts(request.from(), request.to());
    // The account snapshot is read four times (duplicates, accounts pass, report guard, candidates' authors). From the
    // archive's Parquet each read takes only its columns, and that costs less than building Spark's compressed column
    // cache of every column (a third of the schema check's executor time at 5M, in JFR); other sources are persisted.
    Dataset<Row> accountsRead = reader.fromSource(ArchiveSchema.ACCOUNTS)
        ? reader.accounts().persist(StorageLevel.MEMORY_AND_DISK()) : reader.accounts();
    Dataset<Row> reports = reader.reports(request.from(), request.to());
    int maxIds = settings.sweep().maxDuplicateIds();
    Duplicates postDuplicates = Duplicates.find(postsRead, ArchiveSchema.POSTS, "post_id", global, maxIds);
    Duplicates accountDuplicates = Duplicates.find(accountsRead, ArchiveSchema.ACCOUNTS, "account_id", global,
        maxIds);
    // The account table as later stages see it: each id once, without the hidden file and row columns.
    Dataset<Row> accounts = accountDuplicates.drop(accountsRead).drop(ArchiveReader.FILE, ArchiveReader.ROW);
    List<String> warnings = warnings(reader, postDuplicates, accountDuplicates);
    warnings.forEach(w -> progress.accept("warning: " + w));
    clock.lap("schema check", reader.files().stream().mapToLong(f -> Math.max(0, f.rows())).sum(), "archive " + request.archive()
        + ": " + reader.files().size() + " files in the window" + (reader.skipped().isEmpty() ? ""
        : ", " + reader.skipped().size() + " entries skipped (see the summary)"));
    return new Inputs(postsRead, accountsRead, accounts, reports, postDuplicates, accountDuplicates, warnings);
  }

  /** Posts pass: every post of the window read once; quarantined rows, candidates and repost links kept. */
  private TextPass.Result postsPass(Inputs inputs, SubjectRules rules, StageClock clock) {
    StructType canonical = inputs.postsRead().drop(ArchiveReader.FILE, ArchiveReader.ROW).schema();
    TextPass.Result pass = TextPass.run(inputs.postDuplicates().mark(inputs.postsRead()), canonical, rules, settings,
        !this.rules.policy().reposts().categories().isEmpty());
    clock.lap("posts pass", pass.accounting().read(), "posts: " + pass.accounting().read() + " rows read, "
        + pass.accounting().quarantined() + " quarantined, " + pass.candidates() + " candidates");
    return pass;
  }

  /** Accounts pass: every account row read once for the match (the findings stage reads the columns it joins again). */
  private TextPass.Result accountsPass(Inputs inputs, SubjectRules rules, StageClock clock) {
    TextPass.Result pass = TextPass.run(inputs.accountDuplicates().mark(inputs.accountsRead()),
        inputs.accounts().schema(), rules, settings, false);
    clock.lap("accounts pass", pass.accounting().read(), "accounts: " + pass.accounting().read() + " rows read, "
        + pass.accounting().quarantined() + " quarantined");
    return pass;
  }

  /** Policy: actions from the findings, their counts, the blast-radius guard, the actions overrides suppressed. */
  private Decisions policy(RunContext context, RunCommitter committer, FindingsStage.Result findings,
      StageClock clock) {
    LocalDate decisionDate = context.decisionDate();
    if (isCommitted(committer)) {
      progress.accept("note: run " + context.runId() + " is committed already; this sweep replaces it when it commits "
          + "(same decision date, " + decisionDate + ")");
    }
    PolicyStage policy = new PolicyStage(rules.policy(), context.runId(), rules.hash(), request.to(), decisionDate,
        settings.sweep().idsGlobal());
    LedgerStage ledger = ledger();
    if (ledger != null) {
      policy.withPrior(ledger.prior());
    }
    // The actions are decided and counted in the job that first computes them ({@link ActionTally}): no job of their
    // own counts them, and the blast-radius guard runs once they are staged, before the manifest (nothing is committed
    // either way). Without the ledger that is the actions' writer's job, and the suppressed actions' join reads an
    // uncounted copy. With it an action already in force (an equal or stronger one on the subject) is not issued
    // again: the flagged actions are counted on both sides as the job that first fills their cache (the ledger's
    // split persists them) computes them, the writer's or the suppressed actions' join's; a later read of the cache
    // adds nothing.
    ActionTally tally = new ActionTally();
    spark.sparkContext().register(tally); // unnamed: its per-partition maps stay out of the UI and the event log
    Dataset<Row> counted = policy.actionsCounted(findings.findings(), tally);
    Map<String, Long> suppressed = findings.overrides().findingsCovered().isEmpty() ? Map.of()
        : suppressedActions(policy.actions(findings.unoverridden()),
            ledger == null ? policy.actions(findings.findings()) : counted);
    clock.lap("policy", 0, "actions decided and counted as they are written" + (suppressed.isEmpty() ? "" : ", "
        + suppressed.values().stream().mapToLong(Long::longValue).sum() + " suppressed by overrides"));
    return ledger == null ? new Decisions(counted, tally.written(), suppressed, null, policy)
        : new Decisions(ledger.issued(counted), tally.written(), suppressed, tally.alreadyInForce(), policy);
  }

  /** Write: every registered output, in order, then each one's prepareCommit (see {@link RunOutput}). */
  private Map<String, Map<String, Object>> write(RunContext context, ArchiveReader reader, TextPass.Result posts,
      TextPass.Result accounts, FindingsStage.Result findings, Decisions decisions, StageClock clock) {
    SweepOutputs results = new SweepOutputs(decisions.actions(), findings.findings(), findings.count(),
        quarantine(posts.rows(), "posts", "post_id").unionByName(quarantine(accounts.rows(), "accounts", "account_id")),
        decisions.counts(), tables(posts, accounts), postPartitions(reader),
        decisions.alreadyInForce());
    long written = 0;
    for (RunOutput output : outputs) {
      long rows = output.write(context, results);
      clock.rows("write " + output.name(), rows);
      written += rows;
    }
    String actions = "";
    if (decisions.unguarded() != null) {
      // The actions were counted as they were written: the guard and the policy's rows come now, before anything
      // lives outside the run (prepareCommit) and before the manifest.
      decisions.unguarded().checkBlastRadius(decisions.counts());
      long total = decisions.counts().stream().mapToLong(SweepResult.Count::actions).sum();
      clock.rows("policy", total);
      actions = total + " actions, ";
    }
    // Outputs that live outside the run make themselves durable before the manifest that records them.
    Map<String, Map<String, Object>> prepared = new LinkedHashMap<>();
    for (RunOutput output : outputs) {
      Map<String, Object> entries = output.prepareCommit(context);
      if (!entries.isEmpty()) {
        prepared.put(output.name(), entries);
      }
    }
    clock.lap("write", written, actions + "outputs staged");
    return prepared;
  }

  /** Commit: the manifest (every output file with rows and SHA-256) written into staging, then the atomic commit. */
  private void commit(RunContext context, RunCommitter committer, Instant started, ArchiveReader reader,
      Inputs inputs, TextPass.Result posts, TextPass.Result accounts, QuarantineCheck quarantined,
      FindingsStage.Result findings, Decisions decisions, Map<String, Map<String, Object>> prepared,
      StageClock clock) {
    FileSystem fs = committer.fs();
    Path staging = committer.staging();
    List<OutputFiles.OutputFile> files = OutputFiles.list(fs, spark.sparkContext().hadoopConfiguration(), staging);
    if (decisions.unguarded() != null) {
      checkCountedAsWritten(decisions.counts(), files);
    }
    Map<String, List<String>> duplicates = new LinkedHashMap<>();
    duplicates.put(ArchiveSchema.POSTS, inputs.postDuplicates().examples());
    duplicates.put(ArchiveSchema.ACCOUNTS, inputs.accountDuplicates().examples());
    if (findings.semantic().ran()) {
      prepared.put("semantic", findings.semantic().manifest(posts.accounting().evaluated()));
    }
    Manifest manifest = manifest(context.runId(), started, Instant.now(), reader, tables(posts, accounts),
        findings.count(), decisions.counts(), files, quarantined.perPartition(), clock, context.decisionDate(),
        duplicates, quarantined.manifest(), findings.overrides().manifest(decisions.suppressed()), prepared);
    SweepResult.LedgerCounts ledgerCounts = ledger() == null ? null : ledger().counts();
    if (ledgerCounts != null) {
      progress.accept("ledger: version " + ledgerCounts.writtenVersion() + " written (read "
          + ledgerCounts.readVersion() + "), " + prepared.get(Ledger.DIR).get("entries") + ", already in force "
          + ledgerCounts.alreadyInForce() + ", reversals " + ledgerCounts.reversals());
    }
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
    clock.lap("commit", files.size(), "committed " + committer.target());
  }

  /**
   * The actions counted as they were written are the rows of the action files' footers: a partition computed twice
   * and counted twice would stop the run here, before the manifest records the counts.
   */
  private static void checkCountedAsWritten(List<SweepResult.Count> counts, List<OutputFiles.OutputFile> files) {
    long counted = counts.stream().mapToLong(SweepResult.Count::actions).sum();
    long written = files.stream().filter(f -> f.path().startsWith("actions/")).mapToLong(OutputFiles.OutputFile::rows)
        .sum();
    if (counted != written) {
      throw new IllegalStateException("the actions counted as they were written (" + counted + ") are not the rows "
          + "of the action files (" + written + "); nothing committed");
    }
  }

  /** The posts partitions ({@code dt=D/platform=P}) the sweep read, from the files it listed. */
  private static java.util.SortedSet<String> postPartitions(ArchiveReader reader) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    reader.files().stream().filter(f -> f.table().equals(ArchiveSchema.POSTS)).forEach(f -> out.add(f.partition()));
    return out;
  }

  private static Map<String, SweepResult.TableAccounting> tables(TextPass.Result posts, TextPass.Result accounts) {
    Map<String, SweepResult.TableAccounting> tables = new LinkedHashMap<>();
    tables.put(ArchiveSchema.POSTS, posts.accounting());
    tables.put(ArchiveSchema.ACCOUNTS, accounts.accounting());
    return tables;
  }

  /** Why a row (the struct column {@code subject}) cannot be evaluated, or null; winnow import uses the same reasons. */
  public static Column quarantineReason(Subject subject, List<String> textFields, int maxText,
      Settings.QuarantineSettings quarantine) {
    return TextPass.quarantineReason(subject, textFields, maxText, quarantine);
  }

  private static Dataset<Row> quarantine(Dataset<Row> pass, String table, String idField) {
    return pass.filter(col("reason").isNotNull()).select(
        lit(table).as("table"), col("subject." + idField).as("row_id"), col("reason"),
        table.equals("posts") ? col("subject.dt") : lit(null).cast("string").as("dt"),
        col("subject.platform").as("platform"), to_json(col("subject")).as("row_json"))
        .toDF(OutputSchemas.QUARANTINE_V1.fieldNames());
  }

  private Manifest manifest(String runId, Instant started, Instant ended, ArchiveReader reader,
      Map<String, SweepResult.TableAccounting> tables, long findings, List<SweepResult.Count> counts,
      List<OutputFiles.OutputFile> outputs, Map<String, Long> quarantinedPerPartition, StageClock clock,
      LocalDate decisionDate, Map<String, List<String>> duplicates, Object quarantine, Object overrides,
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
        new LinkedHashMap<>(clock.millis()), new LinkedHashMap<>(clock.rows()), outputs, decisionDate.toString(),
        reader.skipped().stream().map(k -> new Manifest.SkippedInput(k.table(), k.path(), k.reason())).toList(),
        duplicates, Manifest.tree(quarantine), Manifest.tree(overrides), actionsPerCategoryAction(counts),
        extensions);
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
    try {
      // The one reader of run directories: a committed run's manifest (its _SUCCESS matching it), as the typed record.
      io.winnow.run.RunDirectory earlier = io.winnow.run.RunDirectory.open(spark.sparkContext().hadoopConfiguration(),
          committer.target().toString());
      if (earlier.committed()) {
        String date = earlier.committedRecord().decisionDate();
        if (date != null) {
          return LocalDate.parse(date);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No earlier run, or an unreadable or uncommitted one: decide today, as a new run would.
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
