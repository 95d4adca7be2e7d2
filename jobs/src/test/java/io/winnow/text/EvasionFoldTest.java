package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One test per disguise of the evasion issue (#17), in English and in Chinese where it applies: the disguised phrase
 * is found and its evidence quotes exactly what the author wrote; then the hard negatives of that fold, texts that only
 * look like a phrase after folding, find nothing.
 */
class EvasionFoldTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  private static final String CURE = "baking soda cures cancer";
  private static final String VACCINE = "新冠疫苗有毒";

  private static TermMatcher matcher(int sounds, String... phrases) {
    int[] options = new int[phrases.length];
    java.util.Arrays.fill(options, sounds);
    return TermMatcher.build(List.of(phrases), NORMALIZER, new BitSet(), options);
  }

  private static TermMatcher matcher(String... phrases) {
    return matcher(0, phrases);
  }

  /** What each hit quotes of the original, as evidence does: "phrase-index:quote". */
  private static List<String> quotes(TermMatcher m, String original) {
    NormalizedText t = NORMALIZER.normalize(original);
    return m.scan(t).stream()
        .map(h -> h.phrase() + ":" + t.original().substring(t.originalStart(h.start()), t.originalEnd(h.end())))
        .sorted().collect(Collectors.toList());
  }

  private static void caught(TermMatcher m, String text, String quoted) {
    assertEquals(List.of("0:" + quoted), quotes(m, text), "\"" + text + "\" is caught, quoting \"" + quoted + "\"");
  }

  private static void missed(TermMatcher m, String text, String why) {
    assertEquals(List.of(), quotes(m, text), why);
  }

  @Test
  void aCyrillicOrGreekLetterInALatinWord() {
    TermMatcher m = matcher(CURE, "cop");
    caught(m, "I read that b\u0430king soda cures cancer!", "b\u0430king soda cures cancer");
    caught(m, "bakin\u0261 s\u03bfda cures cancer", "bakin\u0261 s\u03bfda cures cancer");
    missed(m, "\u0441\u043e\u0440 \u0438 \u0441\u043e\u0440", "a word wholly in Cyrillic (сор) is Russian, not a disguised cop");
  }

  @Test
  void spacedDottedAndStarredLetters() {
    TermMatcher m = matcher(CURE, "abc", "ab");
    caught(m, "yes b a k i n g s-o-d-a cures cancer", "b a k i n g s-o-d-a cures cancer");
    caught(m, "b.a.k.i.n.g s.o.d.a cures cancer", "b.a.k.i.n.g s.o.d.a cures cancer");
    caught(m, "b*a*k*i*n*g s o d a cures cancer", "b*a*k*i*n*g s o d a cures cancer");
    caught(matcher("5g基站"), "据说5 G 基 站辐射大", "5 G 基 站");
    missed(matcher("5g基站"), "5 g 站", "separators beside ideographs go, the characters stay");
    missed(matcher("abc", "soda"), "a bc, ab c, so da", "words of two letters or more are not joined to their neighbours");
    assertEquals(List.of("1:a b c"), quotes(m, "plan a b c"), "a b c joins to abc only: ab does not fire inside it");
    missed(m, "this is a b test", "two single letters are not a run (it takes three, or two beside an ideograph)");
  }

  @Test
  void accentsAndCombiningMarks() {
    TermMatcher m = matcher(CURE, "かき", "疫苗");
    caught(m, "b\u00e1k\u00edng s\u00f3da c\u00fbres c\u00e0ncer", "b\u00e1k\u00edng s\u00f3da c\u00fbres c\u00e0ncer");
    caught(m, "b\u0336a\u0336k\u0336i\u0336n\u0336g\u0336 soda cures cancer",
        "b\u0336a\u0336k\u0336i\u0336n\u0336g\u0336 soda cures cancer");
    missed(m, "\u304c\u304d", "kana voicing marks are not diacritics: がき is not かき");
  }

  @Test
  void hyphensUnderscoresJoinedWordsAndHashtags() {
    TermMatcher m = matcher(CURE, "the rapist", "cure");
    caught(m, "baking-soda-cures-cancer", "baking-soda-cures-cancer");
    caught(m, "baking_soda_cures_cancer", "baking_soda_cures_cancer");
    caught(m, "wow bakingsodacurescancer", "bakingsodacurescancer");
    caught(m, "#BakingSodaCuresCancer", "BakingSodaCuresCancer");
    missed(m, "my therapist said so", "a joined phrase shorter than 12 letters is not a plain word (the rapist)");
    assertEquals(List.of("1:the-rapist"), quotes(m, "the-rapist"), "joined with a separator, it is the phrase");
    assertEquals(List.of("2:cure", "2:cure"), quotes(m, "cure,cure"), "commas end words: two hits, not one word");
  }

  @Test
  void aProtectedNameIsOneWordOfAHandleJoinedBySeparators() {
    TermMatcher m = matcher("cdc", "who", CURE);
    caught(m, "cdc_news", "cdc");
    caught(m, "cdc.official", "cdc");
    caught(m, "real-cdc-2024", "cdc");
    caught(m, "the__cdc__", "cdc");
    assertEquals(List.of("1:who"), quotes(m, "who.int"), "a name before a dot");
    assertEquals(List.of("0:cdc", "2:bakingsodacurescancer"), quotes(m, "cdc_bakingsodacurescancer"),
        "the joined phrase still matches after a part break");
    assertEquals(List.of("2:baking_soda_cures_cancer"), quotes(m, "baking_soda_cures_cancer"),
        "a phrase of several words joined by underscores is still one hit over all of it");
    missed(m, "cdcnews whoever abcdc_news cdcx_news", "no separator, no word edge: the name is inside a longer word");
    missed(m, "w.h.o_x", "parts of one letter are a spelled-out word, not words: w.h.o_x is whox");
  }

  @Test
  void leetRepeatedLetters() {
    TermMatcher m = matcher(CURE, "sg", "god", "good");
    caught(m, "b4k1ng s0da cur3s c4ncer", "b4k1ng s0da cur3s c4ncer");
    caught(m, "b@king $oda cures cancer", "b@king $oda cures cancer");
    caught(m, "baking soda cuuures caaancer", "baking soda cuuures caaancer");
    missed(m, "5g and 2020s", "digits in a word of fewer letters than digits stay digits: 5g is not sg");
    assertEquals(List.of("3:good"), quotes(m, "good"), "good is good, not god: a double letter is the phrase's own");
    assertEquals(List.of("2:gooood", "3:gooood"), quotes(m, "gooood"), "an obvious repeat fits both");
  }

  @Test
  void shortLeetWordsBesideALeetWord() {
    caught(matcher("do not vaccinate"), "pls d0 n0t vacc1nate", "d0 n0t vacc1nate");
    caught(matcher(CURE), "b4k1ng s0d4 cur3s c4nc3r", "b4k1ng s0d4 cur3s c4nc3r");
    TermMatcher m = matcher("sg", "ag", "ak", "so what", "bz baking");
    missed(m, "5g 4g 4k", "one letter and one digit alone, or beside another such word, are 5g and 4k");
    missed(m, "s0 what", "a short leet word with no leet word beside it stays as written");
    missed(m, "b2 b4k1ng", "2 is no leet letter: b2 stays b2 beside a leet word");
  }

  @Test
  void oneLetterDroppedInALongPhrase() {
    TermMatcher m = matcher(CURE);
    caught(m, "they say bakng soda cures cancer", "bakng soda cures cancer");
    caught(m, "baking soda cures cacer", "baking soda cures cacer");
    missed(m, "bakng soda cures cacer", "two letters dropped is another text");
    missed(m, "aking soda cures cancer", "a word's first letter is never the dropped one");
    missed(m, "bakin soda cures cancer", "nor its last");
    missed(m, "baking sda cures cancer", "a word of five letters or fewer keeps all its letters (soda)");
    missed(matcher("planet earth", "planet"), "plant earth, a plant",
        "a real word one letter away from a phrase word: not matched in a phrase under 14 letters, nor alone");
    assertEquals(List.of("0:plant earth is dying"), quotes(matcher("planet earth is dying"), "plant earth is dying"),
        "the cost of the fold: in a phrase of 14 letters or more, a real word one letter away matches");
  }

  /**
   * A list whose dropped-letter keys would pass TermMatcher.DROPPED_LETTER_MAX_KEYS (2,500 phrases of two 8-letter
   * words: up to 12 keys each) is built without that fold, and says so; every other fold still holds.
   */
  @Test
  void aListTooLargeForTheDroppedLetterFoldKeepsEveryOtherFold() {
    java.util.List<String> phrases = new java.util.ArrayList<>(List.of(CURE));
    for (int i = 0; i < 2500; i++) {
      phrases.add(eightLetters(i) + " " + eightLetters(28_560 - i));
    }
    TermMatcher big = TermMatcher.build(phrases, NORMALIZER);
    assertEquals(true, big.droppedLettersSkipped(), "2,500 phrases of 16 letters are over the budget");
    caught(big, "they say b4k1ng soda cures cancer", "b4k1ng soda cures cancer");
    missed(big, "they say bakng soda cures cancer", "the dropped-letter fold is off for this list");
    assertEquals(false, matcher(CURE).droppedLettersSkipped(), "one phrase is far under the budget");
  }

  /**
   * {@code i} (below 13^4) as a word of eight letters, consonant and vowel in turn: distinct words with no doubled
   * letter, so each of the six inner letters gives a dropped-letter key.
   */
  private static String eightLetters(int i) {
    String consonants = "bcdfghjklmnpr";
    String vowels = "aeio";
    char[] w = new char[8];
    for (int k = 0, v = i; k < 4; k++, v /= 13) {
      w[2 * k] = consonants.charAt(v % 13);
      w[2 * k + 1] = vowels.charAt(k);
    }
    return new String(w);
  }

  @Test
  void htmlEntitiesAndCharacterReferences() {
    TermMatcher m = matcher(CURE, "癌症", "free money");
    caught(m, "&#98;aking soda cures cancer", "&#98;aking soda cures cancer");
    assertEquals(List.of("2:free&nbsp;money"), quotes(m, "free&nbsp;money"), "&nbsp; is a space");
    assertEquals(List.of("1:&#30284;&#x75c7;"), quotes(m, "治&#30284;&#x75c7;"), "decimal and hex references");
    missed(m, "&amp;#30284;症 AT&T", "a reference is decoded once: &amp;#30284; is the text &#30284;");
  }

  @Test
  void bidiOverrides() {
    TermMatcher m = matcher(CURE, VACCINE);
    caught(m, "read: \u202erecnac seruc ados gnikab\u202c ok", "\u202erecnac seruc ados gnikab\u202c");
    assertEquals(List.of("1:\u202e毒有苗疫冠新"), quotes(m, "\u202e毒有苗疫冠新"), "a run reversed to the end of the text");
    missed(m, "\u2067recnac seruc ados gnikab\u2069",
        "an isolate does not reorder Latin letters: only an override hides reversed text");
    caught(m, "\u202ebaking soda cures cancer\u202c", "\u202ebaking soda cures cancer\u202c");
  }

  @Test
  void lettersBetweenChineseCharacters() {
    TermMatcher m = matcher(VACCINE, "a股", "买股");
    caught(m, "听说新x冠x疫x苗x有x毒", "新x冠x疫x苗x有x毒");
    caught(m, "新 a 冠 b 疫苗有毒", "新 a 冠 b 疫苗有毒");
    assertEquals(List.of("1:A股"), quotes(m, "买A股"), "one letter between ideographs is Chinese (A股), kept");
  }

  @Test
  void pinyinFullInitialsAndMixed() {
    TermMatcher m = matcher(TermMatcher.PINYIN, VACCINE, "盘大");
    caught(m, "转：xinguan yimiao youdu", "xinguan yimiao youdu");
    caught(m, "转：xin guan yi miao you du", "xin guan yi miao you du");
    caught(m, "打了新guan疫苗you毒", "新guan疫苗you毒");
    caught(m, "快看xgymyd", "xgymyd");
    caught(m, "这是一段很长很长的中文前言里面没有一个拉丁字母然后新guan疫苗you毒", "新guan疫苗you毒");
    caught(m, "xin guan yi miao you du 之后还有很长很长的一段中文文字", "xin guan yi miao you du");
    missed(m, "真可爱 the panda", "two syllables in Latin letters collide with English words (panda): not matched");
    assertEquals(List.of("1:盘da"), quotes(m, "这个盘da"), "mixed with a character, two syllables are enough");
    missed(m, "打了新冠疫苗有读", "a homophone needs the homophones option");
    missed(matcher(VACCINE), "打了新guan疫苗you毒", "without the option, pinyin is not matched");
    missed(m, "xinguan shipping yimiao", "no English word is read as pinyin across syllable edges");
  }

  @Test
  void homophoneCharacters() {
    TermMatcher m = matcher(TermMatcher.HOMOPHONES, VACCINE, "是一");
    caught(m, "打了新冠疫描有读", "新冠疫描有读");
    missed(m, "打了xinguan疫苗有毒 新冠yimiao", "pinyin letters need the pinyin option");
    missed(matcher(VACCINE, "是一"), "打了新冠疫描有读 十一", "without the option, homophones are not matched");
    assertEquals(List.of("1:十一"), quotes(m, "十一"), "the cost of the option: 十一 sounds like 是一");
    assertEquals(List.of("0:新冠疫描有读"), quotes(matcher(TermMatcher.PINYIN | TermMatcher.HOMOPHONES, VACCINE),
        "ok 新冠疫描有读"), "with both options and Latin letters elsewhere, a homophone is reported once");
  }
}
