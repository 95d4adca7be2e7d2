package io.winnow.text;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A map from long to non-negative int with open addressing and no boxing, for the shingle tables of
 * {@link ContainmentIndex}: a text's every shingle is looked up once per field, and a {@code HashMap<Long, ...>} there
 * allocated a Long per lookup and cost most of the containment pass. Built once, then only read (thread-safe to read).
 */
final class LongIntTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] keys;
  /** The value plus one; 0 marks an empty slot. */
  private final int[] values;
  private final int mask;
  private int size;

  LongIntTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** Sets {@code key} to {@code value} (0 or more); the table must not fill beyond the expected size. */
  void put(long key, int value) {
    int i = slot(key);
    while (values[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == 0) {
      if (++size > keys.length / 2 + keys.length / 4) {
        throw new IllegalStateException("LongIntTable over its expected size");
      }
      keys[i] = key;
    }
    values[i] = value + 1;
  }

  /** The value of {@code key}, or {@code absent}. */
  int get(long key, int absent) {
    int i = slot(key);
    while (values[i] != 0) {
      if (keys[i] == key) {
        return values[i] - 1;
      }
      i = (i + 1) & mask;
    }
    return absent;
  }

  int size() {
    return size;
  }

  /** The keys, in no order. */
  long[] keys() {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != 0) {
        out[n++] = keys[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
