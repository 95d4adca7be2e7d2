package io.winnow.ledger;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the ledger knew before a run: the entries of committed runs other than this one, read at one version
 * ({@link #readVersion()}), as of the run's last day. Strikes count while they are unexpired and not removed by a
 * reversal (of their post's action, or of a ladder action that rested on them); an action is in force until reversed.
 */
public final class PriorState {
  private final long readVersion;
  private final long runSeq;
  final LocalDate asOf;
  private final Dataset<Row> entries;
  private final Dataset<Row> pendingReversals;
  private final LedgerSnapshot snapshot;
  private final boolean ownEntries;
  /** Whether the runs read committed any reversal (most ledgers hold none: reversals answer upheld appeals). */
  private final boolean priorReversals;
  private final Set<String> appealsAnswered;
  private final Set<String> runs;

  private PriorState(PriorState of, Dataset<Row> pendingReversals) {
    this.readVersion = of.readVersion;
    this.runSeq = of.runSeq;
    this.asOf = of.asOf;
    this.entries = of.entries;
    this.snapshot = of.snapshot;
    this.ownEntries = of.ownEntries;
    this.priorReversals = of.priorReversals;
    this.appealsAnswered = of.appealsAnswered;
    this.runs = of.runs;
    this.pendingReversals = pendingReversals;
  }

  private PriorState(LedgerSnapshot snapshot, String runId, LocalDate asOf) {
    this.snapshot = snapshot;
    this.asOf = asOf;
    this.readVersion = snapshot.version();
    Set<String> committed = new TreeSet<>(snapshot.committedRuns());
    committed.remove(runId);
    this.runs = committed;
    long seq = 0;
    boolean own = false;
    boolean reversals = false;
    Set<String> answered = new TreeSet<>();
    for (LedgerSnapshot.Summary s : snapshot.summary()) {
      own |= runId.equals(s.runId());
      if (committed.contains(s.runId())) {
        seq = s.runSeq() == null ? seq : Math.max(seq, s.runSeq());
        if (LedgerSchema.REVERSAL.equals(s.kind())) {
          reversals = true;
          if (s.appeal() != null) {
            answered.add(s.appeal());
          }
        }
      }
    }
    this.runSeq = seq + 1;
    this.ownEntries = own;
    this.priorReversals = reversals;
    this.appealsAnswered = answered;
    this.entries = snapshot.entriesOf(committed);
    this.pendingReversals = null;
  }

  /**
   * The state with this run's own reversals ({@link LedgerSchema} rows of kind reversal) already applied: the actions
   * they undo are no longer in force and the strikes those rested on no longer count, in this run's ladder too.
   * {@code reversals} null: this run answers no appeal.
   */
  public PriorState withPendingReversals(Dataset<Row> reversals) {
    return new PriorState(this, reversals);
  }

  /**
   * The ledger's committed entries at its latest version, without those of {@code runId} (which a re-run replaces):
   * the table is read once, persisted, and every later question of the run (watermarks, appeals answered, strikes,
   * actions in force) is asked of that copy.
   */
  public static PriorState read(Ledger ledger, String runId, LocalDate asOf) {
    return of(LedgerSnapshot.read(ledger), runId, asOf);
  }

  /**
   * What run {@code runId} knows of the ledger as {@code snapshot} read it: the entries of the runs committed then,
   * without its own. No Spark job: the snapshot's summary answers the run order, its own entries, the appeals answered.
   * Closing the state closes the snapshot.
   */
  public static PriorState of(LedgerSnapshot snapshot, String runId, LocalDate asOf) {
    return new PriorState(snapshot, runId, asOf);
  }

  /**
   * Whether the table read holds entries of the run id being run (an earlier attempt that committed to the ledger but
   * not its run directory): then its commit must replace them, else it is a plain append.
   */
  public boolean holdsOwnEntries() {
    return ownEntries;
  }

  /** The version read, -1 when the ledger did not exist yet. */
  public long readVersion() {
    return readVersion;
  }

  /** This run's place in the ledger's order of runs. */
  public long runSeq() {
    return runSeq;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public Dataset<Row> entries() {
    return entries;
  }

  /** The entries of one kind ({@link LedgerSchema}). */
  Dataset<Row> kind(String kind) {
    return entries.filter(col("kind").equalTo(kind));
  }

  /**
   * Action ids some reversal undid, this run's included; null when there are none (no prior reversal, no appeal
   * answered by this run), and the joins with it are left out. Reversals answer upheld appeals (each one a line of an
   * overrides file), so they are few beside the strikes and actions: the joins with them broadcast them rather than
   * shuffle the whole ledger.
   */
  Dataset<Row> reversed() {
    if (!priorReversals && pendingReversals == null) {
      return null;
    }
    Dataset<Row> done = kind(LedgerSchema.REVERSAL).select(col("reverses").as("_reversed"));
    if (pendingReversals != null) {
      done = done.unionByName(pendingReversals.select(col("reverses").as("_reversed")));
    }
    return broadcast(done.distinct());
  }

  /** Actions issued and not reversed by an earlier run (what this run's appeals may reverse). */
  Dataset<Row> reversible() {
    if (!priorReversals) {
      return kind(LedgerSchema.ACTION);
    }
    Dataset<Row> undone = broadcast(kind(LedgerSchema.REVERSAL).select(col("reverses").as("_reversed")));
    return kind(LedgerSchema.ACTION).join(undone,
        col("action_id").equalTo(col("_reversed")), "left_anti");
  }

  /** Actions issued and not reversed. */
  public Dataset<Row> inForce() {
    Dataset<Row> reversed = reversed();
    return reversed == null ? kind(LedgerSchema.ACTION)
        : kind(LedgerSchema.ACTION).join(reversed, col("action_id").equalTo(col("_reversed")), "left_anti");
  }

  /** The columns of {@link #accountRows}, in this order. */
  public static final List<String> ACCOUNT_ROWS = List.of("kind", "account_id", "platform", "category", "subject_kind",
      "subject_id", "action", "weight", "rules", "counts");

  /**
   * What the policy reads of the ledger, one account's rows beside its findings (one shuffle by account, no join):
   * every strike (kind strike; {@code counts} whether it counts as of the run's day: unexpired and not removed by a
   * reversal; the others still name a post that gives no strike again), and every action in force (kind action).
   * Columns {@link #ACCOUNT_ROWS}. A strike's and an action's account is its post's author, the account of the post's
   * findings.
   */
  public Dataset<Row> accountRows() {
    Dataset<Row> strikes = kind(LedgerSchema.STRIKE);
    Column counts = coalesce(col("expires").gt(lit(Date.valueOf(asOf))), lit(false));
    Dataset<Row> reversed = reversed();
    if (reversed != null) {
      // A strike of a reversed action, or one a reversed ladder action rested on, no longer counts.
      Dataset<Row> removedByAccount = broadcast(kind(LedgerSchema.ACTION)
          .join(reversed, col("action_id").equalTo(col("_reversed")))
          .select(col("platform").as("_rp"), col("category").as("_rc"), explode(col("strike_posts")).as("_rpost"))
          .distinct());
      strikes = strikes.join(reversed, col("action_id").equalTo(col("_reversed")), "left")
          .join(removedByAccount, col("platform").equalTo(col("_rp")).and(col("category").equalTo(col("_rc")))
              .and(col("subject_id").equalTo(col("_rpost"))), "left");
      counts = counts.and(col("_reversed").isNull()).and(col("_rpost").isNull());
    }
    Dataset<Row> strikeRows = strikes.select(col("kind"), col("account_id"), col("platform"), col("category"),
        col("subject_kind"), col("subject_id"), lit(null).cast("string").as("action"), col("weight"), col("rules"),
        counts.as("counts"));
    Dataset<Row> actionRows = inForce().select(col("kind"), col("account_id"), col("platform"), col("category"),
        col("subject_kind"), col("subject_id"), col("action"), lit(null).cast("double").as("weight"),
        lit(null).cast("string").as("rules"), lit(false).as("counts"));
    return strikeRows.unionByName(actionRows);
  }

  /** Rule version ("id vN") -> the posts partitions committed runs evaluated with it (the watermarks). */
  public java.util.Map<String, Set<String>> watermarks() {
    return snapshot.watermarks(runs);
  }

  /** Keys of the appeals a reversal already answered (each appeal is carried out once). */
  public Set<String> appealsAnswered() {
    return appealsAnswered;
  }

  /** Kernel's snapshot the read loaded, when the ledger at {@code table} is still at it ({@code latest}); else null. */
  LedgerFiles kernelSnapshot(org.apache.hadoop.fs.Path table, long latest) {
    return snapshot.kernelSnapshot(table, latest);
  }

  public void close() {
    snapshot.close();
  }
}
