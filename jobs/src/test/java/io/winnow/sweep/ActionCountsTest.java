package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.ledger.RunEntries;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counts of both sides of the ledger's split from one job over the flagged actions ({@link ActionCounts#of(Dataset,
 * String)}): the same as the counts of each side (the issued and the already-in-force actions) taken apart.
 */
class ActionCountsTest {
  static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
  }

  private static final StructType FLAGGED = new StructType().add("subject_id", "string").add("category", "string")
      .add("subcategory", "string").add("action", "string").add("platform", "string").add("subject_kind", "string")
      .add("review_required", "boolean").add(RunEntries.IN_FORCE, "boolean", false);

  private static Row row(String id, String category, String subcategory, String action, Boolean review,
      boolean inForce) {
    return RowFactory.create(id, category, subcategory, action, "x", "post", review, inForce);
  }

  @Test
  void oneJobGivesTheCountsOfEachSideOfTheSplit() {
    Dataset<Row> flagged = spark.createDataFrame(List.of(
        row("p1", "spam", "links", "delete-post", true, false),
        row("p2", "spam", "links", "delete-post", false, false),
        row("p3", "spam", "links", "delete-post", true, true),
        row("p4", "spam", null, "limit-visibility", null, false),
        row("p5", "spam", null, "limit-visibility", true, true),
        row("p6", "spam", null, "limit-visibility", false, true),
        row("p7", "abuse", "threats", "delete-post", true, false)), FLAGGED).repartition(3);
    ActionCounts.Split split = ActionCounts.of(flagged, RunEntries.IN_FORCE);

    assertEquals(List.of(
        new SweepResult.Count("abuse", "threats", "delete-post", "x", "post", 1, 1),
        new SweepResult.Count("spam", null, "limit-visibility", "x", "post", 1, 0),
        new SweepResult.Count("spam", "links", "delete-post", "x", "post", 2, 1)), split.issued(),
        "issued: p7; p4 (review unknown, counted as not); p1 and p2, one reviewed");
    assertEquals(List.of(
        new SweepResult.Count("spam", null, "limit-visibility", "x", "post", 2, 1),
        new SweepResult.Count("spam", "links", "delete-post", "x", "post", 1, 1)), split.alreadyInForce(),
        "in force: p5 and p6, one reviewed; p3");
    assertEquals(ActionCounts.of(flagged.filter(col(RunEntries.IN_FORCE).unary_$bang())), split.issued(),
        "as the issued side counted apart");
    assertEquals(ActionCounts.of(flagged.filter(col(RunEntries.IN_FORCE))), split.alreadyInForce(),
        "as the in-force side counted apart");
  }
}
