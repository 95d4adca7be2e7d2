package io.winnow.sweep;

import static io.winnow.sweep.PolicyStageEquivalenceTest.countingReposts;
import static io.winnow.sweep.PolicyStageEquivalenceTest.lines;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSchema;
import io.winnow.ledger.PriorState;
import io.winnow.ledger.PriorStateReference;
import io.winnow.ledger.RunEntries;
import io.winnow.model.Policy;
import io.winnow.rules.RuleLoader;
import io.winnow.run.OutputSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy with the ledger decides per account, beside the account's ledger rows, which findings' posts gave a strike
 * before, which earlier strikes count and which actions are in force. On a fixture ledger (run r1: strikes and actions;
 * run r2: two reversals; run r9 not committed) read as of 2026-10-03 and {@link PolicyStageEquivalenceTest}'s fixture
 * findings: the rows read, the ladder's strikes and the in-force flags, exactly; and the same actions and flags as the
 * reference policy's joins with the ledger ({@link PolicyReference}, then the in-force join the split used to do).
 */
class PolicyWithLedgerTest {
  static final LocalDate TO = PolicyStageEquivalenceTest.TO;
  static final Date LIVE = Date.valueOf("2026-12-30");
  static SparkSession spark;
  static Policy policy;
  static PriorState prior;
  @TempDir static Path tmp;

  static Row entry(String run, long seq, String kind, String platform, String account, String category,
      String subjectKind, String subject, String action, String actionId, String rules, List<String> strikePosts,
      Double weight, Date expires, String reverses) {
    return RowFactory.create(run, seq, kind, platform, account, category, subjectKind, subject, action, actionId, null,
        rules, null, strikePosts == null ? null : TextMatch.seq(strikePosts),
        weight, Date.valueOf("2026-09-01"), expires, null, null, null, reverses, null);
  }

  static Row strike(String platform, String account, String category, String post, String rules, double weight,
      Date expires) {
    return entry("r1", 1, LedgerSchema.STRIKE, platform, account, category, "post", post, null, "act-" + post, rules,
        null, weight, expires, null);
  }

  static Row action(String platform, String account, String category, String kind, String subject, String action,
      List<String> strikePosts) {
    return entry("r1", 1, LedgerSchema.ACTION, platform, account, category, kind, subject, action, "act-" + subject,
        null, strikePosts, null, null, null);
  }

  static Row reversal(String platform, String account, String category, String kind, String subject, String action,
      String reverses) {
    return entry("r2", 2, LedgerSchema.REVERSAL, platform, account, category, kind, subject, action, "rev-" + subject,
        null, null, null, null, reverses);
  }

  @BeforeAll
  static void ledger() throws Exception {
    spark = TestSpark.session();
    policy = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules"))).policy();
    Path out = tmp.resolve("out");
    for (String run : List.of("r1", "r2")) {
      Files.createDirectories(out.resolve("runs/" + run));
      Files.writeString(out.resolve("runs/" + run + "/_SUCCESS"), "");
    }
    List<Row> r1 = List.of(
        strike("x", "a1", "rumour", "p2", "rum.a v3", 2.0, Date.valueOf("2026-09-29")), // expired
        strike("x", "a1", "rumour", "p20", "rum.b v3", 1.5, LIVE),
        strike("x", "a1", "rumour", "p21", "rum.a v3", 1.0, LIVE), // its post action reversed
        strike("y", "a3", "unqualified-advice", "p30", "adv.med v3", 1.0, LIVE), // its ladder action reversed
        strike("y", "a3", "unqualified-advice", "p31", "adv.med v3", 1.0, LIVE),
        action("x", "a1", "rumour", "post", "p1", "delete-post", null),
        action("x", "a1", "rumour", "post", "p21", "delete-post", null),
        action("x", "a1", "rumour", "account", "a1", "suspend", null),
        action("y", "a3", "unqualified-advice", "account", "a3", "demonetise", List.of("p30")));
    List<Row> r2 = List.of(reversal("x", "a1", "rumour", "post", "p21", "restore-post", "act-p21"),
        reversal("y", "a3", "unqualified-advice", "account", "a3", "restore-monetisation", "act-a3"));
    // Not committed (no _SUCCESS): its strike on p3 is not read.
    List<Row> r9 = List.of(entry("r9", 3, LedgerSchema.STRIKE, "x", "a1", "rumour", "post", "p3", null, "act-p3",
        "rum.c v3", null, 1.0, LIVE, null));
    Ledger ledger = Ledger.at(spark, out.toString());
    ledger.commit("r1", spark.createDataFrame(r1, LedgerSchema.V1));
    ledger.commit("r2", spark.createDataFrame(r2, LedgerSchema.V1));
    ledger.commit("r9", spark.createDataFrame(r9, LedgerSchema.V1));
    prior = PriorState.read(ledger, "eq", TO);
  }

