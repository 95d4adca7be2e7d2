package io.winnow.model;

import java.io.Serializable;
import java.util.List;

/**
 * The condition tree of a rule ({@code when}). Plain data: the engine's condition kinds read, compile and explain
 * them. The records below are the shipped kinds; a kind of the engine may bring its own record (the interface is open
 * for that: a kind is its record, its reader and its compiled form, registered once).
 */
public interface Condition extends Serializable {

  /**
   * Phrases (already expanded from list files) of which at least {@code minDistinct} distinct ones occur in
   * {@code fields}; {@code sounds} are the sound-alike forms a phrase of ideographs is also found in (none by default).
   * With {@code words}, a Chinese phrase counts only where the text uses it as a word (word-aware terms).
   */
  record Terms(List<String> phrases, List<String> fields, int minDistinct, java.util.Set<Sound> sounds,
      boolean words) implements Condition {
    public Terms(List<String> phrases, List<String> fields, int minDistinct) {
      this(phrases, fields, minDistinct, java.util.Set.of(), false);
    }

    public Terms(List<String> phrases, List<String> fields, int minDistinct, java.util.Set<Sound> sounds) {
      this(phrases, fields, minDistinct, sounds, false);
    }

    public Terms(List<String> phrases, List<String> fields, int minDistinct, boolean words) {
      this(phrases, fields, minDistinct, java.util.Set.of(), words);
    }
  }

  /**
   * Sound-alike forms of a Chinese phrase, each an option of a terms condition, since each costs precision:
   * {@code PINYIN} finds it written in pinyin (whole, mixed with characters, or as initials), {@code HOMOPHONES} in
   * other characters read the same way.
   */
  enum Sound {
    PINYIN,
    HOMOPHONES
  }

  /**
   * A phrase of {@code phrases} and a phrase of {@code nearPhrases} in the same field, with at most {@code within}
   * normalized characters between them (either order; overlapping or touching counts as 0). With {@code words}, a
   * Chinese phrase of either side counts only where the text uses it as a word.
   */
  record Near(List<String> phrases, List<String> nearPhrases, int within, List<String> fields, boolean words)
      implements Condition {
    public Near(List<String> phrases, List<String> nearPhrases, int within, List<String> fields) {
      this(phrases, nearPhrases, within, fields, false);
    }
  }

  /**
   * A re2j (linear-time) regular expression, matched case-insensitively on the normalized text of {@code fields}.
   * {@code prefilter} is a literal every match contains (already normalized), or null when none could be extracted:
   * then the regex runs on every row.
   */
  record Regex(String pattern, List<String> fields, String prefilter) implements Condition {}

  /** A Spark SQL predicate over {@code post.*}, {@code account.*} and {@code reports.*}; null counts as false. */
  record Where(String sql, List<String> columns) implements Condition {}

  /**
   * The value of a field (display name, handle) copies a protected name of list {@code list} ({@code names}, already
   * expanded): the same after decorations ({@code decorations}: 官方, official, …) are stripped from either end and
   * homoglyphs are folded to their confusable skeleton, or within {@code maxDistance} edits (at most one per four
   * characters of the name).
   */
  record NameLike(String list, List<String> names, List<String> decorations, int maxDistance, List<String> fields)
      implements Condition {}

  /**
   * The normalized text of {@code fields} repeats a claim of catalogue {@code catalogue}: by {@code measure} (the
   * Jaccard similarity of character shingles, or the share of the claim's, the text's or the smaller side's shingles
   * the two share) at least {@code threshold}; a containment measure also needs {@code minShared} shared shingles.
   * The semantic measure is the cosine of the sentence embeddings of {@code model} (a key of {@code
   * winnow.semantic.models}; null for the other measures); {@code minShared} is then what its first stage needs.
   */
  record SimilarTo(String catalogue, List<Claim> claims, double threshold, List<String> fields, Measure measure,
      int minShared, String model) implements Condition {
    /** Jaccard similarity at least {@code threshold}. */
    public SimilarTo(String catalogue, List<Claim> claims, double threshold, List<String> fields) {
      this(catalogue, claims, threshold, fields, Measure.JACCARD, 0);
    }

    /** A shingle measure (no model). */
    public SimilarTo(String catalogue, List<Claim> claims, double threshold, List<String> fields, Measure measure,
        int minShared) {
      this(catalogue, claims, threshold, fields, measure, minShared, null);
    }
  }

  /** How a similar-to condition compares a text with a claim. */
  enum Measure {
    /** Shared shingles over all shingles of both. */
    JACCARD,
    /** Shared shingles over the claim's: the claim repeated inside a longer text. */
    CLAIM_CONTAINED,
    /** Shared shingles over the text's: the text an excerpt of a longer claim. */
    POST_CONTAINED,
    /** Shared shingles over the smaller side's: either of the two. */
    EITHER_CONTAINED,
    /** The cosine of two sentence embeddings: the claim restated in other words. */
    SEMANTIC
  }

  /** One entry of a catalogue: a stable id and the claim's text. */
  record Claim(String id, String text) implements Serializable {}

  record All(List<Condition> conditions) implements Condition {}

  record Any(List<Condition> conditions) implements Condition {}

  record Not(Condition condition) implements Condition {}
}
