package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times a large archive; runs only when asked:
 * {@code mvn -pl jobs test -Dtest=GenerateTimingTest -Dwinnow.generate.timing-posts=1000000}.
 */
@EnabledIfSystemProperty(named = "winnow.generate.timing-posts", matches = "[0-9]+")
class GenerateTimingTest {
  @TempDir
  Path tmp;

  @Test
  void timeALargeArchive() {
    long posts = Long.parseLong(System.getProperty("winnow.generate.timing-posts"));
    SparkSession spark = io.winnow.TestSpark.session();
    GenerateRequest request = new GenerateRequest(posts, Math.max(10_000, posts / 10), 30, 1,
        tmp.resolve("big").toString());
    GenerateResult result = new ArchiveGenerator(GenerateSettings.from(io.winnow.TestSpark.settings().generate())).generate(spark, request);
    System.out.printf("generated %,d posts, %,d accounts, %,d reports in %.1f s (%,.0f posts/s); planted %s;"
        + " hard negatives %s; evasions %s; phases %s%n", result.posts(), result.accounts(), result.reports(),
        result.elapsed().toMillis() / 1000.0, result.posts() / (result.elapsed().toMillis() / 1000.0),
        result.planted(), result.hardNegatives(), result.evasions(), result.phases());
    assertEquals(posts, spark.read().parquet(result.postsPath()).count());
  }

  @Test
  void timeRowGenerationWithoutSpark() {
    long posts = Long.parseLong(System.getProperty("winnow.generate.timing-posts"));
    GenerateSettings settings = GenerateSettings.from(io.winnow.TestSpark.settings().generate());
    GenerateRequest request = new GenerateRequest(posts, Math.max(10_000, posts / 10), 30, 1, "unused");
    ArchiveRows rows = new ArchiveRows(settings, request, new AccountLayout(request.accounts(), 3, settings), false);
    for (String what : new String[] {"plan", "row", "plan", "row"}) {
      long t0 = System.nanoTime();
      long sink = 0;
      for (long i = 0; i < posts; i++) {
        sink += what.equals("plan") ? rows.plan(i).account() : rows.postRow(i).length();
      }
      System.out.printf("%s: %.0f ns per post (%d)%n", what, (System.nanoTime() - t0) / (double) posts, sink);
    }
  }
}
