package io.winnow.generate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's ordinary vocabulary: protected names, account names, fillers, ordinary posts, and the templates and
 * list phrases of the {@code list-phrase} violations. {@link #TRIGGERS} is the generator's own copy of phrases that
 * rules/lists/*.txt also holds (the generator never reads rules/): a violation planted with one of them measures only
 * that the engine finds a listed phrase. Other wordings live apart: {@link Variants} (words in no list),
 * {@link NearCopy} (edited debunked claims), {@link HardNegatives}. ArchiveGeneratorTest checks that planted
 * list-phrase posts carry their list's phrase and that ordinary posts carry none.
 */
final class Vocabulary {
  private Vocabulary() {}

  // ---------------------------------------------------------------- protected names (real ones, fictional anchors)

  static final List<ProtectedEntity> PROTECTED = List.of(
      new ProtectedEntity("military", "东部战区", "Eastern Theater Command", "pla_eastern_theater", "military", true),
      new ProtectedEntity("military", "南部战区", "Southern Theater Command", "pla_southern_theater", "military", true),
      new ProtectedEntity("military", "中国人民解放军海军", "PLA Navy", "pla_navy", "military", true),
      new ProtectedEntity("military", "US Army", "美国陆军", "usarmy", "military", false),
      new ProtectedEntity("military", "Royal Navy", "英国皇家海军", "royalnavy", "military", false),
      new ProtectedEntity("military", "British Army", "英国陆军", "britisharmy", "military", false),
      new ProtectedEntity("institution", "中国疾病预防控制中心", "Chinese Center for Disease Control", "chinacdc",
          "government", true),
      new ProtectedEntity("institution", "CDC", "美国疾病控制与预防中心", "cdcgov", "government", false),
      new ProtectedEntity("institution", "上海市疾病预防控制中心", "Shanghai CDC", "shanghaicdc", "government", true),
      new ProtectedEntity("institution", "中国科学院", "Chinese Academy of Sciences", "cas_cn", "institution", true),
      new ProtectedEntity("institution", "中国医学科学院", "Chinese Academy of Medical Sciences", "cams_cn",
          "institution", true),
      new ProtectedEntity("institution", "Institut Pasteur", "巴斯德研究所", "institutpasteur", "institution", false),
      new ProtectedEntity("news-media", "新华社", "Xinhua News Agency", "xinhua", "media", true),
      new ProtectedEntity("news-media", "人民日报", "People's Daily", "peoplesdaily", "media", true),
      new ProtectedEntity("news-media", "央视新闻", "CCTV News", "cctvnews", "media", true),
      new ProtectedEntity("news-media", "Reuters", "路透社", "reuters", "media", false),
      new ProtectedEntity("news-media", "BBC News", "英国广播公司新闻", "bbcnews", "media", false),
      new ProtectedEntity("news-media", "Associated Press", "美联社", "apnews", "media", false),
      // fictional anchors: no real person is named
      new ProtectedEntity("news-anchor", "林语晨", "Lin Yuchen", "linyuchen_news", "media", true),
      new ProtectedEntity("news-anchor", "赵景澄", "Zhao Jingcheng", "zhaojingcheng_tv", "media", true),
      new ProtectedEntity("news-anchor", "苏婉清", "Su Wanqing", "suwanqing_live", "media", true),
      new ProtectedEntity("news-anchor", "Marcus Whitlow", "Marcus Whitlow", "marcuswhitlow", "media", false),
      new ProtectedEntity("news-anchor", "Helena Crayford", "Helena Crayford", "helenacrayford", "media", false),
      new ProtectedEntity("news-anchor", "Daniel Ashcombe", "Daniel Ashcombe", "danielashcombe", "media", false));

  /**
   * Names that the protected lists hold only inside a longer title ("Xinhua News Agency" holds "xinhua"). name-like
   * compares whole names, so a homoglyph impersonator never copies these: it copies the entity's other name, and an
   * entity with no other name to disguise gets no homoglyph impersonators (HomoglyphTest keeps this set exact).
   */
  static final Set<String> LISTED_IN_PART = Set.of("Xinhua News Agency");

  static final String[] IMPERSONATOR_NAME_ZH = {"{name}官方", "{name}发布", "{name}新闻中心", "{name}最新消息"};
  static final String[] IMPERSONATOR_NAME_EN = {"{name} Official", "{name} Updates", "Real {name}",
      "{name} Breaking"};
  static final String[] IMPERSONATOR_HANDLE = {"{handle}_official", "{handle}_news", "real_{handle}",
      "{handle}{n}", "{handle}_hq"};
  static final String[] IMPERSONATOR_BIO = {"{name}官方账号，发布权威信息", "Official account of {name}. Breaking updates.",
      "{name} 唯一认证账号", "The real {name}. Follow for news."};
  static final String[] FAN_NAME_ZH = {"{name}粉丝站（非官方）", "{name}粉丝后援会（非官方）"};
  static final String[] FAN_NAME_EN = {"{name} fan page (not affiliated)", "Unofficial {name} fan club"};
  static final String[] FAN_HANDLE = {"{handle}_fans", "fans_of_{handle}"};
  static final String[] FAN_BIO = {"粉丝自建，非官方账号，与{name}无关联", "Fan-run. Not affiliated with {name}."};

  // ---------------------------------------------------------------- ordinary accounts

  static final String[] NAME_ZH_A = {"小", "阿", "大", "老", "胖", "甜"};
  static final String[] NAME_ZH_B = {"鱼", "猫", "树", "米", "桃", "鹿", "橙", "云"};
  static final String[] NAME_ZH_C = {"爱吃饭", "的日常", "不加班", "在路上", "同学", "酱", "今天早睡"};
  static final String[] NAME_EN_A = {"sunny", "lazy", "happy", "quiet", "little", "urban", "rainy", "cozy"};
  static final String[] NAME_EN_B = {"panda", "fox", "otter", "cook", "runner", "reader", "walker", "maple"};
  static final String[] HANDLE_A = {"xiaoyu", "amao", "dashu", "mimi", "taozi", "lulu", "chengzi", "yunduo"};
  static final String[] BIO_ZH = {"热爱生活 | {city}", "吃喝玩乐记录", "一个普通打工人", "喜欢拍照和散步"};
  static final String[] BIO_EN = {"coffee, books & {city}", "runner. cook. cat person.", "photos from {city}",
      "just here for the food pics"};
  static final Map<String, String> CREDENTIAL_BIO = Map.of(
      "medical-license", "执业医师 | Licensed physician",
      "legal-license", "执业律师 | Licensed attorney",
      "financial-license", "持牌投资顾问 | Licensed financial adviser",
      "teaching-certificate", "持证教师 | Certified teacher");
  /** The credential each licensed-professional account holds, by (index - first licensed index) mod 4. */
  static final String[] CREDENTIALS = {"medical-license", "legal-license", "financial-license",
      "teaching-certificate"};

  // ---------------------------------------------------------------- fillers

  static final String[] CITY_ZH = {"北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆", "苏州",
      "长沙", "青岛", "厦门", "昆明"};
  static final String[] CITY_EN = {"Shanghai", "Beijing", "Chengdu", "Seattle", "Manchester", "Toronto", "Sydney",
      "Austin", "Lyon", "Osaka", "Dublin", "Denver"};
  static final String[] FOOD_ZH = {"火锅", "小笼包", "烤鸭", "热干面", "肉夹馍", "煎饼果子", "麻辣烫", "米线", "生煎", "酸菜鱼"};
  static final String[] FOOD_EN = {"ramen", "tacos", "dumplings", "pho", "pizza", "curry", "bagels", "sushi"};
  static final String[] PLACE_ZH = {"公园", "博物馆", "老街", "夜市", "图书馆", "江边", "书店"};
  static final String[] PLACE_EN = {"the park", "the museum", "the old town", "the night market", "the library"};
  static final String[] PET_ZH = {"猫", "狗", "仓鼠", "兔子"};
  static final String[] PET_EN = {"cat", "dog", "hamster", "rabbit"};
  static final String[] TAG_ZH = {"美食", "日常", "旅行", "运动", "萌宠", "周末", "读书", "摄影"};
  static final String[] TAG_EN = {"food", "daily", "travel", "running", "pets", "weekend", "books", "photography"};
  static final String[] MOVIE_ZH = {"一部老电影", "新出的纪录片", "那本推理小说", "一部动画片"};
  static final String[] MOVIE_EN = {"that new sci-fi novel", "an old noir film", "the nature documentary",
      "a cozy mystery"};
  static final String[] EMOJI = {"😂", "👍", "🔥", "❤️", "🙏", "✨", "😭", "🤔", "🎉", "☀️", "🍜", "😊"};
  static final String LINK_PREFIX = "https://link.example/";

  // ---------------------------------------------------------------- ordinary posts

  static final String[] ORDINARY_ZH = {
      "今天在{city}吃了{food}，太好吃了{emoji} {tag}",
      "{city}今天{n}度，适合出去走走{emoji}",
      "周末去{city}的{place}逛了逛，拍了{n}张照片 {link}",
      "刚看完{movie}，推荐给大家{emoji}",
      "加班到{n}点，终于下班了{emoji}",
      "我家{pet}今天又拆家了{emoji} {tag}",
      "跑步打卡第{n}天，今天跑了{k}公里 {tag}",
      "第一次自己做{food}，居然成功了{emoji}",
      "{city}的{food}哪家好吃？求推荐{emoji}",
      "早起看书{n}分钟，今天也要加油{emoji}",
      "{city}的{place}人好多，排队排了{n}分钟",
      "新买的咖啡机到了，每天一杯{emoji} {link}"};
  static final String[] ORDINARY_EN = {
      "Had the best {food} in {city} today {emoji} {tag}",
      "{n}°C and sunny in {city}, perfect for a walk {emoji}",
      "Weekend in {city}: spent the afternoon at {place} and took {n} photos {link}",
      "Just finished {movie}, highly recommend {emoji}",
      "Working late again, it's {k} pm and I'm still at my desk {emoji}",
      "My {pet} knocked my coffee over again {emoji} {tag}",
      "Day {n} of my running streak, {k} km today {tag}",
      "Tried cooking {food} at home for the first time and it worked {emoji}",
      "Anyone know a good {food} place in {city}? {emoji}",
      "Read for {n} minutes before work, small wins {emoji}",
      "{place} in {city} was packed, waited {n} minutes to get in",
      "New coffee grinder arrived, worth it {emoji} {link}"};
  static final String[] REPOST_ZH = {"转发微博", "真的吗？", "马一下", "转", "看看{emoji}"};
  static final String[] REPOST_EN = {"RT", "Wow", "Is this real?", "Sharing.", "👀"};
  static final String[] TITLE_ZH = {"日常vlog", "周末记录", "今日份快乐", "随手拍"};
  static final String[] TITLE_EN = {"My weekend", "Day in the life", "Quick update", "Random snaps"};

  /** Normal notices of the real accounts, by impersonation subcategory: [zh..., en...]. */
  static final Map<String, String[][]> OFFICIAL_NOTICES = Map.of(
      "institution", new String[][] {
          {"【健康提示】秋冬季呼吸道疾病高发，建议勤洗手、常通风、按时接种疫苗。", "【科普】实验室开放日{n}月开放预约，欢迎参观。"},
          {"Flu season is here: wash your hands and get your seasonal vaccine.",
              "Our labs open to visitors this Saturday, {n} free tickets."}},
      "news-media", new String[][] {
          {"【天气】{city}明天多云转晴，气温{n}℃。", "【出行】{city}地铁{k}号线新站今日开通。"},
          {"{city} marathon draws {n}00 runners this weekend.", "Weather: sunny in {city}, high of {k}°C."}},
      "military", new String[][] {
          {"【征兵季】年度征兵报名进行中，欢迎适龄青年报名。", "【开放日】{city}营区开放日圆满结束，感谢{n}00位市民参观。"},
          {"Recruitment season is open, see our website for details.", "Our band plays in {city} this Saturday."}},
      "news-anchor", new String[][] {
          {"今晚{k}点，新闻直播间见。", "今天的节目有{n}位嘉宾，记得收看。"},
          {"See you at {k} pm for the evening news.", "{n} guests on tonight's show, tune in."}});

  // ---------------------------------------------------------------- planted posts: triggers and templates

  /**
   * List phrases per planted kind: [0] Chinese, [1] English. Each is (or contains) a phrase of the matching rule
   * list, on purpose: these are the {@code list-phrase} violations.
   */
  static final Map<PostPlant, String[][]> TRIGGERS = Map.ofEntries(
      Map.entry(PostPlant.FABRICATED_NEWS, new String[][] {
          {"明天起全市封锁", "自来水被投毒", "地铁明天全线停运", "全市银行明天暂停取款", "明天全市停水停电"},
          {"will lock down the whole city tomorrow", "tap water has been poisoned",
              "subway will shut down completely tomorrow", "banks will freeze all withdrawals tomorrow",
              "power and water will be cut for three days"}}),
      Map.entry(PostPlant.DEBUNKED_CLAIM, new String[][] {
          {"喝盐水能预防病毒", "5G基站会传播病毒", "吹风机吹鼻子能杀死病毒", "熏醋能杀灭病毒", "疫苗里有追踪芯片",
              "屏住呼吸10秒就说明没感染"},
          {"drinking salt water prevents the virus", "5G towers spread the virus",
              "a hair dryer up your nose kills the virus", "boiling vinegar kills the virus",
              "vaccines contain tracking microchips", "holding your breath for 10 seconds proves you are not infected"}}),
      Map.entry(PostPlant.FALSE_HEALTH_CLAIM, new String[][] {
          {"喝消毒液可以杀死体内病毒", "停用胰岛素喝苦瓜汁就能治好糖尿病", "小苏打能治愈癌症", "胶体银能治愈所有感染",
              "生吃鱼胆可以明目"},
          {"drinking bleach cures covid", "bitter melon juice cures diabetes so you can stop insulin",
              "baking soda cures cancer", "colloidal silver cures all infections",
              "eating raw fish gallbladder improves eyesight"}}),
      Map.entry(PostPlant.MEDICAL_ADVICE, new String[][] {
          {"在线问诊", "私信问诊", "给你开药方"}, {"online consultation", "DM me your symptoms", "I can prescribe"}}),
      Map.entry(PostPlant.LEGAL_ADVICE, new String[][] {
          {"法律咨询", "代写诉状", "包赢官司"},
          {"legal consultation", "I can draft your lawsuit", "I'll represent you in court"}}),
      Map.entry(PostPlant.FINANCIAL_ADVICE, new String[][] {
          {"荐股", "投资咨询", "代客理财"}, {"stock picks", "investment advice", "I'll manage your money"}}),
      Map.entry(PostPlant.EDUCATIONAL_ADVICE, new String[][] {
          {"一对一辅导", "辅导报名", "保证提分"}, {"private tutoring", "tutoring sign-up", "guaranteed grade boost"}}),
      Map.entry(PostPlant.DISASTER_HYPE, new String[][] {
          {"现场太惨了", "点赞过万", "完整视频", "震惊"},
          {"Shocking", "footage they don't want you to see", "like if you want the full video", "full video"}}),
      Map.entry(PostPlant.ENGAGEMENT_BAIT, new String[][] {
          {"转发这条锦鲤", "不转发就会倒霉", "99%的人不敢转"},
          {"Share or bad luck", "Like if you love your mom", "Type AMEN", "Only 1% will share this"}}),
      Map.entry(PostPlant.ILLEGAL_MONETISATION, new String[][] {
          {"打赏解锁", "付费进群", "扫码打赏"}, {"tip to unlock", "pay to join my private group", "paid members only"}}));

  static final String[] DISASTER_ZH = {"地震", "洪水", "台风", "山火", "泥石流"};
  static final String[] DISASTER_EN = {"earthquake", "flood", "typhoon", "wildfire", "landslide"};

  /**
   * Templates per planted kind: [0] Chinese, [1] English. {T} is the phrase: a list phrase (possibly disguised) or a
   * variant; for debunked claims also a near-copy.
   */
  static final Map<PostPlant, String[][]> TEMPLATES = Map.ofEntries(
      Map.entry(PostPlant.FABRICATED_NEWS, new String[][] {
          {"【紧急】{city}{T}，大家提前准备！{emoji}", "朋友在单位上班说的：{city}{T}，快告诉家人{emoji}",
              "刚收到消息，{city}{T}！{emoji}{emoji}"},
          {"URGENT: {city} {T}. Tell your family now {emoji}", "A friend at city hall says {city} {T}! {emoji}",
              "Heads up {city}: {T}. Stock up today {emoji}"}}),
      Map.entry(PostPlant.DEBUNKED_CLAIM, new String[][] {
          {"听医生朋友说，{T}，赶紧告诉家人！{emoji}", "家族群里都在传：{T}，宁可信其有！", "重要的事说三遍：{T}！收藏起来{emoji}"},
          {"My friend who works at a hospital says {T}. Tell everyone! {emoji}", "Just learned that {T}. Save this!",
              "Everyone in my group chat says {T}. Better safe than sorry {emoji}"}}),
      Map.entry(PostPlant.FALSE_HEALTH_CLAIM, new String[][] {
          {"亲测有效：{T}！{emoji}", "老中医说，{T}，{n}天见效", "转给需要的人：{T}{emoji}"},
          {"Doctors won't tell you this: {T}! {emoji}", "It worked for my uncle, {T}. Results in {k} days.",
              "Pass this on: {T} {emoji}"}}),
      Map.entry(PostPlant.MEDICAL_ADVICE, new String[][] {
          {"{T}，{n}元一次，不用去医院{emoji}", "祖传秘方，{T}，{k}天见效！", "不舒服别排队挂号了，{T}，马上安排{emoji}"},
          {"{T}, only ${n}, no need for a hospital {emoji}", "Skip the clinic! {T}, results in {k} days.",
              "Feeling sick? {T} and I'll sort you out {emoji}"}}),
      Map.entry(PostPlant.LEGAL_ADVICE, new String[][] {
          {"{T}找我，{n}元起，不用请律师{emoji}", "离婚、欠款、工伤都能办，{T}，私信我"},
          {"{T}, ${n} flat, no lawyer needed {emoji}", "Divorce, debts, injuries: {T}. DM me."}}),
      Map.entry(PostPlant.FINANCIAL_ADVICE, new String[][] {
          {"每天{T}，跟着我月赚{n}%{emoji}", "{T}加我，稳稳的{emoji}", "跟着老师{T}，{k}天翻倍"},
          {"Daily {T}, {n}% a month {emoji}", "{T} for everyone, double your savings in {k} weeks",
              "Want {T}? DM me {emoji}"}}),
      Map.entry(PostPlant.EDUCATIONAL_ADVICE, new String[][] {
          {"{T}，{k}天提高{n}分，私信我{emoji}", "高考冲刺班{T}，名额有限"},
          {"{T}: +{n} points in {k} weeks, DM me {emoji}", "Exam season! {T}, limited spots"}}),
      Map.entry(PostPlant.DISASTER_HYPE, new String[][] {
          {"{T}！{city}{disaster}，{n}秒看懂发生了什么{emoji} #{city}{disaster}#", "{city}{disaster}最新画面，{T}，先关注我{emoji}"},
          {"{T}: {city} {disaster} right now {emoji} #{disaster}", "{city} {disaster} update, {T}. Follow for more {emoji}"}}),
      Map.entry(PostPlant.ENGAGEMENT_BAIT, new String[][] {
          {"{T}{emoji}", "{T}，{n}天内必有好运！{emoji}", "{T}，不信你试试{emoji}"},
          {"{T} {emoji}", "{T}! {n} people already did {emoji}", "{T}. You know what to do {emoji}"}}),
      Map.entry(PostPlant.ILLEGAL_MONETISATION, new String[][] {
          {"{T}，{n}元看完整版{emoji}", "新视频已更新，{T}，每月{n}元{emoji}"},
          {"{T}, ${n} a month {emoji}", "New set is up, {T}! {emoji}"}}),
      Map.entry(PostPlant.LICENSED_ADVICE, new String[][] {
          {"{cred}提醒：{T}请先预约，必要时请线下就诊或面谈。", "{cred}本周开放{T}，名额{n}个，请提前说明情况。"},
          {"{cred} here: {T} by appointment this week, {n} slots.", "{cred}: {T} is open; bring your documents."}}),
      Map.entry(PostPlant.DEBUNKING_POST, new String[][] {
          {"辟谣：网传“{T}”不实，请勿转发。{emoji}", "【辟谣】“{T}”？假的！专家表示没有科学依据。",
              "关于“{T}”的说法是谣言，请以官方发布为准。"},
          {"FACT CHECK: the claim that {T} is false. {link}", "Debunked: \"{T}\" has no evidence behind it, it is misinformation.",
              "No, it is not true that {T}. This hoax keeps circulating."}}));

  /** How a licensed professional introduces themselves, by credential: [zh, en]. */
  static final Map<String, String[]> CREDENTIAL_TITLE = Map.of(
      "medical-license", new String[] {"执业医师", "Licensed physician"},
      "legal-license", new String[] {"执业律师", "Licensed attorney"},
      "financial-license", new String[] {"持牌投资顾问", "Licensed financial adviser"},
      "teaching-certificate", new String[] {"持证教师", "Certified teacher"});

  /** The advice kind each credential licenses. */
  static final Map<String, PostPlant> CREDENTIAL_ADVICE = Map.of(
      "medical-license", PostPlant.MEDICAL_ADVICE, "legal-license", PostPlant.LEGAL_ADVICE,
      "financial-license", PostPlant.FINANCIAL_ADVICE, "teaching-certificate", PostPlant.EDUCATIONAL_ADVICE);

  static final String[] REPORT_REASONS = {"spam", "harassment", "false-information", "impersonation", "other"};
  static final Map<String, String> REPORT_REASON_BY_CATEGORY = Map.of(
      "rumour", "false-information", "impersonation", "impersonation", "unqualified-advice", "dangerous-advice",
      "clout-chasing", "spam");
}
