package io.winnow.generate;

import java.util.Map;

/**
 * The same abuse as {@link Vocabulary#TRIGGERS}, worded the way posts word it when they do not copy a list: synonyms,
 * inserted words, another order, numbers spelled out, slang. Written apart from rules/lists (VariantsTest asserts
 * that no phrase here is a line of any rules/lists/*.txt file or contains one), so whatever the shipped rules catch
 * of these is measured recall, not a property of the generator. Planted into the same templates as the list phrases.
 */
final class Variants {
  private Variants() {}

  /** Variant phrases per violation subcategory: [0] Chinese, [1] English. */
  static final Map<PostPlant, String[][]> PHRASES = Map.ofEntries(
      Map.entry(PostPlant.FABRICATED_NEWS, new String[][] {
          {"明天开始全城封控", "明天起全市要封城了", "水厂的水让人下了毒", "后天起地铁全部停开", "银行下周起不让取钱了",
              "明早全市断水断电", "全市明天起封锁小区"},
          {"the whole city goes into lockdown starting tomorrow", "someone put poison in the water supply",
              "all metro lines close from tomorrow", "banks will stop letting anyone withdraw cash next week",
              "water and electricity go off for 3 days", "they are sealing off every district tomorrow"}}),
      Map.entry(PostPlant.DEBUNKED_CLAIM, new String[][] {
          {"每天喝点淡盐水病毒就不会找上你", "新装的5G信号塔在散播病毒", "用热风吹吹鼻孔病毒就死了", "家里熏点醋病毒就没了",
              "打的针里被放了定位芯片", "憋气十秒不咳嗽就是没被感染"},
          {"a glass of salty water a day keeps the virus away", "the new 5G masts are what is spreading the virus",
              "blow hot air from a hairdryer into your nostrils and the virus dies",
              "steaming vinegar in your kitchen wipes out the virus", "the jab puts a tracking chip in your arm",
              "if you can hold your breath for ten seconds you do not have it"}}),
      Map.entry(PostPlant.FALSE_HEALTH_CLAIM, new String[][] {
          {"喝一小口消毒水能把身体里的病毒杀光", "胰岛素别打了，天天喝苦瓜汁糖尿病自己就好", "小苏打水治好了我舅舅的癌",
              "银离子水包治各种炎症", "鱼胆生吞眼睛越来越亮"},
          {"a spoonful of bleach wipes covid out of your body",
              "ditch the insulin, bitter melon juice fixes diabetes for good",
              "my aunt beat her cancer with baking soda water", "silver water clears up any infection",
              "swallow a raw fish gall bladder and your eyes get sharper"}}),
      Map.entry(PostPlant.MEDICAL_ADVICE, new String[][] {
          {"网上看病加我微信", "把症状私聊发我，我给你配药", "不用去医院，我给你开个方子", "远程看诊，包你好"},
          {"text me what hurts and I will tell you what to take", "virtual doctor visits with me, no clinic needed",
              "I will write you a prescription myself", "send me photos of the rash and I will treat it"}}),
      Map.entry(PostPlant.LEGAL_ADVICE, new String[][] {
          {"打官司包胜诉", "起诉书我帮你写", "法律问题都可以问我，不收律师费", "帮你出庭，稳赢"},
          {"win your case or your money back", "I will write your court papers for you",
              "ask me any law question, cheaper than an attorney", "I can stand up for you in front of the judge"}}),
      Map.entry(PostPlant.FINANCIAL_ADVICE, new String[][] {
          {"每天推荐牛股", "带你炒股稳赚不赔", "把钱交给我帮你打理", "内部消息，明天必涨的票"},
          {"my hot share tips every morning", "let me run your portfolio for you", "insider tip: this stock doubles by friday",
              "hand me your savings and I will grow them"}}),
      Map.entry(PostPlant.EDUCATIONAL_ADVICE, new String[][] {
          {"一对一补习", "家教班现在报名", "包你成绩提高二十分", "名师单独带"},
          {"one-on-one tutor sessions", "sign up for my tutoring class", "grades go up twenty points or you pay nothing",
              "personal exam coaching, spots filling fast"}}),
      Map.entry(PostPlant.DISASTER_HYPE, new String[][] {
          {"画面太吓人了", "不敢相信竟有此事", "全程高能，胆小勿入", "看完腿都软了", "吓死人了，快看"},
          {"you won't believe what happened", "the clip everyone is deleting", "scariest thing I have ever seen",
              "watch before it gets taken down", "this is insane"}}),
      Map.entry(PostPlant.ENGAGEMENT_BAIT, new String[][] {
          {"转发保平安", "不转不是中国人", "看到就转，好运连连", "百分之九十九的人不敢转", "不转这条你会后悔一整年"},
          {"forward it or seven years of misfortune", "type yes if you agree", "only one percent will repost this",
              "like this if you love your mother", "repost in ten seconds for good fortune"}}),
      Map.entry(PostPlant.ILLEGAL_MONETISATION, new String[][] {
          {"赞赏之后私发全集", "付费看全部内容", "打个赏就发原图", "转账进会员群"},
          {"send a tip and I will DM the rest", "subscribers get the uncut version", "tip me for the full set",
              "pay a few bucks and I add you to the vip chat"}}));
}
