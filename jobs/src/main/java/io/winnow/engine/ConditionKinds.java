package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.rules.ConditionReader;
import io.winnow.rules.ConditionSyntax;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of condition kinds: by the key a rule file writes (for the loader) and by the record each compiles
 * (for the engine). {@link #shipped()} is the product's; the loader finds it through {@code META-INF/services}.
 */
public final class ConditionKinds implements ConditionSyntax {
  private static final ConditionKinds SHIPPED = new ConditionKinds(List.of(
      new TermsKind(),
      new RegexKind(),
      new SimilarToKind(),
      new NameLikeKind(),
      new WhereKind(),
      Compositions.ALL,
      Compositions.ANY,
      Compositions.NOT));

  private final List<ConditionKind> kinds;
  private final Map<String, ConditionKind> byKey = new TreeMap<>();
  private final Map<Class<?>, ConditionKind> byType = new HashMap<>();

  /** The shipped kinds; public for {@link java.util.ServiceLoader}. */
  public ConditionKinds() {
    this(SHIPPED.kinds);
  }

  private ConditionKinds(List<ConditionKind> kinds) {
    this.kinds = List.copyOf(kinds);
    for (ConditionKind k : kinds) {
      if (byKey.put(k.key(), k) != null) {
        throw new IllegalArgumentException("two condition kinds are written " + k.key());
      }
      k.types().forEach(t -> byType.put(t, k));
    }
  }

  public static ConditionKinds shipped() {
    return SHIPPED;
  }

  /** These kinds and {@code kind}. */
  public ConditionKinds with(ConditionKind kind) {
    List<ConditionKind> all = new ArrayList<>(kinds);
    all.add(kind);
    return new ConditionKinds(all);
  }

  @Override
  public ConditionReader reader(String key) {
    return byKey.get(key);
  }

  @Override
  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /** The kind that compiles {@code condition}. */
  ConditionKind kindOf(Condition condition) {
    ConditionKind kind = byType.get(condition.getClass());
    if (kind == null) {
      throw new IllegalArgumentException("no condition kind compiles " + condition.getClass().getName()
          + ": register its kind in ConditionKinds");
    }
    return kind;
  }

  /** Distinguishes compiled rule sets of other registries in the compiled rules' cache. */
  String cacheKey() {
    return this == SHIPPED ? "" : "/" + String.join(",", keys()) + "@" + System.identityHashCode(this);
  }
}
