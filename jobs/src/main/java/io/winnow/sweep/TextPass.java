package io.winnow.sweep;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.engine.CompiledRules;
import io.winnow.rules.RuleSet;
import io.winnow.rules.Subject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one pass over a table: per row, validate (or quarantine with a reason), normalize each text field once and
 * scan it once with the compiled automaton. Emits candidate rows, quarantined rows and, per task, one stats row with
 * the number of rows evaluated, so the row accounting comes from the same pass that did the work.
 *
 * <p>Input rows: {@code subject} (the table's struct) and {@code known} (where predicates already known, null where
 * unknown). Output rows: {@link #schema}.
 */
public final class TextPass implements MapPartitionsFunction<Row, Row> {
  public static final String CANDIDATE = "candidate";
  public static final String QUARANTINE = "quarantine";
  public static final String STATS = "stats";

  public static final StructType HIT = new StructType()
      .add("leaf", IntegerType).add("rule", IntegerType).add("phrase", StringType).add("field", StringType)
      .add("start", IntegerType).add("end", IntegerType).add("excerpt", StringType);

  private final Broadcast<RuleSet> rules;
  private final Subject subject;
  private final StructType subjectType;
  private final int maxTextChars;

  public TextPass(Broadcast<RuleSet> rules, Subject subject, StructType subjectType, int maxTextChars) {
    this.rules = rules;
    this.subject = subject;
    this.subjectType = subjectType;
    this.maxTextChars = maxTextChars;
  }

  public static StructType schema(StructType subjectType) {
    return new StructType()
        .add("kind", StringType).add("subject", subjectType)
        .add("candidates", createArrayType(IntegerType)).add("leaves", createArrayType(IntegerType))
        .add("hits", createArrayType(HIT)).add("reason", StringType).add("evaluated", LongType);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    CompiledRules compiled = CompiledRules.of(rules.value(), subject);
    List<String> fields = compiled.fields();
    int[] fieldIndex = fields.stream().mapToInt(subjectType::fieldIndex).toArray();
    String idField = subject == Subject.POST ? "post_id" : "account_id";
    int idIndex = subjectType.fieldIndex(idField);
    int accountIndex = subjectType.fieldIndex("account_id");
    int createdIndex = subjectType.fieldIndex("created_at");
    String[] texts = new String[fields.size()];

    return new Iterator<>() {
      private long evaluated;
      private boolean statsSent;
      private Row next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (input.hasNext()) {
            next = process(input.next());
          } else if (!statsSent) {
            statsSent = true;
            next = RowFactory.create(STATS, null, null, null, null, null, evaluated);
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Row out = next;
        next = null;
        return out;
      }

      private Row process(Row in) {
        Row s = in.getStruct(0);
        String reason = null;
        if (s.isNullAt(idIndex)) {
          reason = "null " + idField;
        } else if (s.isNullAt(accountIndex)) {
          reason = "null account_id";
        } else if (subject == Subject.POST && s.isNullAt(createdIndex)) {
          reason = "null or unparseable created_at";
        } else {
          for (int f = 0; f < texts.length; f++) {
            texts[f] = s.isNullAt(fieldIndex[f]) ? null : s.getString(fieldIndex[f]);
            if (texts[f] != null && texts[f].length() > maxTextChars) {
              reason = fields.get(f) + " longer than " + maxTextChars + " characters (" + texts[f].length() + ")";
            }
          }
        }
        if (reason != null) {
          return RowFactory.create(QUARANTINE, s, null, null, null, reason, null);
        }
        evaluated++;
        byte[] known = known(in);
        CompiledRules.TextMatch match = compiled.match(texts, known);
        if (match == null) {
          return null;
        }
        List<Row> hits = new ArrayList<>(match.hits().size());
        for (CompiledRules.Hit h : match.hits()) {
          hits.add(RowFactory.create(h.leaf(), h.rule(), h.phrase(), h.field(), h.start(), h.end(), h.excerpt()));
        }
        return RowFactory.create(CANDIDATE, s, seq(box(match.candidates())), seq(box(match.satisfiedLeaves())),
            seq(hits), null, null);
      }
    };
  }

  private static byte[] known(Row in) {
    if (in.isNullAt(1)) {
      return null;
    }
    List<Object> values = in.getList(1);
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      out[i] = v == null ? 2 : ((Boolean) v ? (byte) 1 : (byte) 0);
    }
    return out;
  }

  static List<Integer> box(int[] values) {
    List<Integer> out = new ArrayList<>(values.length);
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  /** Array values of Rows built for an encoder must be Scala sequences. */
  static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
  }

  static int[] unbox(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  static StructType hitType() {
    return (StructType) DataTypes.createArrayType(HIT).elementType();
  }
}
