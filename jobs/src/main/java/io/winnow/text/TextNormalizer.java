package io.winnow.text;

import java.util.Locale;

/** Placeholder until the text engine lands: lower-cases only. */
public final class TextNormalizer {
  public NormalizedText normalize(String original) {
    String s = original == null ? "" : original;
    int[] origin = new int[s.length()];
    for (int i = 0; i < origin.length; i++) {
      origin[i] = i;
    }
    return new NormalizedText(s.toLowerCase(Locale.ROOT), origin, s.length());
  }
}
