package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import io.winnow.JobFailure;
import io.winnow.audit.OverrideEntry;
import io.winnow.config.Settings;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.PriorState;
import io.winnow.ledger.RunEntries;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.RuleSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A sweep's part in the enforcement ledger ({@code winnow sweep --ledger}): holds the ledger's writer lock from before
 * it reads until after it commits (a second sweep on the same OUT stops at once), reads the prior state for the
 * policy, leaves out actions already in force, and commits this run's entries before the run itself is committed.
 */
final class LedgerStage implements AutoCloseable {
  /** The lock's name under OUT/runs/.locks/: a run id never starts with a dot, so no run shares it. */
  static final String LOCK = ".ledger";

  private final SparkSession spark;
  private final Settings settings;
  private final RuleSet rules;
  private final String runId;
  private final Ledger ledger;
  private final RunLock lock;
  private final PriorState prior;
  private final RunEntries entries;
  private Map<String, Long> alreadyInForce = Map.of();

  /** {@code overrides}: the run's overrides; those that uphold an appeal are answered with reversals in this run. */
  LedgerStage(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request, FileSystem fs,
      List<OverrideEntry> overrides) {
    this.spark = spark;
    this.settings = settings;
    this.rules = rules;
    this.runId = request.runId();
    this.ledger = Ledger.at(spark, request.out());
    try {
      this.lock = RunLock.acquire(fs, new Path(request.out(), "runs"), LOCK,
          Duration.ofSeconds(settings.audit().lockLeaseSeconds()));
    } catch (JobFailure e) {
      throw new JobFailure("the ledger " + ledger.path() + " is being written by another sweep; this sweep stopped "
          + "before reading it, nothing written. Run again when that sweep has finished (" + e.getMessage() + ")");
    }
    try {
      PriorState read = PriorState.read(ledger, runId, request.to());
      this.entries = new RunEntries(spark, read, rules.policy(), settings.ledger().strikeExpiryDays(), runId);
      List<RunEntries.Appeal> appeals = overrides.stream()
          .filter(o -> o.decision() == OverrideEntry.Decision.REINSTATE)
          .map(o -> new RunEntries.Appeal(o.subjectId(), o.ruleId(), o.ruleVersion(), String.join("|", o.subjectId(),
              String.valueOf(o.ruleId()), String.valueOf(o.ruleVersion()), String.valueOf(o.date()), o.reviewer())))
          .toList();
      this.prior = entries.answer(appeals);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  PriorState prior() {
    return prior;
  }

  /** The actions this run issues: those not already in force (an equal or stronger action on the subject). */
  Dataset<Row> issued(Dataset<Row> actions) {
    RunEntries.Split split = entries.split(actions);
    alreadyInForce = RunEntries.perCategoryAction(split.alreadyInForce());
    return split.issued();
  }

  Map<String, Long> alreadyInForce() {
    return alreadyInForce;
  }

  /**
   * Commits this run's entries (from the actions it issued and the appeals it answered) to the
   * ledger, and returns what the manifest records of it: versions read and written, entries per kind with their hash,
   * actions already in force and reversals.
   */
  Map<String, Object> commit(Dataset<Row> issued) {
    lock.checkHeld();
    Dataset<Row> run = entries.entries(issued).persist(StorageLevel.MEMORY_AND_DISK());
    long written = ledger.commit(runId, run);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", io.winnow.ledger.LedgerSchema.VERSION);
    m.put("path", Ledger.DIR);
    m.put("read_version", prior.readVersion());
    m.put("written_version", written);
    m.put("run_seq", prior.runSeq());
    m.put("as_of", prior.asOf().toString());
    m.putAll(Ledger.digest(ledger.at(written).filter(col("run_id").equalTo(runId))));
    m.put("already_in_force", alreadyInForce);
    Map<String, Long> reversals = new TreeMap<>();
    for (Row r : run.filter(col("kind").equalTo("reversal")).groupBy("action").count().collectAsList()) {
      reversals.put(r.getString(0), r.getLong(1));
    }
    m.put("reversals", reversals);
    Map<String, Integer> expiry = new TreeMap<>();
    for (CategoryPolicy c : rules.policy().categories().values()) {
      expiry.put(c.category(), c.strikeExpiryDays(settings.ledger().strikeExpiryDays()));
    }
    m.put("strike_expiry_days", expiry);
    run.unpersist();
    FaultInjection.pause(settings.testHooks().pauseAfterLedgerCommitMillis());
    return m;
  }

  /** The as-of day: strikes count while they expire after it. */
  LocalDate asOf() {
    return prior.asOf();
  }

  @Override
  public void close() {
    prior.close();
    lock.close();
  }
}
