package io.winnow.sweep;

import io.winnow.engine.AccountLedger;
import io.winnow.engine.AccountPolicy;
import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.Evidence;
import io.winnow.engine.PolicyRows.Finding;
import io.winnow.engine.PolicyRows.RuleRef;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Spark side of {@link AccountPolicy}: the findings of one account (FINDING_V1 columns) turned into records,
 * decided, and the actions turned into ACTION_V1 rows ({@code io.winnow.run.OutputSchemas}) with the run's constant
 * columns; without the ledger on Spark's internal rows ({@link #decideSorted}). With the ledger (a cogroup of
 * {@code Row}s), the account's ledger rows ({@link PriorStrikes#TYPE}) come beside its
 * findings: a finding whose post gave a strike before gives none again, the strikes that count join the ladder, and
 * each action ends with a last column, true when an equal or stronger action is in force on its subject.
 */
final class PolicyGroups<K> implements CoGroupFunction<K, Row, Row, Row> {
  /** The findings' columns the policy reads (FINDING_V1 less its ids, run id and rule-set hash). */
  private static final String[] COLUMNS = {"subject_kind", "subject_id", "account_id", "platform", "dt",
      "content_date", "rule_id", "rule_version", "rule_status", "category", "subcategory", "severity", "action",
      "suspend_days", "evidence"};


  private final AccountPolicy policy;
  private final String runId;
  private final String ruleSetHash;
  private final Date decisionDate;
  /** The decision date as Spark stores a date: days since 1970-01-01. */
  private final int decisionDays;
  private final int[] finding;
  /** Counts each action as it is emitted, issued or (with the ledger) already in force, or null. */
  private final ActionTally tally;

  PolicyGroups(AccountPolicy policy, StructType findings, String runId, String ruleSetHash, LocalDate decisionDate,
      ActionTally tally) {
    this.policy = policy;
    this.tally = tally;
    this.runId = runId;
    this.ruleSetHash = ruleSetHash;
    this.decisionDate = Date.valueOf(decisionDate);
    this.decisionDays = (int) decisionDate.toEpochDay();
    this.finding = indexes(findings, COLUMNS);
  }

  /** {@link #COLUMNS} as columns, to select before the shuffle. */
  static Column[] columns() {
    return Arrays.stream(COLUMNS).map(functions::col).toArray(Column[]::new);
  }

  @Override
  public Iterator<Row> call(K key, Iterator<Row> findings, Iterator<Row> ledgerRows) {
    if (!findings.hasNext()) {
      return Collections.emptyIterator(); // an account of the ledger with nothing found this run
    }
    return decide(findings, PriorStrikes.ledger(ledgerRows));
  }

  /** With the ledger: the account's findings and its ledger rows into its actions, each flagged in force or not. */
  private Iterator<Row> decide(Iterator<Row> rows, AccountLedger ledger) {
    List<Finding> findings = new ArrayList<>();
    rows.forEachRemaining(r -> findings.add(finding(r, ledger)));
    List<Row> out = new ArrayList<>();
    for (Action a : policy.decide(findings, ledger.strikes())) {
      boolean inForce = ledger.inForce(a);
      if (tally != null) {
        tally.add(a, inForce);
      }
      out.add(flagged(row(a), inForce));
    }
    return out.iterator();
  }

