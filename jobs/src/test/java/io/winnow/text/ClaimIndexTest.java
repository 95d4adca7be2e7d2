package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Catalogue matching against brute force: on a generated set of bilingual claims and posts (near-copies with edits at
 * every similarity, and unrelated posts), LSH banding must find at least 95 % of the (post, claim) pairs whose exact
 * Jaccard similarity reaches the threshold, while verifying few candidates per post.
 */
class ClaimIndexTest {
  static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  static final double THRESHOLD = 0.6;
  static final String HAN = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
      + "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现"
      + "分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四"
      + "第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立";
  static final String[] WORDS = ("the virus vaccine water salt drink cure cancer tower signal doctor hospital city bank "
      + "government secret study shows people children daily dose hot lemon garlic kills spreads prevents causes "
      + "microchip tracking five network breath seconds infection warning share family friends news official report "
      + "boil vinegar steam nose dryer sun minutes cold heat").split(" ");

  static String claim(SplittableRandom r) {
    if (r.nextBoolean()) {
      StringBuilder b = new StringBuilder();
      int n = 8 + r.nextInt(20);
      for (int i = 0; i < n; i++) {
        b.append(HAN.charAt(r.nextInt(HAN.length())));
      }
      return b.toString();
    }
    List<String> words = new ArrayList<>();
    int n = 5 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      words.add(WORDS[r.nextInt(WORDS.length)]);
    }
    return String.join(" ", words);
  }

  /** A near-copy: {@code edits} random substitutions, insertions or deletions of characters or words. */
  static String mutate(String claim, int edits, SplittableRandom r) {
    boolean english = claim.indexOf(' ') >= 0;
    List<String> units = new ArrayList<>(english ? List.of(claim.split(" ")) : claim.chars()
        .mapToObj(c -> String.valueOf((char) c)).toList());
    for (int e = 0; e < edits && units.size() > 1; e++) {
      int at = r.nextInt(units.size());
      String other = english ? WORDS[r.nextInt(WORDS.length)] : String.valueOf(HAN.charAt(r.nextInt(HAN.length())));
      switch (r.nextInt(3)) {
        case 0 -> units.set(at, other);
        case 1 -> units.add(at, other);
        default -> units.remove(at);
      }
    }
    return String.join(english ? " " : "", units);
  }

  @Test
  void recallAgainstExactJaccard() {
    SplittableRandom r = new SplittableRandom(4);
    List<String> claims = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      claims.add(claim(r));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      ids.add("claim-" + i);
    }
    ClaimIndex index = new ClaimIndex(ids, claims, THRESHOLD, NORMALIZER);
    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      posts.add(i % 4 == 0 ? claim(r) : mutate(claims.get(r.nextInt(claims.size())), r.nextInt(6), r));
    }
    long[][] claimShingles = claims.stream().map(c -> ClaimIndex.shingles(NORMALIZER.normalize(c)))
        .toArray(long[][]::new);
    long truePairs = 0;
    long found = 0;
    long candidates = 0;
    for (String post : posts) {
      NormalizedText text = NORMALIZER.normalize(post);
      long[] s = ClaimIndex.shingles(text);
      Set<Integer> expected = new HashSet<>();
      for (int c = 0; c < claims.size(); c++) {
        if (ClaimIndex.jaccard(s, claimShingles[c]) >= THRESHOLD) {
          expected.add(c);
        }
      }
      Set<Integer> got = new HashSet<>();
      ClaimIndex.Matches matches = index.search(text);
      for (ClaimIndex.ClaimHit h : matches.hits()) {
        got.add(h.claim());
        assertTrue(h.score() >= THRESHOLD, "only verified pairs are reported");
      }
      candidates += matches.candidates();
      truePairs += expected.size();
      got.retainAll(expected);
      found += got.size();
    }
    double recall = (double) found / truePairs;
    double perPost = (double) candidates / posts.size();
    System.out.printf("similar-to recall %.4f over %d pairs with Jaccard >= %.1f; %.2f candidates per post%n",
        recall, truePairs, THRESHOLD, perPost);
    assertTrue(truePairs > 1000, "the test set has enough pairs above the threshold: " + truePairs);
    assertTrue(recall >= 0.95, "recall " + recall);
    assertTrue(perPost < 0.01 * claims.size(), "candidates per post " + perPost + " of " + claims.size());
  }

  @Test
  void nearCopyIsFoundWithItsIdAndExactScore() {
    ClaimIndex index = new ClaimIndex(List.of("dc-1", "dc-2"), List.of("喝盐水能预防病毒", "5G towers spread the virus"),
        THRESHOLD, NORMALIZER);
    ClaimIndex.ClaimHit hit = index.match(NORMALIZER.normalize("喝鹽水能預防病毒！"));
    assertNotNull(hit);
    assertEquals("dc-1", hit.id());
    assertEquals(1.0, hit.score(), 1e-9, "traditional characters and punctuation do not change the shingles");
    assertEquals("dc-2", index.match(NORMALIZER.normalize("5G towers spread the virus!!")).id());
    assertNull(index.match(NORMALIZER.normalize("My cat spread her toys across the floor")));
  }

  /**
   * The filters in front of signing are exact: at several thresholds, every text that has a claim at or above the
   * threshold (brute force) is in the length window and passes {@link ClaimIndex.ShingleFilter#mayReach}, and its
   * shingles with repeats (a quarter of the posts repeat parts of themselves) pass {@code mayReachWithRepeats}. (How
   * many other texts they stop is a matter of speed, measured by {@code winnow bench engine}.)
   */
  @Test
  void filtersNeverDropAPairAtOrAboveTheThreshold() {
    SplittableRandom r = new SplittableRandom(11);
    List<long[]> claims = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      texts.add(claim(r));
      claims.add(ClaimIndex.shingles(NORMALIZER.normalize(texts.get(i))));
    }
    int min = claims.stream().mapToInt(c -> c.length).min().orElseThrow();
    int max = claims.stream().mapToInt(c -> c.length).max().orElseThrow();
    ClaimIndex.ShingleFilter filter = ClaimIndex.ShingleFilter.of(claims);
    List<long[]> posts = new ArrayList<>();
    List<long[]> withRepeats = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String post = i % 3 == 0 ? claim(r) : mutate(texts.get(r.nextInt(texts.size())), r.nextInt(8), r);
      if (i % 4 == 1) {
        post = post + " " + post.substring(0, post.length() / 2) + " " + post.substring(post.length() / 3); // repeats
      }
      NormalizedText text = NORMALIZER.normalize(post);
      posts.add(ClaimIndex.shingles(text));
      long[] rolled = new long[text.length()];
      withRepeats.add(java.util.Arrays.copyOf(rolled, ClaimIndex.rolledShingles(text, rolled)));
    }
    for (double t : new double[] {0.5, 0.56, 0.6, 0.8}) {
      int pairs = 0;
      for (int p = 0; p < posts.size(); p++) {
        long[] post = posts.get(p);
        boolean any = false;
        for (long[] c : claims) {
          if (ClaimIndex.jaccard(post, c) >= t) {
            any = true;
            pairs++;
          }
        }
        boolean passes = ClaimIndex.inLengthWindow(post.length, min, max, t) && filter.mayReach(post, t);
        assertTrue(!any || passes, "a text with a claim at or above " + t + " must pass the filters");
        long[] repeated = withRepeats.get(p);
        assertTrue(!any || filter.mayReachWithRepeats(repeated, repeated.length, t),
            "a text with a claim at or above " + t + " must pass the filter before deduplication");
      }
      assertTrue(pairs > 200, "enough pairs at " + t + ": " + pairs);
    }
  }

  /**
   * The first screen ({@code mayMatch}) reads the normalized text directly, without building the units, so its edge
   * cases are tested on their own: text wrapped in and cut by punctuation, emoji and runs of spaces, mixed scripts,
   * an ideograph before the last unit, texts of one or two units. Every text with a claim at or above the threshold
   * must pass it, as must every text against a catalogue of itself.
   */
  @Test
  void screenNeverDropsAPairAtOrAboveTheThreshold() {
    SplittableRandom r = new SplittableRandom(23);
    String[] noise = {"", " ", "!", "，", "  ...  ", "😀", "【", "】", "#", "http://x.example/ab", "\u200b", "5", "中"};
    List<String> claims = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      claims.add(claim(r));
    }
    claims.addAll(List.of("a", "ab", "中", "中文", "a中", "中a", "ab 中", "5g"));
    for (double t : new double[] {0.5, 0.56, 0.6, 0.8}) {
      ClaimIndex index = new ClaimIndex(claims.stream().map(c -> "c" + claims.indexOf(c)).toList(), claims, t,
          NORMALIZER);
      int pairs = 0;
      for (int i = 0; i < 1500; i++) {
        String base = i < claims.size() ? claims.get(i) : mutate(claims.get(r.nextInt(claims.size())), r.nextInt(6), r);
        StringBuilder post = new StringBuilder(noise[r.nextInt(noise.length)]);
        for (String word : base.split(" ")) {
          post.append(word).append(r.nextInt(4) == 0 ? noise[r.nextInt(noise.length)] : " ");
        }
        post.append(noise[r.nextInt(noise.length)]);
        NormalizedText text = NORMALIZER.normalize(post.toString());
        long[] shingles = ClaimIndex.shingles(text);
        boolean any = false;
        for (String c : claims) {
          any |= ClaimIndex.jaccard(shingles, ClaimIndex.shingles(NORMALIZER.normalize(c))) >= t;
        }
        pairs += any ? 1 : 0;
        assertTrue(!any || index.mayMatch(text), "a text with a claim at or above " + t + " must pass: " + post);
        ClaimIndex itself = new ClaimIndex(List.of("self"), List.of(post.toString()), t, NORMALIZER);
        assertTrue(shingles.length == 0 || itself.mayMatch(text), "a text must pass against itself: " + post);
      }
      assertTrue(pairs > 400, "enough pairs at " + t + ": " + pairs);
    }
  }

  /**
   * A pair exactly at the threshold is a match, also where floating point rounds the bound up: the 14 trigrams of
   * a..p are 14 of the 25 of a..z0, Jaccard 14/25 = 0.56, while 0.56 * 25 is 14.000000000000002. The filters in front
   * of verification must not drop it (they did at this threshold). At 0.6: 3 of a text's 5 bigrams.
   */
  @Test
  void pairExactlyAtTheThresholdIsFound() {
    ClaimIndex index = new ClaimIndex(List.of("dc-1"), List.of("abcdefghijklmnop"), 0.56, NORMALIZER);
    ClaimIndex.ClaimHit hit = index.match(NORMALIZER.normalize("abcdefghijklmnopqrstuvwxyz0"));
    assertNotNull(hit);
    assertEquals("dc-1", hit.id());
    assertEquals(0.56, hit.score(), 1e-12);
    assertNull(index.match(NORMALIZER.normalize("abcdefghijklmnopqrstuvwxyz01")), "14 of 26 is below 0.56");
    assertTrue(ClaimIndex.inLengthWindow(25, 14, 14, 0.56), "25 shingles can reach 0.56 with a claim of 14");
    assertTrue(ClaimIndex.inLengthWindow(14, 25, 25, 0.56), "14 shingles can reach 0.56 with a claim of 25");
    assertTrue(!ClaimIndex.inLengthWindow(26, 14, 14, 0.56), "26 shingles cannot");

    ClaimIndex chinese = new ClaimIndex(List.of("dc-2"), List.of("喝盐水能"), THRESHOLD, NORMALIZER);
    // The claim's 3 bigrams (喝盐 盐水 水能) among the text's 5: 0.6; among 6 (one character more): 0.5.
    ClaimIndex.ClaimHit bigrams = chinese.match(NORMALIZER.normalize("喝盐水能预防"));
    assertNotNull(bigrams);
    assertEquals(0.6, bigrams.score(), 1e-12);
    assertNull(chinese.match(NORMALIZER.normalize("喝盐水能预防病")));
  }

  /**
   * The search makes a text's shingles in one pass over its normalized units ({@code rolledShingles}, then {@code
   * distinct}); they must be exactly the shingles the claims are made of ({@code shingles}, from the units of the
   * text): given values on small texts, then random texts of mixed scripts, punctuation, emoji and runs of spaces.
   */
  @Test
  void onePassMakesTheReferenceShingles() {
    assertEquals(List.of("abc", "bcd"), shingleStrings("ABCD"));
    assertEquals(List.of("a b"), shingleStrings("a,  b!"));
    assertEquals(List.of("ab"), shingleStrings("-ab-"));
    assertEquals(List.of("喝盐", "盐水"), shingleStrings("喝 盐.水"), "two units from an ideograph, fillers removed");
    assertEquals(List.of(" 中文", "a 中", "中文"), shingleStrings("a 中文!"));
    assertEquals(List.of(), shingleStrings("!?"));
    String[] pieces = {"a", "b", "5", " ", "  ", "!", "，", "中", "文", "😀", "\u200b", "the ", "Ab", "e\u0301", "ｑ"};
    SplittableRandom r = new SplittableRandom(31);
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(14); n > 0; n--) {
        b.append(pieces[r.nextInt(pieces.length)]);
      }
      NormalizedText text = NORMALIZER.normalize(b.toString());
      long[] out = new long[text.length()];
      long[] onePass = java.util.Arrays.copyOf(out, ClaimIndex.distinct(out, ClaimIndex.rolledShingles(text, out)));
      java.util.Arrays.sort(onePass);
      assertEquals(java.util.Arrays.toString(ClaimIndex.shingles(text)), java.util.Arrays.toString(onePass),
          b.toString());
    }
  }

  /** The distinct shingles of a text's one pass, as strings, sorted. */
  private static List<String> shingleStrings(String text) {
    NormalizedText n = NORMALIZER.normalize(text);
    long[] out = new long[n.length()];
    int count = ClaimIndex.distinct(out, ClaimIndex.rolledShingles(n, out));
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      for (long v = out[i]; v != 0; v >>>= 16) {
        b.insert(0, (char) (v & 0xFFFF));
      }
      strings.add(b.toString());
    }
    strings.sort(null);
    return strings;
  }
}
