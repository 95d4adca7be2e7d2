package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;

import io.winnow.engine.AccountLedger;
import io.winnow.engine.PolicyRows.PriorStrike;
import io.winnow.ledger.LedgerSchema;
import io.winnow.ledger.PriorState;
import java.util.Iterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The policy's view of the ledger ({@link PolicyStage#withPrior}): per account its earlier strikes (which posts gave
 * one, which still count) and its actions in force, rows that {@link PolicyGroups} groups beside the account's
 * findings and reads into an {@link AccountLedger}.
 */
final class PriorStrikes {
  /** The type of {@link #rows}' rows: {@link PriorState#ACCOUNT_ROWS}. */
  static final StructType TYPE = new StructType()
      .add("kind", "string").add("account_id", "string").add("platform", "string").add("category", "string")
      .add("subject_kind", "string").add("subject_id", "string").add("action", "string").add("weight", "double")
      .add("rules", "string").add("counts", "boolean");

  private PriorStrikes() {}

  /** The ledger's rows the policy reads, in {@link #TYPE}. */
  static Dataset<Row> rows(PriorState prior) {
    return prior.accountRows().select(PriorState.ACCOUNT_ROWS.stream()
        .map(c -> col(c).cast(TYPE.apply(c).dataType())).toArray(Column[]::new));
  }

  /** One account's rows of {@link #rows} as its {@link AccountLedger}. */
  static AccountLedger ledger(Iterator<Row> rows) {
    AccountLedger ledger = new AccountLedger();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (LedgerSchema.STRIKE.equals(r.getString(0))) {
        ledger.strike(new PriorStrike(r.getString(1), r.getString(2), r.getString(3),
            r.isNullAt(7) ? null : r.getDouble(7), r.getString(8), r.getString(5)), !r.isNullAt(9) && r.getBoolean(9));
      } else {
        ledger.inForce(r.getString(4), r.getString(2), r.getString(5), r.getString(3), r.getString(6));
      }
    }
    return ledger;
  }
}
