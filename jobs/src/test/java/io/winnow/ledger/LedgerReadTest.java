package io.winnow.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version of the ledger read from its files as Delta Kernel replays them ({@link Ledger#at}): each version holds
 * exactly its own entries (a re-run's replaced file left out), as Delta's reader gives them, and no Delta job (state
 * reconstruction, file filtering) runs for it; a table plain Parquet cannot read as Delta would (deletion vectors) is
 * read through Delta.
 */
class LedgerReadTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
  }

  /** Strike entries of run {@code runId}, one per subject. */
  static Dataset<Row> strikes(String runId, long seq, String... subjects) {
    List<Row> rows = new ArrayList<>();
    for (String s : subjects) {
      Object[] v = new Object[LedgerSchema.V1.size()];
      v[LedgerSchema.V1.fieldIndex("run_id")] = runId;
      v[LedgerSchema.V1.fieldIndex("run_seq")] = seq;
      v[LedgerSchema.V1.fieldIndex("kind")] = LedgerSchema.STRIKE;
      v[LedgerSchema.V1.fieldIndex("subject_id")] = s;
      v[LedgerSchema.V1.fieldIndex("weight")] = 1.0;
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, LedgerSchema.V1);
  }

  /** Run id -> its subjects, sorted. */
  static Map<String, List<String>> byRun(Dataset<Row> entries) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : entries.select("run_id", "subject_id").orderBy("run_id", "subject_id").collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
    }
    return out;
  }

  @Test
  void eachVersionReadsExactlyItsEntriesWithoutDeltaJobs() throws Exception {
    Ledger ledger = Ledger.at(spark, tmp.resolve("out").toString());
    assertEquals(0, ledger.commitAppending(strikes("a", 1, "p1", "p2"), 1));
    assertEquals(1, ledger.commitAppending(strikes("b", 2, "p3", "p4", "p5"), 1));
    // a re-run of run a whose first attempt committed: its file is removed, one entry written in its place
    assertEquals(2, ledger.commitReplacing("a", strikes("a", 1, "p9"), 1));

    spark.sparkContext().listenerBus().waitUntilEmpty(10_000); // the commits' own jobs are not counted
    List<String> descriptions = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
        descriptions.add(String.valueOf(d));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    Map<String, List<String>> v0 = byRun(ledger.at(0));
    Map<String, List<String>> v1 = byRun(ledger.at(1));
    Map<String, List<String>> v2 = byRun(ledger.at(2));
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    spark.sparkContext().removeSparkListener(listener);

    assertEquals(Map.of("a", List.of("p1", "p2")), v0, "version 0: run a's first attempt");
    assertEquals(Map.of("a", List.of("p1", "p2"), "b", List.of("p3", "p4", "p5")), v1, "version 1: a and b");
    assertEquals(Map.of("a", List.of("p9"), "b", List.of("p3", "p4", "p5")), v2, "version 2: a's re-run replaced it");
    assertEquals(List.of(), descriptions.stream().filter(d -> d.startsWith("Delta")).toList(),
        "no Delta job (state reconstruction, file filtering) for the reads");
    assertEquals(byRun(spark.read().format("delta").option("versionAsOf", 2).load(ledger.path().toString())), v2,
        "the same entries as Delta's reader");
  }

  @Test
  void aTableWithDeletionVectorsIsReadThroughDelta() {
    Ledger ledger = Ledger.at(spark, tmp.resolve("dv").toString());
    ledger.commitAppending(strikes("a", 1, "p1", "p2", "p3"), 1);
    String table = "delta.`" + ledger.path() + "`";
    spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql("DELETE FROM " + table + " WHERE subject_id = 'p2'"); // marks p2 deleted in the file's vector
    assertEquals(Map.of("a", List.of("p1", "p3")), byRun(ledger.at(ledger.version())),
        "p2's row, still in the Parquet file, is left out as Delta leaves it out");
  }
}
