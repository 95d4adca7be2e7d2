package io.winnow.text;

/** Placeholder until the text engine lands: normalized text with offsets into the original. */
public final class NormalizedText {
  private final String text;
  private final int[] origin;
  private final int originalLength;

  NormalizedText(String text, int[] origin, int originalLength) {
    this.text = text;
    this.origin = origin;
    this.originalLength = originalLength;
  }

  public String text() {
    return text;
  }

  public int originalStart(int normalizedIndex) {
    return normalizedIndex < origin.length ? origin[normalizedIndex] : originalLength;
  }

  public int originalEnd(int normalizedEndExclusive) {
    if (normalizedEndExclusive <= 0) {
      return 0;
    }
    int last = origin[normalizedEndExclusive - 1];
    int next = normalizedEndExclusive < origin.length ? origin[normalizedEndExclusive] : originalLength;
    return Math.max(last + 1, next);
  }
}
