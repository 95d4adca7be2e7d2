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
  /**
   * labels.kind of a violation worded as a rule list words it, undisguised: a post with a list phrase, an
   * impersonator copying a protected name letter for letter.
   */
  public static final String LIST_PHRASE = "list-phrase";
  /** labels.kind of a post violation in words that are in no rule list (synonyms, inserted words, other order). */
  public static final String VARIANT = "variant";
  /**
   * labels.kind of a debunked-claim post that is a near-copy of a catalogue claim: a word changed, added or dropped,
   * the edited claim inside a longer post, or an excerpt of the claim.
   */
  public static final String NEAR_COPY = "near-copy";
  /** labels.kind of a debunked-claim post that restates a catalogue claim in other words (generate/Paraphrases). */
  public static final String PARAPHRASE = "paraphrase";
  /** labels.kind values of violations that are not disguised list phrases. */
  public static final List<String> WORDING_KINDS = List.of(LIST_PHRASE, VARIANT, NEAR_COPY, PARAPHRASE);
  /** labels.kind values of hard negatives that the shipped packs were written to exempt. */
  public static final List<String> EXEMPTED_HARD_NEGATIVE_KINDS = List.of("debunking-post",
      "licensed-professional-advice", "official-account", "unofficial-fan-account");
  /** labels.kind values of hard negatives: the exempted ones, then those real text has that no exemption names. */
  public static final List<String> HARD_NEGATIVE_KINDS = List.of("debunking-post", "licensed-professional-advice",
      "official-account", "unofficial-fan-account", "harmless-context", "verified-hospital-consultation",
      "compound-word", "refuting-repost", "fact-checker-quote", "outlet-journalist", "verified-individual");
  /** labels.kind of an impersonator whose name copies the protected name with look-alike letters. */
  public static final String HOMOGLYPH = "homoglyph";
  /** The disguises the normalizer undoes whole; EndToEndTest holds their recall at 1.0. */
  public static final List<String> NORMALIZED_EVASION_KINDS = List.of("zero-width", "full-width", "traditional",
      "cjk-spacing");
  /**
   * labels.kind values of disguised violations: the four the normalizer undoes, homophone and emoji-between, the
   * disguises of issue 17 (whose recall is measured, not asserted), then impersonators' names (homoglyph).
   */
  public static final List<String> EVASION_KINDS = List.of("zero-width", "full-width", "traditional", "cjk-spacing",
      "homophone", "emoji-between", "lookalike-letter", "spaced-letters", "accents", "joined-words", "leet",
      "repeated-letters", "dropped-letter", "html-entity", "bidi-override", "latin-spacing", "pinyin", "pinyin-initials",
      "pinyin-mixed", "letters-between", HOMOGLYPH);

  /** Columns of both label tables; {@code dt} is null for accounts, {@code subcategory} for hard negatives. */
  public static final StructType V1 = new StructType(new StructField[] {
      field("subject_kind"), field("subject_id"), field("account_id"), field("platform"), field("dt"),
      field("category"), field("subcategory"), field("label"), field("kind")});

  private static StructField field(String name) {
    return DataTypes.createStructField(name, StringType, true);
  }
}
