package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.rules.ConditionReader;
import java.util.List;

/**
 * One kind of condition, whole: how a rule file writes it ({@link #read}), what it compiles to ({@link #compile}: a
 * node of the rule's tree, over {@link Leaf}s that match rows and give evidence), and how {@code rules test} explains
 * it ({@link #explain}). A new kind is one class implementing this and one line in {@link ConditionKinds}.
 */
public interface ConditionKind extends ConditionReader {
  /** The condition records this kind reads into and compiles. */
  List<Class<? extends Condition>> types();

  /** Compiles {@code condition} (one of {@link #types()}) for the rule {@code context.rule()}. */
  Node compile(Condition condition, CompileContext context);

  /** Says what held of {@code condition} on one example, through {@code explanation}. */
  void explain(Condition condition, Explanation explanation);
}
