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
    SemanticClaimCache cache = new SemanticClaimCache(tmp.resolve("c").toString(), new Configuration(), 100);
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
    SemanticClaimCache cache = new SemanticClaimCache(tmp.toString(), new Configuration(), 100);
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
    SemanticClaimCache cache = new SemanticClaimCache(tmp.toString(), new Configuration(), 3);
    Map<String, float[]> earlier = vectors("e1", "e2", "e3");
    Map<String, float[]> current = vectors("c1", "c2");
    cache.write(MODEL, 3, current, earlier);
    Map<String, float[]> read = cache.read(MODEL, 3);
    assertEquals(3, read.size());
    assertTrue(read.keySet().containsAll(current.keySet()), "this sweep's claims are all kept");
    assertTrue(read.containsKey(SemanticClaimCache.key("e1")), "then the first earlier one that fits");
  }
}
