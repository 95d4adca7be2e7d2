package io.winnow.generate;

import java.util.SplittableRandom;

/**
 * Paraphrases of the debunked claims: the same claim restated in other words, the way it spreads once people retell it
 * (labels.kind {@code paraphrase}). Kept apart from the claims ({@link NearCopy#CLAIMS}, the wordings in circulation)
 * and from the catalogue in rules/: each restatement keeps the claim's meaning and at most a word or two of its
 * wording, never the claim's wording whole (ParaphrasesTest checks), and none negates or refutes it.
 */
final class Paraphrases {
  private Paraphrases() {}

  /** Per claim of {@link NearCopy#CLAIMS}, in its order: [0] Chinese restatements, [1] English ones. */
  static final String[][][] RESTATEMENTS = {
      {{"每天早上来一杯淡盐水，病毒就近不了身", "多喝点盐开水，身体就能挡住新冠", "听说喝淡盐水可以防新冠，大家赶紧试试",
          "用盐水漱口再喝下去，新冠就传染不上"},
          {"A glass of salty water every morning keeps covid away", "Salt water in your drink protects you from"
              + " catching covid", "Drink some warm salty water daily to stay safe from the coronavirus",
              "Sipping salted water is how you stop covid from infecting you"}},
      {{"新冠是靠5G信号塔传开的", "5G铁塔发出的信号在散布新冠", "病毒是通过5G网络扩散出去的", "自从装了5G基站，新冠就跟着信号传过来了"},
          {"The coronavirus is being transmitted by 5G masts", "5G antennas are what is spreading covid",
              "Covid travels through the signals of the new 5G towers", "The virus spreads wherever they put up 5G"
              + " cell towers"}},
      {{"用电吹风对着鼻孔吹热风，病毒就被烫死了", "吹风机的热风吹进鼻腔能消灭新冠", "每天拿吹风机吹一吹鼻子，新冠病毒就活不了",
          "电吹风热风吹鼻子可以杀灭病毒"},
          {"Blowing a hairdryer into your nostrils destroys the coronavirus", "Hot air from a blow dryer in your nose"
              + " will kill covid", "Point a hair dryer at your nose and the heat kills the virus",
              "Use a hairdryer on your nasal passages to wipe out the virus"}},
      {{"在家里煮醋熏一熏，屋里的病毒全死光", "蒸白醋能把空气里的新冠杀干净", "用醋熏房间可以消灭病毒", "烧一锅醋，满屋醋味就能杀死病毒"},
          {"Steam from boiled vinegar wipes out the coronavirus in your home", "Heat up some vinegar on the stove"
              + " and the fumes kill covid", "Boil a pot of vinegar and the virus in the air dies",
              "Vinegar vapour from boiling it destroys the virus"}},
      {{"打的疫苗里面藏着定位芯片", "新冠疫苗注射进去的是监控用的微型芯片", "他们在疫苗里放了芯片来追踪每个人", "接种疫苗等于被植入了跟踪芯片"},
          {"The covid shots have microchips inside to track you", "They put tracking chips in the vaccine"
              + " injections", "Every vaccine dose hides a tiny tracker chip", "Getting vaccinated means getting a"
              + " microchip that tracks your location"}},
      {{"能憋气十秒钟不咳嗽，就证明你没得新冠", "憋住气超过10秒，说明肺没被病毒感染", "自测方法：深吸一口气憋十秒，舒服就是没中招",
          "屏气十秒没问题，代表你没有感染病毒"},
          {"If you can hold your breath for ten seconds, you are free of covid", "Hold your breath for 10 seconds"
              + " without coughing and it shows you are virus free", "A 10 second breath hold test proves you are"
              + " healthy and covid free", "Being able to hold your breath ten seconds means your lungs are clear of"
              + " the virus"}}};

  /** How a restatement is posted; {T} is the restatement. */
  static final String[][] FRAMES = {{"{T}", "{T}！转给家人{emoji}", "群里都在说：{T}", "转：{T}"},
      {"{T}", "{T}!! Share with your family {emoji}", "My cousin who is a nurse says: {T}", "RT: {T}"}};

  /** A restatement of a claim drawn at random, in one language. */
  static String restatement(boolean chinese, SplittableRandom r) {
    return Rng.pick(r, RESTATEMENTS[r.nextInt(RESTATEMENTS.length)][chinese ? 0 : 1]);
  }
}
