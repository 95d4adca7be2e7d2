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

  /**
   * As {@link #eval} while the row's leaves are known only between bounds: a leaf in {@code lower} is satisfied, one
   * outside {@code upper} is not, one in between is unknown. Kleene's logic is monotone, so FALSE here means FALSE for
   * every satisfied set between the bounds.
   */
  byte bounds(LeafSet lower, LeafSet upper, byte[] states);

  /** The state of a leaf between bounds. */
  static byte between(int leaf, LeafSet lower, LeafSet upper) {
    return lower.get(leaf) ? TRUE : upper.get(leaf) ? UNKNOWN : FALSE;
  }

  /** A leaf decided in the pass: true when the row satisfied it. */
  record LeafRef(int leaf) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      return satisfied.get(leaf) ? TRUE : FALSE;
    }

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      return Node.between(leaf, lower, upper);
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

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      byte leafState = Node.between(leaf, lower, upper);
      if (leafState == TRUE) {
        return TRUE;
      }
      int index = deferredBase[0] + slot;
      byte state = states != null && index < states.length ? states[index] : FALSE;
      // Satisfied or not, as eval reads it: TRUE if either is, unknown if the leaf might be and the state is not TRUE.
      return state == TRUE ? TRUE : leafState == UNKNOWN ? UNKNOWN : state;
    }
  }

  /** A where predicate, evaluated by Spark: unknown until then. */
  record WhereRef(int index) implements Node {
    public byte eval(LeafSet satisfied, byte[] states) {
      return states == null ? UNKNOWN : states[index];
    }

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      return eval(lower, states);
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

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      byte result = TRUE;
      for (Node c : children) {
        byte v = c.bounds(lower, upper, states);
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

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      byte result = FALSE;
      for (Node c : children) {
        byte v = c.bounds(lower, upper, states);
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

    public byte bounds(LeafSet lower, LeafSet upper, byte[] states) {
      byte v = child.bounds(lower, upper, states);
      return v == UNKNOWN ? UNKNOWN : (v == TRUE ? FALSE : TRUE);
    }
  }
}
