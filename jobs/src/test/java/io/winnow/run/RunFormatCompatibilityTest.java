package io.winnow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.report.AuditReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run committed by the code before the run format had its own package (test resource run-format/v1, see its
 * README) still reads: it verifies, its manifest reads into the typed record and writes back with the same keys in
 * the same order, and the report of it says verified.
 */
class RunFormatCompatibilityTest {
  static final String RUN_ID = "written-by-main";
  @TempDir static Path tmp;
  static Path run;
  static JsonNode written;

  @BeforeAll
  static void copyTheOldRun() throws Exception {
    Path fixture = Path.of(RunFormatCompatibilityTest.class.getResource("/run-format/v1/runs/" + RUN_ID).toURI());
    run = tmp.resolve("out/runs/" + RUN_ID);
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path f : files.toList()) {
        Path target = run.resolve(fixture.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    written = new ObjectMapper().readTree(run.resolve(Manifest.FILE).toFile());
  }

  /** Every file of the run but the manifest and _SUCCESS, as paths under the run ("actions/category=…"). */
  static List<String> outputsOnDisk() throws Exception {
    try (Stream<Path> files = Files.walk(run)) {
      return files.filter(Files::isRegularFile).map(f -> run.relativize(f).toString())
          .filter(f -> !f.equals(Manifest.FILE) && !f.equals(RunCommitter.SUCCESS)).sorted().toList();
    }
  }

  @Test
  void anOldRunIsCommittedAndVerifies() throws Exception {
    RunDirectory dir = TestRuns.open(run);
    assertTrue(dir.committed(), "_SUCCESS names the manifest's SHA-256");
    RunVerifier.Result result = RunVerifier.verify(dir);
    assertEquals(List.of(), result.problems(), "the old run passes every check of audit verify");
    assertEquals(outputsOnDisk().size(), result.files(), "every output file on disk was checked");
  }

  @Test
  void itsManifestReadsIntoTheTypedRecord() throws Exception {
    Manifest m = TestRuns.open(run).committedRecord();
    assertEquals(RUN_ID, m.runId());
    assertEquals(Manifest.VERSION, m.manifestVersion());
    assertEquals(OutputSchemas.VERSION, m.outputSchemaVersion());
    assertEquals(written.path("window").path("from").asText(), m.window().from());
    assertEquals(written.path("window").path("to").asText(), m.window().to());
    assertEquals(outputsOnDisk(), m.outputs().stream().map(OutputFiles.OutputFile::path).sorted().toList(),
        "the outputs the manifest lists are the files of the run");
    long inCountsCsv = 0;
    List<String> lines = Files.readAllLines(run.resolve(RunDirectory.COUNTS_CSV), StandardCharsets.UTF_8);
    int actions = Csv.parse(lines.get(0)).indexOf("actions");
    for (String line : lines.subList(1, lines.size())) {
      inCountsCsv += Long.parseLong(Csv.parse(line).get(actions));
    }
    assertEquals(inCountsCsv, m.actions(), "the manifest's counts add up to counts.csv");
    for (Map.Entry<String, Manifest.TableAccounting> t : m.rowAccounting().entrySet()) {
      assertEquals(t.getValue().read(), t.getValue().evaluated() + t.getValue().quarantined(), t.getKey());
    }
  }

  /**
   * The record writes the keys of the format in the order the earlier code wrote them. Only the window and the ladder
   * of each category were written from an unordered map before, in any order: those are compared as sets.
   */
  @Test
  void itsManifestWritesBackTheSameKeysInTheSameOrder() throws Exception {
    JsonNode back = new ObjectMapper().readTree(Manifest.of(written).toJson());
    assertEquals(written, back, "the same JSON, value for value");
    List<String> differentOrder = new ArrayList<>();
    compareOrder(written, back, "", differentOrder);
    assertEquals(List.of(), differentOrder, "objects whose keys come in another order");
  }

  /** A section an output records under its own name (a later ledger's versions) is kept and written last. */
  @Test
  void aSectionOfAnOutputIsKeptAndWrittenLast() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode withLedger = written.deepCopy();
    withLedger.putObject("ledger").put("read_version", 3).put("wrote_version", 4);
    withLedger.putObject("stage_rows").put("actions", 5);
    Manifest m = Manifest.of(withLedger);
    assertEquals(Map.of("actions", 5L), m.stageRows());
    assertEquals(List.of("ledger"), List.copyOf(m.extensions().keySet()));
    JsonNode back = new ObjectMapper().readTree(m.toJson());
    List<String> keys = new ArrayList<>();
    back.fieldNames().forEachRemaining(keys::add);
    assertEquals("ledger", keys.get(keys.size() - 1), "the output's section comes last: " + keys);
    assertEquals(keys.indexOf("stage_millis") + 1, keys.indexOf("stage_rows"), "stage_rows follows stage_millis");
    assertEquals(4, back.path("ledger").path("wrote_version").asInt());
  }

  private static void compareOrder(JsonNode a, JsonNode b, String at, List<String> out) {
    if (a.isObject()) {
      List<String> ka = new ArrayList<>();
      a.fieldNames().forEachRemaining(ka::add);
      List<String> kb = new ArrayList<>();
      b.fieldNames().forEachRemaining(kb::add);
      boolean unordered = at.equals("/window") || at.matches("/rule_set/policy/[^/]+");
      if (!unordered && !ka.equals(kb)) {
        out.add(at + ": " + ka + " became " + kb);
      }
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        compareOrder(a.get(k), b.get(k), at + "/" + k, out);
      }
    } else if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        compareOrder(a.get(i), b.get(i), at + "[" + i + "]", out);
      }
    }
  }

  @Test
  void theReportOfAnOldRunSaysVerified() throws Exception {
    Path html = tmp.resolve("old-run.html");
    AuditReport.Result r = new AuditReport(TestSpark.session(), TestSpark.settings(), TestRuns.open(run), html)
        .execute();
    assertTrue(r.verified(), "the report runs audit verify's checks and they pass");
    assertEquals(written.path("counts").findValues("actions").stream().mapToLong(JsonNode::asLong).sum(), r.actions());
    assertTrue(Files.readString(html).contains("id=\"verification\">OK</span>"));
  }
}
