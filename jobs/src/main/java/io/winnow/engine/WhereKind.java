package io.winnow.engine;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.predicate.SqlPredicates;
import io.winnow.rules.ReadContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code where = "SQL"}: a Spark SQL predicate over post, account and report-aggregate columns, parsed and checked at
 * load time and evaluated by Spark as a column (never in the text pass, where it is unknown).
 */
final class WhereKind implements ConditionKind {
  @Override
  public String key() {
    return "where";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(Condition.Where.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    if (body.valueType() != ConfigValueType.STRING) {
      context.problem(body.origin(), "where must be a string with a Spark SQL predicate");
      return null;
    }
    String sql = (String) body.unwrapped();
    try {
      return new Condition.Where(sql, SqlPredicates.columns(sql));
    } catch (SqlPredicates.InvalidPredicate e) {
      context.problem(body.origin(), e.getMessage());
      return null;
    }
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    Condition.Where w = (Condition.Where) condition;
    return context.where(w.sql(), w.columns());
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    Condition.Where w = (Condition.Where) condition;
    List<String> read = new ArrayList<>();
    w.columns().forEach(col -> read.add(col + "=" + show(explanation.value(col))));
    explanation.say("where \"" + w.sql() + "\" is " + explanation.where(w.sql()) + " (" + String.join(", ", read)
        + ")");
  }

  private static String show(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
