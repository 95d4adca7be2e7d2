package io.winnow.text;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * An Aho-Corasick automaton over UTF-16 units in a double array, with a builder that stays linear in the keys' total
 * length: every occurrence of every key in one pass over a char array, overlapping ones included.
 *
 * <p>Why not the library's builder (com.hankcs {@code AhoCorasickDoubleArrayTrie}, whose scan this one keeps): its
 * builder first makes one object per trie state with a {@code TreeMap} of children, then finds each state's base by
 * walking the double array cell by cell from one moving start, so with many keys of few distinct letters (English) it
 * revisits the same crowded cells for every state, and it grows its arrays by the ratio of keys to placed leaves,
 * which early in a breadth-first placement is huge (a 100,000-phrase English list did not build in 300 s, a 20,000
 * one with variants ran out of a 3 GB heap). Here, as in darts-clone:
 *
 * <ul>
 *   <li>the units of the keys are renumbered densely, most frequent first ({@link #code}), so a state's children sit
 *       in a narrow band of cells whatever the script (ideographs are units 0x4E00 and up), and a unit of no key sends
 *       the scan back to the root at once;
 *   <li>the trie is never built as objects: states are placed breadth-first straight from ranges of the sorted keys;
 *   <li>a state's base is searched over a list of free cells only, and a free cell that failed many searches is taken
 *       off the list (it stays empty), so each search is short.
 * </ul>
 *
 * <p>Immutable and thread-safe after {@link #build}; serializable (a Spark broadcast).
 */
final class Automaton<V> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long HAS_OUTPUT = 0x8000_0000L;
  /** A free cell that failed this many base searches leaves the free list: it is crowded by its neighbours. */
  private static final int MAX_FAILED_SEARCHES = Integer.getInteger("mfs", 16);
  /** Check value of a cell that is not a state (no state has a negative number); the root's own cell is never one. */
  private static final int FREE = -1;

  /** Receives every occurrence: {@code [begin, end)} in the text, and the value of the key found there. */
  @FunctionalInterface
  interface Hits<V> {
    void hit(int begin, int end, V value);
  }

  /** Per UTF-16 unit its code among the keys' units (1 = the most frequent), 0 for a unit no key holds. */
  private final char[] code;
  /** Per state: base in the high 32 bits, {@link #HAS_OUTPUT}, the failure link in the low 31 bits. */
  private final long[] nodes;
  /** Per cell: the state whose child it is, or {@link #FREE}. */
  private final int[] check;
  /** Per state with output: the keys (indices in sorted order) that end there, in descending index order. */
  private final int[][] output;
  private final int[] lengths;
  private final Object[] values;

  private Automaton(char[] code, long[] nodes, int[] check, int[][] output, int[] lengths, Object[] values) {
    this.code = code;
    this.nodes = nodes;
    this.check = check;
    this.output = output;
    this.lengths = lengths;
    this.values = values;
  }

  /** Number of keys. */
  int size() {
    return values.length;
  }

  /** Number of cells of the double array (states and the free cells between them). */
  int cells() {
    return check.length;
  }

  /**
   * The automaton of {@code keys} (none empty), each reported with its value; null when there are none. Its work is
   * linear in the keys' total length, and its memory about 13 bytes per trie state.
   */
  static <V> Automaton<V> build(SortedMap<String, V> keys) {
    if (keys.isEmpty()) {
      return null;
    }
    String[] sorted = new String[keys.size()];
    Object[] values = new Object[keys.size()];
    int k = 0;
    for (Map.Entry<String, V> e : keys.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException("an automaton key is empty");
      }
      sorted[k] = e.getKey();
      values[k++] = e.getValue();
    }
    return new Builder(sorted).build(values);
  }

  /**
   * Calls {@code hits} for every occurrence of every key in {@code text[0, length)}, in the order of their ends, and
   * at one end in descending order of the keys' sorted index (the order of the library this replaces).
   */
  @SuppressWarnings("unchecked")
  void scan(char[] text, int length, Hits<V> hits) {
    int state = 0;
    long node = nodes[0];
    for (int i = 0; i < length; i++) {
      int c = code[text[i]];
      if (c == 0) {
        state = 0; // a unit of no key: no state has a transition on it, and the root has no output
        node = nodes[0];
        continue;
      }
      state = step(state, node, c);
      node = nodes[state];
      if ((node & HAS_OUTPUT) != 0) {
        for (int key : output[state]) {
          hits.hit(i + 1 - lengths[key], i + 1, (V) values[key]);
        }
      }
    }
  }

  /**
   * The goto step every scan shares: from {@code state} (whose node is {@code node}) on the unit of code {@code c}, along
   * the failure links until some state has a transition on it; 0 when none has. Small enough for HotSpot to inline
   * into each scan's loop (its callers differ in what they track beside it: outputs, a checker, collapsed repeats).
   */
  private int step(int state, long node, int c) {
    while (true) {
      int next = (int) (node >>> 32) + c;
      if (check[next] == state) {
        return next;
      }
      if (state == 0) {
        return 0;
      }
      state = (int) (node & 0x7FFF_FFFFL);
      node = nodes[state];
    }
  }

  /** A copy of the code of every UTF-16 unit among the keys' units (0: no key holds it), to build a reading from. */
  char[] codes() {
    return code.clone();
  }

  /**
   * {@link #scanCollapsed} of a whole text with a checker machine run beside it on every unit: {@code reading[u]}
   * holds the unit's code (low 16 bits) and its category in the checker (the bits above), {@code machine[check *
   * categories + category]} the checker's next state, 0 its rejecting state. Returns the checker's state once the text
   * is read, -2 at the first occurrence of a key, and as soon as the checker rejects a negative {@link #rejected}
   * value that says where the last gap with a space before that unit starts (a run of units whose categories are set
   * in {@code gapCategories}: spaces, separators) and this scan's state and the checker's before it: a caller can go
   * on from there (a link starts after a space, and a fold may drop the gap before it) without reading the text again.
   */
  long scanChecked(char[] text, int length, int[] reading, int[] machine, int categories, int checker,
      int gapCategories) {
    int state = 0;
    long node = nodes[0];
    char last = 0;
    int gap = -1;
    int gapState = 0;
    int gapChecker = checker;
    int run = -1;
    int runState = 0;
    int runChecker = checker;
    for (int i = 0; i < length; i++) {
      char u = text[i];
      int r = reading[u];
      int category = r >>> 16;
      if ((gapCategories >>> category & 1) != 0) {
        if (run < 0) {
          run = i;
          runState = state;
          runChecker = checker;
        }
        if (u == ' ') {
          gap = run;
          gapState = runState;
          gapChecker = runChecker;
        }
      } else {
        run = -1;
      }
      checker = machine[checker * categories + category];
      if (checker == 0) {
        return rejected(gap, gapState, gapChecker);
      }
      if (u == last && (char) (u - 'a') <= 'z' - 'a') {
        continue; // a repeat of the letter before: one unit of the folded text
      }
      last = u;
      int c = r & 0xFFFF;
      if (c == 0) {
        state = 0;
        node = nodes[0];
        continue;
      }
      state = step(state, node, c);
      node = nodes[state];
      if ((node & HAS_OUTPUT) != 0) {
        return -2;
      }
    }
    return checker;
  }

  /** Where {@link #scanChecked} puts the last gap's start (plus one) in its result when the checker rejects. */
  static final int REJECTED_SPACE_SHIFT = 40;
  /** ... and the scan's state before that gap, and below it the checker's (at most {@link #CHECKER_MASK}). */
  static final int REJECTED_STATE_SHIFT = 8;
  static final int CHECKER_MASK = 0xFF;
  /** The position field of a rejection with no usable space (too far into the text, or a checker state too large). */
  static final int NO_SPACE = (1 << 23) - 1;

  private static long rejected(int space, int state, int checker) {
    int position = space + 1 < NO_SPACE && checker <= CHECKER_MASK ? space + 1 : NO_SPACE;
    return Long.MIN_VALUE | (long) position << REJECTED_SPACE_SHIFT | (long) state << REJECTED_STATE_SHIFT
        | (checker & CHECKER_MASK);
  }

  /**
   * The scan of {@code text[from, to)} from state {@code state} (0: the start of a text), read through {@code codes} (a
   * unit's code: {@link #codes()}, or another reading of the units built from it) with each run of one letter a-z read
   * once: the scan of the text a fold would give that only collapses repeats ({@link TermFolder#plainText}), without
   * writing that text. Returns the state it ends in, to go on from, or -1 at the first occurrence of a key.
   */
  int scanCollapsed(char[] text, int from, int to, char[] codes, int state) {
    long node = nodes[state];
    char last = 0;
    for (int i = from; i < to; i++) {
      char u = text[i];
      if (u == last && (char) (u - 'a') <= 'z' - 'a') {
        continue; // a repeat of the letter before: one unit of the folded text
      }
      last = u;
      int c = codes[u];
      if (c == 0) {
        state = 0;
        node = nodes[0];
        continue;
      }
      state = step(state, node, c);
      node = nodes[state];
      if ((node & HAS_OUTPUT) != 0) {
        return -1;
      }
    }
    return state;
  }

  /** Places the states of a sorted key list breadth-first, then links failures and merges outputs. */
  private static final class Builder {
    /** The keys' units one after another in sorted order, from {@link #offsets}: read far faster than strings. */
    private final char[] units;
    private final int[] offsets;
    private final int[] lengths;
    private final int keyCount;
    private final char[] code = new char[0x10000];
    private final int alphabet;
    private int[] check;
    private int[] base;
    private int[] ownKey;
    private int[] nextFree;
    private int[] prevFree;
    private byte[] failed;
    /** Head of the list of free cells (in increasing order), or -1; {@link #usedEnd}: one past the last cell used. */
    private int freeHead = -1;
    private int freeTail = -1;
    private int usedEnd = 1;
    /** The states in breadth-first order, with the parent and code each was reached by. */
    private int[] order = new int[1024];
    private int[] parentOf = new int[1024];
    private int[] codeOf = new int[1024];
    private int states;

    Builder(String[] keys) {
      keyCount = keys.length;
      offsets = new int[keys.length];
      lengths = new int[keys.length];
      long total = 0;
      for (int k = 0; k < keys.length; k++) {
        offsets[k] = (int) total;
        lengths[k] = keys[k].length();
        total += lengths[k];
      }
      if (total > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("automaton keys of " + total + " units in all: too many for one automaton");
      }
      units = new char[(int) total];
      long[] counts = new long[0x10000];
      for (int k = 0; k < keys.length; k++) {
        keys[k].getChars(0, lengths[k], units, offsets[k]);
      }
      for (char unit : units) {
        counts[unit]++;
      }
      // most frequent unit first: count in the high bits, unit in the low 16 (ties by unit)
      long[] ranked = new long[0x10000];
      int used = 0;
      for (int c = 0; c < 0x10000; c++) {
        if (counts[c] > 0) {
          ranked[used++] = (-counts[c] << 16) | c;
        }
      }
      Arrays.sort(ranked, 0, used);
      for (int r = 0; r < used; r++) {
        code[(int) (ranked[r] & 0xFFFF)] = (char) (r + 1);
      }
      this.alphabet = used;
      int capacity = Math.max(1024, 2 * alphabet + 2);
      check = new int[capacity];
      base = new int[capacity];
      ownKey = new int[capacity];
      nextFree = new int[capacity];
      prevFree = new int[capacity];
      failed = new byte[capacity];
      Arrays.fill(check, FREE);
      Arrays.fill(ownKey, -1);
      check[0] = Integer.MIN_VALUE; // the root's cell: no state's child
      appendFree(1, capacity);
    }

    <V> Automaton<V> build(Object[] values) {
      // per state in the queue: the range of sorted keys below it, and its depth
      int[] lo = new int[1024];
      int[] hi = new int[1024];
      int[] depth = new int[1024];
      enqueue(0, -1, 0);
      lo[0] = 0;
      hi[0] = keyCount;
      depth[0] = 0;
      long[] children = new long[alphabet + 1];
      int[] childLo = new int[alphabet + 1];
      int[] childHi = new int[alphabet + 1];
      for (int q = 0; q < states; q++) {
        int state = order[q];
        int from = lo[q];
        int to = hi[q];
        int d = depth[q];
        if (lengths[from] == d) {
          ownKey[state] = from; // the shortest key of the range is the one ending here (sorted: a prefix comes first)
          from++;
        }
        int count = 0;
        for (int i = from; i < to; ) {
          char unit = units[offsets[i] + d];
          int j = i + 1;
          while (j < to && units[offsets[j] + d] == unit) {
            j++;
          }
          childLo[count] = i;
          childHi[count] = j;
          children[count] = ((long) code[unit] << 32) | count;
          count++;
          i = j;
        }
        if (count == 0) {
          continue;
        }
        sort(children, count);
        int b = place(children, count);
        base[state] = b;
        for (int c = 0; c < count; c++) {
          int group = (int) children[c];
          int child = b + (int) (children[c] >>> 32);
          check[child] = state;
          int slot = enqueue(child, state, (int) (children[c] >>> 32));
          if (slot >= lo.length) {
            lo = Arrays.copyOf(lo, 2 * slot);
            hi = Arrays.copyOf(hi, 2 * slot);
            depth = Arrays.copyOf(depth, 2 * slot);
          }
          lo[slot] = childLo[group];
          hi[slot] = childHi[group];
          depth[slot] = d + 1;
        }
      }
      return link(values);
    }

    /** Sorts by code; most states have one child or a few, for which the library sort's set-up costs the most. */
    private static void sort(long[] children, int count) {
      if (count > 16) {
        Arrays.sort(children, 0, count);
        return;
      }
      for (int i = 1; i < count; i++) {
        long x = children[i];
        int j = i - 1;
        while (j >= 0 && children[j] > x) {
          children[j + 1] = children[j];
          j--;
        }
        children[j + 1] = x;
      }
    }

    private int enqueue(int state, int parent, int c) {
      if (states == order.length) {
        order = Arrays.copyOf(order, 2 * states);
        parentOf = Arrays.copyOf(parentOf, 2 * states);
        codeOf = Arrays.copyOf(codeOf, 2 * states);
      }
      order[states] = state;
      parentOf[states] = parent;
      codeOf[states] = c;
      return states++;
    }

    /**
     * A base for children with these codes (sorted, in the high 32 bits): the first free cell of the list that takes
     * them all, else past the last used cell. Takes their cells off the free list.
     */
    private int place(long[] children, int count) {
      int first = (int) (children[0] >>> 32);
      int b = -1;
      for (int e = freeHead; e >= 0; ) {
        int next = nextFree[e];
        if (e >= first && fits(e - first, children, count)) {
          b = e - first;
          break;
        }
        if (++failed[e] >= MAX_FAILED_SEARCHES) {
          unlinkFree(e);
        }
        e = next;
      }
      if (b < 0) {
        b = Math.max(0, usedEnd - first);
      }
      int last = b + (int) (children[count - 1] >>> 32);
      if (last + alphabet + 1 >= check.length) {
        grow(Math.max(2 * check.length, last + alphabet + 2));
      }
      for (int c = 0; c < count; c++) {
        int cell = b + (int) (children[c] >>> 32);
        unlinkFree(cell);
        usedEnd = Math.max(usedEnd, cell + 1);
      }
      return b;
    }

    private boolean fits(int b, long[] children, int count) {
      for (int c = 1; c < count; c++) {
        int cell = b + (int) (children[c] >>> 32);
        if (cell >= check.length) {
          return true; // the rest lies past the array, which grows with free cells
        }
        if (check[cell] != FREE) {
          return false;
        }
      }
      return true;
    }

    private void grow(int capacity) {
      int old = check.length;
      check = Arrays.copyOf(check, capacity);
      base = Arrays.copyOf(base, capacity);
      ownKey = Arrays.copyOf(ownKey, capacity);
      nextFree = Arrays.copyOf(nextFree, capacity);
      prevFree = Arrays.copyOf(prevFree, capacity);
      failed = Arrays.copyOf(failed, capacity);
      Arrays.fill(check, old, capacity, FREE);
      Arrays.fill(ownKey, old, capacity, -1);
      appendFree(old, capacity);
    }

    /** Appends cells {@code [from, to)} to the free list. */
    private void appendFree(int from, int to) {
      for (int e = from; e < to; e++) {
        prevFree[e] = freeTail;
        nextFree[e] = -1;
        if (freeTail >= 0) {
          nextFree[freeTail] = e;
        } else {
          freeHead = e;
        }
        freeTail = e;
      }
    }

    /** Takes a cell off the free list; a cell no longer on it (used, or given up on) is left alone. */
    private void unlinkFree(int e) {
      if (prevFree[e] == -2) {
        return;
      }
      int p = prevFree[e];
      int n = nextFree[e];
      if (p >= 0) {
        nextFree[p] = n;
      } else {
        freeHead = n;
      }
      if (n >= 0) {
        prevFree[n] = p;
      } else {
        freeTail = p;
      }
      prevFree[e] = -2;
    }

    /** Failure links and outputs, breadth-first (a state's failure is shallower, so it is done before it). */
    private <V> Automaton<V> link(Object[] values) {
      int cells = usedEnd + alphabet + 1; // every base + code of the scan stays inside
      int[] fail = new int[cells];
      int[][] output = new int[cells][];
      for (int q = 1; q < states; q++) {
        int state = order[q];
        int parent = parentOf[q];
        int c = codeOf[q];
        int f = 0;
        if (parent != 0) {
          f = fail[parent];
          while (true) {
            int next = base[f] + c;
            if (next < check.length && check[next] == f) {
              f = next;
              break;
            }
            if (f == 0) {
              break;
            }
            f = fail[f];
          }
        }
        fail[state] = f;
        int[] inherited = output[f];
        int own = ownKey[state];
        if (own >= 0) {
          int[] out = inherited == null ? new int[] {own} : mergeDescending(own, inherited);
          output[state] = out;
        } else {
          output[state] = inherited;
        }
      }
      long[] nodes = new long[cells];
      for (int s = 0; s < cells; s++) {
        boolean isState = s == 0 || (s < check.length && check[s] >= 0);
        if (isState) {
          nodes[s] = ((long) base[s] << 32) | (output[s] != null ? HAS_OUTPUT : 0) | (fail[s] & 0x7FFF_FFFFL);
        }
      }
      int[] check = Arrays.copyOf(this.check, cells);
      return new Automaton<>(code, nodes, check, output, lengths, values);
    }

    private static int[] mergeDescending(int own, int[] inherited) {
      int[] out = new int[inherited.length + 1];
      int o = 0;
      int i = 0;
      while (i < inherited.length && inherited[i] > own) {
        out[o++] = inherited[i++];
      }
      out[o++] = own;
      while (i < inherited.length) {
        out[o++] = inherited[i++];
      }
      return out;
    }
  }
}
