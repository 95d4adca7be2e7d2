package io.winnow.text;

import java.util.Arrays;

/**
 * Whether the pinyin channel of a {@link TermMatcher} can report anything in a text, decided in one look at its units
 * before the channel builds the text's pinyin. A reported hit holds a Latin letter, its edges are syllable or word
 * edges, so it holds whole Latin words (maximal runs of a-z), each of which is then a substring of its key; and it
 * never crosses a break of the pinyin text (a digit, a unit of another class, an ideograph without pinyin). So with the
 * Latin words that are no substring of any key taken as breaks too, a hit lies in one piece between breaks that holds a
 * Latin word and is at least as long as the shortest key. A text with no such piece is skipped: in practice a Chinese
 * post whose only Latin letters are a link ({@code https}, {@code example} and most link ids are no part of any pinyin).
 * Ideographs too far from a Latin letter, which the channel does not read, are counted as read: the gate only errs
 * towards running the channel, as does a hash collision.
 */
final class SoundGate {
  private static final long SEED = 0xcbf29ce484222325L;

  /**
   * The hashes of every substring of every key, as a blocked Bloom filter: one 64-bit word per hash with three of its
   * bits set, at least {@link #BITS_PER_SUBSTRING} bits per distinct substring, so it stays in the second-level cache
   * (a hash table of the 160,000 substrings of 1,000 rules took a cache miss per word, a thirtieth of the pass; a
   * binary search a twentieth). A word it lets through that is no substring (about one in a few hundred) only lets
   * the channel run, as a hash collision does.
   */
  private final long[] substrings;
  private static final int BITS_PER_SUBSTRING = 16;
  private final int shortest;
  private final int longest;
  /**
   * Every pair of adjacent units in a key, hashed into a bit set that stays in the first-level cache: a word with a
   * pair of letters no key has is no substring of a key, without a probe of {@link #substrings} (most words of a link:
   * {@code ht} in {@code https}, {@code mp} in {@code example}, {@code ky} in {@code kybe4fw}).
   */
  private final long[] pairs = new long[PAIRS >>> 6];
  private static final int PAIRS = 1 << 16;

  SoundGate(String[] keys) {
    int low = Integer.MAX_VALUE;
    int high = 0;
    long count = 0;
    for (String k : keys) {
      low = Math.min(low, k.length());
      high = Math.max(high, k.length());
      count += (long) k.length() * (k.length() + 1) / 2;
    }
    long[] all = new long[Math.toIntExact(count)];
    int o = 0;
    for (String k : keys) {
      for (int i = 1; i < k.length(); i++) {
        int pair = pair(k.charAt(i - 1), k.charAt(i));
        pairs[pair >>> 6] |= 1L << pair;
      }
      for (int i = 0; i < k.length(); i++) {
        long h = SEED;
        for (int j = i; j < k.length(); j++) {
          h = step(h, k.charAt(j));
          all[o++] = h;
        }
      }
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    int words = Integer.highestOneBit(Math.max(1, distinct)) * 2 * BITS_PER_SUBSTRING / 64;
    this.substrings = new long[Math.max(1024, words)];
    for (int i = 0; i < distinct; i++) {
      substrings[word(all[i])] |= bits(all[i]);
    }
    this.shortest = low;
    this.longest = high;
  }

  private static int pair(char a, char b) {
    return (a << 7 ^ b) & (PAIRS - 1);
  }

  /** The Bloom filter's word of a substring's hash. */
  private int word(long h) {
    return (int) ((h * 0x9E3779B97F4A7C15L) >>> 40) & (substrings.length - 1);
  }

  /** The three bits of a substring's hash in its word. */
  private static long bits(long h) {
    long m = h * 0xC2B2AE3D27D4EB4FL;
    return 1L << (m >>> 58) | 1L << (m >>> 52) | 1L << (m >>> 46);
  }

  /** Whether a substring of some key may have hash {@code h} (false: none has). */
  private boolean maySubstring(long h) {
    long b = bits(h);
    return (substrings[word(h)] & b) == b;
  }

  /** FNV-1a, one UTF-16 unit at a time. */
  private static long step(long h, char c) {
    return (h ^ c) * 0x100000001b3L;
  }

  /** Whether the channel may report a hit in the normalized units {@code s[0, n)}, classed by {@code folder}. */
  boolean mayHit(char[] s, int n, TermFolder folder) {
    int piece = 0; // pinyin units of the piece since the last break
    boolean latin = false; // the piece holds a Latin word that is a substring of a key
    int i = 0;
    while (i < n) {
      char c = s[i];
      byte k = folder.classOf(c);
      if (k == TermFolder.LETTER) {
        int j = i;
        long h = SEED;
        boolean paired = true; // every pair of the word's letters is one of some key
        while (j < n && folder.classOf(s[j]) == TermFolder.LETTER) {
          if (j > i) {
            int pair = pair(s[j - 1], s[j]);
            paired &= (pairs[pair >>> 6] & 1L << pair) != 0;
          }
          h = step(h, s[j]);
          j++;
        }
        if (j - i <= longest && paired && maySubstring(h)) {
          piece += j - i;
          latin = true;
        } else if (latin && piece >= shortest) {
          return true;
        } else {
          piece = 0;
          latin = false;
        }
        i = j;
        continue;
      }
      int syllable = k == TermFolder.HAN ? PinyinChannel.pinyinLength(c) : 0;
      if (syllable > 0) {
        piece += syllable;
      } else if (k != TermFolder.SPACE && k != TermFolder.SEPARATOR) {
        if (latin && piece >= shortest) {
          return true;
        }
        piece = 0;
        latin = false;
      }
      i++;
    }
    return latin && piece >= shortest;
  }
}
