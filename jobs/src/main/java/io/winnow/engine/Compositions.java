package io.winnow.engine;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The compositions: {@code all = [...]}, {@code any = [...]} and {@code not { ... }}. */
final class Compositions {
  static final ConditionKind ALL = new ListKind("all", Condition.All.class);
  static final ConditionKind ANY = new ListKind("any", Condition.Any.class);
  static final ConditionKind NOT = new NotKind();

  private Compositions() {}

  /** all and any: a non-empty list of conditions. */
  private record ListKind(String key, Class<? extends Condition> type) implements ConditionKind {
    @Override
    public List<Class<? extends Condition>> types() {
      return List.of(type);
    }

    @Override
    public Condition read(ConfigValue body, ReadContext context) {
      if (body.valueType() != ConfigValueType.LIST || ((ConfigList) body).isEmpty()) {
        context.problem(body.origin(), key + " needs a non-empty list of conditions");
        return null;
      }
      List<Condition> children = new ArrayList<>();
      for (ConfigValue child : (ConfigList) body) {
        children.add(context.condition(child));
      }
      List<Condition> read = children.stream().filter(Objects::nonNull).toList();
      return key.equals("all") ? new Condition.All(read) : new Condition.Any(read);
    }

    @Override
    public Node compile(Condition condition, CompileContext context) {
      Node[] children = children(condition).stream().map(context::compile).toArray(Node[]::new);
      return key.equals("all") ? new Node.All(children) : new Node.Any(children);
    }

    @Override
    public void explain(Condition condition, Explanation explanation) {
      children(condition).forEach(explanation::explain);
    }

    private static List<Condition> children(Condition c) {
      return c instanceof Condition.All a ? a.conditions() : ((Condition.Any) c).conditions();
    }
  }

  private static final class NotKind implements ConditionKind {
    @Override
    public String key() {
      return "not";
    }

    @Override
    public List<Class<? extends Condition>> types() {
      return List.of(Condition.Not.class);
    }

    @Override
    public Condition read(ConfigValue body, ReadContext context) {
      Condition inner = context.condition(body);
      return inner == null ? null : new Condition.Not(inner);
    }

    @Override
    public Node compile(Condition condition, CompileContext context) {
      return new Node.Not(context.compile(((Condition.Not) condition).condition()));
    }

    @Override
    public void explain(Condition condition, Explanation explanation) {
      explanation.explainApart(((Condition.Not) condition).condition())
          .forEach(s -> explanation.say("(under not) " + s));
    }
  }
}
