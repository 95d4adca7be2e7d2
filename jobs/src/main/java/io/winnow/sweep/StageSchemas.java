package io.winnow.sweep;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.run.OutputSchemas;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The hand-offs between a sweep's stages, as versioned schemas (as {@link OutputSchemas} does for the outputs): what
 * the text pass keeps and what the decision step reads. Stages read these columns by name, never by position; a change
 * of a hand-off is a new version here.
 */
final class StageSchemas {
  private StageSchemas() {}

  /** A repost the pass saw, with what linking it to an actioned original needs: ids, time and its own words. */
  static final StructType REPOST_V1 = new StructType(new StructField[] {
      f("post_id", StringType), f("account_id", StringType), f("platform", StringType), f("dt", StringType),
      f("created_at", TimestampType), f("repost_of", StringType), f("own_words", StringType),
      f("title", StringType)});

  /**
   * What the text pass of a table keeps, one row per quarantined row, candidate or (posts) repost link: {@code
   * subject} is the whole row (null for a row kept only as a repost link), {@code reason} why it is quarantined or
   * null, the match of {@link TextMatch#TYPE} (null for a row that is not a candidate), {@code repost} the link or null.
   */
  static StructType passV1(StructType subject) {
    return new StructType(new StructField[] {
        f("subject", subject), f("reason", StringType),
        f("candidates", TextMatch.TYPE.apply("candidates").dataType()),
        f("leaves", TextMatch.TYPE.apply("leaves").dataType()),
        f("hits", TextMatch.TYPE.apply("hits").dataType()),
        f("pending", TextMatch.TYPE.apply("pending").dataType()),
        f("repost", REPOST_V1)});
  }

  /**
   * What {@link DecidePass} reads of a candidate once account facts and report aggregates are joined: the row, the
   * match, one boolean per where predicate, the values of the columns the predicates read (as strings), and the hits of
   * the banded join ({@link ClaimJoin}; null for none).
   */
  static StructType decideV1(StructType subject) {
    return new StructType(new StructField[] {
        f("subject", subject),
        f("candidates", TextMatch.TYPE.apply("candidates").dataType()),
        f("leaves", TextMatch.TYPE.apply("leaves").dataType()),
        f("hits", TextMatch.TYPE.apply("hits").dataType()),
        f("where", createArrayType(BooleanType)), f("values", createArrayType(StringType)),
        f("joined", createArrayType(TextMatch.HIT))});
  }

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
