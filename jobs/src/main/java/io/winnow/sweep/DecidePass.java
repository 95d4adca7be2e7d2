package io.winnow.sweep;

import io.winnow.engine.CompiledRules;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Second step for candidate rows, after the join with account facts and report aggregates: evaluates each candidate
 * rule with every predicate known and emits one finding per rule that holds, with its evidence (the term spans and
 * the column values its predicates read).
 *
 * <p>Input: rows of {@link StageSchemas#decideV1}, read by column name: subject (at least its fields of {@link
 * #subjectFields}), candidates, leaves, hits, where (one boolean per predicate), values (one string per column in
 * {@code valueColumns}), joined (the hits of the banded join, {@link ClaimJoin}; null for none), whose leaves count as
 * satisfied.
 */
public final class DecidePass implements FlatMapFunction<Row, Row> {
  private static final StructType INPUT = StageSchemas.decideV1(new StructType());
  private static final int SUBJECT = INPUT.fieldIndex("subject");
  private static final int CANDIDATES = INPUT.fieldIndex("candidates");
  private static final int LEAVES = INPUT.fieldIndex("leaves");
  private static final int HITS = INPUT.fieldIndex("hits");
  private static final int WHERE = INPUT.fieldIndex("where");
  private static final int VALUES = INPUT.fieldIndex("values");
  private static final int JOINED = INPUT.fieldIndex("joined");
  // The fields of a hit (TextMatch.HIT), by name.
  private static final int LEAF = TextMatch.HIT.fieldIndex("leaf");
  private static final int RULE = TextMatch.HIT.fieldIndex("rule");
  private static final int PHRASE = TextMatch.HIT.fieldIndex("phrase");
  private static final int FIELD = TextMatch.HIT.fieldIndex("field");
  private static final int START = TextMatch.HIT.fieldIndex("start");
  private static final int END = TextMatch.HIT.fieldIndex("end");
  private static final int EXCERPT = TextMatch.HIT.fieldIndex("excerpt");

  private final SubjectRules rules;
  private final Subject subject;
  private final StructType subjectType;
  private final List<String> valueColumns;
  private final String runId;
  private final boolean idsGlobal;

  /** {@code idsGlobal}: subject ids are one space across platforms, so a finding id leaves the platform out. */
  public DecidePass(SubjectRules rules, StructType subjectType, List<String> valueColumns, String runId,
      boolean idsGlobal) {
    this.idsGlobal = idsGlobal;
    this.rules = rules;
    this.subject = rules.subject();
    this.subjectType = subjectType;
    this.valueColumns = valueColumns;
    this.runId = runId;
  }

  /**
   * The fields of the subject this step reads (its id, author, platform, and a post's partition and time): the
   * decision step may hand it a subject of these fields only, so the joins before it carry no text.
   */
  static List<String> subjectFields(Subject subject) {
    return subject == Subject.POST ? List.of("post_id", "account_id", "platform", "dt", "created_at")
        : List.of("account_id", "platform");
  }

