package io.winnow.sweep;

import io.winnow.engine.PolicyRows;
import io.winnow.sweep.ActionCounts.Key;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The counts of the actions ({@link SweepResult.Count}: per category x subcategory x action x platform x subject kind,
 * and how many wait for review) taken by {@link PolicyGroups} as it emits each action, so the sweep needs no job of its
 * own to count them (nor, without the ledger, a cache of the actions to count and then write): the actions' writer's
 * job computes them, and the counts are read once it has written. With the ledger the policy's actions are flagged in
 * force or not ({@link #add(PolicyRows.Action, boolean)}) and counted on two sides: the actions issued ({@link
 * #written}) and those already in force ({@link #alreadyInForce}), as {@link ActionCounts#of(
 * org.apache.spark.sql.Dataset, String)} splits them; the flagged actions are persisted, so the job that first fills
 * their cache counts them and a later read of the cache adds nothing.
 *
 * <p>Keyed by the partition that emitted them: a task that runs again (a retried task, a recomputed stage, a speculative
 * copy) replaces its partition's counts instead of adding to them, so a partition counts once however often it is
 * computed within one job. Count one job's computation only: another job that computes the same dataset may split its
 * partitions differently (adaptive execution coalesces them), so a dataset counted here is computed for its writer
 * alone.
 */
final class ActionTally extends AccumulatorV2<PolicyRows.Action, Map<Integer, Map<Key, long[]>>> {
  private static final long serialVersionUID = 1L;

  /** Partition -> key -> {actions, review required} issued, then {actions, review required} already in force. */
  private final HashMap<Integer, Map<Key, long[]>> partitions = new HashMap<>();

  @Override
  public boolean isZero() {
    return partitions.isEmpty();
  }

  @Override
  public ActionTally copy() {
    ActionTally copy = new ActionTally();
    partitions.forEach((p, counts) -> copy.partitions.put(p, copyOf(counts)));
    return copy;
  }

  @Override
  public void reset() {
    partitions.clear();
  }

  /** The counts of both sides, taken once the actions' writer has run ({@link Written#complete}); null before. */
  private transient List<List<SweepResult.Count>> taken;

  /** One action issued in this task's partition. */
  @Override
  public void add(PolicyRows.Action a) {
    add(a, false);
  }

  /** One action emitted in this task's partition, issued or ({@code inForce}) left out as already in force. */
  void add(PolicyRows.Action a, boolean inForce) {
    long[] n = partitions.computeIfAbsent(TaskContext.getPartitionId(), p -> new HashMap<>())
        .computeIfAbsent(new Key(a.category(), a.subcategory(), a.action(), a.platform(), a.subjectKind()),
            k -> new long[4]);
    int side = inForce ? 2 : 0;
    n[side]++;
    if (Boolean.TRUE.equals(a.reviewRequired())) {
      n[side + 1]++;
    }
  }

  /** A task's counts replace what an earlier run of the same partition reported: a partition counts once. */
  @Override
  public void merge(AccumulatorV2<PolicyRows.Action, Map<Integer, Map<Key, long[]>>> other) {
    other.value().forEach((p, counts) -> partitions.put(p, copyOf(counts)));
  }

  @Override
  public Map<Integer, Map<Key, long[]>> value() {
    return partitions;
  }

  /** A view of the counts of the actions issued, readable once the actions are written (see {@link Written}). */
  Written written() {
    return new Written(0);
  }

  /**
   * A view of the counts of the actions already in force (with the ledger), readable once the actions are written:
   * completing either view ({@link Written#complete}) takes both sides.
   */
  Written alreadyInForce() {
    return new Written(1);
  }

  /** The counts of the actions issued over every partition, sorted as {@link ActionCounts#of} sorts them. */
  List<SweepResult.Count> counts() {
    return counts(0);
  }

  /** The counts of the actions already in force over every partition, sorted as {@link ActionCounts#of} sorts them. */
  List<SweepResult.Count> inForceCounts() {
    return counts(1);
  }

  /** One side's counts: a key none of whose actions is on that side is not counted there (as ActionCounts splits). */
  private List<SweepResult.Count> counts(int side) {
    Map<Key, long[]> total = new TreeMap<>(ActionCounts.ORDER);
    partitions.values().forEach(counts -> counts.forEach((k, n) -> {
      if (n[2 * side] > 0) {
        long[] t = total.computeIfAbsent(k, x -> new long[2]);
        t[0] += n[2 * side];
        t[1] += n[2 * side + 1];
      }
    }));
    List<SweepResult.Count> out = new ArrayList<>(total.size());
    total.forEach((k, n) -> out.add(new SweepResult.Count(k.category(), k.subcategory(), k.action(), k.platform(),
        k.subjectKind(), n[0], n[1])));
    return out;
  }

  /**
   * The counts as the sweep hands them to its outputs ({@link SweepOutputs#counts}) before the actions are written:
   * reading them fails until the actions' writer has said its job computed every action
   * ({@link SweepOutputs#actionsWritten}), when they are taken from the tally once.
   */
  final class Written extends AbstractList<SweepResult.Count> {
    /** 0: the actions issued, 1: those already in force. */
    private final int side;

    private Written(int side) {
      this.side = side;
    }

    /** The actions' writer's job has run: every partition has reported its counts, of both sides; taken once. */
    void complete() {
      if (taken == null) {
        taken = List.of(List.copyOf(counts(0)), List.copyOf(counts(1)));
      }
    }

    private List<SweepResult.Count> taken() {
      if (taken == null) {
        throw new IllegalStateException("the actions' counts" + (side == 1 ? " (already in force)" : "")
            + " are taken as the actions are written: read them after the actions output has written (it comes "
            + "first in RunOutputs.shipped)");
      }
      return taken.get(side);
    }

    @Override
    public SweepResult.Count get(int index) {
      return taken().get(index);
    }

    @Override
    public int size() {
      return taken().size();
    }
  }

  private static Map<Key, long[]> copyOf(Map<Key, long[]> counts) {
    Map<Key, long[]> out = new HashMap<>();
    counts.forEach((k, n) -> out.put(k, n.clone()));
    return out;
  }
}
