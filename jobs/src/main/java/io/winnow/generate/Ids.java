package io.winnow.generate;

/** Archive ids: a prefix letter and a zero-padded index ({@code a000000042}, {@code p0000000042}). */
final class Ids {
  private Ids() {}

  static String padded(char prefix, long index, int digits) {
    char[] out = new char[digits + 1];
    out[0] = prefix;
    long v = index;
    for (int i = digits; i >= 1; i--) {
      out[i] = (char) ('0' + v % 10);
      v /= 10;
    }
    if (v != 0) {
      throw new IllegalArgumentException("index " + index + " does not fit in " + digits + " digits");
    }
    return new String(out);
  }

  static String post(long index) {
    return padded('p', index, 10);
  }

  static String report(long index) {
    return padded('r', index, 10);
  }
}
