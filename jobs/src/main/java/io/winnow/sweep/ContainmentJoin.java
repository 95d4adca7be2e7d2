package io.winnow.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.text.ClaimIndex;
import io.winnow.text.ContainmentIndex;
import io.winnow.text.NormalizedText;
import io.winnow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The join of similar-to leaves with a containment measure whose catalogue is above {@code join-above-claims}: the
 * same exact prefix filtering as {@link ContainmentIndex}, as Spark joins. A claim of n shingles that needs a shared
 * ones is keyed by its first n - a + 1 shingles, rarest in the catalogue first (counted by a group-by over the
 * catalogue's shingles); a text of p shingles that needs b is keyed by its first p - b + 1 in value order (any fixed
 * order is exact; the catalogue's counts of a text's shingles would need another join). Candidates: a text's shingles
 * against claim keys, and a text's keys against all claim shingles; each pair once, verified with the exact overlap.
 */
final class ContainmentJoin {
  private static final UserDefinedFunction UNPACK = functions.udf((UDF1<byte[], List<Long>>) packed -> {
    List<Long> out = new ArrayList<>();
    for (long s : ClaimJoin.unpack(packed)) {
      out.add(s);
    }
    return out;
  }, createArrayType(LongType));

  private static final UserDefinedFunction SHARED = functions.udf((UDF2<byte[], byte[], Integer>)
      (a, b) -> ContainmentIndex.overlap(ClaimJoin.unpack(a), ClaimJoin.unpack(b)), IntegerType);

  /**
   * The span of an excerpt covered by the shingles it shares with a claim, as the pass finds it: {@code start} and
   * {@code end} within the excerpt (UTF-16 units, as the pass's offsets), and the covered text.
   */
  static final UserDefinedFunction SPAN = functions.udf((UDF2<String, byte[], Row>) (excerpt, claim) -> {
    NormalizedText n = TextNormalizer.shared().normalize(excerpt);
    int[] span = ClaimIndex.spanOf(n, ClaimJoin.unpack(claim));
    return RowFactory.create(span[0], span[1], excerpt.substring(span[0], span[1]));
  }, new StructType().add("start", IntegerType).add("end", IntegerType).add("excerpt", StringType));

  private ContainmentJoin() {}

  /** Shared shingles a side of {@code n} shingles needs at {@code threshold} and {@code minShared}. */
  private static Column need(Column n) {
    return greatest(col("min_shared"), ceil(col("threshold").multiply(n).minus(1e-9)).cast("int"));
  }

  /**
   * Every pair of a text ({@code key, leaf, field, shingles}) of a containment leaf and a claim that reaches the
   * leaf's threshold with at least its min-shared shingles: {@code key, leaf, field, claim, claim_id, score, shared,
   * claim_shingles}.
   */
  static Dataset<Row> pairs(Dataset<Row> texts, Dataset<Row> leafTable, Dataset<Row> signed) {
    Dataset<Row> leaves = broadcast(leafTable.filter(col("measure").notEqual("JACCARD"))
        .select("leaf", "catalogue", "threshold", "measure", "min_shared"));
    Dataset<Row> claimShingles = signed.select(col("catalogue"), col("claim"),
        (length(col("shingles")).divide(8)).cast("int").as("n"), explode(UNPACK.apply(col("shingles"))).as("shingle"));
    Dataset<Row> frequency = claimShingles.groupBy("catalogue", "shingle").agg(count(lit(1)).as("freq"));
    Dataset<Row> claimKeys = claimShingles.join(frequency, new String[] {"catalogue", "shingle"})
        .join(leaves.filter(col("measure").notEqual("POST_CONTAINED")), "catalogue")
        .withColumn("_rank", row_number().over(Window.partitionBy("leaf", "claim").orderBy(col("freq"),
            col("shingle"))))
        .filter(col("_rank").leq(col("n").minus(need(col("n"))).plus(1)))
        .select("leaf", "claim", "shingle");
    Dataset<Row> withLeaf = texts.join(leaves, "leaf");
    Dataset<Row> textShingles = withLeaf.select(col("key"), col("leaf"), col("field"),
        explode(UNPACK.apply(col("shingles"))).as("shingle"));
    Dataset<Row> byClaimKeys = textShingles.join(claimKeys, new String[] {"leaf", "shingle"})
        .select("key", "leaf", "field", "claim");
    Column p = length(col("shingles")).divide(8).cast("int");
    Dataset<Row> textKeys = withLeaf.filter(col("measure").notEqual("CLAIM_CONTAINED"))
        .select(col("key"), col("leaf"), col("field"), col("catalogue"), p.minus(need(p)).plus(1).as("_keys"),
            posexplode(UNPACK.apply(col("shingles"))).as(new String[] {"pos", "shingle"}))
        .filter(col("pos").lt(col("_keys")));
    Dataset<Row> byTextKeys = textKeys.join(claimShingles.select("catalogue", "claim", "shingle"),
        new String[] {"catalogue", "shingle"}).select("key", "leaf", "field", "claim");
    Dataset<Row> candidates = byClaimKeys.union(byTextKeys).distinct();
    Column nc = length(col("claim_shingles")).divide(8);
    Column nt = length(col("text_shingles")).divide(8);
    return candidates
        .join(texts.select(col("key"), col("leaf"), col("field"), col("shingles").as("text_shingles")),
            new String[] {"key", "leaf", "field"})
        .join(leaves, "leaf")
        .join(signed.select(col("catalogue"), col("claim"), col("claim_id"), col("shingles").as("claim_shingles")),
            new String[] {"catalogue", "claim"})
        .withColumn("shared", SHARED.apply(col("text_shingles"), col("claim_shingles")))
        .withColumn("score", col("shared").divide(when(col("measure").equalTo("CLAIM_CONTAINED"), nc)
            .when(col("measure").equalTo("POST_CONTAINED"), nt).otherwise(least(nc, nt))))
        .filter(col("shared").geq(col("min_shared")).and(col("score").geq(col("threshold").minus(1e-12))))
        .select("key", "leaf", "field", "claim", "claim_id", "score", "shared", "claim_shingles");
  }
}
