package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim vector cache on its own: what is written is read back bit for bit under the same fingerprint only; a
 * damaged or foreign file reads as empty (a cache never fails a sweep); the cap keeps this sweep's claims first.
 */
class SemanticClaimCacheTest {
  private static final String MODEL = "a".repeat(64);

  private static Map<String, float[]> vectors(String... texts) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < texts.length; i++) {
      out.put(SemanticClaimCache.key(texts[i]), new float[] {i + 0.5f, -i, 1f / (i + 3)});
    }
    return out;
  }

  @Test
  void whatIsWrittenIsReadBackUnderTheSameFingerprintOnly(@TempDir Path tmp) {
    SemanticClaimCache cache = new SemanticClaimCache(tmp.resolve("c").toString(), new Configuration(), 100, 4);
    Map<String, float[]> written = vectors("喝板蓝根可以预防新冠病毒", "hot air kills the virus");
    assertTrue(cache.write(MODEL, 3, written, Map.of()));
    Map<String, float[]> read = cache.read(MODEL, 3);
    assertEquals(written.keySet(), read.keySet());
    for (String k : written.keySet()) {
      assertArrayEquals(written.get(k), read.get(k), "vector of " + k);
    }
    assertEquals(Map.of(), cache.read("b".repeat(64), 3), "another model's fingerprint: its own (absent) file");
    assertEquals(Map.of(), cache.read(MODEL, 4), "other dimensions: not this model's vectors");
    assertEquals(List.of(MODEL + ".vectors"), java.util.Arrays.stream(tmp.resolve("c").toFile().list())
        .filter(f -> !f.endsWith(".crc")).toList(), "one file per model (and Hadoop's checksum), no temporary file");
  }

  @Test
  void aDamagedFileReadsAsEmptyAndIsReplaced(@TempDir Path tmp) throws Exception {
    SemanticClaimCache cache = new SemanticClaimCache(tmp.toString(), new Configuration(), 100, 4);
    cache.write(MODEL, 3, vectors("one", "two"), Map.of());
    Path file = tmp.resolve(MODEL + ".vectors");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
    assertEquals(Map.of(), cache.read(MODEL, 3), "a truncated file");
    Files.writeString(file, "not a cache");
    assertEquals(Map.of(), cache.read(MODEL, 3), "a foreign file");
    assertTrue(cache.write(MODEL, 3, vectors("one"), Map.of()));
    assertEquals(vectors("one").keySet(), cache.read(MODEL, 3).keySet());
  }

  @Test
  void theCapKeepsThisSweepsClaimsThenEarlierOnes(@TempDir Path tmp) {
    SemanticClaimCache cache = new SemanticClaimCache(tmp.toString(), new Configuration(), 3, 4);
    Map<String, float[]> earlier = vectors("e1", "e2", "e3");
    Map<String, float[]> current = vectors("c1", "c2");
    cache.write(MODEL, 3, current, earlier);
    Map<String, float[]> read = cache.read(MODEL, 3);
    assertEquals(3, read.size());
    assertTrue(read.keySet().containsAll(current.keySet()), "this sweep's claims are all kept");
    assertTrue(read.containsKey(SemanticClaimCache.key("e1")), "then the first earlier one that fits");
  }

  private static io.winnow.text.ClaimVectors catalogue(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<float[]> v = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
      float norm = (float) Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
      v.add(new float[] {x[0] / norm, x[1] / norm, x[2] / norm});
    }
    return new io.winnow.text.ClaimVectors(v, 10, 16, 100, 10);
  }

  @Test
  void aGraphIsKeptPerCatalogueAndADamagedOneReadsAsAbsent(@TempDir Path tmp) throws Exception {
    SemanticClaimCache cache = new SemanticClaimCache(tmp.toString(), new Configuration(), 100, 2);
    io.winnow.text.ClaimVectors a = catalogue(50, 1);
    assertEquals(null, cache.readGraph(MODEL, a), "nothing kept yet");
    io.winnow.text.ClaimGraph graph = a.buildGraph();
    assertTrue(cache.writeGraph(MODEL, a, graph));
    assertEquals(graph, cache.readGraph(MODEL, catalogue(50, 1)), "the same vectors find the graph");
    assertEquals(null, cache.readGraph(MODEL, catalogue(50, 2)), "other vectors: another key, no graph");
    assertEquals(null, cache.readGraph("b".repeat(64), a), "another model's");
    Path file = tmp.resolve(MODEL + "-" + a.graphKey() + ".graph");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 4));
    Files.deleteIfExists(tmp.resolve("." + file.getFileName() + ".crc"));
    assertEquals(null, cache.readGraph(MODEL, a), "a truncated graph");
    // Three catalogues written one after the other: the two written last are kept.
    assertTrue(cache.writeGraph(MODEL, a, graph));
    Thread.sleep(20);
    io.winnow.text.ClaimVectors b = catalogue(60, 3);
    cache.writeGraph(MODEL, b, b.buildGraph());
    Thread.sleep(20);
    io.winnow.text.ClaimVectors c = catalogue(70, 4);
    cache.writeGraph(MODEL, c, c.buildGraph());
    assertEquals(java.util.Set.of(MODEL + "-" + b.graphKey() + ".graph", MODEL + "-" + c.graphKey() + ".graph"),
        java.util.Arrays.stream(tmp.toFile().list()).filter(f -> f.endsWith(".graph"))
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(c.buildGraph(), cache.readGraph(MODEL, c));
  }
}
