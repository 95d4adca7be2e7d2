package io.winnow.ledger;

import static io.winnow.ledger.LedgerAppendTest.deltaAppend;
import static io.winnow.ledger.LedgerAppendTest.entries;
import static io.winnow.ledger.LedgerAppendTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint off the sweeps' path ({@link Ledger#checkpointAfter}): an append at Delta's checkpoint interval writes
 * none, one that reaches the safety limit writes one, and {@link Ledger#compact} writes the checkpoint of the latest
 * version, which Kernel and Delta's reader both read the table from (the commit files before it removed, as Delta's
 * log cleanup would), with the same rows.
 */
class LedgerCheckpointTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
    LedgerAppendTest.spark = spark; // its fixtures' session
  }

  /** The versions of the checkpoint files in the table's log, sorted. */
  private static List<Long> checkpoints(Ledger ledger) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(ledger.path().toString(), "_delta_log"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.checkpoint\\.parquet"))
          .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
    }
  }

  @Test
  void appendsWriteNoCheckpointUntilTheLogReachesTheLimit() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("out").toString()).checkpointAfter(15);
    Path delta = tmp.resolve("delta/ledger");
    for (int v = 0; v <= 13; v++) {
      assertEquals(v, ledger.commitAppending(entries("day-" + v, v, 1 + v % 3), 1));
      deltaAppend(delta, entries("day-" + v, v, 1 + v % 3));
    }
    assertEquals(List.of(), checkpoints(ledger), "no checkpoint at Delta's interval (version 10): 14 commits < 15");
    assertEquals(new Ledger.LogState(13, -1), ledger.log());
    assertEquals(14, ledger.log().commitsSinceCheckpoint());

    assertEquals(14, ledger.commitAppending(entries("day-14", 14, 2), 1));
    deltaAppend(delta, entries("day-14", 14, 2));
    assertEquals(List.of(14L), checkpoints(ledger), "the 15th commit since none reaches the limit: its checkpoint");
    assertEquals(new Ledger.LogState(14, 14), ledger.log());
    for (int v = 15; v <= 16; v++) {
      assertEquals(v, ledger.commitAppending(entries("day-" + v, v, 2), 1));
      deltaAppend(delta, entries("day-" + v, v, 2));
    }
    assertEquals(List.of(14L), checkpoints(ledger), "2 commits after the checkpoint of 14: none more");
    for (long v : List.of(9L, 10L, 14L, 16L)) {
      List<String> expected = rows(spark.read().format("delta").option("versionAsOf", v).load(delta.toString()));
      assertEquals(expected, rows(plainRead(ledger.path().toString(), v)), "version " + v + " through Kernel");
      assertEquals(expected, rows(spark.read().format("delta").option("versionAsOf", v)
          .load(ledger.path().toString())), "version " + v + " through Delta's reader");
    }
  }

  /** The rows of {@code version} from Kernel's file list alone (no fallback to Delta's reader, as Ledger.at has). */
  private static Dataset<Row> plainRead(String table, long version) {
    List<String> files = new LedgerFiles(spark.sparkContext().hadoopConfiguration(), table).at(version).orElseThrow();
    return spark.read().schema(LedgerSchema.V1).parquet(files.toArray(String[]::new));
  }

  @Test
  void compactWritesTheCheckpointBothReadersStartFrom() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("out").toString()).checkpointAfter(50);
    for (int v = 0; v <= 12; v++) {
      ledger.commitAppending(entries("day-" + v, v, 1 + v % 4), 1);
    }
    assertEquals(List.of(), checkpoints(ledger));
    List<String> before = rows(ledger.all());

    Ledger.Compaction c = ledger.compact();
    assertEquals(List.of(12L, 13L, 13L, 1L, 13L), List.of(c.versionBefore(), c.versionAfter(), c.filesBefore(),
        c.filesAfter(), c.checkpoint()), "OPTIMIZE writes version 13, then its checkpoint");
    assertEquals(List.of(13L), checkpoints(ledger));
    assertTrue(Files.readString(Path.of(ledger.path().toString(), "_delta_log", "_last_checkpoint"))
        .contains("\"version\":13"));

    // A copy of the table without the commit files before 13: a reader that did not start from the checkpoint fails.
    Path copy = tmp.resolve("copy/ledger");
    copyTable(Path.of(ledger.path().toString()), copy);
    List<Path> removed = new ArrayList<>();
    for (long v = 0; v < 13; v++) {
      Path json = copy.resolve("_delta_log").resolve(String.format("%020d.json", v));
      Files.delete(json);
      removed.add(json);
    }
    assertEquals(13, removed.size());
    Ledger read = Ledger.at(spark, tmp.resolve("copy").toString());
    assertEquals(before, rows(plainRead(copy.toString(), 13)), "Kernel reads version 13 from its checkpoint");
    assertEquals(before, rows(spark.read().format("delta").load(copy.toString())),
        "Delta's reader reads version 13 from its checkpoint");
    assertEquals(before, rows(read.at(13)), "the ledger's read after the compaction: the same rows");

    // Nothing to compact: the checkpoint is there already, none written again; a later version gets its own.
    Ledger.Compaction again = ledger.compact();
    assertEquals(List.of(13L, 13L, -1L), List.of(again.versionBefore(), again.versionAfter(), again.checkpoint()));
    assertEquals(14, ledger.commitAppending(entries("day-14", 14, 2), 1));
    assertFalse(checkpoints(ledger).contains(14L), "the run's append writes none");
    Ledger.Compaction single = ledger.compact();
    assertEquals(List.of(14L, 15L, 15L), List.of(single.versionBefore(), single.versionAfter(), single.checkpoint()));
    assertEquals(List.of(13L, 15L), checkpoints(ledger));
  }

  private static void copyTable(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
