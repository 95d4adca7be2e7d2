package io.winnow.archive;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical archive schema (README "Inputs"): posts, accounts and reports as Parquet under
 * {@code posts/dt=D/platform=P/}, {@code accounts/platform=P/} and {@code reports/dt=D/}. Partition columns
 * ({@code dt}, {@code platform}) are part of the directory layout, not of the data files, and are listed separately.
 */
public final class ArchiveSchema {
  private ArchiveSchema() {}

  public static final String POSTS = "posts";
  public static final String ACCOUNTS = "accounts";
  public static final String REPORTS = "reports";

  /** Columns stored in posts/dt=D/platform=P/*.parquet. */
  public static final StructType POST_COLUMNS = new StructType(new StructField[] {
      field("post_id", StringType), field("account_id", StringType), field("created_at", TimestampType),
      field("text", StringType), field("title", StringType), field("repost_of", StringType),
      field("likes", LongType), field("shares", LongType), field("comments", LongType), field("views", LongType),
      field("monetized", BooleanType), field("hashtags", createArrayType(StringType)),
      field("links", createArrayType(StringType))});

  /** Columns stored in accounts/platform=P/*.parquet (a snapshot). */
  public static final StructType ACCOUNT_COLUMNS = new StructType(new StructField[] {
      field("account_id", StringType), field("handle", StringType), field("display_name", StringType),
      field("bio", StringType), field("created_at", TimestampType), field("followers", LongType),
      field("verified", BooleanType), field("verification_type", StringType),
      field("credentials", createArrayType(StringType)), field("self_media", BooleanType),
      field("monetization_enabled", BooleanType)});

  /** Columns stored in reports/dt=D/*.parquet. */
  public static final StructType REPORT_COLUMNS = new StructType(new StructField[] {
      field("report_id", StringType), field("reporter_id", StringType), field("target_kind", StringType),
      field("target_id", StringType), field("reason", StringType), field("created_at", TimestampType)});

  public static final List<String> POST_PARTITIONS = List.of("dt", "platform");
  public static final List<String> ACCOUNT_PARTITIONS = List.of("platform");
  public static final List<String> REPORT_PARTITIONS = List.of("dt");

  /** Values of accounts.verification_type. */
  public static final List<String> VERIFICATION_TYPES =
      List.of("none", "individual", "government", "military", "media", "institution", "enterprise");

  /** Posts with the partition columns appended, as a sweep sees them. */
  public static StructType postsWithPartitions() {
    return POST_COLUMNS.add("dt", StringType).add("platform", StringType);
  }

  public static StructType accountsWithPartitions() {
    return ACCOUNT_COLUMNS.add("platform", StringType);
  }

  public static StructType reportsWithPartitions() {
    return REPORT_COLUMNS.add("dt", StringType);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
