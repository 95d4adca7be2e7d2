package io.winnow.ledger;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.winnow.model.CategoryPolicy;
import io.winnow.model.Policy;
import io.winnow.model.Severity;
import java.io.Serializable;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One run's part of the ledger: which of its actions are already in force (not issued again), and the entries it
 * commits — the actions it issued, a strike per actioned post, the account states they leave, and the reversals of
 * upheld appeals with the states those leave.
 */
public final class RunEntries {
  /**
   * An upheld appeal: the subject (on the platform it names, any when null), the rule (and version) it names or null
   * for any, and its key (what identifies the appeal across runs).
   */
  public record Appeal(String subjectId, String platform, String ruleId, Integer ruleVersion, String key)
      implements Serializable {}

  /**
   * The actions a run issues, and those it leaves out because an equal or stronger one is in force: two filters of
   * one persisted dataset ({@code flagged}, the actions with their flag), so the policy and the ledger's joins run
   * once however often the two are read. Unpersist {@code flagged} when the run is done.
   */
  public record Split(Dataset<Row> issued, Dataset<Row> alreadyInForce, Dataset<Row> flagged) {}

  /** The policy's flag of an action with an equal or stronger one in force on its subject (not issued again). */
  public static final String IN_FORCE = "_in_force";

  private static final StructType APPEALS = new StructType().add("_a_subject", DataTypes.StringType)
      .add("_a_platform", DataTypes.StringType)
      .add("_a_rule", DataTypes.StringType).add("_a_version", DataTypes.IntegerType)
      .add("_a_key", DataTypes.StringType);

