package io.winnow.sweep;

import static org.apache.spark.sql.types.DataTypes.IntegerType;

import io.winnow.engine.SemanticLeaf;
import io.winnow.text.SentenceEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Which claims the texts the first stage let through reach ({@link SemanticLeaf#reached}) or overlap ({@link
 * SemanticLeaf#overlapping}), per leaf: with {@code winnow.semantic.claims-searched = reached} or {@code overlapping} only
 * these claims are embedded and searched (every text against all claims that some text reached or overlaps). A text in a script its leaf's model does not read reaches nothing (it never reaches the model).
 */
final class SemanticReach implements MapPartitionsFunction<Row, Row> {
  private static final StructType REACHED = new StructType().add("leaf", IntegerType).add("claim", IntegerType);

  private final SubjectRules rules;
  private final Map<Integer, SentenceEncoder.Spec> models;
  private final boolean overlapping;

  private SemanticReach(SubjectRules rules, Map<Integer, SentenceEncoder.Spec> models, boolean overlapping) {
    this.rules = rules;
    this.models = models;
    this.overlapping = overlapping;
  }

  /**
   * The claims reached, per leaf id of {@code models}, by the texts of {@code pending} (columns {@code leaf} and
   * {@code excerpt}): one Spark job, each partition's distinct (leaf, claim) pairs collected. With {@code overlapping},
   * the claims they overlap (the smaller side's share of keywords) instead.
   */
  static Map<Integer, Set<Integer>> of(Dataset<Row> pending, SubjectRules rules,
      Map<Integer, SentenceEncoder.Spec> models, boolean overlapping) {
    Map<Integer, Set<Integer>> out = new HashMap<>();
    models.keySet().forEach(leaf -> out.put(leaf, new HashSet<>()));
    for (Row r : pending.select("leaf", "excerpt").mapPartitions(new SemanticReach(rules, new HashMap<>(models), overlapping),
        Encoders.row(REACHED)).collectAsList()) {
      out.get(r.getInt(0)).add(r.getInt(1));
    }
    return out;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    Map<Integer, SemanticLeaf> leaves = new HashMap<>();
    for (SemanticLeaf l : rules.compiled().deferred(SemanticLeaf.class)) {
      leaves.put(l.id(), l);
    }
    Set<Long> seen = new HashSet<>();
    Set<String> texts = new HashSet<>();
    List<Row> out = new ArrayList<>();
    while (in.hasNext()) {
      Row r = in.next();
      int leaf = r.getInt(0);
      String text = r.getString(1);
      SentenceEncoder.Spec model = models.get(leaf);
      if (model == null || !model.script().writes(text) || !texts.add(leaf + "\u0000" + text)) {
        continue;
      }
      SemanticLeaf l = leaves.get(leaf);
      for (int claim : overlapping ? l.overlapping(text) : l.reached(text)) {
        if (seen.add((long) leaf << 32 | claim)) {
          out.add(RowFactory.create(leaf, claim));
        }
      }
    }
    return out.iterator();
  }
}
