package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.text.Refutations;
import io.winnow.text.SentenceEncoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Paraphrases restate each claim in other words: never its wording whole, in the claim's language (the script its
 * shipped model reads), with no refutation cue (they spread the claim, they do not debunk it); every restatement of
 * every claim is drawn.
 */
class ParaphrasesTest {
  @Test
  void restatementsKeepTheMeaningNotTheWording() {
    Refutations cues = new Refutations(TestSpark.settings().semantic().refutationCues());
    assertEquals(NearCopy.claimCount(), Paraphrases.RESTATEMENTS.length, "one set per claim");
    for (int k = 0; k < NearCopy.claimCount(); k++) {
      for (boolean chinese : List.of(true, false)) {
        String claim = NearCopy.claim(k, chinese);
        String[] restatements = Paraphrases.RESTATEMENTS[k][chinese ? 0 : 1];
        assertEquals(4, restatements.length, claim);
        for (String r : restatements) {
          String at = "'" + r + "' of '" + claim + "'";
          assertFalse(r.toLowerCase(java.util.Locale.ROOT).contains(claim), at);
          assertTrue((chinese ? SentenceEncoder.Script.HAN : SentenceEncoder.Script.LATIN).writes(r), at);
          assertNull(cues.cueAgainst(r, claim), "no refutation cue: " + at);
        }
      }
    }
  }

  @Test
  void everyRestatementIsDrawn() {
    Set<String> drawn = new HashSet<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 5000; i++) {
      drawn.add(Paraphrases.restatement(i % 2 == 0, r));
    }
    assertEquals(NearCopy.claimCount() * 2 * 4, drawn.size());
  }
}
