package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.winnow.engine.PolicyRows.Action;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The counts the policy takes as it emits each action ({@link ActionTally}): summed and sorted as {@link ActionCounts}
 * sums and sorts the ACTION_V1 rows, a partition counted once however often a task reports it, and unreadable by the
 * outputs before the actions are written.
 */
class ActionTallyTest {
  private static Action action(String category, String subcategory, String action, String platform, String kind,
      Boolean review) {
    return new Action("id", kind, "s", "a1", platform, category, subcategory, action, null, List.of(), null, review,
        null, List.of(), null, "2026-10-01");
  }

  /** The tally a task's copy reports for partition {@code p} (a copy of the driver's, as Spark makes one per task). */
  private static ActionTally task(ActionTally driver, int p, Action... actions) {
    ActionTally copy = (ActionTally) driver.copyAndReset();
    for (Action a : actions) {
      copy.add(a); // outside a task the partition is 0
    }
    if (p != 0) {
      copy.value().put(p, copy.value().remove(0));
    }
    return copy;
  }

  @Test
  void countsPerKeySortedAsSparkSortsThemWithReviewsCounted() {
    ActionTally driver = new ActionTally();
    driver.merge(task(driver, 0, action("rumour", "salt", "delete-post", "x", "post", true),
        action("rumour", "salt", "delete-post", "x", "post", null),
        action("rumour", null, "label", "x", "post", false)));
    driver.merge(task(driver, 1, action("rumour", "salt", "delete-post", "x", "post", true),
        action("Rumour", "é", "label", "x", "account", true)));
    assertEquals(List.of(
        new SweepResult.Count("Rumour", "é", "label", "x", "account", 1, 1),
        new SweepResult.Count("rumour", null, "label", "x", "post", 1, 0),
        new SweepResult.Count("rumour", "salt", "delete-post", "x", "post", 3, 2)), driver.counts(),
        "summed over the partitions; a null review is not one; nulls first, upper case before lower");
  }

  @Test
  void aPartitionReportedTwiceCountsOnce() {
    ActionTally driver = new ActionTally();
    Action a = action("rumour", "salt", "delete-post", "x", "post", true);
    driver.merge(task(driver, 3, a, a));
    driver.merge(task(driver, 5, a));
    driver.merge(task(driver, 3, a, a)); // partition 3 again: a retried task, a recomputed stage, a speculative copy
    assertEquals(List.of(new SweepResult.Count("rumour", "salt", "delete-post", "x", "post", 3, 3)), driver.counts(),
        "partition 3's second report replaces its first");
  }

  @Test
  void theOutputsReadTheCountsOnlyOnceTheActionsAreWritten() {
    ActionTally driver = new ActionTally();
    ActionTally.Written written = driver.written();
    IllegalStateException e = assertThrows(IllegalStateException.class, written::size);
    assertEquals("the actions' counts are taken as the actions are written: read them after the actions output has "
        + "written (it comes first in RunOutputs.shipped)", e.getMessage());
    driver.merge(task(driver, 0, action("rumour", "salt", "delete-post", "x", "post", false)));
    new SweepOutputs(null, null, 0, null, written, java.util.Map.of(), null, null).actionsWritten();
    driver.merge(task(driver, 1, action("rumour", "salt", "delete-post", "x", "post", false)));
    assertEquals(List.of(new SweepResult.Count("rumour", "salt", "delete-post", "x", "post", 1, 0)), written,
        "the counts as the actions' writer left them: a later job does not change them");
  }

  @Test
  void withTheLedgerEachSideIsCountedApartAndAKeyOnlyWhereItHasActions() {
    ActionTally driver = new ActionTally();
    ActionTally.Written issued = driver.written();
    ActionTally.Written inForce = driver.alreadyInForce();
    IllegalStateException e = assertThrows(IllegalStateException.class, inForce::size);
    assertEquals("the actions' counts (already in force) are taken as the actions are written: read them after the "
        + "actions output has written (it comes first in RunOutputs.shipped)", e.getMessage());
    Action post = action("rumour", "salt", "delete-post", "x", "post", true);
    Action account = action("rumour", "salt", "suspend", "x", "account", false);
    for (int p : new int[] {2, 4, 2}) { // partition 2 twice: its second report replaces its first
      ActionTally copy = (ActionTally) driver.copyAndReset();
      copy.add(post, false);
      copy.add(post, p == 4);
      copy.add(account, true);
      copy.value().put(p, copy.value().remove(0));
      driver.merge(copy);
    }
    new SweepOutputs(null, null, 0, null, issued, java.util.Map.of(), null, inForce).actionsWritten();
    assertEquals(List.of(new SweepResult.Count("rumour", "salt", "delete-post", "x", "post", 3, 3)), issued,
        "the issued side: no row for the suspension, which was in force every time");
    assertEquals(List.of(new SweepResult.Count("rumour", "salt", "delete-post", "x", "post", 1, 1),
        new SweepResult.Count("rumour", "salt", "suspend", "x", "account", 2, 0)), inForce,
        "the side in force, completed with the issued side");
  }
}
