package io.winnow.engine.toykind;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.engine.CompileContext;
import io.winnow.engine.ConditionKind;
import io.winnow.engine.Explanation;
import io.winnow.engine.Leaf;
import io.winnow.engine.Node;
import io.winnow.engine.RowScan;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import java.util.List;
import java.util.Set;

/**
 * A toy condition kind, whole in this one file: {@code min-length { chars = N, in = [text] }} holds when a field's
 * normalized text has at least N characters. It proves that a kind is its record, its reader, its compiled leaf, its
 * evidence and its explanation, written against the engine's public API only, plus one registration line.
 */
public final class MinLengthKind implements ConditionKind {
  /** The kind's record: plain data, as the shipped kinds' records in io.winnow.model are. */
  public record MinLength(int chars, List<String> fields) implements Condition {}

  @Override
  public String key() {
    return "min-length";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(MinLength.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      context.problem(body.origin(), "min-length must be an object { chars = N }");
      return null;
    }
    ConfigObject object = (ConfigObject) body;
    int before = context.problems();
    context.unknownKeys(object, Set.of("chars", "in"), "min-length");
    ConfigValue chars = object.get("chars");
    if (chars == null || chars.valueType() != ConfigValueType.NUMBER || ((Number) chars.unwrapped()).intValue() < 1) {
      context.problem(chars == null ? body.origin() : chars.origin(), "min-length needs chars = a whole number of at"
          + " least 1");
    }
    List<String> fields = object.containsKey("in") ? context.fields(object.get("in"))
        : context.subject().defaultFields();
    if (context.problems() > before) {
      return null;
    }
    return new MinLength(((Number) chars.unwrapped()).intValue(), List.copyOf(fields));
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    MinLength m = (MinLength) condition;
    return context.everyField(new LengthLeaf(context.rule(), context.fieldMask(m.fields()), m.chars()));
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    explanation.textLeaf("min-length " + ((MinLength) condition).chars(), true);
  }

  /** Satisfied on a field of at least {@code chars} normalized characters; the evidence is the length. */
  static final class LengthLeaf extends Leaf {
    private final int chars;

    LengthLeaf(int rule, int fieldMask, int chars) {
      super(rule, fieldMask);
      this.chars = chars;
    }

    @Override
    public String kind() {
      return "min-length";
    }

    @Override
    protected void field(RowScan row) {
      if (row.text().length() >= chars) {
        row.satisfy(this);
        row.wholeFieldHit(this, row.text().length() + " characters");
      }
    }
  }
}
