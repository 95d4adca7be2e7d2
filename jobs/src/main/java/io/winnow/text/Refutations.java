package io.winnow.text;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Cues that a text negates or refutes what it states ("does not", "myth", 谣言): a post with a cue its claim lacks
 * argues against the claim rather than restating it. Sentence embeddings barely see negation (on MiniLM, "a hairdryer's
 * hot air does not kill the coronavirus" scores 0.85 against the claim, its paraphrase 0.87), so the semantic stage
 * asks this of each match. Latin cues match as whole words, case-insensitively; Chinese cues anywhere.
 */
public final class Refutations implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<String> cues;

  public Refutations(List<String> cues) {
    this.cues = cues.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
  }

  /** The first cue {@code post} has and {@code claim} lacks, or null. */
  public String cueAgainst(String post, String claim) {
    String p = post.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    String c = claim.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    for (String cue : cues) {
      if (has(p, cue) && !has(c, cue)) {
        return cue;
      }
    }
    return null;
  }

  static boolean has(String text, String cue) {
    if (cue.isEmpty()) {
      return false;
    }
    boolean latin = cue.chars().allMatch(ch -> ch < 0x2E80);
    int from = 0;
    while (true) {
      int at = text.indexOf(cue, from);
      if (at < 0) {
        return false;
      }
      if (!latin || (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
          && (at + cue.length() == text.length() || !Character.isLetterOrDigit(text.charAt(at + cue.length())))) {
        return true;
      }
      from = at + 1;
    }
  }
}
