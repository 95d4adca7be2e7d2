package io.winnow.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.winnow.engine.PolicyRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Actions per category x subcategory x action x platform x subject kind, and how many of them wait for review: each
 * task counts its rows in a map, the driver adds the tasks' few rows up. No shuffle and no generated aggregation for
 * what is a few dozen numbers; sorted as Spark's ascending order sorts them (nulls first, strings by code point).
 */
final class ActionCounts {
  private static final List<String> KEYS = List.of("category", "subcategory", "action", "platform", "subject_kind");
  /** A task's counts of one side ({@code in_force}) per key. */
  private static final StructType PARTIAL = new StructType().add("category", "string").add("subcategory", "string")
      .add("action", "string").add("platform", "string").add("subject_kind", "string").add("actions", "long")
      .add("review_required", "long").add("in_force", "boolean");

  private ActionCounts() {}

  /** One count's key: the ACTION_V1 columns the counts group by (also {@link ActionTally}'s key). */
  record Key(String category, String subcategory, String action, String platform, String subjectKind)
      implements Serializable {}

  /** Spark's ascending order of the key columns (nulls first, strings by code point), as the counts are sorted. */
  static final Comparator<Key> ORDER = Comparator.<Key, String>comparing(Key::category,
          PolicyRows::compareStrings)
      .thenComparing(Key::subcategory, PolicyRows::compareStrings)
      .thenComparing(Key::action, PolicyRows::compareStrings)
      .thenComparing(Key::platform, PolicyRows::compareStrings)
      .thenComparing(Key::subjectKind, PolicyRows::compareStrings);

  /** The counts of actions (ACTION_V1 rows, or any rows with those columns and review_required). */
  static List<SweepResult.Count> of(Dataset<Row> actions) {
    return split(actions, lit(false)).issued();
  }

  /** The counts of the actions issued and of those already in force: {@link #of} of each side of a split. */
  record Split(List<SweepResult.Count> issued, List<SweepResult.Count> alreadyInForce) {}

  /**
   * {@link #of} of the rows with {@code flag} false and of those with it true (rows with it null in neither, as the
   * ledger's split filters them), in one job over the flagged rows rather than one per side.
   */
  static Split of(Dataset<Row> flagged, String flag) {
    return split(flagged, col(flag));
  }

  private static Split split(Dataset<Row> rows, Column inForce) {
    List<Column> columns = new ArrayList<>();
    KEYS.forEach(k -> columns.add(col(k)));
    columns.add(col("review_required"));
    columns.add(inForce);
    Dataset<Row> partial = rows.select(columns.toArray(Column[]::new))
        .mapPartitions((MapPartitionsFunction<Row, Row>) ActionCounts::count, Encoders.row(PARTIAL));
    List<Map<Key, long[]>> totals = List.of(new TreeMap<>(ORDER), new TreeMap<>(ORDER));
    for (Row r : partial.collectAsList()) {
      long[] n = totals.get(r.getBoolean(7) ? 1 : 0).computeIfAbsent(key(r), k -> new long[2]);
      n[0] += r.getLong(5);
      n[1] += r.getLong(6);
    }
    return new Split(counts(totals.get(0)), counts(totals.get(1)));
  }

  private static List<SweepResult.Count> counts(Map<Key, long[]> total) {
    List<SweepResult.Count> out = new ArrayList<>(total.size());
    total.forEach((k, n) -> out.add(new SweepResult.Count(k.category(), k.subcategory(), k.action(), k.platform(),
        k.subjectKind(), n[0], n[1])));
    return out;
  }

  /** One task's counts per side and key (rows whose side is null are in neither). */
  private static Iterator<Row> count(Iterator<Row> rows) {
    List<Map<Key, long[]>> sides = List.of(new java.util.HashMap<>(), new java.util.HashMap<>());
    rows.forEachRemaining(r -> {
      if (r.isNullAt(6)) {
        return;
      }
      long[] n = sides.get(r.getBoolean(6) ? 1 : 0).computeIfAbsent(key(r), k -> new long[2]);
      n[0]++;
      if (!r.isNullAt(5) && r.getBoolean(5)) {
        n[1]++;
      }
    });
    List<Row> out = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      boolean inForce = side == 1;
      sides.get(side).forEach((k, n) -> out.add(RowFactory.create(k.category(), k.subcategory(), k.action(),
          k.platform(), k.subjectKind(), n[0], n[1], inForce)));
    }
    return out.iterator();
  }

  private static Key key(Row r) {
    return new Key(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4));
  }
}
