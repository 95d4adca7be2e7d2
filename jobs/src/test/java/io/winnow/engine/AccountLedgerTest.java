package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.PriorStrike;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One account's ledger as the policy reads it: every earlier strike names a post that gives no strike again (those that
 * no longer count too), only those that count join the ladder, and an action no stronger than one in force on its
 * subject and category is flagged; a null key part matches nothing, as the SQL joins it replaces.
 */
class AccountLedgerTest {
  private static final PriorStrike COUNTS = new PriorStrike("a1", "x", "rumour", 1.5, "rumour.salt v3", "p1");
  private static final PriorStrike EXPIRED = new PriorStrike("a1", "x", "rumour", 2.0, "rumour.salt v2", "p2");

  private static AccountLedger fixture() {
    AccountLedger ledger = new AccountLedger();
    ledger.strike(COUNTS, true);
    ledger.strike(EXPIRED, false);
    ledger.strike(new PriorStrike("a1", null, "rumour", 1.0, "rumour.salt v3", "p9"), true);
    ledger.inForce("post", "x", "p1", "rumour", "limit-visibility");
    ledger.inForce("post", "x", "p1", "rumour", "delete-post");
    ledger.inForce("account", "x", "a1", "rumour", "demonetise");
    ledger.inForce("account", "x", "a1", "spam", "unknown-action");
    return ledger;
  }

  private static Action action(String kind, String subject, String category, String action) {
    return new Action("id", kind, subject, "a1", "x", category, null, action, null, List.of(), null, null, null,
        List.of(), null, null);
  }

  @Test
  void everyEarlierStrikeMarksItsPostOnlyThoseThatCountJoinTheLadder() {
    AccountLedger ledger = fixture();
    assertTrue(ledger.gaveStrike("x", "p1", "rumour"), "a strike that counts");
    assertTrue(ledger.gaveStrike("x", "p2", "rumour"), "an expired strike still marks its post");
    assertFalse(ledger.gaveStrike("x", "p2", "spam"), "another category");
    assertFalse(ledger.gaveStrike("y", "p1", "rumour"), "another platform");
    assertFalse(ledger.gaveStrike("x", "p3", "rumour"), "a post with no strike");
    assertFalse(ledger.gaveStrike(null, "p9", "rumour"), "a null platform matches nothing, as in SQL");
    assertEquals(List.of(COUNTS, new PriorStrike("a1", null, "rumour", 1.0, "rumour.salt v3", "p9")),
        ledger.strikes(), "the strikes that count, in the order read; the expired one left out");
  }

  @Test
  void anActionNoStrongerThanTheStrongestInForceIsFlagged() {
    AccountLedger ledger = fixture();
    assertTrue(ledger.inForce(action("post", "p1", "rumour", "delete-post")), "delete-post in force");
    assertTrue(ledger.inForce(action("post", "p1", "rumour", "limit-visibility")), "weaker than delete-post");
    assertFalse(ledger.inForce(action("post", "p1", "spam", "limit-visibility")), "another category");
    assertFalse(ledger.inForce(action("post", "p2", "rumour", "limit-visibility")), "no action on p2");
    assertTrue(ledger.inForce(action("account", "a1", "rumour", "remove-followers")), "weaker than demonetise");
    assertTrue(ledger.inForce(action("account", "a1", "rumour", "demonetise")), "the same action");
    assertFalse(ledger.inForce(action("account", "a1", "rumour", "suspend")), "stronger: issued");
    assertTrue(ledger.inForce(action("account", "a1", "spam", "unknown-action")),
        "an unknown action ranks -1 on both sides");
    assertFalse(ledger.inForce(action("account", "a1", "spam", "remove-followers")), "stronger than rank -1");
  }
}
