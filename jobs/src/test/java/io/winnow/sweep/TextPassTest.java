package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The posts pass counts its rows and its candidates in the one job that reads the table. */
class TextPassTest {
  static final StructType TABLE = ArchiveSchema.postsWithPartitions().add(ArchiveReader.FILE, DataTypes.StringType)
      .add(ArchiveReader.ROW, DataTypes.LongType).add(Duplicates.REASON, DataTypes.StringType);

  static Row post(String id, String text, String repostOf, long row) {
    return RowFactory.create(id, "a1", Timestamp.valueOf("2026-10-01 10:00:00"), text, null, repostOf, 0L, 0L, 0L,
        0L, false, List.of(), List.of(), "2026-10-01", "weibo", "f1", row, null);
  }

  @Test
  void candidatesAreCountedWithTheRowsAndAreTheRowsKeptAsCandidates() {
    SparkSession spark = TestSpark.session();
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    SubjectRules postRules = SubjectRules.inThePass(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(rules), Subject.POST);
    Dataset<Row> table = spark.createDataFrame(List.of(
        post("p1", "转发这条锦鲤，3天内必有好运！", null, 0),       // engagement bait: a candidate
        post("p2", "今天天气很好", null, 1),                        // nothing: not kept
        post("p3", "Share or bad luck! 300 people already did", null, 2), // a candidate
        post(null, "转发这条锦鲤，3天内必有好运！", null, 3),         // quarantined (null post_id): not a candidate
        post("p5", "好的", "p1", 4)), TABLE);                        // kept only as a repost link
    StructType canonical = table.drop(ArchiveReader.FILE, ArchiveReader.ROW, Duplicates.REASON).schema();
    TextPass.Result pass = TextPass.run(table, canonical, postRules, TestSpark.settings(), true);
    assertEquals(new SweepResult.TableAccounting(5, 4, 1), pass.accounting(), "read, evaluated, quarantined");
    assertEquals(2, pass.candidates(), "p1 and p3 are candidates");
    assertEquals(pass.candidateRows().count(), pass.candidates(), "the count is that of the candidate rows kept");
    assertEquals(4, pass.rows().count(), "kept: two candidates, the quarantined row and the repost link");
    pass.unpersist();
  }
}
