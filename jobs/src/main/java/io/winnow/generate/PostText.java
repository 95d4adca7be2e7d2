package io.winnow.generate;

import io.winnow.generate.AccountLayout.Role;
import io.winnow.generate.ArchiveRows.PostPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a generated post, from its plan and its own random stream: ordinary chatter, a planted violation in its
 * wording (list phrase, possibly disguised; variant; near-copy) or a hard negative. Cheap per row: a few picks and one
 * pass over a short template.
 */
final class PostText {
  private PostText() {}

  private static final Pattern ZH_TAG = Pattern.compile("#([^#\\s]+)#");
  private static final Pattern EN_TAG = Pattern.compile("#([\\p{L}][\\p{L}\\p{N}_]*)");
  private static final String LINK_CHARS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final PostPlant[] QUOTED_RUMOURS = {PostPlant.FABRICATED_NEWS, PostPlant.DEBUNKED_CLAIM,
      PostPlant.FALSE_HEALTH_CLAIM};

  static String ordinary(PostPlan p, AccountLayout layout, SplittableRandom t, List<String> links) {
    Role role = layout.roleOf(p.account());
    if (role == Role.OFFICIAL) {
      ProtectedEntity e = layout.entityOf(p.account());
      String[][] notices = Vocabulary.OFFICIAL_NOTICES.get(e.subcategory());
      return render(Rng.pick(t, notices[e.chinese() ? 0 : 1]), e.chinese(), t, null, links);
    }
    if (role == Role.HOSPITAL) {
      String[] h = layout.hospitalOf(p.account());
      boolean zh = h[2].equals("zh");
      return render(Rng.pick(t, HardNegatives.HOSPITAL_NOTICES[zh ? 0 : 1]).replace("{name}", h[0]), zh, t, null,
          links);
    }
    return render(Rng.pick(t, p.chinese() ? Vocabulary.ORDINARY_ZH : Vocabulary.ORDINARY_EN), p.chinese(), t, null,
        links);
  }

  static String repost(PostPlan p, SplittableRandom t, List<String> links) {
    String[][] texts = p.plant() == PostPlant.REFUTING_REPOST
        ? HardNegatives.TEMPLATES.get(PostPlant.REFUTING_REPOST)
        : new String[][] {Vocabulary.REPOST_ZH, Vocabulary.REPOST_EN};
    return render(Rng.pick(t, texts[p.chinese() ? 0 : 1]), p.chinese(), t, null, links);
  }

  static String planted(PostPlan p, AccountLayout layout, SplittableRandom t, List<String> links) {
    int lang = p.chinese() ? 0 : 1;
    PostPlant plant = p.plant();
    String[][] hardNegative = HardNegatives.TEMPLATES.get(plant);
    if (hardNegative != null) {
      String template = Rng.pick(t, hardNegative[lang]);
      String quoted = null;
      if (plant == PostPlant.HOSPITAL_CONSULTATION) {
        template = template.replace("{hospital}", layout.hospitalOf(p.account())[0]);
      } else if (plant == PostPlant.FACT_CHECKER_QUOTE) {
        quoted = NearCopy.claim(t.nextInt(NearCopy.claimCount()), p.chinese());
      }
      return render(template, p.chinese(), t, quoted, links);
    }
    if (p.wording() == Wording.PARAPHRASE) {
      return render(Rng.pick(t, Paraphrases.FRAMES[lang]), p.chinese(), t, Paraphrases.restatement(p.chinese(), t),
          links);
    }
    if (p.wording() == Wording.NEAR_COPY) {
      NearCopy.Form form = Rng.pick(t, NearCopy.Form.values());
      String claim = NearCopy.apply(t.nextInt(NearCopy.claimCount()), p.chinese(), form, t);
      String template = form == NearCopy.Form.EMBED ? Rng.pick(t, NearCopy.EMBED_TEMPLATES[lang])
          : Rng.pick(t, t.nextBoolean() ? NearCopy.BARE_TEMPLATES[lang] : Vocabulary.TEMPLATES.get(plant)[lang]);
      return render(template, p.chinese(), t, claim, links);
    }
    String template = Rng.pick(t, Vocabulary.TEMPLATES.get(plant)[lang]);
    String trigger;
    switch (plant) {
      case LICENSED_ADVICE -> {
        String credential = layout.credentialOf(p.account());
        trigger = Rng.pick(t, Vocabulary.TRIGGERS.get(Vocabulary.CREDENTIAL_ADVICE.get(credential))[lang]);
        template = template.replace("{cred}", Vocabulary.CREDENTIAL_TITLE.get(credential)[lang]);
      }
      case DEBUNKING_POST -> {
        PostPlant quoted = Rng.pick(t, QUOTED_RUMOURS);
        trigger = Rng.pick(t, Vocabulary.TRIGGERS.get(quoted)[lang]);
        if (quoted == PostPlant.FABRICATED_NEWS) {
          trigger = p.chinese() ? Rng.pick(t, Vocabulary.CITY_ZH) + trigger
              : Rng.pick(t, Vocabulary.CITY_EN) + " " + trigger;
        }
      }
      default -> {
        String[] triggers = (p.wording() == Wording.VARIANT ? Variants.PHRASES : Vocabulary.TRIGGERS).get(plant)[lang];
        if (p.evasion() != null) {
          triggers = java.util.Arrays.stream(triggers).filter(p.evasion()::appliesTo).toArray(String[]::new);
        }
        trigger = Rng.pick(t, triggers);
      }
    }
    if (!p.chinese() && template.startsWith("{T}")) {
      trigger = Character.toUpperCase(trigger.charAt(0)) + trigger.substring(1);
    }
    if (p.evasion() != null) {
      trigger = p.evasion().apply(trigger, t);
    }
    return render(template, p.chinese(), t, trigger, links);
  }

