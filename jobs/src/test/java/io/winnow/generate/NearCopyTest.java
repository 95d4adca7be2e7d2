package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Near-copies never hold the exact claim, and each form edits the way its name says. */
class NearCopyTest {
  @Test
  void noFormLeavesTheExactClaimInPlace() {
    for (boolean chinese : List.of(true, false)) {
      for (int k = 0; k < NearCopy.claimCount(); k++) {
        String claim = NearCopy.claim(k, chinese);
        int words = NearCopy.CLAIMS[chinese ? 0 : 1][k].split("\\|").length;
        for (NearCopy.Form form : NearCopy.Form.values()) {
          for (long seed = 0; seed < 200; seed++) {
            String copy = NearCopy.apply(k, chinese, form, new SplittableRandom(seed));
            String at = form + " of '" + claim + "': '" + copy + "'";
            assertFalse(copy.contains(claim), at);
            assertNotEquals(claim, copy, at);
            int copyWords = chinese ? -1 : copy.split(" ").length;
            switch (form) {
              case ADD -> assertTrue(chinese ? copy.length() > claim.length() : copyWords == words + 1, at);
              case DROP -> assertTrue(chinese ? copy.length() < claim.length() : copyWords == words - 1, at);
              case EXCERPT -> {
                assertTrue(claim.contains(copy), "an excerpt is a run of the claim: " + at);
                assertTrue(chinese || copyWords * 2 >= words, "at least half the words: " + at);
              }
              default -> assertTrue(!copy.isEmpty() && (chinese || !copy.contains("  ")), at);
            }
          }
        }
      }
    }
  }

  @Test
  void claimsAreTheSameInBothLanguagesCount() {
    assertEquals(NearCopy.CLAIMS[0].length, NearCopy.CLAIMS[1].length);
    assertEquals(6, NearCopy.claimCount());
  }
}
