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

  /** The {@code sounds = [pinyin, homophones]} option of a terms condition; an unknown name is reported. */
  static java.util.Set<Condition.Sound> read(com.typesafe.config.ConfigValue value, io.winnow.rules.ReadContext context) {
    if (value.valueType() != com.typesafe.config.ConfigValueType.LIST) {
      context.problem(value.origin(), "sounds must be a list: sounds = [pinyin], [homophones] or [pinyin, homophones]");
      return java.util.Set.of();
    }
    java.util.EnumSet<Condition.Sound> out = java.util.EnumSet.noneOf(Condition.Sound.class);
    for (com.typesafe.config.ConfigValue v : (com.typesafe.config.ConfigList) value) {
      String name = v.valueType() == com.typesafe.config.ConfigValueType.STRING ? (String) v.unwrapped() : v.render();
      try {
        out.add(Condition.Sound.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        context.problem(v.origin(), "unknown sound '" + name + "'. Known sounds: pinyin, homophones");
      }
    }
    return java.util.Set.copyOf(out);
  }

  /** The key a phrase is shared under: phrases with other options are other phrases of the automaton. */
  static String key(String phrase, int sounds) {
    return sounds == 0 ? phrase : phrase + '\u0000' + sounds;
  }
}
