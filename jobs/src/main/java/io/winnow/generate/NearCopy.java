package io.winnow.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Near-copies of debunked claims, the way a claim drifts as it is retold: a word changed, a word added, a word
 * dropped; the edited claim inside a longer post; an excerpt of the claim. All are labelled {@code near-copy}. The
 * claims are the generator's own copy of the wordings in circulation (the same claims as rules/catalogues, never read
 * from there: the generator does not depend on the rules dir), split into words so that edits stay words. An edit
 * or excerpt is the whole post (as many reposted rumours are) or sits in a debunked-claim template, half each.
 */
final class NearCopy {
  private NearCopy() {}

  /** How a near-copy was made; all are labelled near-copy. */
  enum Form { CHANGE, ADD, DROP, EMBED, EXCERPT }

  /** Claim wordings, words separated by '|': [0] Chinese, [1] English. */
  static final String[][] CLAIMS = {
      {"喝|盐水|能|预防|病毒", "5G|基站|会|传播|病毒", "吹风机|吹|鼻子|能|杀死|病毒", "熏|醋|能|杀灭|病毒",
          "疫苗|里|有|追踪|芯片", "屏住|呼吸|10秒|就|说明|没|感染"},
      {"drinking|salt|water|prevents|the|virus", "5G|towers|spread|the|virus",
          "a|hair|dryer|up|your|nose|kills|the|virus", "boiling|vinegar|kills|the|virus",
          "vaccines|contain|tracking|microchips", "holding|your|breath|for|10|seconds|proves|you|are|not|infected"}};

  /** One-word substitutes; each change leaves the exact claim nowhere in the text (NearCopyTest checks). */
  static final List<Map<String, String[]>> SUBSTITUTES = List.of(
      Map.ofEntries(Map.entry("能", new String[] {"可以", "就能"}), Map.entry("预防", new String[] {"防止", "抵抗"}),
          Map.entry("病毒", new String[] {"新冠", "病菌"}), Map.entry("传播", new String[] {"散播", "扩散"}),
          Map.entry("基站", new String[] {"信号塔", "铁塔"}), Map.entry("鼻子", new String[] {"鼻孔"}),
          Map.entry("杀死", new String[] {"杀掉", "消灭"}), Map.entry("杀灭", new String[] {"消灭", "杀光"}),
          Map.entry("追踪", new String[] {"定位", "监控"}), Map.entry("芯片", new String[] {"晶片"}),
          Map.entry("说明", new String[] {"证明", "代表"}), Map.entry("感染", new String[] {"中招", "得病"}),
          Map.entry("盐水", new String[] {"淡盐水", "盐开水"}), Map.entry("熏", new String[] {"蒸", "煮"}),
          Map.entry("会", new String[] {"能"}), Map.entry("10秒", new String[] {"十秒", "十秒钟"})),
      Map.ofEntries(Map.entry("prevents", new String[] {"stops", "blocks"}),
          Map.entry("virus", new String[] {"covid", "flu"}), Map.entry("spread", new String[] {"spreads", "carry"}),
          Map.entry("towers", new String[] {"masts", "antennas"}), Map.entry("kills", new String[] {"destroys"}),
          Map.entry("nose", new String[] {"nostrils"}), Map.entry("contain", new String[] {"have", "hide"}),
          Map.entry("tracking", new String[] {"tracker", "gps"}), Map.entry("microchips", new String[] {"chips"}),
          Map.entry("proves", new String[] {"means", "shows"}), Map.entry("infected", new String[] {"sick"}),
          Map.entry("drinking", new String[] {"sipping"}), Map.entry("boiling", new String[] {"heating"}),
          Map.entry("10", new String[] {"ten"}), Map.entry("holding", new String[] {"keeping"})));

  static final String[][] FILLERS = {{"真的", "确实", "其实", "都", "绝对"},
      {"really", "actually", "totally", "definitely", "literally"}};

  /** Posts that are the claim and little else, as many reposted rumours are; {T} is the near-copy. */
  static final String[][] BARE_TEMPLATES = {{"{T}", "{T}！{emoji}", "转：{T}"}, {"{T}", "{T}!! {emoji}", "RT: {T}"}};

  /** Longer posts a claim is retold inside; {T} is the (edited) claim. */
  static final String[][] EMBED_TEMPLATES = {
      {"今天在小区门口听几个阿姨聊天，说{city}那边医院的内部人员透露，{T}，她们已经让全家照着做了，我也不知道真假，先发出来大家看看吧{emoji}",
          "刚刚家族群里我二舅发了一大段话，前面说最近天气变化大要注意身体，后面说{T}，还让每个人转给十个朋友，有点担心爸妈会信{emoji}",
          "转自朋友圈：一位在{city}工作了二十年的老护士说，{T}。她说这是大家最容易忽视的一点，希望看到的人都能重视起来。"},
      {"Long post, sorry. My neighbour, who has worked at a clinic in {city} for twenty years, told us at the barbecue "
          + "that {T}, and she said most people have no idea. I have not checked it myself but passing it on {emoji}",
          "So my uncle sent this to the whole family group this morning, something about staying safe this winter, "
              + "and then he says {T}. He wants everyone to forward it to ten friends {emoji}",
          "Copied from a friend's page: a nurse in {city} says {T}. She says this is the one thing everybody "
              + "overlooks, so please read it and share with the people you love."}};

  /** The whole claim {@code k} (0..5) in one language, as written in circulation. */
  static String claim(int k, boolean chinese) {
    return join(words(k, chinese), chinese);
  }

  static int claimCount() {
    return CLAIMS[0].length;
  }

  /** A near-copy of claim {@code k} by {@code form}; never the exact claim, never containing it. */
  static String apply(int k, boolean chinese, Form form, SplittableRandom r) {
    List<String> w = new ArrayList<>(List.of(words(k, chinese)));
    int lang = chinese ? 0 : 1;
    switch (form) {
      case CHANGE -> {
        List<Integer> changeable = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
          if (SUBSTITUTES.get(lang).containsKey(w.get(i))) {
            changeable.add(i);
          }
        }
        int at = changeable.get(r.nextInt(changeable.size()));
        w.set(at, Rng.pick(r, SUBSTITUTES.get(lang).get(w.get(at))));
      }
      case ADD -> w.add(1 + r.nextInt(w.size() - 1), Rng.pick(r, FILLERS[lang]));
      case DROP -> w.remove(r.nextInt(w.size()));
      case EXCERPT -> {
        // a run of at least half the words, never all of them
        int len = (w.size() + 1) / 2 + r.nextInt(w.size() - (w.size() + 1) / 2);
        int from = r.nextInt(w.size() - len + 1);
        w = new ArrayList<>(w.subList(from, from + len));
      }
      case EMBED -> {
        return apply(k, chinese, Rng.pick(r, new Form[] {Form.CHANGE, Form.ADD, Form.DROP}), r);
      }
      default -> throw new IllegalStateException(form.name());
    }
    return join(w.toArray(new String[0]), chinese);
  }

  private static String[] words(int k, boolean chinese) {
    return CLAIMS[chinese ? 0 : 1][k].split("\\|");
  }

  private static String join(String[] words, boolean chinese) {
    return String.join(chinese ? "" : " ", words);
  }
}
