package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pinyin channel's gate ({@link SoundGate}) skips only texts where the channel would report nothing: on generated
 * texts with every disguise (pinyin in full, spaced, initials, mixed with characters, homophones, links, leet, digits,
 * separators) the matcher finds exactly the hits, in the same order, that it finds with the channel run on every text.
 */
class SoundGateTest {
  private static final TextNormalizer NORMALIZER = TextNormalizer.shared();
  private static final List<String> PHRASES = List.of("新冠疫苗有毒", "盘大", "基站辐射", "喝醋治癌", "cure cancer");
  private static final String[] LATIN = {"https://link.example/KyBe4Fw", "ok", "the panda", "i2xWRfv", "so", "a",
      "cure", "c.u.r.e", "b4k1ng", "link", "x", "yi", "du", "mia", "www.t.cn/ab", "@fw", "vx"};
  private static final String[] FILLERS = {" ", "", "，", ".", "_", " ", "2", "😂", "#", "  "};
  private static final String CHINESE = "今天天气很好我们去公园玩吧真的假的转发新冠疫苗有毒盘大基站辐射喝醋治癌描读十一";

  private static TermMatcher matcher() {
    int[] sounds = new int[PHRASES.size()];
    Arrays.fill(sounds, TermMatcher.PINYIN | TermMatcher.HOMOPHONES);
    return TermMatcher.build(PHRASES, NORMALIZER, new BitSet(), sounds);
  }

  /** One disguised rendering of a phrase of ideographs: its pinyin in full, spaced, as initials, or mixed. */
  private static String disguise(String phrase, Random r) {
    StringBuilder out = new StringBuilder();
    int mode = r.nextInt(4);
    for (int i = 0; i < phrase.length(); i++) {
      String p = PinyinChannel.full(String.valueOf(phrase.charAt(i)));
      if (p == null || (mode == 3 && r.nextBoolean())) {
        out.append(phrase.charAt(i));
      } else if (mode == 2) {
        out.append(p.charAt(0));
      } else {
        out.append(mode == 1 && i > 0 ? " " : "").append(r.nextBoolean() ? p : p.toUpperCase());
      }
    }
    return out.toString();
  }

  private static String text(Random r) {
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(7);
    for (int k = 0; k < parts; k++) {
      switch (r.nextInt(4)) {
        case 0 -> out.append(disguise(PHRASES.get(r.nextInt(4)), r));
        case 1 -> out.append(LATIN[r.nextInt(LATIN.length)]);
        default -> {
          int from = r.nextInt(CHINESE.length() - 1);
          out.append(CHINESE, from, Math.min(CHINESE.length(), from + 1 + r.nextInt(8)));
        }
      }
      out.append(FILLERS[r.nextInt(FILLERS.length)]);
    }
    return out.toString();
  }

  @Test
  void theGatedScanFindsWhatTheUngatedScanFinds() {
    TermMatcher m = matcher();
    Random r = new Random(17);
    int withSoundHits = 0;
    for (int i = 0; i < 20_000; i++) {
      String original = text(r);
      NormalizedText t = NORMALIZER.normalize(original);
      List<TermMatcher.Hit> ungated = m.scanWithoutSoundGate(t);
      assertEquals(ungated, m.scan(t), "\"" + original + "\": the same hits with and without the gate");
      if (!ungated.isEmpty() && containsLatinHit(t, ungated)) {
        withSoundHits++;
      }
    }
    assertTrue(withSoundHits > 1_000, "the texts exercise the channel: " + withSoundHits + " with a hit over Latin letters");
  }

  /** Whether some hit quotes a Latin letter (only the pinyin channel, or the English phrase, gives those). */
  private static boolean containsLatinHit(NormalizedText t, List<TermMatcher.Hit> hits) {
    for (TermMatcher.Hit h : hits) {
      if (h.phrase() < 4 && t.text().substring(h.start(), h.end()).matches(".*[a-z].*")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aChinesePostWhoseOnlyLatinLettersAreALinkIsSkipped() {
    SoundGate gate = new SoundGate(new String[] {"xinguanyimiaoyoudu", "xgymyd", "panda", "jizhanfushe", "jzfs"});
    TermFolder folder = TermFolder.shared();
    assertFalse(mayHit(gate, folder, "周末去西安的公园逛了逛拍了58张照片 https://link.example/kybe4fw"),
        "https, link, example, kybe are no part of any key; fw stands between a digit and the end, shorter than a key");
    assertTrue(mayHit(gate, folder, "打了新guan疫苗you毒 https://link.example/x"), "guan and you are parts of a key");
    assertTrue(mayHit(gate, folder, "快看xgymyd"), "initials are a key");
    assertFalse(mayHit(gate, folder, "新冠 ok"), "ok is no part of any key");
    assertFalse(mayHit(gate, folder, "新冠 guanyou 疫苗"),
        "every pair of guanyou's letters is in a key, but it is no substring of one: the filter of substrings refuses it");
    assertTrue(mayHit(gate, folder, "盘da"), "da is part of panda, and 盘 reads pan");
  }

  private static boolean mayHit(SoundGate gate, TermFolder folder, String normalized) {
    return gate.mayHit(normalized.toCharArray(), normalized.length(), folder);
  }
}
