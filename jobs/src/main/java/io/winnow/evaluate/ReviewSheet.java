package io.winnow.evaluate;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.winnow.run.Csv;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The review sheet of a sample: one row per sampled action or unactioned subject, for a person to read and fill in
 * {@code verdict} (violation, not-violation or unsure) and {@code note}. Written as Parquet (the texts exactly as they
 * are) and as CSV for spreadsheets, where a cell starting with = + - @ or a tab/CR gets a leading apostrophe (so it
 * never runs as a formula), quotes are doubled, cells with a comma, quote or line break are quoted, and bidirectional
 * control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) are made visible as {@code <U+202E>}, so
 * that a right-to-left override cannot reorder what a reviewer reads.
 */
public final class ReviewSheet {
  private ReviewSheet() {}

  public static final String VIOLATION = "violation";
  public static final String NOT_VIOLATION = "not-violation";
  public static final String UNSURE = "unsure";
  public static final List<String> VERDICTS = List.of(VIOLATION, NOT_VIOLATION, UNSURE);

  public static final String CSV_FILE = "sheet.csv";
  public static final String PARQUET_DIR = "sheet.parquet";

  public static final StructType V1 = new StructType(new StructField[] {
      f("sample_id", StringType), f("stratum", StringType), f("stratum_size", LongType),
      f("sampled_in_stratum", LongType), f("subject_kind", StringType), f("subject_id", StringType),
      f("account_id", StringType), f("platform", StringType), f("dt", StringType), f("category", StringType),
      f("subcategory", StringType), f("action", StringType), f("action_id", StringType), f("rules", StringType),
      f("review_required", BooleanType), f("text_marked", StringType), f("evidence", StringType),
      f("predicate_values", StringType), f("strikes", StringType), f("verdict", StringType), f("note", StringType)});

  /** The columns evaluate needs to recognise a sheet. */
  public static final List<String> REQUIRED = List.of("sample_id", "stratum", "stratum_size", "subject_kind",
      "subject_id", "action_id", "verdict");

  private static final Pattern BIDI = Pattern.compile("[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]");

  /** One row of the sheet; verdict and note start empty. */
  public record Line(String sampleId, String stratum, long stratumSize, long sampledInStratum, String subjectKind,
      String subjectId, String accountId, String platform, String dt, String category, String subcategory,
      String action, String actionId, String rules, Boolean reviewRequired, String textMarked, String evidence,
      String predicateValues, String strikes) {
    Object[] values() {
      return new Object[] {sampleId, stratum, stratumSize, sampledInStratum, subjectKind, subjectId, accountId,
          platform, dt, category, subcategory, action, actionId, rules, reviewRequired, textMarked, evidence,
          predicateValues, strikes, "", ""};
    }

    public Row row() {
      return RowFactory.create(values());
    }
  }

  public static String csv(List<Line> lines) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    for (StructField f : V1.fields()) {
      header.add(f.name());
    }
    out.append(String.join(",", header)).append("\n");
    for (Line l : lines) {
      Object[] values = l.values();
      String[] cells = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cells[i] = cell(values[i] == null ? null : String.valueOf(values[i]));
      }
      out.append(String.join(",", cells)).append("\n");
    }
    return out.toString();
  }

  /** One CSV cell: bidi controls made visible, then neutralised and quoted as {@link Csv#cell} does. */
  public static String cell(String value) {
    if (value == null) {
      return "";
    }
    String visible = BIDI.matcher(value).replaceAll(m -> String.format("<U+%04X>", (int) m.group().charAt(0)));
    return Csv.cell(visible);
  }

  /** A cell read back from the CSV: the apostrophe that neutralised a formula taken off again. */
  public static String uncell(String value) {
    if (value != null && value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0) {
      return value.substring(1);
    }
    return value;
  }

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
