package io.winnow.engine;

import io.winnow.model.Condition;
import io.winnow.text.TermMatcher;

/** The sound-alike options of a terms condition as {@link TermMatcher} takes them. */
final class TermSounds {
  private TermSounds() {}

  static int of(Condition.Terms t) {
    int bits = 0;
    for (Condition.Sound s : t.sounds()) {
      bits |= s == Condition.Sound.PINYIN ? TermMatcher.PINYIN : TermMatcher.HOMOPHONES;
    }
    return bits;
  }

  /** The key a phrase is shared under: phrases with other options are other phrases of the automaton. */
  static String key(String phrase, int sounds) {
    return sounds == 0 ? phrase : phrase + '\u0000' + sounds;
  }
}
