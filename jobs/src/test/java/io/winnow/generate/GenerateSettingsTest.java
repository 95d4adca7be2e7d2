package io.winnow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateSettingsTest {
  private static Config reference() {
    return ConfigFactory.defaultReference().getConfig("winnow.generate");
  }

  @Test
  void readsEveryKeyOfReferenceConf() {
    GenerateSettings s = GenerateSettings.from(reference());
    assertEquals(List.of("weibo", "douyin", "x"), s.platforms());
    assertEquals(LocalDate.of(2026, 10, 1), s.startDate());
    assertEquals(8, s.partitions());
    assertEquals(10, s.postRates().size());
    assertEquals(0.004, s.postRates().get("rumour.fabricated-news"));
    assertEquals(0.003, s.postRates().get("clout-chasing.illegal-monetisation"));
    assertEquals(0.004, s.hardNegativePostRates().get("debunking-post"));
    assertEquals(0.002, s.accountRates().get("impersonation.news-anchor"));
    assertEquals(0.01, s.hardNegativeAccountRates().get("licensed-professional"));
    assertEquals(20.0, s.reportsPerThousandPosts());
    assertEquals(0.3, s.evasionRate());
    assertEquals(0.25, s.homoglyphShare());
    assertEquals(0.15, s.variantShare());
    assertEquals(0.4, s.nearCopyShare());
    assertEquals(PostPlant.hardNegativeKeys(), s.hardNegativePostRates().keySet());
    assertEquals(0.002, s.hardNegativePostRates().get("harmless-context"));
    assertEquals(AccountLayout.HARD_NEGATIVE_KEYS, s.hardNegativeAccountRates().keySet());
    assertEquals(0.002, s.hardNegativeAccountRates().get("outlet-journalist"));
  }

  @Test
  void variantAndNearCopySharesMayNotExceedOne() {
    Config bad = ConfigFactory.parseString("variant-share = 0.7\nnear-copy-share = 0.5\n").withFallback(reference());
    var e = assertThrows(ConfigException.BadValue.class, () -> GenerateSettings.from(bad));
    assertTrue(e.getMessage().contains("variant-share + near-copy-share + paraphrase-share: add up to 1.2; keep them at or below 1"),
        e.getMessage());
  }

  @Test
  void reportsEveryProblemAtOnceWithItsLine() {
    Config bad = ConfigFactory.parseString("""
        start-date = "10/01/2026"
        partitions = 0
        post-rates { rumour.made-up = 0.1, rumour.fabricated-news = 2 }
        evasion-rate = 1.5
        homoglyph-share = -0.1
        """, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("bad.conf"))
        .withFallback(reference());
    var e = assertThrows(ConfigException.BadValue.class, () -> GenerateSettings.from(bad));
    String m = e.getMessage();
    assertTrue(m.contains("6 problems in winnow.generate"), m);
    assertTrue(m.contains("bad.conf: 1: start-date: '10/01/2026' is not a date; write it as YYYY-MM-DD")
        || m.contains("start-date: '10/01/2026' is not a date"), m);
    assertTrue(m.contains("partitions: must be at least 1, got 0"), m);
    assertTrue(m.contains("post-rates.rumour.made-up: unknown; known: clout-chasing.disaster-hype"), m);
    assertTrue(m.contains("post-rates.rumour.fabricated-news: must be between 0 and 1, got 2.0"), m);
    assertTrue(m.contains("evasion-rate: must be between 0 and 1, got 1.5"), m);
    assertTrue(m.contains("homoglyph-share: must be between 0 and 1, got -0.1"), m);
  }
}
