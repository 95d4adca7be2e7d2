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
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

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
  /** Per rule, its columns of a finding as Spark's values (built once per task's copy of this step). */
  private transient Object[][] ruleColumns;
  private transient MessageDigest sha;

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
   * The step over one partition of Spark's own rows (what the plan of {@link StageSchemas#decideV1} produces): the
   * findings of {@link #call}, as rows of {@link io.winnow.run.OutputSchemas#FINDING_V1}, without converting every
   * candidate to a Java row and every finding back. Fields are read by ordinal. The hits' strings stay Spark's bytes
   * (the pass wrote them from Java strings, so they are valid UTF-8 and decoding them would give them back); subject
   * fields and predicate values go through Java's decoding as in {@link #call} (an archive's bytes need not be valid
   * UTF-8, and the decoder replaces what is not), so the findings are the same byte for byte.
   */
  Iterator<InternalRow> decidePartition(Iterator<InternalRow> rows) {
    return new Iterator<>() {
      private Iterator<InternalRow> found = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!found.hasNext() && rows.hasNext()) {
          found = decide(rows.next()).iterator();
        }
        return found.hasNext();
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return found.next();
      }
    };
  }

  /** The findings of one candidate, as {@link #call} gives them; they share no bytes with {@code in}. */
  List<InternalRow> decide(InternalRow in) {
    CompiledRules compiled = rules.compiled();
    InternalRow s = in.getStruct(SUBJECT, subjectType.size());
    int[] candidates = in.getArray(CANDIDATES).toIntArray();
    int[] leaves = in.getArray(LEAVES).toIntArray();
    List<InternalRow> hits = structs(in.getArray(HITS), TextMatch.HIT.size());
    if (!in.isNullAt(JOINED)) {
      List<InternalRow> joined = structs(in.getArray(JOINED), TextMatch.HIT.size());
      leaves = java.util.stream.IntStream.concat(java.util.Arrays.stream(leaves),
          joined.stream().mapToInt(h -> h.getInt(LEAF))).toArray();
      hits = withJoined(compiled, hits, joined, h -> h.getInt(LEAF), h -> string(h, FIELD));
    }
    ArrayData whereData = in.getArray(WHERE);
    boolean[] where = new boolean[whereData.numElements()];
    for (int i = 0; i < where.length; i++) {
      where[i] = !whereData.isNullAt(i) && whereData.getBoolean(i);
    }
    int[] fired = compiled.decide(candidates, leaves, where);
    if (fired.length == 0) {
      return List.of();
    }
    String subjectId = string(s, subjectType.fieldIndex(subject == Subject.POST ? "post_id" : "account_id"));
    String platform = string(s, subjectType.fieldIndex("platform"));
    Object[] common = {null, UTF8String.fromString(runId), UTF8String.fromString(subject.key()),
        UTF8String.fromString(subjectId), UTF8String.fromString(string(s, subjectType.fieldIndex("account_id"))),
        UTF8String.fromString(platform), null, null};
    if (subject == Subject.POST) {
      common[6] = UTF8String.fromString(string(s, subjectType.fieldIndex("dt")));
      int created = subjectType.fieldIndex("created_at");
      // As the Java rows' encoders convert: to java.sql.Timestamp, its UTC date, then java.sql.Date to days.
      common[7] = s.isNullAt(created) ? null : DateTimeUtils.fromJavaDate(Date.valueOf(DateTimeUtils
          .toJavaTimestamp(s.getLong(created)).toInstant().atZone(ZoneOffset.UTC).toLocalDate()));
    }
    ArrayData values = in.getArray(VALUES);
    String hash = rules.rules().value().hash();
    List<List<String>> whereColumns = compiled.whereColumns();
    List<InternalRow> out = new ArrayList<>(fired.length);
    for (int r : fired) {
      Object[] columns = ruleColumns(compiled, hash)[r];
      UTF8String ruleId = (UTF8String) columns[0];
      List<InternalRow> evidence = new ArrayList<>();
      for (InternalRow h : hits) {
        if (h.getInt(RULE) == r) {
          evidence.add(new GenericInternalRow(new Object[] {ruleId,
              UTF8String.fromString(compiled.leafKind(h.getInt(LEAF))), copy(h, FIELD), copy(h, PHRASE),
              h.getInt(START), h.getInt(END), copy(h, EXCERPT)}));
        }
      }
      java.util.Set<String> read = new java.util.LinkedHashSet<>();
      for (int w : compiled.whereLeavesOf(r)) {
        read.addAll(whereColumns.get(w));
      }
      for (String column : read) {
        int v = valueColumns.indexOf(column);
        evidence.add(new GenericInternalRow(new Object[] {ruleId, PREDICATE, UTF8String.fromString(column),
            values.isNullAt(v) ? null : UTF8String.fromString(values.getUTF8String(v).toString()), null, null,
            null}));
      }
      Object[] finding = new Object[18];
      System.arraycopy(common, 0, finding, 0, common.length);
      String rule = compiled.rules().get(r).id();
      finding[0] = UTF8String.fromString(idsGlobal ? findingId(hash, subject.key(), subjectId, rule)
          : findingId(hash, subject.key(), platform, subjectId, rule));
      System.arraycopy(columns, 0, finding, 8, columns.length);
      finding[17] = new GenericArrayData(evidence.toArray());
      out.add(new GenericInternalRow(finding));
    }
    return out;
  }

  private static final UTF8String PREDICATE = UTF8String.fromString("predicate");

  /**
   * Per rule, the finding's columns from rule_id to rule_set_hash (rule_id, rule_version, rule_status, category,
   * subcategory, severity, action, suspend_days, rule_set_hash), built once per task.
   */
  private Object[][] ruleColumns(CompiledRules compiled, String hash) {
    if (ruleColumns == null) {
      List<Rule> all = compiled.rules();
      Object[][] built = new Object[all.size()][];
      for (int i = 0; i < built.length; i++) {
        Rule rule = all.get(i);
        built[i] = new Object[] {UTF8String.fromString(rule.id()), rule.version(),
            UTF8String.fromString(rule.status().key()), UTF8String.fromString(rule.category()),
            UTF8String.fromString(rule.subcategory()), UTF8String.fromString(rule.severity().key()),
            UTF8String.fromString(rule.action()), rule.suspendDays(), UTF8String.fromString(hash)};
      }
      ruleColumns = built;
    }
    return ruleColumns;
  }

  private static List<InternalRow> structs(ArrayData array, int fields) {
    if (array == null) {
      return List.of();
    }
    List<InternalRow> out = new ArrayList<>(array.numElements());
    for (int i = 0; i < array.numElements(); i++) {
      out.add(array.getStruct(i, fields));
    }
    return out;
  }

  /** A string field as Java reads it from a Java row (decoded), or null. */
  private static String string(InternalRow row, int field) {
    return row.isNullAt(field) ? null : row.getUTF8String(field).toString();
  }

  /** A string field's bytes, copied out of the row (whose buffer the plan reuses), or null. */
  private static UTF8String copy(InternalRow row, int field) {
    return row.isNullAt(field) ? null : row.getUTF8String(field).clone();
  }

  /**
   * The hits of the pass with those of the join where the pass would have put them, had the catalogue been matched
   * there: after the phrase evidence, then by field, then in the field's evidence order (whole-text matches such as a
   * claim first) and leaf. The evidence is the same with the join as without.
   */
  static List<Row> withJoined(CompiledRules compiled, List<Row> hits, List<Row> joined) {
    return withJoined(compiled, hits, joined, h -> h.getInt(LEAF), h -> h.getString(FIELD));
  }

  /** {@link #withJoined(CompiledRules, List, List)} over hits of any form, read by {@code leaf} and {@code field}. */
  static <H> List<H> withJoined(CompiledRules compiled, List<H> hits, List<H> joined,
      java.util.function.ToIntFunction<H> leaf, java.util.function.Function<H, String> field) {
    List<String> fields = compiled.fields();
    List<H> sorted = new ArrayList<>(joined);
    sorted.sort(java.util.Comparator.<H>comparingInt(h -> fields.indexOf(field.apply(h))).thenComparingInt(leaf));
    List<H> out = new ArrayList<>(hits);
    for (H j : sorted) {
      int f0 = fields.indexOf(field.apply(j));
      int at = 0;
      while (at < out.size() && compiled.phraseEvidence(leaf.applyAsInt(out.get(at)))) {
        at++;
      }
      while (at < out.size()) {
        H h = out.get(at);
        int f = fields.indexOf(field.apply(h));
        int order = Integer.compare(compiled.fieldEvidenceOrder(leaf.applyAsInt(h)),
            compiled.fieldEvidenceOrder(leaf.applyAsInt(j)));
        if (f > f0 || f == f0 && (order > 0 || order == 0 && leaf.applyAsInt(h) > leaf.applyAsInt(j))) {
          break;
        }
        at++;
      }
      out.add(at, j);
    }
    return out;
  }

  /** {@link #id}, with one digest per task instead of one looked up per finding. */
  private String findingId(String... parts) {
    if (sha == null) {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return id(sha, parts);
  }

  /** A stable id: the same rule set, subject and decision give the same id in every run. */
  public static String id(String... parts) {
    try {
      return id(MessageDigest.getInstance("SHA-256"), parts);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of {@code parts} with {@code sha} (a SHA-256 digest, reset by the call). */
  private static String id(MessageDigest sha, String... parts) {
    for (String p : parts) {
      sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
  }
}