  @AfterAll
  static void close() {
    prior.close();
  }

  @Test
  void theRowsReadPerAccountAreEveryStrikeWhetherItCountsAndTheActionsInForce() {
    List<String> rows = new ArrayList<>();
    PriorStrikes.rows(prior).collectAsList().forEach(r -> rows.add(r.mkString("|")));
    rows.sort(null);
    List<String> expected = new ArrayList<>(List.of(
        "strike|a1|x|rumour|post|p2|null|2.0|rum.a v3|false",
        "strike|a1|x|rumour|post|p20|null|1.5|rum.b v3|true",
        "strike|a1|x|rumour|post|p21|null|1.0|rum.a v3|false",
        "strike|a3|y|unqualified-advice|post|p30|null|1.0|adv.med v3|false",
        "strike|a3|y|unqualified-advice|post|p31|null|1.0|adv.med v3|true",
        "action|a1|x|rumour|post|p1|delete-post|null|null|false",
        "action|a1|x|rumour|account|a1|suspend|null|null|false"));
    expected.sort(null);
    assertEquals(expected, rows, "kind|account|platform|category|subject kind|subject|action|weight|rules|counts");
  }

  @Test
  void theLadderCountsOnlyNewPostsAndStrikesThatCountAndFlagsActionsInForce() {
    Dataset<Row> findings = spark.createDataFrame(PolicyStageEquivalenceTest.fixture(), OutputSchemas.FINDING_V1);
    Dataset<Row> actions = new PolicyStage(policy, "eq", "hash", TO, PolicyStageEquivalenceTest.DECIDED, false)
        .withPrior(prior).actions(findings);
    Map<String, String> got = new TreeMap<>();
    for (Row r : actions.filter(col("category").isin("rumour", "unqualified-advice")).collectAsList()) {
      String ledgerEvidence = r.<Row>getList(r.fieldIndex("evidence")).stream()
          .filter(e -> "ledger".equals(e.getString(2))).map(e -> e.getString(3)).toList().toString();
      got.put(r.getAs("platform") + "/" + r.getAs("subject_id") + "/" + r.getAs("category"), r.getAs("action") + " "
          + r.getAs("suspend_days") + " strikes " + r.getAs("strikes") + " ledger " + ledgerEvidence + " in force "
          + r.getAs(RunEntries.IN_FORCE));
    }
    Map<String, String> expected = new TreeMap<>();
    // a1: p1 critical 2 + p3 low 0.5 (p2 gave a strike before, expired since: none again) + p20's 1.5 = 4: suspend 7
    // days (stronger severity than the account rule's suspend 30), as the suspension in force: not issued again.
    // Counted wrongly, p2 would make 5 (as a new strike) or 6 (as a prior one), p21 5, r9's p3 3.5.
    expected.put("x/a1/rumour", "suspend 7 strikes 4 ledger [p20] in force true");
    expected.put("x/p1/rumour", "delete-post null strikes null ledger [] in force true");
    expected.put("x/p2/rumour", "limit-visibility null strikes null ledger [] in force false");
    expected.put("x/p3/rumour", "limit-visibility null strikes null ledger [] in force false");
    // a3 on y: p4 high 1 + p31's 1 = 2 (p30 removed with the reversed demonetisation): demonetise, no longer in force.
    expected.put("y/a3/unqualified-advice", "demonetise null strikes 2 ledger [p31] in force false");
    expected.put("y/p4/unqualified-advice", "delete-post null strikes null ledger [] in force false");
    expected.put("z/p5/unqualified-advice", "delete-post null strikes null ledger [] in force false");
    assertEquals(expected, got);
  }

