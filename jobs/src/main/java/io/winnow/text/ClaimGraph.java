package io.winnow.text;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * A Lucene HNSW graph frozen into arrays: what {@link org.apache.lucene.util.hnsw.HnswGraphBuilder} built, level by
 * level, each node's neighbours in the order the built graph lists them, so that a search through it visits what a
 * search through the built graph visits and finds the same claims. Unlike Lucene's on-heap graph it is {@link
 * Serializable} (it travels in the broadcast of the claim vectors, so executors do not rebuild it) and can be written
 * and read ({@link #write}, {@link #read}), so that a sweep over a catalogue it has seen loads the graph instead of
 * building it. Immutable; each search takes its own cursor ({@link #cursor}).
 */
public final class ClaimGraph implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x57434731; // "WCG1"

  private final int size;
  private final int entryNode;
  /** The nodes of each level above 0, ascending (level 0 holds every node). */
  private final int[][] levelNodes;
  /** The neighbours of each level's nodes: [level][index of the node on its level]. */
  private final int[][][] neighbours;

  private ClaimGraph(int size, int entryNode, int[][] levelNodes, int[][][] neighbours) {
    this.size = size;
    this.entryNode = entryNode;
    this.levelNodes = levelNodes;
    this.neighbours = neighbours;
  }

  /** The arrays of {@code graph} (read through its public cursor, so any HnswGraph). */
  public static ClaimGraph freeze(HnswGraph graph) throws IOException {
    int levels = graph.numLevels();
    int[][] levelNodes = new int[levels][];
    int[][][] neighbours = new int[levels][][];
    for (int level = 0; level < levels; level++) {
      int[] nodes = HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
      levelNodes[level] = level == 0 ? null : nodes;
      neighbours[level] = new int[nodes.length][];
      for (int i = 0; i < nodes.length; i++) {
        graph.seek(level, nodes[i]);
        int[] found = new int[8];
        int n = 0;
        for (int d = graph.nextNeighbor(); d != DocIdSetIterator.NO_MORE_DOCS; d = graph.nextNeighbor()) {
          if (n == found.length) {
            found = Arrays.copyOf(found, n * 2);
          }
          found[n++] = d;
        }
        neighbours[level][i] = Arrays.copyOf(found, n);
      }
    }
    return new ClaimGraph(graph.size(), graph.entryNode(), levelNodes, neighbours);
  }

  public int size() {
    return size;
  }

  /** A cursor over this graph for one search (Lucene's searcher moves it from node to node). */
  public HnswGraph cursor() {
    return new Cursor();
  }

  /** The graph as bytes: levels, each level's nodes and every node's neighbours. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(size);
    out.writeInt(entryNode);
    out.writeInt(neighbours.length);
    for (int level = 0; level < neighbours.length; level++) {
      int[][] lists = neighbours[level];
      out.writeInt(lists.length);
      for (int i = 0; i < lists.length; i++) {
        if (level > 0) {
          out.writeInt(levelNodes[level][i]);
        }
        out.writeInt(lists[i].length);
        for (int d : lists[i]) {
          out.writeInt(d);
        }
      }
    }
  }

  /**
   * A graph {@link #write} wrote, over {@code expectedSize} nodes. Anything else (another size, a node or neighbour
   * out of range, levels out of order, a cut-off file) is an IOException saying what is wrong.
   */
  public static ClaimGraph read(DataInput in, int expectedSize) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a claim graph (no magic number)");
    }
    int size = in.readInt();
    int entry = in.readInt();
    int levels = in.readInt();
    if (size != expectedSize || levels < 1 || levels > 64 || entry < 0 || entry >= size) {
      throw new IOException("a graph of " + size + " nodes, " + levels + " levels, entry " + entry + " where "
          + expectedSize + " claims were expected");
    }
    int[][] levelNodes = new int[levels][];
    int[][][] neighbours = new int[levels][][];
    for (int level = 0; level < levels; level++) {
      int count = in.readInt();
      if (level == 0 ? count != size : count < 1 || count > neighbours[level - 1].length) {
        throw new IOException("level " + level + " has " + count + " nodes");
      }
      levelNodes[level] = level == 0 ? null : new int[count];
      neighbours[level] = new int[count][];
      for (int i = 0; i < count; i++) {
        if (level > 0) {
          int node = in.readInt();
          if (node < 0 || node >= size || i > 0 && node <= levelNodes[level][i - 1]) {
            throw new IOException("level " + level + ": node " + node + " out of range or order");
          }
          levelNodes[level][i] = node;
        }
        int n = in.readInt();
        if (n < 0 || n > size) {
          throw new IOException("level " + level + ": " + n + " neighbours");
        }
        int[] list = new int[n];
        for (int k = 0; k < n; k++) {
          list[k] = in.readInt();
          if (list[k] < 0 || list[k] >= size) {
            throw new IOException("level " + level + ": neighbour " + list[k] + " out of range");
          }
        }
        neighbours[level][i] = list;
      }
    }
    if (levels > 1 && Arrays.binarySearch(levelNodes[levels - 1], entry) < 0) {
      throw new IOException("entry node " + entry + " is not on the top level");
    }
    return new ClaimGraph(size, entry, levelNodes, neighbours);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimGraph g && size == g.size && entryNode == g.entryNode
        && Arrays.deepEquals(levelNodes, g.levelNodes) && Arrays.deepEquals(neighbours, g.neighbours);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(neighbours) * 31 + entryNode;
  }

  @Override
  public String toString() {
    return "HNSW graph of " + size + " nodes, " + neighbours.length + " levels";
  }

  /** One search's position in the graph. */
  private final class Cursor extends HnswGraph {
    private int[] current = new int[0];
    private int next;

    @Override
    public void seek(int level, int target) {
      int index = level == 0 ? target : Arrays.binarySearch(levelNodes[level], target);
      current = neighbours[level][index];
      next = 0;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int nextNeighbor() {
      return next < current.length ? current[next++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int numLevels() {
      return neighbours.length;
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      if (level == 0) {
        return new ArrayNodesIterator(size);
      }
      return new ArrayNodesIterator(levelNodes[level], levelNodes[level].length);
    }
  }
}
