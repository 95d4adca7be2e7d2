package io.winnow.generate;

import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Ground truth written beside a generated archive: labels/posts/ and labels/accounts/. */
public final class LabelSchema {
  private LabelSchema() {}

  public static final String VIOLATION = "violation";
  public static final String HARD_NEGATIVE = "hard-negative";
  /** labels.kind of a violation planted without evasion. */
  public static final String PLAIN = "plain";
  /** labels.kind values of hard negatives. */
  public static final List<String> HARD_NEGATIVE_KINDS = List.of("debunking-post", "licensed-professional-advice",
      "official-account", "unofficial-fan-account");
  /** labels.kind values of disguised violations: posts' trigger phrases, then impersonators' names (homoglyph). */
  public static final List<String> EVASION_KINDS = List.of("zero-width", "full-width", "traditional", "cjk-spacing",
      "homoglyph");

  /** Columns of both label tables; {@code dt} is null for accounts, {@code subcategory} for hard negatives. */
  public static final StructType V1 = new StructType(new StructField[] {
      field("subject_kind"), field("subject_id"), field("account_id"), field("platform"), field("dt"),
      field("category"), field("subcategory"), field("label"), field("kind")});

  private static StructField field(String name) {
    return DataTypes.createStructField(name, StringType, true);
  }
}