  @Test
  void theSameActionsAndFlagsAsTheJoinsWithTheLedger() {
    Dataset<Row> findings = spark.createDataFrame(PolicyStageEquivalenceTest.fixture(), OutputSchemas.FINDING_V1);
    for (boolean global : new boolean[] {false, true}) {
      for (boolean count : new boolean[] {false, true}) {
        Policy p = countingReposts(policy, count);
        Dataset<Row> now = new PolicyStage(p, "eq", "hash", TO, PolicyStageEquivalenceTest.DECIDED, global)
            .withPrior(prior).actions(findings);
        Dataset<Row> before = flaggedByJoin(new PolicyReference(p, "eq", "hash", TO,
            PolicyStageEquivalenceTest.DECIDED, global).withPrior(prior).actions(findings));
        assertEquals(lines(before), lines(now), "global " + global + ", reposts " + count);
      }
    }
  }

  /**
   * tally14b's cut: with the ledger the flagged actions are counted on both sides as the job that first fills their
   * cache computes them, not by a job of their own. The counts of the actions issued and of those already in force are
   * those of the old split ({@link ActionCounts#of(Dataset, String)}, one job over the flagged actions); a later read of
   * the cache adds nothing; and they cannot be read before the actions are written.
   */
  @Test
  void theFlaggedActionsAreCountedOnBothSidesAsTheirCacheIsFilled() {
    Dataset<Row> findings = spark.createDataFrame(PolicyStageEquivalenceTest.fixture(), OutputSchemas.FINDING_V1);
    for (boolean global : new boolean[] {false, true}) {
      ActionTally tally = new ActionTally();
      spark.sparkContext().register(tally);
      Dataset<Row> flagged = new PolicyStage(policy, "eq", "hash", TO, PolicyStageEquivalenceTest.DECIDED, global)
          .withPrior(prior).actionsCounted(findings, tally).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<SweepResult.Count> issued = tally.written();
        List<SweepResult.Count> inForce = tally.alreadyInForce();
        IllegalStateException early = assertThrows(IllegalStateException.class, inForce::size);
        assertTrue(early.getMessage().contains("already in force"), early.getMessage());
        assertThrows(IllegalStateException.class, () -> issued.get(0));
        // The writer's job: the issued side only, which fills the cache of every flagged action.
        long written = flagged.filter(col(RunEntries.IN_FORCE).unary_$bang()).collectAsList().size();
        List<SweepResult.Count> first = tally.counts();
        List<SweepResult.Count> firstInForce = tally.inForceCounts();
        // Later reads of the cache (the old split's job, the ledger's entries) add nothing.
        ActionCounts.Split old = ActionCounts.of(flagged, RunEntries.IN_FORCE);
        assertEquals(written, flagged.filter(col(RunEntries.IN_FORCE).unary_$bang()).count());
        assertEquals(first, tally.counts(), "a later read of the cache adds nothing");
        assertEquals(firstInForce, tally.inForceCounts(), "a later read of the cache adds nothing (in force)");
        new SweepOutputs(null, null, 0, null, issued, null, null, inForce).actionsWritten();
        assertTrue(old.issued().size() >= 4 && old.alreadyInForce().size() >= 2,
            "both sides of the fixture's split hold counts: " + old);
        assertEquals(old.issued(), issued, "global " + global + ": the actions issued, as the old split counts them");
        assertEquals(old.alreadyInForce(), inForce, "global " + global + ": the actions already in force");
        assertEquals(written, issued.stream().mapToLong(SweepResult.Count::actions).sum());
      } finally {
        flagged.unpersist();
      }
    }
  }

  /** The in-force flag as the split computed it before: a join with the strongest action in force per subject. */
  static Dataset<Row> flaggedByJoin(Dataset<Row> actions) {
    Dataset<Row> force = PriorStateReference.inForceRank(prior).select(col("subject_kind").as("_f_kind"),
        col("platform").as("_f_platform"), col("subject_id").as("_f_subject"), col("category").as("_f_category"),
        col("in_force_rank"));
    Column[] columns = Arrays.stream(actions.columns()).map(c -> col(c)).toArray(Column[]::new);
    Column[] withFlag = Arrays.copyOf(columns, columns.length + 1);
    withFlag[columns.length] = coalesce(PriorStateReference.rank(col("action")).leq(col("in_force_rank")), lit(false))
        .as(RunEntries.IN_FORCE);
    return actions.join(force, col("subject_kind").equalTo(col("_f_kind"))
        .and(col("platform").equalTo(col("_f_platform"))).and(col("subject_id").equalTo(col("_f_subject")))
        .and(col("category").equalTo(col("_f_category"))), "left").select(withFlag);
  }
}
