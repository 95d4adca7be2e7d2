package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cached segmentation answers every word check as a segmentation made anew does: on texts that share their
 * beginnings, their ends and their lengths, with the cache emptied many times over, and across threads.
 */
class ChineseWordsCacheTest {
  private static final String[] TERMS = {"荐股", "投资咨询", "法律咨询", "在线问诊", "地震", "代写诉状", "开药方"};
  private static final String[] AROUND = {"每天", "推荐股票", "某某", "有限公司", "服务", "局", "平台", "了！", "，关注我",
      "小区门口的", "今天入职一家", "北京", "", "速看", "真的假的"};

  /** Texts built from the word lists' terms inside and beside longer words, most of them more than once. */
  private static List<String> texts(int n, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      b.append(AROUND[random.nextInt(AROUND.length)]).append(TERMS[random.nextInt(TERMS.length)])
          .append(AROUND[random.nextInt(AROUND.length)]);
      if (random.nextBoolean()) {
        b.append(TERMS[random.nextInt(TERMS.length)]).append(AROUND[random.nextInt(AROUND.length)]);
      }
      texts.add(b.toString());
    }
    return texts;
  }

  /** Every span's word check of {@code words} over {@code text}, as a string of 0 and 1. */
  private static String checks(ChineseWords words, String text) {
    StringBuilder b = new StringBuilder();
    for (int start = 0; start <= text.length(); start++) {
      for (int end = start; end <= text.length(); end++) {
        b.append(words.isWordUse(start, end) ? '1' : '0');
      }
    }
    return b.toString();
  }

  @Test
  void aCachedSegmentationAnswersAsANewOne() {
    ChineseWords.Cache cache = new ChineseWords.Cache(ChineseWords.Cache.LONGEST, 600);
    List<String> texts = texts(3_000, 7);
    int hits = 0;
    int differing = 0;
    for (String text : texts) {
      ChineseWords before = cache.words(text);
      ChineseWords again = cache.words(text);
      hits += before == again ? 1 : 0;
      String expected = checks(ChineseWords.segmented(text), text);
      assertEquals(expected, checks(again, text), "the word checks of " + text);
      differing += expected.equals(checks(ChineseWords.segmented(text + "有限公司"), text)) ? 0 : 1;
    }
    assertTrue(hits > 2_500, "the second look-up of a text is the cached segmentation: " + hits);
    assertTrue(differing > 100, "the fixture's texts are segmented differently inside longer texts: " + differing);
    assertTrue(cache.size() < 100, "600 characters hold a few dozen texts at most: " + cache.size());
  }

  @Test
  void textsOverTheLongestAreNotKeptAndTheSharedCacheIsTheOneOfUses() {
    ChineseWords.Cache cache = new ChineseWords.Cache(10, 1_000);
    String longer = "每天荐股，关注我，某某投资咨询有限公司";
    assertTrue(cache.words(longer) != cache.words(longer), "a text over the longest is segmented each time");
    assertEquals(checks(ChineseWords.segmented(longer), longer), checks(cache.words(longer), longer), longer);
    String text = "每天荐股" + System.nanoTime();
    assertSame(ChineseWords.of(text), ChineseWords.of(text), "of reads the shared cache");
  }

  @Test
  void threadsSharingTheCacheGetTheSegmentationsANewOneGives() throws InterruptedException {
    ChineseWords.Cache cache = new ChineseWords.Cache(ChineseWords.Cache.LONGEST, 300);
    List<String> texts = texts(400, 11);
    List<String> expected = texts.stream().map(t -> checks(ChineseWords.segmented(t), t)).toList();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t * 37;
      threads.add(new Thread(() -> {
        try {
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < texts.size(); i++) {
              int k = (i + offset) % texts.size();
              assertEquals(expected.get(k), checks(cache.words(texts.get(k)), texts.get(k)), texts.get(k));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures, "no thread saw another segmentation");
  }
}
