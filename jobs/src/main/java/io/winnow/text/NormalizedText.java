package io.winnow.text;

/**
 * The result of {@link TextNormalizer#normalize(String)}: the normalized string and, for each of its UTF-16 units, the
 * span of the original string it came from, so that evidence can quote what the author actually wrote.
 *
 * <p>Safe to share between threads (offsets computed on first use are the same whichever thread computes them).
 */
public final class NormalizedText {
  static final NormalizedText EMPTY = new NormalizedText("", "", new int[0]);

  /** The original string; null until first asked for when the text came as UTF-8 bytes. */
  private String original;
  private final byte[] utf8;
  private final String text;
  /** Two entries per normalized unit: original start (inclusive), original end (exclusive); null until needed. */
  private int[] spans;
  /** Computes {@link #spans} on first use when they were not tracked, else null. */
  private final TextNormalizer lazy;

  NormalizedText(String original, String text, int[] spans) {
    this.original = original;
    this.utf8 = null;
    this.text = text;
    this.spans = spans;
    this.lazy = null;
  }

  /**
   * Offsets computed on first use by normalizing the original again with {@code normalizer}; the original is either
   * given or decoded on first use from {@code utf8}.
   */
  NormalizedText(String original, byte[] utf8, String text, TextNormalizer normalizer) {
    this.original = original;
    this.utf8 = utf8;
    this.text = text;
    this.lazy = normalizer;
  }

  private int[] spans() {
    if (spans == null) {
      spans = lazy.normalize(original()).spans;
    }
    return spans;
  }

  /** The string that was normalized ({@code ""} for null input). */
  public String original() {
    if (original == null) {
      original = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
    return original;
  }

  /** The normalized string, the one matchers scan. */
  public String text() {
    return text;
  }

  public int length() {
    return text.length();
  }

  /**
   * The original index where the normalized unit at {@code normalizedIndex} begins; {@code normalizedIndex == length()}
   * gives the original length, so that empty spans at the end are valid.
   */
  public int originalStart(int normalizedIndex) {
    checkIndex(normalizedIndex);
    return normalizedIndex == text.length() ? original().length() : spans()[2 * normalizedIndex];
  }

  /**
   * The original index just past the normalized unit at {@code normalizedEndExclusive - 1}: a match {@code [s, e)} in
   * the normalized text covers {@code [originalStart(s), originalEnd(e))} of the original. Fillers removed after the
   * last matched unit are not included.
   */
  public int originalEnd(int normalizedEndExclusive) {
    checkIndex(normalizedEndExclusive);
    return normalizedEndExclusive == 0 ? 0 : spans()[2 * normalizedEndExclusive - 1];
  }

  private void checkIndex(int index) {
    if (index < 0 || index > text.length()) {
      throw new IndexOutOfBoundsException(
          "Normalized index " + index + " is outside [0, " + text.length() + "]");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
