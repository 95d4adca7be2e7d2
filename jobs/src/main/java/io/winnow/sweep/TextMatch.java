package io.winnow.sweep;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.engine.CompiledRules;
import io.winnow.rules.RuleSet;
import io.winnow.rules.Subject;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/**
 * The text step of the one pass over a table, as a Spark UDF: only the text fields (and the predicates already
 * known) cross into Java; every other column stays in Spark's own row format. Normalizes each field once and scans
 * it once with the compiled automaton; returns null when no rule can fire (the common case), else the candidate
 * rules, the satisfied terms leaves and the hits with offsets into the original text ({@link #TYPE}).
 */
public final class TextMatch implements UDF2<Seq<String>, Seq<Object>, Row> {
  public static final StructType HIT = new StructType()
      .add("leaf", IntegerType).add("rule", IntegerType).add("phrase", StringType).add("field", StringType)
      .add("start", IntegerType).add("end", IntegerType).add("excerpt", StringType);

  public static final StructType TYPE = new StructType()
      .add("candidates", createArrayType(IntegerType)).add("leaves", createArrayType(IntegerType))
      .add("hits", createArrayType(HIT));

  private final Broadcast<RuleSet> rules;
  private final Subject subject;
  private transient CompiledRules compiled;

  public TextMatch(Broadcast<RuleSet> rules, Subject subject) {
    this.rules = rules;
    this.subject = subject;
  }

  @Override
  public Row call(Seq<String> fields, Seq<Object> known) {
    if (compiled == null) {
      compiled = CompiledRules.of(rules.value(), subject);
    }
    String[] texts = new String[fields.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = fields.apply(i);
    }
    CompiledRules.TextMatch match = compiled.match(texts, known(known));
    if (match == null) {
      return null;
    }
    List<Row> hits = new ArrayList<>(match.hits().size());
    for (CompiledRules.Hit h : match.hits()) {
      hits.add(RowFactory.create(h.leaf(), h.rule(), h.phrase(), h.field(), h.start(), h.end(), h.excerpt()));
    }
    return RowFactory.create(seq(box(match.candidates())), seq(box(match.satisfiedLeaves())), seq(hits));
  }

  /** Tri-state predicates: null (not yet known) is 2. */
  private static byte[] known(Seq<Object> values) {
    if (values == null) {
      return null;
    }
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.apply(i);
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

  /** Array values of Rows built for Spark must be Scala sequences. */
  static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
  }

  static int[] unbox(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
