import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Turns the CED Weibo dataset (posts.jsonl, reposts.jsonl.gz) into a winnow archive, for bin/eval-real only (the data
 * is never copied into the project; the archive goes under work/). Run as a single-file Java program on the project
 * classpath:
 *
 * <pre>java -cp CLASSPATH tools/eval-real/CedArchive.java CED_DIR OUT_DIR</pre>
 *
 * Layout written: OUT/archive (posts and reposts, accounts), OUT/catalogue/claims.tsv is written by the script, not
 * here. Posts: original posts keep their label-free fields; a repost's repost_of is its parent (or the original when
 * it has none), so the sweep's repost links see the real repost trees. Accounts: one per user id, with the features
 * CED holds (verified, verified_type, followers); CED has no names, so name-like conditions cannot be measured on it.
 */
public class CedArchive {
  public static void main(String[] args) {
    String ced = args[0];
    String out = args[1];
    SparkSession spark = SparkSession.builder().appName("ced-archive").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    Dataset<Row> originals = spark.read().json(ced + "/posts.jsonl")
        .withColumn("mid", regexp_extract(col("file"), "^\\d+_([^_]+)_(\\d+)\\.json$", 1))
        .withColumn("uid", regexp_extract(col("file"), "^\\d+_([^_]+)_(\\d+)\\.json$", 2))
        // user is an object, or the string "empty" for 87 posts, so Spark infers a string: parse it here
        .withColumn("user", from_json(col("user"), org.apache.spark.sql.types.StructType.fromDDL(
            "verified BOOLEAN, verified_type INT, followers BIGINT, time BIGINT"), java.util.Map.of()));
    Dataset<Row> reposts = spark.read().json(ced + "/reposts.jsonl.gz");
    Dataset<Row> fileToMid = originals.select(col("file").as("source_file"), col("mid").as("original_mid"),
        date_format(postTime(col("time")), "yyyy-MM-dd").as("original_dt"));

    Dataset<Row> originalPosts = originals.select(
        col("mid").as("post_id"), col("uid").as("account_id"),
        postTime(col("time")).as("created_at"), col("text"), lit(null).cast("string").as("title"),
        lit(null).cast("string").as("repost_of"), col("likes").cast("long").as("likes"),
        col("reposts").cast("long").as("shares"), col("comments").cast("long").as("comments"),
        lit(0L).as("views"), lit(false).as("monetized"), hashtags().as("hashtags"),
        array().cast("array<string>").as("links"), lit(1).as("origin"),
        lit(null).cast("string").as("original_dt"));
    Dataset<Row> repostPosts = reposts.join(fileToMid, "source_file").select(
        col("mid").as("post_id"), col("uid").as("account_id"),
        try_to_timestamp(col("date"), lit("yyyy-MM-dd HH:mm:ss")).as("created_at"), col("text"),
        lit(null).cast("string").as("title"),
        when(col("parent").isNull().or(col("parent").equalTo("")), col("original_mid")).otherwise(col("parent"))
            .as("repost_of"),
        lit(0L).as("likes"), lit(0L).as("shares"), lit(0L).as("comments"), lit(0L).as("views"),
        lit(false).as("monetized"), hashtags().as("hashtags"), array().cast("array<string>").as("links"),
        lit(2).as("origin"), col("original_dt"));
    Dataset<Row> all = originalPosts.unionByName(repostPosts);
    long read = all.count();
    // CED repeats some mids (a repost listed under two originals); keep the first (an original before a repost).
    Dataset<Row> posts = all.withColumn("rank", row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("post_id").orderBy("origin", "created_at")))
        .filter(col("rank").equalTo(1)).drop("rank", "origin")
        .filter(col("post_id").isNotNull().and(col("post_id").notEqual("")))
        // 74 reposts give a date without a year ("02月06日 17:45"): their created_at stays null (the sweep
        // quarantines them, counted) and they are filed under their original's day, so no row is left outside
        .withColumn("dt", coalesce(date_format(col("created_at"), "yyyy-MM-dd"), col("original_dt")))
        .drop("original_dt").withColumn("platform", lit("weibo")).persist();
    posts.repartition(col("dt")).write().mode(SaveMode.Overwrite).partitionBy("dt", "platform")
        .parquet(out + "/archive/posts");
    // The re-spread archive: the reposts and comments alone (an original would match its own claim).
    posts.filter(col("repost_of").isNotNull()).repartition(col("dt")).write().mode(SaveMode.Overwrite)
        .partitionBy("dt", "platform").parquet(out + "/respread/posts");