  @Override
  public Iterator<Row> call(Row in) {
    RuleSet ruleSet = rules.rules().value();
    CompiledRules compiled = rules.compiled();
    Row s = in.getStruct(SUBJECT);
    int[] candidates = TextMatch.unbox(in.getList(CANDIDATES));
    int[] leaves = TextMatch.unbox(in.getList(LEAVES));
    List<Row> hits = in.getList(HITS);
    if (!in.isNullAt(JOINED)) {
      List<Row> joined = in.getList(JOINED);
      leaves = java.util.stream.IntStream.concat(java.util.Arrays.stream(leaves),
          joined.stream().mapToInt(h -> h.getInt(LEAF))).toArray();
      hits = withJoined(compiled, hits, joined);
    }
    List<Boolean> whereList = in.getList(WHERE);
    List<String> values = in.getList(VALUES);
    boolean[] where = new boolean[whereList.size()];
    for (int i = 0; i < where.length; i++) {
      where[i] = Boolean.TRUE.equals(whereList.get(i));
    }
    int[] fired = compiled.decide(candidates, leaves, where);
    if (fired.length == 0) {
      return java.util.Collections.emptyIterator();
    }
    String subjectId = s.getString(subjectType.fieldIndex(subject == Subject.POST ? "post_id" : "account_id"));
    String accountId = s.getString(subjectType.fieldIndex("account_id"));
    String platform = s.getString(subjectType.fieldIndex("platform"));
    String dt = subject == Subject.POST ? s.getString(subjectType.fieldIndex("dt")) : null;
    Date contentDate = null;
    if (subject == Subject.POST) {
      Timestamp created = s.getTimestamp(subjectType.fieldIndex("created_at"));
      contentDate = Date.valueOf(created.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
    }
    List<String> allWhere = compiled.whereSql();
    List<List<String>> whereColumns = compiled.whereColumns();
    List<Row> out = new ArrayList<>(fired.length);
    for (int r : fired) {
      Rule rule = compiled.rules().get(r);
      List<Row> evidence = new ArrayList<>();
      for (Row h : hits) {
        if (h.getInt(RULE) == r) {
          evidence.add(RowFactory.create(rule.id(), compiled.leafKind(h.getInt(LEAF)), h.getString(FIELD), h.getString(PHRASE),
              h.getInt(START), h.getInt(END), h.getString(EXCERPT)));
        }
      }
      java.util.Set<String> read = new java.util.LinkedHashSet<>();
      for (int w : compiled.whereLeavesOf(r)) {
        read.addAll(whereColumns.get(w));
      }
      for (String column : read) {
        evidence.add(RowFactory.create(rule.id(), "predicate", column, values.get(valueColumns.indexOf(column)), null,
            null, null));
      }
      assert allWhere.size() == where.length;
      out.add(RowFactory.create(
          idsGlobal ? id(ruleSet.hash(), subject.key(), subjectId, rule.id())
              : id(ruleSet.hash(), subject.key(), platform, subjectId, rule.id()), runId, subject.key(), subjectId, accountId,
          platform, dt, contentDate, rule.id(), rule.version(), rule.status().key(), rule.category(),
          rule.subcategory(), rule.severity().key(), rule.action(), rule.suspendDays(), ruleSet.hash(),
          TextMatch.seq(evidence)));
    }
    return out.iterator();
  }

  /**
   * The hits of the pass with those of the join where the pass would have put them, had the catalogue been matched
   * there: after the phrase evidence, then by field, then in the field's evidence order (whole-text matches such as a
   * claim first) and leaf. The evidence is the same with the join as without.
   */
  static List<Row> withJoined(CompiledRules compiled, List<Row> hits, List<Row> joined) {
    List<String> fields = compiled.fields();
    List<Row> sorted = new ArrayList<>(joined);
    sorted.sort(java.util.Comparator.<Row>comparingInt(h -> fields.indexOf(h.getString(FIELD))).thenComparingInt(
        h -> h.getInt(LEAF)));
    List<Row> out = new ArrayList<>(hits);
    for (Row j : sorted) {
      int field = fields.indexOf(j.getString(FIELD));
      int at = 0;
      while (at < out.size() && compiled.phraseEvidence(out.get(at).getInt(LEAF))) {
        at++;
      }
      while (at < out.size()) {
        Row h = out.get(at);
        int f = fields.indexOf(h.getString(FIELD));
        int order = Integer.compare(compiled.fieldEvidenceOrder(h.getInt(LEAF)),
            compiled.fieldEvidenceOrder(j.getInt(LEAF)));
        if (f > field || f == field && (order > 0 || order == 0 && h.getInt(LEAF) > j.getInt(LEAF))) {
          break;
        }
        at++;
      }
      out.add(at, j);
    }
    return out;
  }

  /** A stable id: the same rule set, subject and decision give the same id in every run. */
  public static String id(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
