package io.winnow.rules;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The {@code sounds = [pinyin, homophones]} option of a terms condition. */
final class SoundOption {
  private SoundOption() {}

  static Set<Condition.Sound> parse(ConfigValue value, String id, RuleFiles files) {
    if (value.valueType() != ConfigValueType.LIST) {
      files.problem(value.origin(), id, "sounds must be a list: sounds = [pinyin], [homophones] or [pinyin, homophones]");
      return Set.of();
    }
    EnumSet<Condition.Sound> out = EnumSet.noneOf(Condition.Sound.class);
    for (ConfigValue v : (ConfigList) value) {
      String name = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render();
      try {
        out.add(Condition.Sound.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        files.problem(v.origin(), id, "unknown sound '" + name + "'. Known sounds: pinyin, homophones");
      }
    }
    return Set.copyOf(out);
  }
}
