package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.TestSpark;
import io.winnow.rules.RuleLoader;
import io.winnow.run.RunCommitter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new output plugs into a sweep through {@link RunOutput} alone: on SweepTest's hand-written archive (4 actions: posts
 * p1 and p2 deleted, a1 demonetised, a4 closed), a toy output that writes the action ids as CSV gets its hooks in the
 * documented order, its file is committed in the run and listed in the manifest with its rows, and what it prepares is
 * recorded in the manifest; an output that fails aborts the run and every opened output, and nothing is committed.
 */
class RunOutputTest {
  @TempDir static java.nio.file.Path tmp;
  static java.nio.file.Path rules;
  static java.nio.file.Path archive;

  @BeforeAll
  static void setUp() throws Exception {
    SweepTest.Fixture fixture = SweepTest.writeFixture(TestSpark.session(), tmp);
    rules = fixture.rules();
    archive = fixture.archive();
  }

  /** Writes toy/actions.csv (header, then one action id a line, sorted) and records the hooks it saw. */
  static final class ActionIds implements RunOutput {
    final List<String> calls = new ArrayList<>();
    final boolean failInWrite;
    long written;

    ActionIds(boolean failInWrite) {
      this.failInWrite = failInWrite;
    }

    @Override
    public String name() {
      return "toy";
    }

    @Override
    public void open(RunContext run) {
      calls.add("open");
    }

    @Override
    public long write(RunContext run, SweepOutputs outputs) {
      calls.add("write");
      if (failInWrite) {
        throw new IllegalStateException("toy output cannot write");
      }
      List<String> ids = outputs.actions().select("action_id").as(org.apache.spark.sql.Encoders.STRING())
          .collectAsList().stream().sorted().toList();
      try (OutputStream o = run.fs().create(new Path(run.dir(name()), "actions.csv"), false)) {
        o.write(("action_id\n" + String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      written = ids.size();
      return written;
    }

    @Override
    public Map<String, Object> prepareCommit(RunContext run) {
      calls.add("prepareCommit");
      return Map.of("actions", written);
    }

    @Override
    public void committed(RunContext run) {
      calls.add("committed");
    }

    @Override
    public void abort(RunContext run, Throwable cause) {
      calls.add("abort: " + cause.getMessage());
    }
  }

  static SweepResult sweep(String runId, List<RunOutput> outputs) {
    return new Sweep(SweepTest.spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(
        archive.toString(), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-03"), tmp.resolve("out").toString(),
        runId, false, "test"), line -> { }, outputs).execute();
  }

  static List<RunOutput> with(RunOutput extra) {
    List<RunOutput> outputs = new ArrayList<>(RunOutputs.shipped());
    outputs.add(extra);
    return outputs;
  }

  @Test
  void aNewOutputIsWrittenCommittedAndRecordedWithoutTouchingThePipeline() throws Exception {
    ActionIds toy = new ActionIds(false);
    SweepResult result = sweep("with-toy", with(toy));
    assertEquals(List.of("open", "write", "prepareCommit", "committed"), toy.calls, "hooks in the documented order");
    java.nio.file.Path run = tmp.resolve("out/runs/with-toy");
    List<String> actionIds = SweepTest.spark.read().parquet(run.resolve("actions").toString())
        .select("action_id").collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    assertEquals(4, actionIds.size(), "p1, p2 deleted, a1 demonetised, a4 closed");
    assertEquals("action_id\n" + String.join("\n", actionIds) + "\n",
        Files.readString(run.resolve("toy/actions.csv")), "the toy file committed in the run, one line per action");
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    JsonNode listed = null;
    for (JsonNode o : manifest.path("outputs")) {
      if (o.path("path").asText().equals("toy/actions.csv")) {
        listed = o;
      }
    }
    assertTrue(listed != null, "the manifest lists toy/actions.csv with the shipped outputs");
    assertEquals(4, listed.path("rows").asLong(), "rows of toy/actions.csv in the manifest");
    assertEquals("{\"actions\":4}", manifest.path("toy").toString(), "what prepareCommit returned, in the manifest");
    assertEquals(4L, manifest.path("stage_rows").path("write toy").asLong(), "rows the toy output wrote");
    assertEquals(4L, manifest.path("stage_rows").path("write actions").asLong(), "rows of the actions output");
    assertEquals(4L, result.stageRows().get("policy"), "the policy stage's rows are its actions");
    assertTrue(Files.exists(run.resolve(RunCommitter.SUCCESS)), "committed");
  }

  @Test
  void anOutputThatFailsAbortsTheRunAndEveryOpenedOutput() {
    ActionIds toy = new ActionIds(true);
    RuntimeException e = assertThrows(RuntimeException.class, () -> sweep("failing-toy", with(toy)));
    assertEquals("toy output cannot write", e.getMessage());
    assertEquals(List.of("open", "write", "abort: toy output cannot write"), toy.calls,
        "abort instead of prepareCommit and committed");
    assertFalse(Files.exists(tmp.resolve("out/runs/failing-toy")), "nothing committed");
  }

  @Test
  void twoOutputsWithOneNameAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sweep("twice", with(new ActionIds(false)).stream().collect(Collectors.collectingAndThen(
            Collectors.toList(), l -> { l.add(new ActionIds(false)); return l; }))));
    assertEquals("two run outputs named [toy]: give each output its own name", e.getMessage());
  }
}
