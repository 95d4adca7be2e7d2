package io.winnow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path tmp;

  @AfterEach
  void clearProperties() {
    System.clearProperty("winnow.sweep.max-text-chars");
    System.clearProperty("winnow.sweep.run-id");
  }

  @Test
  void embeddedDefaultOverridesReference() {
    Settings s = Settings.load(null, Map.of());
    assertEquals(4, s.spark().shufflePartitions(), "conf/local.conf overrides reference.conf's 8");
    assertEquals(20000, s.sweep().maxTextChars(), "reference.conf default");
    assertEquals("embedded conf/local.conf", s.source());
  }

  @Test
  void flagsWinOverSystemPropertiesWhichWinOverTheFile() throws Exception {
    Path conf = tmp.resolve("over.conf");
    Files.writeString(conf, "winnow.sweep { max-text-chars = 100, run-id = from-file }\nwinnow.spark.shuffle-partitions = 7\n");
    System.setProperty("winnow.sweep.max-text-chars", "200");
    System.setProperty("winnow.sweep.run-id", "from-property");
    Settings s = Settings.load(conf, Map.of("winnow.sweep.run-id", "from-flag"));
    assertEquals("from-flag", s.sweep().runId(), "a flag beats -D and the file");
    assertEquals(200, s.sweep().maxTextChars(), "-D beats the file");
    assertEquals(7, s.spark().shufflePartitions(), "the file beats reference.conf");

    Path only = tmp.resolve("only-run-id.conf");
    Files.writeString(only, "winnow.sweep.run-id = from-file\n");
    Settings replaced = Settings.load(only, Map.of());
    assertEquals(8, replaced.spark().shufflePartitions(),
        "--conf replaces conf/local.conf (which sets 4): a key the file leaves out comes from reference.conf");
    assertEquals(only.toString(), replaced.source());
  }

  @Test
  void everyUnknownKeyAndWrongTypeIsReportedWithFileAndLine() throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "winnow {\n  sweep {\n    max-text-char = 10\n    files-per-partition = many\n  }\n"
        + "  columns.posts { txt = content }\n}\n");
    UserError e = assertThrows(UserError.class, () -> Settings.load(conf, Map.of()));
    assertEquals("3 problems in the configuration:\n"
        + conf + ":3: unknown key 'winnow.sweep.max-text-char'. Known keys under winnow.sweep: files-per-partition, "
        + "footer-threads, ids-global, max-duplicate-ids, max-text-chars, repost-broadcast-max-candidates, run-id\n"
        + conf + ":4: files-per-partition has type STRING rather than NUMBER\n"
        + conf + ":6: unknown key 'winnow.columns.posts.txt': not a column of posts. Map one of: post_id, account_id, "
        + "created_at, text, title, repost_of, likes, shares, comments, views, monetized, hashtags, links",
        e.getMessage());
  }

  @Test
  void similarToJoinThresholdIsReadAndANegativeOneIsRejected() throws Exception {
    assertEquals(200000, Settings.load(null, Map.of()).similarTo().joinAboveClaims(), "reference.conf default");
    assertEquals(0, Settings.load(null, Map.of("winnow.similar-to.join-above-claims", "0")).similarTo()
        .joinAboveClaims(), "0 joins every catalogue");
    Path conf = tmp.resolve("join.conf");
    Files.writeString(conf, "winnow.similar-to {\n  join-above-claims = -1\n}\n");
    UserError e = assertThrows(UserError.class, () -> Settings.load(conf, Map.of()));
    assertEquals("configuration: " + conf + ":2: Invalid value at 'winnow.similar-to.join-above-claims': -1 is "
        + "negative. Give a number of claims, 0 to join every catalogue", e.getMessage());
  }

  @Test
  void unknownColumnInTheMappingIsNamed() throws Exception {
    Path conf = tmp.resolve("map.conf");
    Files.writeString(conf, "winnow.columns.posts { txt = content }\n");
    UserError e = assertThrows(UserError.class, () -> Settings.load(conf, Map.of()));
    assertTrue(e.getMessage().startsWith("configuration: " + conf + ":1: unknown key 'winnow.columns.posts.txt': "
        + "not a column of posts. Map one of: post_id, account_id, created_at, text"), e.getMessage());
  }

  @Test
  void secretsAreRedacted() {
    Settings s = Settings.load(null, Map.of("winnow.spark.extra.\"spark.hadoop.fs.s3a.secret.key\"", "hunter2",
        "winnow.spark.extra.\"spark.hadoop.fs.s3a.access.key\"", "AKIA123"));
    String json = s.redactedJson();
    assertTrue(!json.contains("hunter2") && !json.contains("AKIA123"), json);
    assertTrue(json.contains("<redacted>"), json);
  }
}
