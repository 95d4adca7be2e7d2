package io.winnow.sweep;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import io.winnow.text.ClaimGraph;
import io.winnow.text.ClaimVectors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Claim vectors kept across sweeps ({@code winnow.semantic.claim-cache}): one file per model fingerprint (the ONNX
 * file's and the tokenizer's SHA-256, pooling, max-tokens: everything that decides a vector), holding the SHA-256 of
 * each claim's text and its vector. A catalogue that did not change is not embedded again; a changed claim is a new
 * key. On any Hadoop file system; written to a temporary file and renamed, so a reader sees an old or a new file,
 * never half of one. A cache is never a reason for a sweep to fail: a missing, unreadable or foreign file reads as
 * empty (and is replaced), and a write that fails is skipped with a warning.
 *
 * <p>Beside the vectors, the HNSW graphs built over them ({@link #readGraph}, {@link #writeGraph}): one file per model
 * fingerprint and graph key ({@link ClaimVectors#graphKey}: the SHA-256 of the catalogue's vectors and the graph's
 * parameters), the {@code maxGraphs} written last kept. A damaged graph file is read as absent and rebuilt.
 *
 * <p>Layout: the magic line {@code winnow-claim-vectors 1}, the fingerprint (UTF), the dimensions and entry count
 * (ints), then per entry 32 bytes of SHA-256 and the floats.
 */
final class SemanticClaimCache {
  private static final String MAGIC = "winnow-claim-vectors 1";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SemanticClaimCache.class);

  private final Path dir;
  private final Configuration conf;
  private final int maxEntries;
  private final int maxGraphs;

  /**
   * The cache under {@code dir} (created when first written), keeping at most {@code maxEntries} vectors and {@code
   * maxGraphs} graphs per model.
   */
  SemanticClaimCache(String dir, Configuration conf, int maxEntries, int maxGraphs) {
    this.dir = new Path(dir);
    this.conf = conf;
    this.maxEntries = maxEntries;
    this.maxGraphs = maxGraphs;
  }

  Path dir() {
    return dir;
  }

  Path file(String fingerprint) {
    return new Path(dir, fingerprint + ".vectors");
  }

  /** The vectors cached for {@code fingerprint}, by the hex SHA-256 of the claim text ({@link #key}); empty if none. */
  Map<String, float[]> read(String fingerprint, int dimensions) {
    Path file = file(fingerprint);
    Map<String, float[]> out = new HashMap<>();
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return out;
      }
      try (FSDataInputStream raw = fs.open(file); DataInputStream in = new DataInputStream(raw)) {
        if (!MAGIC.equals(in.readUTF()) || !fingerprint.equals(in.readUTF()) || in.readInt() != dimensions) {
          LOG.warn("claim vector cache {} is not for this model; claims are embedded again and the file replaced",
              file);
          return new HashMap<>();
        }
        int n = in.readInt();
        byte[] key = new byte[32];
        for (int i = 0; i < n; i++) {
          in.readFully(key);
          float[] v = new float[dimensions];
          for (int k = 0; k < dimensions; k++) {
            v[k] = in.readFloat();
          }
          out.put(java.util.HexFormat.of().formatHex(key), v);
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      LOG.warn("claim vector cache {} cannot be read ({}); claims are embedded again and the file replaced", file,
          e.toString());
      return new HashMap<>();
    }
  }

  /**
   * Writes {@code current} (this sweep's claims) and then as many of {@code earlier} as fit under the cap, replacing
   * the file of {@code fingerprint}. Returns whether the file was written.
   */
  boolean write(String fingerprint, int dimensions, Map<String, float[]> current, Map<String, float[]> earlier) {
    Map<String, float[]> all = new LinkedHashMap<>(current);
    for (Map.Entry<String, float[]> e : earlier.entrySet()) {
      if (all.size() >= maxEntries) {
        break;
      }
      all.putIfAbsent(e.getKey(), e.getValue());
    }
    return replace(file(fingerprint), "claim vector cache", "the next sweep embeds the claims again", out -> {
      out.writeUTF(MAGIC);
      out.writeUTF(fingerprint);
      out.writeInt(dimensions);
      out.writeInt(all.size());
      for (Map.Entry<String, float[]> e : all.entrySet()) {
        out.write(java.util.HexFormat.of().parseHex(e.getKey()));
        for (float x : e.getValue()) {
          out.writeFloat(x);
        }
      }
    }, fs -> { });
  }

  /** What a kept file holds, written to a stream. */
  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** What is done after a kept file is in place (e.g. older files deleted). */
  private interface After {
    void run(FileSystem fs) throws IOException;
  }

  /**
   * Writes {@code file} through a temporary file renamed over it, then runs {@code after}. Returns whether all of it
   * was done; a failure is a warning naming {@code what} and {@code then}, and removes the temporary file.
   */
  private boolean replace(Path file, String what, String then, Body body, After after) {
    Path tmp = new Path(dir, "." + file.getName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      FileSystem fs = file.getFileSystem(conf);
      fs.mkdirs(dir);
      try (FSDataOutputStream raw = fs.create(tmp, true);
          DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16))) {
        body.write(out);
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("rename of " + tmp + " to " + file + " failed");
      }
      after.run(fs);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} {} not written ({}); {}", what, file, e.toString(), then);
      try {
        tmp.getFileSystem(conf).delete(tmp, false);
      } catch (IOException ignored) {
        // nothing more to do: the temporary file is named as such
      }
      return false;
    }
  }

  Path graphFile(String fingerprint, String graphKey) {
    return new Path(dir, fingerprint + "-" + graphKey + ".graph");
  }

  /**
   * The graph kept for {@code vectors} (under the model {@code fingerprint}), or null when there is none or it cannot
   * be read (a warning says why; the caller builds it again).
   */
  ClaimGraph readGraph(String fingerprint, ClaimVectors vectors) {
    Path file = graphFile(fingerprint, vectors.graphKey());
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      try (FSDataInputStream raw = fs.open(file);
          DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
        ClaimGraph graph = ClaimGraph.read(in, vectors.size());
        fs.setTimes(file, System.currentTimeMillis(), -1); // used lately: kept before graphs not used since
        return graph;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("claim graph {} cannot be read ({}); the graph is built again and the file replaced", file,
          e.toString());
      return null;
    }
  }

  /**
   * Keeps {@code graph}, built over {@code vectors}, then deletes the model's graphs beyond the {@code maxGraphs}
   * written last. Returns whether the file was written; a failure is a warning only.
   */
  boolean writeGraph(String fingerprint, ClaimVectors vectors, ClaimGraph graph) {
    Path file = graphFile(fingerprint, vectors.graphKey());
    return replace(file, "claim graph", "the next sweep builds it again", graph::write, fs -> {
      org.apache.hadoop.fs.FileStatus[] kept = fs.listStatus(dir, p -> p.getName().startsWith(fingerprint + "-")
          && p.getName().endsWith(".graph"));
      Arrays.sort(kept, Comparator.comparingLong(org.apache.hadoop.fs.FileStatus::getModificationTime).reversed()
          .thenComparing(s -> s.getPath().getName()));
      for (int i = maxGraphs; i < kept.length; i++) {
        if (!kept[i].getPath().getName().equals(file.getName())) {
          fs.delete(kept[i].getPath(), false);
        }
      }
    });
  }

  /** The cache key of a claim: the hex SHA-256 of its text. */
  static String key(String claimText) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(claimText.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return dir + " (max " + maxEntries + " vectors and " + maxGraphs + " graphs per model)";
  }
}
