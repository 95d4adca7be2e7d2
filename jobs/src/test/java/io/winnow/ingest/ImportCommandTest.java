package io.winnow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow import: JSON Lines posts into the layout, with row accounting and the sweep's quarantine reasons. */
class ImportCommandTest {
  @TempDir Path tmp;

  static final String POSTS = """
      {"post_id":"p1","account_id":"a1","created_at":"2026-10-01T08:00:00Z","text":"fine","monetized":0,"platform":"x"}
      {"post_id":"p2","account_id":"a1","created_at":"2026-10-02T08:00:00Z","text":"also fine","monetized":0,"platform":"weibo"}
      {"account_id":"a1","created_at":"2026-10-01T09:00:00Z","text":"no id","monetized":0,"platform":"x"}
      {"post_id":"p4","account_id":"a2","created_at":"yesterday","text":"no time","monetized":0,"platform":"x"}
      {"post_id":"p5","account_id":"a2","created_at":"2026-10-01T10:00:00Z","text":"mangled \uFFFD text","monetized":0,"platform":"x"}
      """;

  @Test
  void jsonLinesPostsBecomeTheLayoutAndRowsASweepWouldQuarantineAreKeptWithTheirReason() throws Exception {
    SparkSession spark = TestSpark.session();
    Path in = tmp.resolve("posts.jsonl");
    Files.writeString(in, POSTS);
    Path archive = tmp.resolve("archive");
    TestCli.Result r = TestCli.cli("import", "--table", "posts", "--from", "json", "--in", in.toString(), "--out",
        archive.toString(), "-D", "winnow.spark.master=local[2]");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("posts read 5 = written 2 + quarantined 3"), r.out());
    assertTrue(Files.isDirectory(archive.resolve("posts/dt=2026-10-01/platform=x")), "the layout's partitions");
    assertEquals(List.of("p1", "p2"), spark.read().parquet(archive.resolve("posts").toString()).orderBy("post_id")
        .collectAsList().stream().map(x -> x.<String>getAs("post_id")).toList());
    TreeMap<String, String> reasons = new TreeMap<>();
    for (Row q : spark.read().parquet(archive.resolve("import-quarantine").toString()).collectAsList()) {
      reasons.put(q.getAs("reason"), q.getAs("row_json"));
    }
    assertEquals(List.of("null or unparseable created_at", "null post_id",
        "text is not valid UTF-8 (undecodable bytes or U+FFFD)"), List.copyOf(reasons.keySet()));
    assertTrue(reasons.get("null post_id").contains("\"text\":\"no id\""), reasons.get("null post_id"));

    TestCli.Result again = TestCli.cli("import", "--table", "posts", "--from", "json", "--in", in.toString(), "--out",
        archive.toString());
    assertEquals(2, again.exit());
    assertTrue(again.err().contains(archive.resolve("posts") + " exists. Import into a new archive, or remove posts/ "
        + "first"), again.err());
  }
}
