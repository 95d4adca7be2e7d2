package io.winnow.rules;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The condition kinds a rule loader knows, by the key a rule file writes. The engine's registry of condition kinds is
 * one ({@code io.winnow.engine.ConditionKinds}); {@link #shipped()} finds it, so that this package does not depend on
 * the engine that compiles what it reads.
 */
public interface ConditionSyntax {
  /** The reader of the kind written as {@code key}, or null when no kind has that key. */
  ConditionReader reader(String key);

  /** Every key, sorted (named in the message about an unknown condition). */
  List<String> keys();

  /** The condition kinds the product ships: the registry that {@code META-INF/services} names. */
  static ConditionSyntax shipped() {
    return Shipped.INSTANCE;
  }

  /** Looked up once: the registry is immutable. */
  final class Shipped {
    private static final ConditionSyntax INSTANCE = ServiceLoader.load(ConditionSyntax.class,
        ConditionSyntax.class.getClassLoader()).findFirst().orElseThrow(() -> new IllegalStateException(
            "no condition kinds registered: META-INF/services/" + ConditionSyntax.class.getName() + " is missing"));

    private Shipped() {}
  }
}
