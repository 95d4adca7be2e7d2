package io.winnow.sweep;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.engine.CompiledRules;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * The text step of the one pass over a table, as a Spark UDF: only the text fields (and the predicates already
 * known) cross into Java; every other column stays in Spark's own row format. Normalizes each field once and scans
 * it once with the compiled automaton; returns null when no rule can fire (the common case), else the candidate
 * rules, the satisfied terms leaves and the hits with offsets into the original text ({@link #TYPE}).
 *
 * <p>Each text field is its own argument, as UTF-8 bytes, and the known predicates come as one string of digits ({@link
 * #known(List)}): an array argument would be converted per row through Spark's generic array converter, which on
 * Spark 4.2 looks up the SQL configuration for every element (a third of the pass's time in a profile of 1M posts).
 */
public final class TextMatch implements UDF3<byte[], byte[], String, Row>, UDF4<byte[], byte[], byte[], String, Row> {
  public static final StructType HIT = new StructType()
      .add("leaf", IntegerType).add("rule", IntegerType).add("phrase", StringType).add("field", StringType)
      .add("start", IntegerType).add("end", IntegerType).add("excerpt", StringType);

  /**
   * A text a joined similar-to leaf must still be tried on ({@link CompiledRules.Pending}); shingles are packed
   * 8 bytes each ({@link ClaimJoin#pack}).
   */
  public static final StructType PENDING = new StructType()
      .add("leaf", IntegerType).add("rule", IntegerType).add("field", StringType).add("start", IntegerType)
      .add("end", IntegerType).add("excerpt", StringType).add("shingles", BinaryType)
      .add("bands", createArrayType(LongType));

  public static final StructType TYPE = new StructType()
      .add("candidates", createArrayType(IntegerType)).add("leaves", createArrayType(IntegerType))
      .add("hits", createArrayType(HIT)).add("pending", createArrayType(PENDING));

  /**
   * {@link #TYPE} with the quarantine reason of the text fields ({@link TextChecks}): a row with one has only that
   * field set and is not matched.
   */
  static final StructType CHECKED_TYPE = TYPE.add("quarantine", StringType);

  private final SubjectRules rules;
  /** Whether the text fields are checked first ({@link #checked}), and the longest text allowed. */
  private final boolean checks;
  private final int maxText;
  /** Counts the rows this UDF is called for ({@link #checked}): the text pass's rows without a reason of Spark's. */
  private final LongAccumulator calls;
  /** The checks' own walk over every field before the match, as before the checked decode: the oracle of tests. */
  private final boolean walkFirst;
  private transient CompiledRules compiled;
  /** Spark deserializes a UDF per task, and a task runs on one thread: the buffer is this task's own. */
  private transient TextNormalizer.Buffer buffer;
  /** With the checks: a buffer per text field, each field decoded (and checked) before the first is matched. */
  private transient TextNormalizer.Buffer[] fieldBuffers;
  private transient String[] fieldNames;
  private transient UTF8String[] fieldValues;

  /** Similar-to leaves that {@code rules} leaves to the join ({@link ClaimJoin}) are only marked pending here. */
  public TextMatch(SubjectRules rules) {
    this(rules, false, 0, null, false);
  }

  private TextMatch(SubjectRules rules, boolean checks, int maxText, LongAccumulator calls, boolean walkFirst) {
    this.rules = rules;
    this.checks = checks;
    this.maxText = maxText;
    this.calls = calls;
    this.walkFirst = walkFirst;
  }

  /** The function {@link #checked} applies, without its row count: the checks read off each field's decode. */
  static TextMatch checking(SubjectRules rules, int maxText) {
    return new TextMatch(rules, true, maxText, null, false);
  }

  /** As {@link #checking}, with the checks' own walk over every field before the match: the old path, for tests. */
  static TextMatch checkingByOwnWalk(SubjectRules rules, int maxText) {
    return new TextMatch(rules, true, maxText, null, true);
  }

  /**
   * As {@link #apply(SubjectRules, List, Column)}, of {@link #CHECKED_TYPE}: the text fields' quarantine checks
   * ({@link TextChecks}, texts over {@code maxText} characters) in the same walk of Java as the match. Each call adds
   * one to {@code calls} (the text pass counts its rows with it instead of an observation over every row).
   */
  static Column checked(SubjectRules rules, int maxText, List<Column> fields, Column known, LongAccumulator calls) {
    return apply(new TextMatch(rules, true, maxText, calls, false), fields, known);
  }

  /**
   * The match column of one row: {@code fields} are the subject's text fields in the order of {@link
   * Subject#textFields()}, {@code known} is {@link #known(List)} of the predicates (a null string: all unknown).
   */
  public static Column apply(Broadcast<RuleSet> rules, Subject subject, List<Column> fields, Column known) {
    return apply(new TextMatch(SubjectRules.inThePass(rules, subject)), fields, known);
  }

  /** As {@link #apply(Broadcast, Subject, List, Column)}, with the catalogues {@code rules} joins left pending. */
  public static Column apply(SubjectRules rules, List<Column> fields, Column known) {
    return apply(new TextMatch(rules), fields, known);
  }

  private static Column apply(TextMatch f, List<Column> fields, Column known) {
    // As binary, a string reaches Java as its UTF-8 bytes: no string is decoded for the rows that match nothing.
    List<Column> args = new ArrayList<>(fields.stream().map(c -> c.cast("binary")).toList());
    args.add(known);
    // Non-deterministic keeps the optimizer from evaluating the UDF once for a filter and again for a select.
    StructType type = f.checks ? CHECKED_TYPE : TYPE;
    UserDefinedFunction udf = switch (fields.size()) {
      case 2 -> functions.udf((UDF3<byte[], byte[], String, Row>) f, type);
      case 3 -> functions.udf((UDF4<byte[], byte[], byte[], String, Row>) f, type);
      default -> throw new IllegalArgumentException("a subject with " + fields.size() + " text fields");
    };
    return udf.asNondeterministic().apply(args.toArray(Column[]::new));
  }

  /**
   * The predicates already known for a row, as one string column: per predicate {@code 1} (true), {@code 0} (false)
   * or {@code 2} (not known in this pass; a null element). Null when there are none.
   */
  public static Column known(List<Column> predicates) {
    if (predicates.isEmpty()) {
      return functions.lit(null).cast("string");
    }
    return functions.concat(predicates.stream()
        .map(p -> functions.when(p.isNull(), functions.lit("2")).when(p, functions.lit("1")).otherwise(functions.lit("0")))
        .toArray(Column[]::new));
  }

  @Override
  public Row call(byte[] a, byte[] b, String known) {
    return match(new byte[][] {a, b}, known);
  }

  @Override
  public Row call(byte[] a, byte[] b, byte[] c, String known) {
    return match(new byte[][] {a, b, c}, known);
  }

  private Row match(byte[][] texts, String known) {
    if (calls != null) {
      calls.add(1);
    }
    if (compiled == null) {
      compiled = rules.compiled();
      buffer = new TextNormalizer.Buffer();
      fieldNames = compiled.fields().toArray(String[]::new);
      fieldValues = compiled.fields().stream().map(UTF8String::fromString).toArray(UTF8String[]::new);
      fieldBuffers = new TextNormalizer.Buffer[fieldNames.length];
      for (int i = 0; i < fieldBuffers.length; i++) {
        fieldBuffers[i] = new TextNormalizer.Buffer();
      }
    }
    CompiledRules.TextMatch match;
    if (checks && !walkFirst && decodesInPlace(texts)) {
      String reason = decodedReason(texts);
      if (reason != null) {
        return RowFactory.create(null, null, null, null, reason);
      }
      match = compiled.matchDecoded(texts, known(known), fieldBuffers);
    } else {
      String reason = checks ? TextChecks.reason(texts, fieldNames, maxText) : null;
      if (reason != null) {
        return RowFactory.create(null, null, null, null, reason);
      }
      match = compiled.matchUtf8(texts, known(known), buffer);
    }
    if (match == null) {
      return null;
    }
    // Arrays go to Spark as Java arrays: its converter maps them straight into its array data, where a list would
    // first be copied into a Scala list. Field names are encoded once per task.
    Row[] hits = new Row[match.hits().size()];
    for (int i = 0; i < hits.length; i++) {
      CompiledRules.Hit h = match.hits().get(i);
      hits[i] = RowFactory.create(h.leaf(), h.rule(), h.phrase(), field(h.field()), h.start(), h.end(), h.excerpt());
    }
    Row[] pending = null;
    if (!match.pending().isEmpty()) {
      pending = new Row[match.pending().size()];
      for (int i = 0; i < pending.length; i++) {
        CompiledRules.Pending p = match.pending().get(i);
        pending[i] = RowFactory.create(p.leaf(), p.rule(), field(p.field()), p.start(), p.end(), p.excerpt(),
            ClaimJoin.pack(p.shingles()), p.bands());
      }
    }
    return checks ? RowFactory.create(match.candidates(), match.satisfiedLeaves(), hits, pending, null)
        : RowFactory.create(match.candidates(), match.satisfiedLeaves(), hits, pending);
  }

  private static boolean decodesInPlace(byte[][] texts) {
    for (byte[] t : texts) {
      if (t != null && !TextNormalizer.decodesInPlace(t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link TextChecks#reason} of the texts, read off the walk that decodes each field for its match ({@link
   * TextNormalizer#decodeChecked}) instead of a walk of its own: the same reasons in the same order (the first invalid
   * field, else the first too long). The fields stay decoded in {@link #fieldBuffers} for {@link
   * CompiledRules#matchDecoded}.
   */
  private String decodedReason(byte[][] texts) {
    TextNormalizer normalizer = TextNormalizer.shared();
    int tooLong = -1;
    int tooLongChars = 0;
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] == null) {
        continue;
      }
      int chars = normalizer.decodeChecked(texts[i], fieldBuffers[i]);
      if (chars == TextNormalizer.INVALID) {
        return TextChecks.invalid(fieldNames[i]);
      }
      if (chars > maxText && tooLong < 0) {
        tooLong = i;
        tooLongChars = chars;
      }
    }
    return tooLong < 0 ? null : TextChecks.tooLong(fieldNames[tooLong], maxText, tooLongChars);
  }

  /** The field name as Spark's string type, made once per task (its converter passes a UTF8String through). */
  private UTF8String field(String name) {
    for (int i = 0; i < fieldNames.length; i++) {
      if (fieldNames[i].equals(name)) {
        return fieldValues[i];
      }
    }
    return UTF8String.fromString(name);
  }

  /** Tri-state predicates: '2' (not yet known) is 2. */
  private static byte[] known(String values) {
    if (values == null) {
      return null;
    }
    byte[] out = new byte[values.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (values.charAt(i) - '0');
    }
    return out;
  }

  /** Array values of Rows that go through a Row encoder (a flatMap's output) must be Scala sequences. */
  static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
  }

  static int[] unbox(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