    Column vt = col("user.verified_type");
    Dataset<Row> known = originals.select(col("uid").as("account_id"),
        lit(null).cast("string").as("handle"), lit(null).cast("string").as("display_name"),
        lit(null).cast("string").as("bio"), timestamp_seconds(col("user.time").cast("long")).as("created_at"),
        col("user.followers").cast("long").as("followers"), coalesce(col("user.verified"), lit(false)).as("verified"),
        when(not(coalesce(col("user.verified"), lit(false))), lit("none"))
            .when(vt.equalTo(0), lit("individual")).when(vt.equalTo(1), lit("government"))
            .when(vt.equalTo(2), lit("enterprise")).when(vt.equalTo(3), lit("media"))
            .when(vt.between(4, 7), lit("institution")).otherwise(lit("none")).as("verification_type"),
        array().cast("array<string>").as("credentials"), lit(false).as("self_media"),
        lit(false).as("monetization_enabled"), lit(1).as("origin"));
    Dataset<Row> unknown = reposts.select(col("uid").as("account_id")).distinct().select(col("account_id"),
        lit(null).cast("string").as("handle"), lit(null).cast("string").as("display_name"),
        lit(null).cast("string").as("bio"), lit(null).cast("timestamp").as("created_at"),
        lit(null).cast("long").as("followers"), lit(false).as("verified"), lit("none").as("verification_type"),
        array().cast("array<string>").as("credentials"), lit(false).as("self_media"),
        lit(false).as("monetization_enabled"), lit(2).as("origin"));
    Dataset<Row> accounts = known.unionByName(unknown).withColumn("rank", row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("account_id").orderBy("origin")))
        .filter(col("rank").equalTo(1)).drop("rank", "origin").withColumn("platform", lit("weibo"));
    accounts.coalesce(2).write().mode(SaveMode.Overwrite).partitionBy("platform").parquet(out + "/archive/accounts");
    accounts.coalesce(2).write().mode(SaveMode.Overwrite).partitionBy("platform").parquet(out + "/respread/accounts");

    // Labels in the user's labelled-set shape: the CED originals with CED's own rumour label (rumour or none).
    originals.select(lit("post").as("subject_kind"), col("mid").as("subject_id"),
            when(col("label").equalTo("rumor"), lit("rumour")).otherwise(lit("none")).as("category"),
            lit(null).cast("string").as("subcategory"))
        .coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(out + "/ced-labels");
    // The re-spread catalogue: each rumour original as a claim (id = its mid).
    originals.filter(col("label").equalTo("rumor")).select(col("mid"), regexp_replace(col("text"), "[\\t\\r\\n]+", " "))
        .coalesce(1).write().mode(SaveMode.Overwrite).option("sep", "\t").option("quote", "\u0000")
        .csv(out + "/rumour-claims");

    Row range = posts.agg(min("dt"), max("dt"), count(lit(1)), countDistinct("dt")).first();
    System.out.printf("ced: %d rows read (%d originals, %d reposts/comments), %d posts written after removing "
        + "%d repeated ids, dt %s..%s (%d days), %d accounts%n", read, originals.count(), reposts.count(),
        range.getLong(2), read - range.getLong(2), range.get(0), range.get(1), range.getLong(3), accounts.count());
    spark.stop();
  }

  /** CED's time is epoch seconds, or for 87 posts a string such as "Sat Jun 29 12:40:09 +0800 2013". */
  private static Column postTime(Column time) {
    return coalesce(timestamp_seconds(time.try_cast("long")), try_to_timestamp(regexp_replace(time, "^[A-Za-z]+ ", ""), lit("MMM dd HH:mm:ss Z yyyy")));
  }

  /** Weibo hashtags (#话题#) of the row's text column. */
  private static Column hashtags() {
    return expr("regexp_extract_all(coalesce(text, ''), '#([^#\\\\s]+)#', 1)");
  }
}
