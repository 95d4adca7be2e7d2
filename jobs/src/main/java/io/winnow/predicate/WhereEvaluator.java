package io.winnow.predicate;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Evaluates {@code where} predicates in-process on one record's values, for {@code winnow rules test}
 * ({@link SqlPredicates#resolve}: Spark's parser, built-in functions and type coercion, columns as literals). Each
 * predicate is parsed once per evaluator. Not thread-safe.
 */
public final class WhereEvaluator {
  private final Map<String, Expression> parsed = new HashMap<>();

  /** Evaluates one predicate on {@code values} (qualified column -> Java value); null is false, as in a sweep. */
  public boolean evaluate(String sql, Map<String, Object> values) throws SqlPredicates.InvalidPredicate {
    Expression e = parsed.get(sql);
    if (e == null) {
      e = SqlPredicates.parse(sql);
      parsed.put(sql, e);
    }
    Expression resolved = SqlPredicates.resolve(e, column -> literal(column, values.get(column)));
    Expression stuck = SqlPredicates.unevaluable(resolved);
    if (stuck != null || !resolved.resolved()) {
      throw new SqlPredicates.InvalidPredicate((stuck == null ? resolved.sql() : stuck.sql())
          + " needs Spark's analyzer or a running query; rules test cannot evaluate it. Rewrite it with columns,"
          + " literals and deterministic built-in functions");
    }
    Object v = resolved.eval(null);
    return Boolean.TRUE.equals(v);
  }

  private static Expression literal(String column, Object value) {
    DataType type = SqlPredicates.type(column);
    Object v = value;
    if (type instanceof TimestampType && v instanceof String s) {
      v = Timestamp.valueOf(s.length() == 10 ? s + " 00:00:00" : s);
    }
    if (v instanceof List<?> list) {
      // Literal.create does not convert Java lists; build Catalyst's array of UTF8String directly.
      Object[] items = list.stream().map(x -> UTF8String.fromString((String) x)).toArray();
      return new Literal(new GenericArrayData(items), type);
    }
    return Literal$.MODULE$.create(v, type);
  }
}
