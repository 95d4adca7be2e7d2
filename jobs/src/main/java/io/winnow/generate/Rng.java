package io.winnow.generate;

import java.util.SplittableRandom;

/** Per-row random streams: each row's generator is a pure function of (seed, stream, index). */
final class Rng {
  private Rng() {}

  static final long ACCOUNT = 0x6163636f756e74L;
  static final long POST_PLAN = 0x706c616eL;
  static final long POST_TEXT = 0x74657874L;
  static final long REPORT = 0x7265706f7274L;
  static final long HOMOGLYPH = 0x686f6d6f676c79L;

  static SplittableRandom of(long seed, long stream, long index) {
    return new SplittableRandom(mix(mix(seed ^ stream) + index));
  }

  /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
  static long mix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  static <T> T pick(SplittableRandom r, java.util.List<T> items) {
    return items.get(r.nextInt(items.size()));
  }
}
