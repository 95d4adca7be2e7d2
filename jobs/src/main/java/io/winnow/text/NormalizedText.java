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
  /** The normalized string; null until first asked for when the units are still in a buffer. */
  private String text;
  /** The normalized units in a normalizer's buffer (valid until it is reused), or null. */
  private final char[] units;
  private final int length;
  /** Two entries per normalized unit: original start (inclusive), original end (exclusive); null until needed. */
  private int[] spans;
  /** Computes {@link #spans} on first use when they were not tracked, else null. */
  private final TextNormalizer lazy;

  NormalizedText(String original, String text, int[] spans) {
    this.original = original;
    this.utf8 = null;
    this.text = text;
    this.units = null;
    this.length = text.length();
    this.spans = spans;
    this.lazy = null;
  }

  /**
   * A view of {@code length} normalized units in a buffer. Offsets are computed on first use by normalizing the
   * original again with {@code normalizer}; the original is either given or decoded on first use from {@code utf8}.
   */
  NormalizedText(String original, byte[] utf8, char[] units, int length, TextNormalizer normalizer) {
    this.original = original;
    this.utf8 = utf8;
    this.units = units;
    this.length = length;
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
    if (text == null) {
      text = new String(units, 0, length);
    }
    return text;
  }

  public int length() {
    return length;
  }

  /** The normalized unit at {@code index}. */
  public char charAt(int index) {
    return units != null ? units[index] : text.charAt(index);
  }

  /** The buffer holding the normalized units from index 0, or null when there is only {@link #text()}. */
  char[] units() {
    return units;
  }

  /**
   * The original index where the normalized unit at {@code normalizedIndex} begins; {@code normalizedIndex == length()}
   * gives the original length, so that empty spans at the end are valid.
   */
  public int originalStart(int normalizedIndex) {
    checkIndex(normalizedIndex);
    return normalizedIndex == length ? original().length() : spans()[2 * normalizedIndex];
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
    if (index < 0 || index > length) {
      throw new IndexOutOfBoundsException(
          "Normalized index " + index + " is outside [0, " + length + "]");
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
