package io.winnow.engine;

import java.util.Arrays;

/**
 * A small set of leaf or rule ids, kept sorted: what a row satisfies is a handful of the rule set's ids, and a
 * {@link java.util.BitSet} grows as wide as the highest id (30,000 leaves at 10,000 rules: kilobytes to allocate,
 * zero and scan per candidate row).
 */
final class LeafSet {
  private static final int[] NONE = new int[0];
  /** Allocated on the first id: most rows of a sweep satisfy nothing, and each row scan holds two sets. */
  private int[] ids = NONE;
  private int size;

  boolean get(int id) {
    return Arrays.binarySearch(ids, 0, size, id) >= 0;
  }

  void set(int id) {
    int at = Arrays.binarySearch(ids, 0, size, id);
    if (at >= 0) {
      return;
    }
    at = -at - 1;
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, Math.max(4, size * 2));
    }
    System.arraycopy(ids, at, ids, at + 1, size - at);
    ids[at] = id;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The {@code i}-th smallest id. */
  int at(int i) {
    return ids[i];
  }

  void clear() {
    size = 0;
  }

  int[] toArray() {
    return Arrays.copyOf(ids, size);
  }
}
