package io.winnow.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.run.Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one platform's statements: {@code batches-PLATFORM/batch-00001.json}, … (each the body of one call to
 * the batch endpoint, {@code {"statements": [...]}} with 1 to {@link DsaSchema#BATCH_MAX} statements),
 * {@code statements-PLATFORM.jsonl} (one statement per line, for the single endpoint) and {@code .csv} (the same fields
 * as columns, arrays as JSON, cells neutralised against spreadsheet formulas).
 */
final class DsaFiles implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path batches;
  final Path jsonl;
  final Path csv;
  private final BufferedWriter j;
  private final BufferedWriter c;
  private final List<Map<String, Object>> batch = new ArrayList<>();
  private int batchCount;
  long rows;
  private boolean closed;

  DsaFiles(Path dir, String platform) {
    String safe = platform.replaceAll("[^A-Za-z0-9_.-]", "_");
    batches = dir.resolve("batches-" + safe);
    jsonl = dir.resolve("statements-" + safe + ".jsonl");
    csv = dir.resolve("statements-" + safe + ".csv");
    try {
      Files.createDirectories(batches);
      j = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
      c = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
      c.write(String.join(",", DsaSchema.FIELDS));
      c.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(Map<String, Object> s) {
    try {
      j.write(JSON.writeValueAsString(s));
      j.write('\n');
      String[] cells = new String[DsaSchema.FIELDS.size()];
      for (int i = 0; i < cells.length; i++) {
        Object v = s.get(DsaSchema.FIELDS.get(i));
        cells[i] = v == null ? null : v instanceof Collection<?> ? JSON.writeValueAsString(v) : v.toString();
      }
      c.write(Csv.cells(cells));
      c.write('\n');
      batch.add(s);
      if (batch.size() == DsaSchema.BATCH_MAX) {
        flushBatch();
      }
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int batches() {
    return batchCount;
  }

  private void flushBatch() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    batchCount++;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statements", batch);
    JSON.writeValue(batches.resolve(String.format("batch-%05d.json", batchCount)).toFile(), body);
    batch.clear();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushBatch();
      j.close();
      c.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
