package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import io.winnow.JobFailure;
import io.winnow.UserError;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSchema;
import io.winnow.ledger.LedgerSnapshot;
import io.winnow.ledger.PriorState;
import io.winnow.ledger.RunEntries;
import io.winnow.run.RunLock;
import io.winnow.archive.ArchiveSchema;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.Subject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The enforcement ledger as a run output ({@code winnow sweep --ledger}). {@link #open} takes the ledger's writer lock
 * (a second sweep on the same OUT stops at once) and reads the prior state, answering upheld appeals with reversals
 * first; the sweep's policy counts that state's strikes ({@link #prior}) and issues only actions not already in force
 * ({@link #issued}); {@link #write} builds this run's entries and {@link #prepareCommit} commits them to the Delta
 * table before the run itself is committed, returning what the manifest records. The lock is released after the
 * run's commit or when it fails.
 */
final class LedgerStage implements RunOutput {
  /** The lock's name under OUT/runs/.locks/: a run id never starts with a dot, so no run shares it. */
  static final String LOCK = ".ledger";

  private Ledger ledger;
  private LedgerSnapshot handedOver;
  private RunLock lock;
  private PriorState prior;
  private RunEntries entries;
  private Dataset<Row> run;
  private Map<String, Long> alreadyInForce = Map.of();
  /** The policy's actions flagged in force or not (persisted by the split), unpersisted at the end. */
  private Dataset<Row> flagged;
  private SweepResult.LedgerCounts counts;
  /** The post rule versions this run evaluates ("id vN") and the partitions it read, for the watermarks. */
  private List<String> ruleVersions = List.of();
  private List<String> partitionsRead = List.of();
  private long postsEvaluated;
  private long rows;
  private List<Row> hashes = List.of();
  /** This run's entries written by {@link #write} for the append {@link #prepareCommit} commits; null: not staged. */
  private Ledger.Staged staged;
  private Ledger.Compaction compaction;

  @Override
  public String name() {
    return Ledger.DIR;
  }

  @Override
  public void open(RunContext context) {
    ledger = Ledger.at(context.spark(), context.out().toString(), context.settings().ledger());
    try {
      lock = RunLock.acquire(context.fs(), new Path(context.out(), "runs"), LOCK,
          Duration.ofSeconds(context.settings().audit().lockLeaseSeconds()));
    } catch (JobFailure e) {
      // exit 2 as other refusals before any work: nothing was read or written, run again later.
      throw new UserError("the ledger " + ledger.path() + " is being written by another sweep; this sweep stopped "
          + "before reading it, nothing written. Run again when that sweep has finished (" + e.getMessage() + ")");
    }
    try {
      compactIfDue(context);
      read(context);
    } catch (RuntimeException e) {
      close(); // the sweep aborts only outputs whose open returned
      throw e;
    }
  }

  /**
   * Compacts the ledger before reading it every winnow.ledger.compact-every-versions versions: when the latest version
   * V has V + 1 a multiple of it (from the log's listing; counting the files would cost a Spark job every run).
   */
  private void compactIfDue(RunContext context) {
    int every = context.settings().ledger().compactEveryVersions();
    long version = ledger.version();
    if (every > 0 && version > 0 && (version + 1) % every == 0) {
      compaction = ledger.compact();
    }
  }

  private void read(RunContext context) {
    String file = context.settings().audit().overridesFile();
    List<OverrideEntry> overrides = file.isEmpty() ? List.of() : Overrides.load(java.nio.file.Path.of(file));
    List<RunEntries.Appeal> appeals = overrides.stream()
        .filter(o -> o.decision() == OverrideEntry.Decision.REINSTATE)
        .map(o -> new RunEntries.Appeal(o.subjectId(), o.platform(), o.ruleId(), o.ruleVersion(), String.join("|",
            o.subjectId(), String.valueOf(o.platform()), String.valueOf(o.ruleId()), String.valueOf(o.ruleVersion()),
            String.valueOf(o.date()), o.reviewer())))
        .toList();
    PriorState read = PriorState.of(snapshot(), context.runId(), context.request().to());
    entries = new RunEntries(context.spark(), read, context.rules().policy(),
        context.settings().ledger().strikeExpiryDays(), context.runId());
    prior = entries.answer(appeals);
    ruleVersions = context.rules().evaluated(Subject.POST).stream().map(r -> r.id() + " v" + r.version()).toList();
    SortedSet<String> partitions = context.request().partitions();
    if (partitions != null) {
      refuseEvaluatedMeanwhile(partitions, read);
    }
  }

  /**
   * The ledger as this run reads it, under its lock: the snapshot its incremental plan read when the ledger has not
   * moved since (same version, same committed runs) but for this run's compaction of that version (its files
   * rewritten, no entry changed), else a new read.
   */
  private LedgerSnapshot snapshot() {
    LedgerSnapshot given = handedOver;
    handedOver = null;
    if (given != null && compaction != null && given.version() >= 0
        && compaction.versionBefore() == given.version() && compaction.versionAfter() == given.version() + 1) {
      given = given.compactedTo(compaction.versionAfter());
    }
    if (given != null && given.ledger().path().equals(ledger.path()) && given.current()) {
      return given;
    }
    if (given != null) {
      given.close();
    }
    return LedgerSnapshot.read(ledger);
  }

  /**
   * Starts from {@code snapshot} (what the incremental plan read) instead of reading the ledger again, if it is still
   * current once this run holds the lock; this stage closes it.
   */
  void startFrom(LedgerSnapshot snapshot) {
    handedOver = snapshot;
  }

  /**
   * An incremental step planned before it held the ledger: a pair it would evaluate that a committed run evaluated
   * meanwhile (another incremental sweep between the plan and the lock) stops it, so no pair is evaluated twice.
   */
  private void refuseEvaluatedMeanwhile(SortedSet<String> partitions, PriorState read) {
    Map<String, Set<String>> done = read.watermarks();
    for (String rule : ruleVersions) {
      for (String p : done.getOrDefault(rule, Set.of())) {
        if (partitions.contains(p)) {
          throw new UserError("the incremental sweep planned to evaluate " + p + " with " + rule + ", which a "
              + "committed run of " + ledger.path() + " evaluated meanwhile (another sweep on this --out); this "
              + "sweep stopped before its pass, nothing written. Run it again to plan from the new watermarks");
        }
      }
    }
  }

  PriorState prior() {
    return prior;
  }

  /**
   * The actions this run issues: those not already in force (an equal or stronger action on the subject). The policy's
   * flagged actions are persisted here (the issued actions and the counts read them) and unpersisted at the end.
   */
  Dataset<Row> issued(Dataset<Row> actions) {
    RunEntries.Split split = entries.split(actions);
    flagged = split.flagged();
    return split.issued();
  }

  /** Builds this run's entries from the actions it issued; nothing is written into the run directory. */
  @Override
  public long write(RunContext context, SweepOutputs outputs) {
    // Watermarks: the layout's partitions read, each with every post rule version evaluated.
    partitionsRead = outputs.postPartitions().stream().filter(p -> p.startsWith("dt=")).toList();
    // Per category/action from the sweep's counts of them (no job of its own): taken as the actions were written, so
    // complete now that the actions output (first in RunOutputs.shipped) has written; read earlier, they fail.
    Map<String, Long> inForce = new TreeMap<>();
    for (SweepResult.Count c : outputs.alreadyInForce() == null ? List.<SweepResult.Count>of()
        : outputs.alreadyInForce()) {
      inForce.merge(c.category() + "/" + c.action(), c.actions(), Long::sum);
    }
    alreadyInForce = inForce;
    postsEvaluated = outputs.tables().get(ArchiveSchema.POSTS).evaluated();
    Dataset<Row> built = entries.entries(outputs.actions(), partitionsRead, ruleVersions);
    staged = oneFile(context, outputs) ? ledger.stageAppending(built, prior).orElse(null) : null;
    if (staged != null) {
      // One job wrote the entries' file of the append to come and gave each entry's hash (the manifest's digest).
      hashes = staged.hashes();
    } else {
      run = built.persist(StorageLevel.MEMORY_AND_DISK());
      // One job fills the copy the commit writes and gives each entry's hash (the manifest's digest) and their number.
      hashes = Ledger.hashes(run);
    }
    rows = hashes.size();
    return rows;
  }

  /**
   * Whether this run's entries go in one file of a plain append, known before they are built: no entries of an
   * earlier attempt to replace, no reversals (their number needs a job), and at most entries-per-file entries, bounded
   * by two per action issued (the action, and a strike or a state) and a watermark per partition and rule version.
   */
  private boolean oneFile(RunContext context, SweepOutputs outputs) {
    long issued = outputs.counts().stream().mapToLong(SweepResult.Count::actions).sum();
    long bound = 2 * issued + (long) partitionsRead.size() * ruleVersions.size();
    return !prior.holdsOwnEntries() && !entries.reverses() && bound <= context.settings().ledger().entriesPerFile();
  }

  /**
   * Commits this run's entries to the ledger (replacing any of an earlier attempt of the run id) and returns what the
   * manifest records: versions read and written, entries per kind with their hash, actions already in force,
   * reversals, and the strike expiry per category.
   */
  @Override
  public Map<String, Object> prepareCommit(RunContext context) {
    lock.checkHeld();
    int files = (int) Math.min(Integer.MAX_VALUE, (rows + context.settings().ledger().entriesPerFile() - 1)
        / context.settings().ledger().entriesPerFile());
    // A plain append unless an earlier attempt of this run id left entries (killed after the ledger's commit).
    long written = staged != null ? ledger.commitStaged(staged)
        : prior.holdsOwnEntries() ? ledger.commitReplacing(context.runId(), run, files)
        : ledger.commitAppending(run, files, prior);
    staged = null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", LedgerSchema.VERSION);
    m.put("path", Ledger.DIR);
    m.put("read_version", prior.readVersion());
    m.put("written_version", written);
    m.put("run_seq", prior.runSeq());
    if (compaction != null) {
      m.put("compacted", Map.of("version", compaction.versionAfter(), "files_before", compaction.filesBefore(),
          "files_after", compaction.filesAfter()));
    }
    m.put("as_of", prior.asOf().toString());
    // The digest of the rows just committed (persisted, the same rows the commit wrote, hashed when they were built);
    // audit verify recomputes it from the table at the version written.
    m.putAll(Ledger.digest(hashes));
    m.put("already_in_force", alreadyInForce);
    Map<String, Long> reversals = new TreeMap<>();
    for (Row r : hashes) {
      if (LedgerSchema.REVERSAL.equals(r.getString(0))) {
        reversals.merge(r.getString(1), 1L, Long::sum);
      }
    }
    m.put("reversals", reversals);
    Map<String, Integer> expiry = new TreeMap<>();
    for (CategoryPolicy c : context.rules().policy().categories().values()) {
      expiry.put(c.category(), c.strikeExpiryDays(context.settings().ledger().strikeExpiryDays()));
    }
    m.put("strike_expiry_days", expiry);
    Map<String, Object> evaluated = new LinkedHashMap<>();
    evaluated.put("incremental", context.request().partitions() != null);
    evaluated.put("partitions", partitionsRead);
    evaluated.put("rule_versions", ruleVersions);
    evaluated.put("posts_evaluated", postsEvaluated);
    m.put("watermarks", evaluated);
    counts = new SweepResult.LedgerCounts(prior.readVersion(), written, alreadyInForce, reversals);
    FaultInjection.pause(context.settings().testHooks().pauseAfterLedgerCommitMillis());
    return m;
  }

  SweepResult.LedgerCounts counts() {
    return counts;
  }

  @Override
  public void committed(RunContext context) {
    close();
  }

  @Override
  public void abort(RunContext context, Throwable cause) {
    if (staged != null) {
      ledger.discard(staged); // in no version; the next attempt's files are its own
      staged = null;
    }
    close();
  }

  private void close() {
    if (run != null) {
      run.unpersist();
    }
    if (flagged != null) {
      flagged.unpersist();
    }
    if (entries != null) {
      entries.close();
    }
    if (prior != null) {
      prior.close();
    }
    if (handedOver != null) {
      handedOver.close();
    }
    if (lock != null) {
      lock.close();
    }
  }
}