  /**
   * Without the ledger: the findings of a partition sorted by account ({@link #COLUMNS} in that order, as Spark's plan
   * produces them), each account's run of rows decided in one call, the actions as ACTION_V1 rows in Spark's internal
   * form. No encoder converts a finding into a {@code Row} or an action out of one: the generated serializer of
   * ACTION_V1's {@code Row}s (nested arrays of structs, each field's external type checked) was a fifth of the write
   * stage's executor samples at 5M. {@code idsGlobal}: an account is its id alone.
   */
  Iterator<InternalRow> decideSorted(Iterator<InternalRow> rows, boolean idsGlobal) {
    return new Iterator<>() {
      private Finding pending;
      private Iterator<InternalRow> out = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!out.hasNext() && (pending != null || rows.hasNext())) {
          List<Finding> account = new ArrayList<>();
          Finding first = pending != null ? pending : finding(rows.next());
          pending = null;
          account.add(first);
          while (rows.hasNext()) {
            Finding f = finding(rows.next());
            if (Objects.equals(first.accountId(), f.accountId())
                && (idsGlobal || Objects.equals(first.platform(), f.platform()))) {
              account.add(f);
            } else {
              pending = f;
              break;
            }
          }
          out = decided(account);
        }
        return out.hasNext();
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return out.next();
      }
    };
  }

  private Iterator<InternalRow> decided(List<Finding> findings) {
    List<InternalRow> out = new ArrayList<>();
    for (Action a : policy.decide(findings, List.of())) {
      if (tally != null) {
        tally.add(a, false);
      }
      out.add(internalRow(a));
    }
    return out.iterator();
  }

  /** {@link #finding(Row, AccountLedger)} from Spark's internal row: the same values, without the ledger. */
  private Finding finding(InternalRow r) {
    int[] i = finding;
    List<Evidence> evidence = null;
    if (!r.isNullAt(i[14])) {
      ArrayData rows = r.getArray(i[14]);
      evidence = new ArrayList<>(rows.numElements());
      for (int n = 0; n < rows.numElements(); n++) {
        InternalRow e = rows.getStruct(n, 7);
        evidence.add(new Evidence(string(e, 0), string(e, 1), string(e, 2), string(e, 3),
            e.isNullAt(4) ? null : e.getInt(4), e.isNullAt(5) ? null : e.getInt(5), string(e, 6)));
      }
    }
    return new Finding(string(r, i[0]), string(r, i[1]), string(r, i[2]), string(r, i[3]), string(r, i[4]),
        r.isNullAt(i[5]) ? null : LocalDate.ofEpochDay(r.getInt(i[5])), string(r, i[6]),
        r.isNullAt(i[7]) ? null : r.getInt(i[7]), string(r, i[8]), string(r, i[9]), string(r, i[10]),
        string(r, i[11]), string(r, i[12]), r.isNullAt(i[13]) ? null : r.getInt(i[13]), evidence, false);
  }

  private static String string(InternalRow r, int i) {
    return r.isNullAt(i) ? null : r.getUTF8String(i).toString();
  }

  /** {@link #row(Action)} in Spark's internal form: strings as UTF-8, dates as days since the epoch. */
  private InternalRow internalRow(Action a) {
    Object[] rules = new Object[a.rules().size()];
    for (int n = 0; n < rules.length; n++) {
      RuleRef ref = a.rules().get(n);
      rules[n] = new GenericInternalRow(new Object[] {utf8(ref.ruleId()), ref.version()});
    }
    Object[] evidence = new Object[a.evidence().size()];
    for (int n = 0; n < evidence.length; n++) {
      Evidence e = a.evidence().get(n);
      evidence[n] = new GenericInternalRow(new Object[] {utf8(e.ruleId()), utf8(e.kind()), utf8(e.field()),
          utf8(e.value()), e.start(), e.end(), utf8(e.excerpt())});
    }
    return new GenericInternalRow(new Object[] {utf8(a.actionId()), utf8(runId), utf8(a.subjectKind()),
        utf8(a.subjectId()), utf8(a.accountId()), utf8(a.platform()), utf8(a.category()), utf8(a.subcategory()),
        utf8(a.action()), a.suspendDays(), new GenericArrayData(rules), utf8(ruleSetHash), utf8(a.severity()),
        a.reviewRequired(), a.strikes(), new GenericArrayData(evidence),
        a.contentDate() == null ? null : (int) a.contentDate().toEpochDay(),
        decisionDays, utf8(a.dt())});
  }

  private static UTF8String utf8(String s) {
    return UTF8String.fromString(s);
  }

  private static Row flagged(Row action, boolean inForce) {
    Object[] values = new Object[action.length() + 1];
    for (int i = 0; i < action.length(); i++) {
      values[i] = action.get(i);
    }
    values[action.length()] = inForce;
    return RowFactory.create(values);
  }

  private Finding finding(Row r, AccountLedger ledger) {
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
        r.isNullAt(i[13]) ? null : r.getInt(i[13]), evidence,
        ledger.gaveStrike(r.getString(i[3]), r.getString(i[1]), r.getString(i[9])));
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
