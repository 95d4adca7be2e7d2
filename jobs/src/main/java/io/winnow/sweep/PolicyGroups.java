package io.winnow.sweep;

import io.winnow.engine.AccountPolicy;
import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.Evidence;
import io.winnow.engine.PolicyRows.Finding;
import io.winnow.engine.PolicyRows.PriorStrike;
import io.winnow.engine.PolicyRows.RuleRef;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@link AccountPolicy}: the findings of one account (FINDING_V1 rows, read by column name; with the
 * ledger, beside its prior strikes, {@link PriorStrikes#TYPE}) turned into records, decided, and the actions turned
 * into ACTION_V1 rows ({@code io.winnow.run.OutputSchemas}) with the run's constant columns.
 */
final class PolicyGroups implements FlatMapGroupsFunction<String, Row, Row>, CoGroupFunction<String, Row, Row, Row> {

  private final AccountPolicy policy;
  private final String runId;
  private final String ruleSetHash;
  private final Date decisionDate;
  private final int[] finding;
  private final int origin;
  private final int[] strike;

  PolicyGroups(AccountPolicy policy, StructType findings, StructType strikes, String runId, String ruleSetHash,
      LocalDate decisionDate) {
    this.policy = policy;
    this.runId = runId;
    this.ruleSetHash = ruleSetHash;
    this.decisionDate = Date.valueOf(decisionDate);
    this.finding = indexes(findings, "subject_kind", "subject_id", "account_id", "platform", "dt", "content_date",
        "rule_id", "rule_version", "rule_status", "category", "subcategory", "severity", "action", "suspend_days",
        "evidence");
    this.origin = List.of(findings.fieldNames()).indexOf(PriorStrikes.ORIGIN);
    this.strike = indexes(strikes, PriorStrikes.COLUMNS.toArray(String[]::new));
  }

  /** The key of an account: its id and its platform, or its id alone when ids are global. */
  static MapFunction<Row, String> accountKey(StructType type, boolean idsGlobal) {
    int account = type.fieldIndex("account_id");
    int platform = type.fieldIndex("platform");
    return r -> r.getString(account) + (idsGlobal ? "" : "\u0000" + r.getString(platform));
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> findings) {
    return decide(findings, List.of());
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> findings, Iterator<Row> strikes) {
    List<PriorStrike> prior = new ArrayList<>();
    strikes.forEachRemaining(r -> prior.add(new PriorStrike(r.getString(strike[0]), r.getString(strike[1]),
        r.getString(strike[2]), r.isNullAt(strike[3]) ? null : r.getDouble(strike[3]), r.getString(strike[4]),
        r.getString(strike[5]))));
    return decide(findings, prior);
  }

  private Iterator<Row> decide(Iterator<Row> rows, List<PriorStrike> prior) {
    List<Finding> findings = new ArrayList<>();
    rows.forEachRemaining(r -> findings.add(finding(r)));
    if (findings.isEmpty()) {
      return java.util.Collections.emptyIterator();
    }
    List<Row> out = new ArrayList<>();
    for (Action a : policy.decide(findings, prior)) {
      out.add(row(a));
    }
    return out.iterator();
  }

  private Finding finding(Row r) {
    int[] i = finding;
    List<Evidence> evidence = null;
    if (!r.isNullAt(i[14])) {
      List<Row> rows = r.getList(i[14]);
      evidence = new ArrayList<>(rows.size());
      for (Row e : rows) {
        evidence.add(new Evidence(e.getString(0), e.getString(1), e.getString(2), e.getString(3),
            e.isNullAt(4) ? null : e.getInt(4), e.isNullAt(5) ? null : e.getInt(5), e.getString(6)));
      }
    }
    Date content = r.isNullAt(i[5]) ? null : r.getDate(i[5]);
    return new Finding(r.getString(i[0]), r.getString(i[1]), r.getString(i[2]), r.getString(i[3]), r.getString(i[4]),
        content == null ? null : content.toLocalDate(), r.getString(i[6]), r.isNullAt(i[7]) ? null : r.getInt(i[7]),
        r.getString(i[8]), r.getString(i[9]), r.getString(i[10]), r.getString(i[11]), r.getString(i[12]),
        r.isNullAt(i[13]) ? null : r.getInt(i[13]), evidence, origin >= 0 && r.getBoolean(origin));
  }

  private Row row(Action a) {
    List<Row> rules = new ArrayList<>(a.rules().size());
    for (RuleRef ref : a.rules()) {
      rules.add(RowFactory.create(ref.ruleId(), ref.version()));
    }
    List<Row> evidence = new ArrayList<>(a.evidence().size());
    for (Evidence e : a.evidence()) {
      evidence.add(RowFactory.create(e.ruleId(), e.kind(), e.field(), e.value(), e.start(), e.end(), e.excerpt()));
    }
    return RowFactory.create(a.actionId(), runId, a.subjectKind(), a.subjectId(), a.accountId(), a.platform(),
        a.category(), a.subcategory(), a.action(), a.suspendDays(), TextMatch.seq(rules), ruleSetHash, a.severity(),
        a.reviewRequired(), a.strikes(), TextMatch.seq(evidence),
        a.contentDate() == null ? null : Date.valueOf(a.contentDate()), decisionDate, a.dt());
  }

  private static int[] indexes(StructType type, String... names) {
    int[] out = new int[names.length];
    for (int n = 0; n < names.length; n++) {
      out[n] = type.fieldIndex(names[n]);
    }
    return out;
  }
}
