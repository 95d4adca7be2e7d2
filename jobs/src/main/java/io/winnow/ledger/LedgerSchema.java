package io.winnow.ledger;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The ledger's one table ({@code OUT/ledger/}, Delta): every entry of every run, so that a run's entries are one
 * atomic Delta commit. {@code kind} says which columns an entry uses:
 * <ul>
 *   <li>{@code action} — an action issued: subject, category, action (suspend_days), action_id, rules ("id vN, ..."),
 *   evidence (where its row is: {@code runs/RUN/actions/... action_id X}), strike_posts (a ladder action's strikes),
 *   issued (the run's as-of day, the last day of its window);</li>
 *   <li>{@code strike} — weight, origin post (subject_id), action_id of its post action, issued (the post's day),
 *   expires (issued + the category's strike-expiry-days; it counts while expires is after the as-of day);</li>
 *   <li>{@code state} — an account's state in a category after the run: action = the step reached (null after a
 *   reinstatement), suspended_until, closed, reinstated;</li>
 *   <li>{@code reversal} — an upheld appeal undone: action = restore-post, reinstate-account, restore-followers or
 *   restore-monetisation, reverses = the action_id undone, appeal = the override that asked for it;</li>
 *   <li>{@code watermark} — a posts partition a rule version evaluated: subject_kind = partition, subject_id = the
 *   partition ({@code dt=2026-10-01/platform=x}), platform, rules = one "id vN", issued = the partition's day. An
 *   incremental sweep evaluates only the pairs no committed run's watermark names ({@link IncrementalPlan}).</li>
 * </ul>
 * run_seq orders runs (one more than the highest committed run's before it). A change is a new version.
 */
public final class LedgerSchema {
  private LedgerSchema() {}

  public static final String VERSION = "ledger-v1";
  public static final String ACTION = "action";
  public static final String STRIKE = "strike";
  public static final String STATE = "state";
  public static final String REVERSAL = "reversal";
  public static final String WATERMARK = "watermark";
  public static final List<String> KINDS = List.of(ACTION, STRIKE, STATE, REVERSAL, WATERMARK);

  public static final StructType V1 = new StructType(new StructField[] {
      f("run_id", StringType), f("run_seq", LongType), f("kind", StringType), f("platform", StringType),
      f("account_id", StringType), f("category", StringType), f("subject_kind", StringType),
      f("subject_id", StringType), f("action", StringType), f("action_id", StringType),
      f("suspend_days", IntegerType), f("rules", StringType), f("evidence", StringType),
      f("strike_posts", createArrayType(StringType)), f("weight", DoubleType), f("issued", DateType),
      f("expires", DateType), f("suspended_until", DateType), f("closed", BooleanType),
      f("reinstated", BooleanType), f("reverses", StringType), f("appeal", StringType)});

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  /** The reversal of an action: what undoes it. */
  public static String reversalOf(String action) {
    return switch (action) {
      case "delete-post", "limit-visibility" -> "restore-post";
      case "remove-followers" -> "restore-followers";
      case "demonetise" -> "restore-monetisation";
      default -> "reinstate-account";
    };
  }
}