  /** Fills the placeholders of a template with random fillers; {@code {T}} becomes the trigger. */
  static String render(String template, boolean chinese, SplittableRandom t, String trigger, List<String> links) {
    StringBuilder out = new StringBuilder(template.length() + 48);
    String disaster = null;
    String city = null;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = c == '{' ? template.indexOf('}', i) : -1;
      if (close < 0) {
        out.append(c);
        i++;
        continue;
      }
      String key = template.substring(i + 1, close);
      switch (key) {
        case "T" -> out.append(trigger);
        case "city" -> {
          if (city == null) {
            city = Rng.pick(t, chinese ? Vocabulary.CITY_ZH : Vocabulary.CITY_EN);
          }
          out.append(city);
        }
        case "disaster" -> {
          if (disaster == null) {
            disaster = Rng.pick(t, chinese ? Vocabulary.DISASTER_ZH : Vocabulary.DISASTER_EN);
          }
          out.append(disaster);
        }
        case "n" -> out.append(2 + t.nextInt(98));
        case "k" -> out.append(1 + t.nextInt(12));
        case "emoji" -> out.append(Rng.pick(t, Vocabulary.EMOJI));
        case "food" -> out.append(Rng.pick(t, chinese ? Vocabulary.FOOD_ZH : Vocabulary.FOOD_EN));
        case "place" -> out.append(Rng.pick(t, chinese ? Vocabulary.PLACE_ZH : Vocabulary.PLACE_EN));
        case "pet" -> out.append(Rng.pick(t, chinese ? Vocabulary.PET_ZH : Vocabulary.PET_EN));
        case "movie" -> out.append(Rng.pick(t, chinese ? Vocabulary.MOVIE_ZH : Vocabulary.MOVIE_EN));
        case "tag" -> out.append(chinese ? "#" + Rng.pick(t, Vocabulary.TAG_ZH) + "#"
            : "#" + Rng.pick(t, Vocabulary.TAG_EN));
        case "link" -> out.append(link(t, links));
        default -> out.append(template, i, close + 1);
      }
      i = close + 1;
    }
    return out.toString();
  }

  static String link(SplittableRandom t, List<String> links) {
    StringBuilder b = new StringBuilder(Vocabulary.LINK_PREFIX);
    for (int k = 0; k < 7; k++) {
      b.append(LINK_CHARS.charAt(t.nextInt(LINK_CHARS.length())));
    }
    String link = b.toString();
    links.add(link);
    return link;
  }

  static String[] hashtags(String text, boolean chinese) {
    if (text.indexOf('#') < 0) {
      return new String[0];
    }
    List<String> tags = new ArrayList<>(2);
    Matcher m = (chinese ? ZH_TAG : EN_TAG).matcher(text);
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags.toArray(new String[0]);
  }
}