  private static final StructType WATERMARKS = new StructType().add("kind", DataTypes.StringType)
      .add("subject_kind", DataTypes.StringType).add("subject_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("rules", DataTypes.StringType).add("issued", DataTypes.DateType);

  private final SparkSession spark;
  private PriorState prior;
  private final Policy policy;
  private final int defaultExpiryDays;
  private final String runId;
  /** This run's reversals (persisted), null when it answers no appeal. */
  private Dataset<Row> reversals;
  private boolean answeredAppeals;

  public RunEntries(SparkSession spark, PriorState prior, Policy policy, int defaultExpiryDays, String runId) {
    this.spark = spark;
    this.prior = prior;
    this.policy = policy;
    this.defaultExpiryDays = defaultExpiryDays;
    this.runId = runId;
  }

  /**
   * Answers the upheld appeals not answered before: computes this run's reversals and applies them to the prior
   * state, so that this run's ladder and in-force checks already see them. Call once, before {@link #split}.
   */
  public PriorState answer(List<Appeal> appeals) {
    Set<String> answered = prior.appealsAnswered();
    List<Row> rows = new ArrayList<>();
    for (Appeal a : appeals) {
      if (!answered.contains(a.key())) {
        rows.add(RowFactory.create(a.subjectId(), a.platform(), a.ruleId(), a.ruleVersion(), a.key()));
      }
    }
    answeredAppeals = true;
    // Most runs answer no appeal: then there is nothing to reverse, and no join of the ledger is needed for it.
    if (!rows.isEmpty()) {
      reversals = reversals(rows).persist(StorageLevel.MEMORY_AND_DISK());
      prior = prior.withPendingReversals(reversals);
    }
    return prior;
  }

  /**
   * Splits a run's actions (ACTION_V1 rows and a last column {@link #IN_FORCE}, as the policy with the ledger gives
   * them) into those it issues and those already in force, both ACTION_V1.
   */
  public Split split(Dataset<Row> flaggedActions) {
    Column[] columns = Arrays.stream(flaggedActions.columns()).filter(c -> !c.equals(IN_FORCE)).map(c -> col(c))
        .toArray(Column[]::new);
    Dataset<Row> flagged = flaggedActions.persist(StorageLevel.MEMORY_AND_DISK());
    return new Split(flagged.filter(col(IN_FORCE).unary_$bang()).select(columns),
        flagged.filter(col(IN_FORCE)).select(columns), flagged);
  }

  /** Every entry this run commits: from the actions it issued ({@code issued}) and the appeals it answered. */
  public Dataset<Row> entries(Dataset<Row> issued) {
    return entries(issued, List.of(), List.of());
  }

  /**
   * Every entry this run commits: from the actions it issued ({@code issued}), the appeals it answered, and a
   * watermark per posts partition it read and rule version ("id vN") it evaluated them with.
   */
  public Dataset<Row> entries(Dataset<Row> issued, Collection<String> partitions, Collection<String> ruleVersions) {
    if (!answeredAppeals) {
      answer(List.of());
    }
    // Two entries per action issued, in one projection: the action, and the strike of a post or the state an account
    // action leaves.
    Column pair = org.apache.spark.sql.functions.array(actionEntry(), when(col("subject_kind").equalTo("post"),
        strikeEntry()).when(col("subject_kind").equalTo("account"), stateEntry()));
    Dataset<Row> fromIssued = issued.select(explode(pair).as("e")).filter(col("e").isNotNull()).select("e.*");
    Dataset<Row> out = conform(watermarks(partitions, ruleVersions)).unionByName(fromIssued);
    return reversals == null ? out
        : out.unionByName(conform(reversals)).unionByName(conform(reinstatedStates(reversals)));
  }

  /** Whether this run's entries include reversals (it answers an upheld appeal not answered before). */
  public boolean reverses() {
    return reversals != null;
  }

  /** Unpersists this run's reversals. */
  public void close() {
    if (reversals != null) {
      reversals.unpersist();
    }
  }

  private Dataset<Row> watermarks(Collection<String> partitions, Collection<String> ruleVersions) {
    List<Row> rows = new ArrayList<>();
    for (String p : partitions) {
      int at = p.indexOf("/platform=");
      String platform = at < 0 ? null : p.substring(at + "/platform=".length());
      Date day = Date.valueOf(IncrementalPlan.dayOf(p));
      for (String rule : ruleVersions) {
        rows.add(RowFactory.create(LedgerSchema.WATERMARK, "partition", p, platform, rule, day));
      }
    }
    return spark.createDataFrame(rows, WATERMARKS);
  }

  private Column actionEntry() {
    Column strikePosts = array_sort(transform(filter(col("evidence"), e -> e.getField("kind").equalTo("strike")),
        e -> e.getField("value")));
    return entry(LedgerSchema.ACTION, "action action_id suspend_days", Map.of("rules", rules(),
        "evidence", concat(lit("runs/" + runId + "/actions/category="), col("category"), lit("/action="),
            col("action"), lit("/dt="), col("dt"), lit(" action_id "), col("action_id")),
        "strike_posts", when(col("subject_kind").equalTo("account"), strikePosts),
        "issued", lit(Date.valueOf(prior.asOf()))));
  }

  /** A strike per actioned post, weighing its severity's weight, counting from the post's day until it expires. */
  private Column strikeEntry() {
    Column weight = lit(1.0);
    for (Severity s : Severity.values()) {
      weight = when(col("severity").equalTo(s.key()), lit(policy.strikeWeight(s))).otherwise(weight);
    }
    Column expiry = lit(defaultExpiryDays);
    for (CategoryPolicy c : policy.categories().values()) {
      expiry = when(col("category").equalTo(c.category()), lit(c.strikeExpiryDays(defaultExpiryDays)))
          .otherwise(expiry);
    }
    return entry(LedgerSchema.STRIKE, "action_id", Map.of("rules", rules(), "weight", weight,
        "issued", to_date(col("dt")), "expires", date_add(to_date(col("dt")), expiry)));
  }

  /** The state an account action leaves: the step reached, until when it is suspended, whether it is closed. */
  private Column stateEntry() {
    Date asOf = Date.valueOf(prior.asOf());
    return entry(LedgerSchema.STATE, "action action_id suspend_days", Map.of(
        "suspended_until", when(col("action").equalTo("suspend"), date_add(lit(asOf), col("suspend_days"))),
        "closed", col("action").equalTo("close-account"), "reinstated", lit(false), "issued", lit(asOf)));
  }

  /**
   * An entry of an action issued as a struct of every ledger column in its order: the run's id and order, the kind,
   * the action's subject columns and {@code copied} (space-separated names of the action's columns), the
   * {@code computed} ones, null elsewhere.
   */
  private Column entry(String kind, String copied, Map<String, Column> computed) {
    Set<String> fromAction = new java.util.HashSet<>(Arrays.asList(
        ("platform account_id category subject_kind subject_id " + copied).split(" ")));
    List<Column> fields = new ArrayList<>();
    for (StructField f : LedgerSchema.V1.fields()) {
      Column c = switch (f.name()) {
        case "run_id" -> lit(runId);
        case "run_seq" -> lit(prior.runSeq());
        case "kind" -> lit(kind);
        default -> fromAction.contains(f.name()) ? col(f.name()) : computed.getOrDefault(f.name(), lit(null));
      };
      fields.add(c.cast(f.dataType()).as(f.name()));
    }
    return struct(fields.toArray(Column[]::new));
  }

  /**
   * The reversal of each action in force that an appeal not yet answered covers: on its subject, of the rule it names
   * (any rule without one) at the version it names (any version without one).
   */
  private Dataset<Row> reversals(List<Row> rows) {
    Dataset<Row> table = broadcast(spark.createDataFrame(rows, APPEALS));
    Column ruleList = org.apache.spark.sql.functions.split(col("rules"), ", ");
    Column covers = col("subject_id").equalTo(col("_a_subject"))
        .and(col("_a_platform").isNull().or(col("platform").equalTo(col("_a_platform")))).and(col("_a_rule").isNull()
        .or(exists(ruleList, r -> r.equalTo(concat(col("_a_rule"), lit(" v"), col("_a_version").cast("string")))))
        .or(col("_a_version").isNull().and(exists(ruleList, r -> r.startsWith(concat(col("_a_rule"), lit(" v")))))));
    Column reversal = lit("reinstate-account");
    for (String a : List.of("delete-post", "limit-visibility", "remove-followers", "demonetise")) {
      reversal = when(col("action").equalTo(a), lit(LedgerSchema.reversalOf(a))).otherwise(reversal);
    }
    return prior.reversible().join(table, covers)
        .select(col("platform"), col("account_id"), col("category"), col("subject_kind"), col("subject_id"),
            reversal.as("action"),
            substring(sha2(concat(lit("reversal|"), col("action_id")), 256), 1, 32).as("action_id"),
            col("rules"), col("evidence"), col("action_id").as("reverses"), col("_a_key").as("appeal"))
        .withColumn("kind", lit(LedgerSchema.REVERSAL))
        .withColumn("issued", lit(Date.valueOf(prior.asOf())));
  }

  /** An account whose action was reversed is reinstated in that category: no step in force. */
  private Dataset<Row> reinstatedStates(Dataset<Row> reversals) {
    return reversals.filter(col("subject_kind").equalTo("account"))
        .select(col("platform"), col("account_id"), col("category"), col("subject_kind"), col("subject_id"),
            col("issued"), lit(false).as("closed"), lit(true).as("reinstated"))
        .withColumn("kind", lit(LedgerSchema.STATE));
  }

  private static Column rules() {
    return concat_ws(", ", transform(col("rules"), r -> concat(r.getField("rule_id"), lit(" v"),
        r.getField("rule_version").cast("string")))).as("rules");
  }

  /** The entries with the run's id and order, every column of the ledger (null where unused), in its order. */
  private Dataset<Row> conform(Dataset<Row> d) {
    Dataset<Row> out = d.withColumn("run_id", lit(runId)).withColumn("run_seq", lit(prior.runSeq()));
    List<String> present = Arrays.asList(out.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField f : LedgerSchema.V1.fields()) {
      columns.add(present.contains(f.name()) ? col(f.name()).cast(f.dataType()).as(f.name())
          : lit(null).cast(f.dataType()).as(f.name()));
    }
    return out.select(columns.toArray(Column[]::new));
  }
}
