package io.winnow.sweep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.winnow.engine.CompiledRules;
import io.winnow.engine.SimilarToKind;
import io.winnow.model.Condition;
import io.winnow.text.ClaimIndex;
import io.winnow.text.TextNormalizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The banded equi-join of {@code similar-to} leaves whose catalogue has more claims than {@code
 * winnow.similar-to.join-above-claims}: such a catalogue never travels as a {@link ClaimIndex}. The text pass leaves
 * the leaf unknown and emits, for texts inside the catalogue's length window only, their shingles and 32 band hashes
 * ({@link TextMatch#PENDING}); the catalogue becomes a table (catalogue, claim, claim_id, shingles, bands), signed on
 * the executors once per run; an equi-join on (catalogue, band, hash) gives the candidate pairs, each pair is counted
 * once however many bands found it, verified with the exact Jaccard similarity, and the best claim per text at or
 * above the threshold (ties: the earlier claim, as {@link ClaimIndex} breaks them) becomes a hit with the evidence of
 * the in-pass path: kind similar-to, phrase {@code "<claim id> (score 0.87)"}, span of the whole text.
 *
 * <p>Configure with the compiled rules of one subject, then {@link #hits}; {@link #close} drops the cached table.
 */
public final class ClaimJoin implements AutoCloseable {
  /** One catalogue claim: its catalogue, its index in the catalogue, its id and its text. */
  static final StructType CLAIM = new StructType()
      .add("catalogue", StringType).add("claim", IntegerType).add("claim_id", StringType).add("text", StringType);

  /** A claim signed: its shingles ({@link #pack}ed) and the band hashes of its MinHash signature. */
  static final StructType SIGNED = new StructType()
      .add("catalogue", StringType).add("claim", IntegerType).add("claim_id", StringType)
      .add("shingles", BinaryType).add("bands", createArrayType(LongType));

  /** The joined leaves of a subject: which catalogue, rule and threshold. */
  static final StructType LEAF = new StructType()
      .add("leaf", IntegerType).add("rule", IntegerType).add("catalogue", StringType).add("threshold", DoubleType)
      .add("measure", StringType).add("min_shared", IntegerType);

  /** The exact Jaccard similarity of two packed shingle sets. */
  private static final UserDefinedFunction JACCARD = functions.udf(
      (UDF2<byte[], byte[], Double>) (a, b) -> ClaimIndex.jaccardOf(unpack(a), unpack(b)), DoubleType);

  private final Dataset<Row> leafTable;
  private final Dataset<Row> signed;

  /**
   * The join for the joined leaves of {@code rules} (the catalogues above its {@code joinAboveClaims}). The claims
   * are read on the executors from the broadcast rule set, a slice each: neither the driver nor any executor holds
   * the signatures or band table of a whole catalogue.
   */
  public ClaimJoin(SparkSession spark, SubjectRules rules) {
    CompiledRules compiled = rules.compiled();
    List<SimilarToKind.Joined> leaves = compiled.joinedLeaves();
    List<Row> leafRows = new ArrayList<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (SimilarToKind.Joined l : leaves) {
      leafRows.add(RowFactory.create(l.leaf(), l.rule(), l.catalogue(), l.threshold(), l.measure().name(),
          l.minShared()));
      sizes.putIfAbsent(l.catalogue(), l.claims().size());
    }
    this.leafTable = spark.createDataFrame(leafRows, LEAF);
    Dataset<Row> claims = spark.createDataFrame(List.of(), CLAIM);
    int slices = Math.max(1, spark.sparkContext().defaultParallelism());
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      String catalogue = e.getKey();
      long n = e.getValue();
      claims = claims.unionByName(spark.range(0, n, 1, (int) Math.min(slices * 4L, n / 1000 + 1))
          .mapPartitions((MapPartitionsFunction<Long, Row>) ids -> claimsOf(rules, catalogue, ids),
              Encoders.row(CLAIM)));
    }
    // On disk, not in memory: it is read twice (band rows, then the shingles of the candidate pairs), and cached in
    // memory a million signed claims left a 2 GB heap too little for the joins (a task ran out of heap).
    this.signed = sign(claims).persist(StorageLevel.DISK_ONLY());
  }

  private static Iterator<Row> claimsOf(SubjectRules rules, String catalogue, Iterator<Long> ids) {
    List<Condition.Claim> claims = rules.compiled().joinedLeaves().stream()
        .filter(l -> l.catalogue().equals(catalogue)).findFirst().orElseThrow().claims();
    return new Iterator<>() {
      public boolean hasNext() {
        return ids.hasNext();
      }

      public Row next() {
        int i = ids.next().intValue();
        Condition.Claim c = claims.get(i);
        return RowFactory.create(catalogue, i, c.id(), c.text());
      }
    };
  }

  /** Claims ({@link #CLAIM}) signed ({@link #SIGNED}): normalized, shingled and banded as {@link ClaimIndex} does. */
  static Dataset<Row> sign(Dataset<Row> claims) {
    return claims.map((MapFunction<Row, Row>) c -> {
      long[] s = ClaimIndex.shinglesOf(TextNormalizer.shared().normalize(c.getString(3)));
      long[] bands = ClaimIndex.bandsOfShingles(s);
      List<Long> boxed = new ArrayList<>(bands.length);
      for (long b : bands) {
        boxed.add(b);
      }
      return RowFactory.create(c.getString(0), c.getInt(1), c.getString(2), pack(s), TextMatch.seq(boxed));
    }, Encoders.row(SIGNED));
  }

  /**
   * The similar-to hits of the rows of a text pass: {@code key} and {@code joined} (an array of {@link TextMatch#HIT},
   * one per leaf and field that matched), for the rows with a match. {@code pass} has the columns {@code key} and
   * {@code pending} ({@link TextMatch#PENDING}, null for none).
   */
  public Dataset<Row> hits(Dataset<Row> pass) {
    Dataset<Row> texts = pass.filter(col("pending").isNotNull())
        .select(col("key"), explode(col("pending")).as("p"))
        .select(col("key"), col("p.*"));
    Dataset<Row> best = best(pairs(texts, leafTable, signed).withColumn("claim_shingles", lit(null).cast(BinaryType))
        .unionByName(ContainmentJoin.pairs(texts, leafTable, signed)));
    Column span = ContainmentJoin.SPAN.apply(col("excerpt"), col("claim_shingles"));
    Column contained = col("measure").notEqual("JACCARD");
    return best.join(texts.select("key", "leaf", "field", "start", "end", "excerpt"),
            new String[] {"key", "leaf", "field"})
        .join(broadcast(leafTable.select("leaf", "rule", "measure")), "leaf")
        .withColumn("_span", when(contained, span))
        .groupBy("key")
        .agg(collect_list(struct(col("leaf"), col("rule"),
            when(contained, format_string("%s (%s %.2f, %d shingles)", col("claim_id"), label(col("measure")),
                col("score"), col("shared"))).otherwise(format_string("%s (score %.2f)", col("claim_id"),
                    col("score"))).as("phrase"), col("field"),
            when(contained, col("start").plus(col("_span.start"))).otherwise(col("start")).as("start"),
            when(contained, col("start").plus(col("_span.end"))).otherwise(col("end")).as("end"),
            when(contained, col("_span.excerpt")).otherwise(col("excerpt")).as("excerpt"))).as("joined"));
  }

  /** What evidence calls a containment measure, as the pass does ({@link ContainmentIndex.Contained#label}). */
  private static Column label(Column measure) {
    Column out = lit(null).cast("string");
    for (Condition.Measure m : Condition.Measure.values()) {
      if (m != Condition.Measure.JACCARD && m != Condition.Measure.SEMANTIC) {
        out = when(measure.equalTo(m.name()), lit(io.winnow.engine.SimilarToKind.containedLabel(m))).otherwise(out);
      }
    }
    return out;
  }

  /**
   * Every pair of a text ({@code key, leaf, field, shingles, bands}) and a claim of its leaf's catalogue that share a
   * band, verified: {@code key, leaf, field, claim, claim_id, score} for the pairs at or above the leaf's threshold
   * (and {@code shared}, 0: the containment pairs' count of shared shingles, which ranks them).
   */
  static Dataset<Row> pairs(Dataset<Row> texts, Dataset<Row> leafTable, Dataset<Row> signed) {
    Dataset<Row> textBands = texts.select(col("key"), col("leaf"), col("field"), posexplode(col("bands")).as(
            new String[] {"band", "hash"}))
        .join(broadcast(leafTable.select("leaf", "catalogue")), "leaf");
    // The catalogue's sides are shuffled, never broadcast: Spark's size estimates of them can be small enough for a
    // broadcast that then does not fit in the driver (a 300,000-claim catalogue has 9.6 million band rows).
    Dataset<Row> claimBands = signed.select(col("catalogue"), col("claim"), posexplode(col("bands")).as(
        new String[] {"band", "hash"})).hint("merge");
    Dataset<Row> candidates = textBands.join(claimBands, new String[] {"catalogue", "band", "hash"})
        .select("key", "leaf", "field", "catalogue", "claim")
        .distinct();
    return candidates
        .join(texts.select(col("key"), col("leaf"), col("field"), col("shingles").as("text_shingles")),
            new String[] {"key", "leaf", "field"})
        .join(signed.select(col("catalogue"), col("claim"), col("claim_id"), col("shingles").as("claim_shingles"))
            .hint("merge"), new String[] {"catalogue", "claim"})
        .join(broadcast(leafTable.select("leaf", "threshold")), "leaf")
        .withColumn("score", JACCARD.apply(col("text_shingles"), col("claim_shingles")))
        .filter(col("score").geq(col("threshold")))
        .select(col("key"), col("leaf"), col("field"), col("claim"), col("claim_id"), col("score"),
            lit(0).as("shared"));
  }

  /** The best claim per text and leaf: highest score, then most shared shingles, then earliest in the catalogue. */
  static Dataset<Row> best(Dataset<Row> pairs) {
    return pairs.withColumn("_rank", row_number().over(Window.partitionBy("key", "leaf", "field")
            .orderBy(col("score").desc(), col("shared").desc(), col("claim").asc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Shingles as 8 bytes each, big-endian: a binary column reaches a UDF without Spark's generic array converter. */
  public static byte[] pack(long[] shingles) {
    ByteBuffer b = ByteBuffer.allocate(shingles.length * 8);
    for (long s : shingles) {
      b.putLong(s);
    }
    return b.array();
  }

  static long[] unpack(byte[] packed) {
    long[] out = new long[packed.length / 8];
    ByteBuffer.wrap(packed).asLongBuffer().get(out);
    return out;
  }

  /** Drops the cached signed catalogue. */
  @Override
  public void close() {
    signed.unpersist();
  }
}
