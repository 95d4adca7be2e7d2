package io.winnow.generate;

import java.util.Map;

/**
 * Hard negatives as real text has them: posts and accounts that share words with violations but are not violations,
 * and that no exemption of the shipped packs was written for. Whether the rules action them is measured (precision),
 * never arranged. Templates use the placeholders of {@link Vocabulary}; {T} is a quoted claim.
 */
final class HardNegatives {
  private HardNegatives() {}

  /** Post templates per hard-negative kind: [0] Chinese, [1] English. */
  static final Map<PostPlant, String[][]> TEMPLATES = Map.of(
      // trigger words in harmless contexts: news of a small quake, surprise in chat, a food review
      PostPlant.HARMLESS_CONTEXT, new String[][] {
          {"昨晚{city}发生4.{k}级地震，震源深度10公里，暂无人员伤亡报告。", "震惊！我家{pet}居然学会了自己开门{emoji}",
              "今天在{city}吃了{food}，好吃到震惊{emoji}", "{city}台风过境后街道已基本恢复，完整视频记录了志愿者清理的过程{emoji}",
              "带孩子去{city}的地震科普馆，震惊于原来房子要这样加固 {tag}", "{city}今天防汛演练，洪水预警系统测试正常，请市民不必惊慌。"},
          {"A magnitude 4.{k} earthquake struck near {city} overnight; no injuries were reported.",
              "Shocking how good the {food} is at this tiny place in {city} {emoji}",
              "The {food} here is a flood of flavour, honestly shocking for the price {emoji}",
              "Full video of the earthquake drill at my kid's school in {city}, so proud of them {emoji}",
              "Shocking news: my {pet} finally learned to sit {emoji}",
              "Flood defences on the river in {city} passed their yearly test today, nothing to worry about."}},
      // posted by a hospital's verified institution account
      PostPlant.HOSPITAL_CONSULTATION, new String[][] {
          {"{hospital}互联网医院开通在线问诊，复诊患者可在本院官方App预约，{k}位专家轮流坐诊。",
              "【便民】{hospital}在线问诊服务时间调整为每天8:00-{k}:00，急症请直接到急诊科就诊。",
              "{hospital}提醒：慢病复诊可以在线问诊，药品可配送到家，详情见官网。"},
          {"{hospital} now offers online consultation for follow-up patients; book through our official app.",
              "Reminder: {hospital} online consultation hours are 8am to {k}pm on weekdays. Emergencies: call 999.",
              "{hospital}: repeat prescriptions and online consultation for chronic conditions, see our website."}},
      // a listed term inside a longer word or a company's name
      PostPlant.COMPOUND_WORD, new String[][] {
          {"求大家推荐股票入门的书，想系统学一下{emoji}", "有没有人能推荐股票软件？看行情用的，{n}块以内", "今天入职{city}一家投资咨询有限公司，做行政，第一天加油{emoji}",
              "{city}某投资咨询有限公司楼下的{food}店很好吃 {tag}", "小区门口的法律咨询服务站今天开门了，听说是街道办的{emoji}"},
          {"Started my new job at Northbridge Investment Advice Ltd in {city} today, wish me luck {emoji}",
              "Our book club is reading Stock Picks and Panics, a history of 1929 {emoji}",
              "The Legal Consultation Centre at the {city} library is closed on Sunday",
              "Walked past the old Investment Advice Bureau building in {city}, beautiful brickwork {emoji}"}},
      // the repost's own words, refuting the rumour it reposts
      PostPlant.REFUTING_REPOST, new String[][] {
          {"假消息也发，良心何在？", "别传了，官方早就说过这是假的", "这个去年就被证实是假的了，别转了", "又是这种东西，大家千万别信{emoji}",
              "我妈也转了这个，已经跟她解释过了，是假的"},
          {"This is fake, stop sharing", "Not true. Please check before you share.", "This was disproven ages ago, don't spread it",
              "Fake. My sister is a nurse and this is nonsense.", "Please stop forwarding this, it is made up {emoji}"}},
      // a verified media or institution account quoting a claim to refute it, in its own words
      PostPlant.FACT_CHECKER_QUOTE, new String[][] {
          {"【求证】网传“{T}”？经核实，该说法与事实不符。{link}", "【科普】有人说“{T}”，专家：这种做法没有任何作用，还可能伤身。",
              "网友问：“{T}”是真的吗？答：不是，请大家相信科学。"},
          {"We looked into the viral claim that {T}. Our verdict: wrong. {link}",
              "\"{T}\"? Our health desk checked, and it is not true.",
              "Claim: {T}. Rating: false. Here is what the science says {link}"}});

  // ---------------------------------------------------------------- hospitals (verified institution accounts)

  /** Hospitals: [name, handle, language zh|en]; generic names of the kind every city has. */
  static final String[][] HOSPITALS = {
      {"杭州市第一人民医院", "hz_first_hospital", "zh"}, {"成都市第三人民医院", "cd_third_hospital", "zh"},
      {"南京市中医院", "nj_tcm_hospital", "zh"}, {"武汉市儿童医院", "wh_childrens_hospital", "zh"},
      {"Riverside General Hospital", "riverside_general", "en"}, {"St Brendan's Hospital", "stbrendans", "en"}};
  static final String[] HOSPITAL_BIO = {"{name}官方账号。就医咨询请拨打医院总机。", "Official account of {name}."};
  static final String[][] HOSPITAL_NOTICES = {
      {"【健康科普】秋季腹泻高发，注意饮食卫生。", "{name}{k}月门诊排班已更新，请提前预约。"},
      {"Flu clinics at {name} run every Saturday this month.", "Visiting hours at {name} change from Monday."}};

  // ---------------------------------------------------------------- people: journalists and verified individuals

  static final String[][] SURNAME_ZH = {{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"陈", "chen"}, {"刘", "liu"},
      {"周", "zhou"}, {"吴", "wu"}, {"郑", "zheng"}};
  static final String[][] GIVEN_ZH = {{"晓明", "xm"}, {"文静", "wj"}, {"立新", "lx"}, {"思远", "sy"}, {"海燕", "hy"},
      {"子豪", "zh"}};
  static final String[] FIRST_EN = {"Anna", "Tom", "Priya", "Lukas", "Maria", "James", "Chloe", "Samuel"};
  static final String[] LAST_EN = {"Keller", "Hale", "Moreno", "Okafor", "Brandt", "Lindqvist", "Farrow", "Quinn"};

  /** A journalist's display name names the outlet: {outlet} is the outlet's name, {person} the journalist's. */
  static final String[] JOURNALIST_NAME_ZH = {"{outlet}记者{person}", "{person}（{outlet}）", "{outlet}{person}"};
  static final String[] JOURNALIST_NAME_EN = {"{person}, {outlet} reporter", "{outlet} correspondent {person}",
      "{person} ({outlet})"};
  static final String[] JOURNALIST_BIO = {"{outlet}记者，观点仅代表个人。", "Reporter at {outlet}. Views my own."};

  /**
   * Verified individuals: a person's own name, sometimes with their trade or past, sometimes the namesake of a
   * protected name. {person} is their name.
   */
  static final String[] VERIFIED_NAME_ZH = {"{person}", "{person}的摄影日记", "退伍老兵{person}", "小提琴手苏婉清",
      "{person}_跑步中"};
  static final String[] VERIFIED_NAME_EN = {"{person}", "{person} | army veteran", "{person}, ex-Royal Navy diver",
      "Helena Crayford Photography", "{person} writes"};
  static final String[] VERIFIED_BIO = {"认证个人用户 | {city}", "Verified creator. {city}."};
}
