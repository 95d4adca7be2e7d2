package io.winnow.engine;

/**
 * A rule's condition tree over compiled leaves, evaluated in Kleene's three-valued logic: a predicate not yet
 * evaluated is unknown. {@code states} holds the where predicates' states, then those of deferred leaves.
 */
public sealed interface Node {
  byte FALSE = 0;
  byte TRUE = 1;
  byte UNKNOWN = 2;

  byte eval(LeafSet satisfied, byte[] states);

  /** A leaf decided in the pass: true when the row satisfied it. */
  record LeafRef(int leaf) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      return satisfied.get(leaf) ? TRUE : FALSE;
    }
  }

  /**
   * A leaf decided after the pass (a similar-to leaf left to the banded join): true once satisfied. In the pass its
   * state is {@code states[deferredBase[0] + slot]} (unknown where the join may still find a match); absent (as in
   * {@link CompiledRules#decide}, which is handed the where predicates only) it is false.
   */
  record DeferredRef(int leaf, int slot, int[] deferredBase) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      int index = deferredBase[0] + slot;
      return satisfied.get(leaf) ? TRUE : states != null && index < states.length ? states[index] : FALSE;
    }
  }

  /** A where predicate, evaluated by Spark: unknown until then. */
  record WhereRef(int index) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      return states == null ? UNKNOWN : states[index];
    }
  }

  record All(Node[] children) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      byte result = TRUE;
      for (Node c : children) {
        byte v = c.eval(satisfied, states);
        if (v == FALSE) {
          return FALSE;
        }
        if (v == UNKNOWN) {
          result = UNKNOWN;
        }
      }
      return result;
    }
  }

  record Any(Node[] children) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      byte result = FALSE;
      for (Node c : children) {
        byte v = c.eval(satisfied, states);
        if (v == TRUE) {
          return TRUE;
        }
        if (v == UNKNOWN) {
          result = UNKNOWN;
        }
      }
      return result;
    }
  }

  record Not(Node child) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      byte v = child.eval(satisfied, states);
      return v == UNKNOWN ? UNKNOWN : (v == TRUE ? FALSE : TRUE);
    }
  }
}
