package io.winnow.model;

import java.io.Serializable;
import java.util.List;

/**
 * How findings of one category become actions: the account ladder (ascending strikes), and the blast-radius limit —
 * a run that would issue more than {@code maxActions} actions in this category stops without committing.
 * {@code strikeExpiryDays}: how many days after its post's day a strike of this category counts in the ledger; null
 * when policy.conf gives none (then {@code winnow.ledger.strike-expiry-days} of the settings applies).
 */
public record CategoryPolicy(String category, List<LadderStep> ladder, long maxActions, Integer strikeExpiryDays)
    implements Serializable {

  public CategoryPolicy(String category, List<LadderStep> ladder, long maxActions) {
    this(category, ladder, maxActions, null);
  }

  /** This category's strike expiry in days, or {@code fallback} (the settings' default) when the policy gives none. */
  public int strikeExpiryDays(int fallback) {
    return strikeExpiryDays == null ? fallback : strikeExpiryDays;
  }
}
