package io.winnow.engine;

import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.PriorStrike;
import io.winnow.model.Actions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the ledger knew of one account before a run, in plain Java: the posts that gave a strike in an earlier run (they
 * give none again, expired and removed strikes included), the strikes that still count toward its ladders, and per
 * subject and category the strongest action in force (an action no stronger than it is not issued again). The policy
 * reads it beside the account's findings, so none of these needs a join of its own. Keys compare as SQL's equality: a
 * key with a null part matches nothing.
 */
public final class AccountLedger {
  private final Set<List<String>> origins = new HashSet<>();
  private final List<PriorStrike> strikes = new ArrayList<>();
  private final Map<List<String>, Integer> inForce = new HashMap<>();

  /** A strike of an earlier run: its post gives no strike again; {@code counts}: unexpired and not reversed. */
  public void strike(PriorStrike strike, boolean counts) {
    List<String> key = key(strike.platform(), strike.post(), strike.category());
    if (key != null) {
      origins.add(key);
    }
    if (counts) {
      strikes.add(strike);
    }
  }

  /** An action in force on one of the account's subjects (not reversed). */
  public void inForce(String subjectKind, String platform, String subjectId, String category, String action) {
    List<String> key = key(subjectKind, platform, subjectId, category);
    if (key != null) {
      inForce.merge(key, rank(action), Math::max);
    }
  }

  /** Whether the post gave a strike of the category in an earlier run. */
  public boolean gaveStrike(String platform, String post, String category) {
    List<String> key = key(platform, post, category);
    return key != null && origins.contains(key);
  }

  /** The strikes that count toward the account's ladders, besides this run's. */
  public List<PriorStrike> strikes() {
    return strikes;
  }

  /** Whether an equal or stronger action than {@code a} is in force on its subject and category. */
  public boolean inForce(Action a) {
    List<String> key = key(a.subjectKind(), a.platform(), a.subjectId(), a.category());
    Integer strongest = key == null ? null : inForce.get(key);
    return strongest != null && rank(a.action()) <= strongest;
  }

  /** Rank of an action within its subject kind ({@link Actions#strength}); -1 for anything else or null. */
  public static int rank(String action) {
    return action != null && (Actions.POST.contains(action) || Actions.ACCOUNT.contains(action))
        ? Actions.strength(action) : -1;
  }

  private static List<String> key(String... parts) {
    return Arrays.stream(parts).anyMatch(Objects::isNull) ? null : List.of(parts);
  }
}
