package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestSpark;
import io.winnow.config.Settings;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateSettings;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.run.OutputSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of a small generated archive (seed 23) with the shipped rules gives the same outputs as before the rules and
 * engine were reshaped (issue 15). The expected values are not derived from the fixture: they were recorded from the
 * code before the reshape, for this seed and these rules, and the test was committed first, so that a later change of
 * the loader, the compiled rules or the matcher that alters any finding or action fails here. A change of the shipped
 * rules or of the generator changes them legitimately (the rule set hash is part of every action id); record them
 * again from the code before the change in that case, and say so in the commit.
 */
class SweepOutputsPinnedTest {
  static final long SEED = 23;
  @TempDir static Path tmp;
  static SparkSession spark;
  static RuleSet rules;
  static List<Row> actions;
  static List<Row> findings;
  static List<Row> quarantine;
  static String countsCsv;
  static String rowAccounting;

  @BeforeAll
  static void generateAndSweep() {
    spark = TestSpark.session();
    Settings settings = TestSpark.settings();
    Path archive = tmp.resolve("archive");
    new ArchiveGenerator(GenerateSettings.from(settings.generate()))
        .generate(spark, new GenerateRequest(6000, 600, 3, SEED, archive.toString()));
    Path rulesDir = Path.of(System.getProperty("project.rules.dir", "../rules"));
    rules = RuleLoader.load(rulesDir);
    new Sweep(spark, settings, rules, new SweepRequest(archive.toString(), LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-10-03"), tmp.resolve("out").toString(), "pinned", false, "test"), line -> { })
        .execute();
    Path run = tmp.resolve("out/runs/pinned");
    actions = spark.read().parquet(run.resolve("actions").toString())
        .selectExpr("concat_ws(' ', action_id, subject_kind, subject_id, category, action, "
            + "coalesce(cast(suspend_days as string), '-'), coalesce(cast(strikes as string), '-'), severity) AS line",
            "category", "action")
        .collectAsList();
    findings = spark.read().parquet(run.resolve("findings").toString())
        .selectExpr("concat_ws(' ', finding_id, subject_kind, subject_id, rule_id, cast(rule_version as string), "
            + "rule_status, to_json(evidence)) AS line")
        .collectAsList();
    // An empty quarantine is a directory without data files: read it with its schema.
    quarantine = spark.read().schema(OutputSchemas.QUARANTINE_V1).parquet(run.resolve("quarantine").toString())
        .selectExpr("concat_ws(' ', `table`, row_id, reason, coalesce(dt, '-'), platform, sha2(row_json, 256)) AS line")
        .collectAsList();
    try {
      countsCsv = java.nio.file.Files.readString(run.resolve("counts/csv/counts.csv"));
      rowAccounting = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("manifest.json").toFile())
          .path("row_accounting").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String digest(List<Row> rows) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    rows.stream().map(r -> r.getString(0)).sorted()
        .forEach(l -> sha.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
  }

  @Test
  void actionsAreThoseOfThePreReshapeCode() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    actions.forEach(r -> counts.merge(r.getString(1) + "/" + r.getString(2), 1L, Long::sum));
    assertEquals(EXPECTED_RULE_SET_HASH, rules.hash().substring(0, 12), "the shipped rules are those recorded with");
    assertEquals(EXPECTED_COUNTS, counts.toString(), "actions per category/action");
    assertEquals(EXPECTED_ACTIONS, digest(actions),
        "SHA-256 of the sorted lines 'action_id kind subject category action days strikes severity'");
  }

  @Test
  void findingsAreThoseOfThePreReshapeCode() throws Exception {
    assertEquals(EXPECTED_FINDINGS_COUNT, findings.size(), "findings");
    assertEquals(EXPECTED_FINDINGS, digest(findings),
        "SHA-256 of the sorted lines 'finding_id kind subject rule version status evidence-json'");
  }

  @Test
  void quarantineCountsAndRowAccountingAreThoseOfThePreReshapeCode() throws Exception {
    assertEquals(EXPECTED_ROW_ACCOUNTING, rowAccounting, "rows read = evaluated + quarantined per table");
    assertEquals(EXPECTED_QUARANTINE_COUNT, quarantine.size(), "quarantined rows");
    assertEquals(EXPECTED_QUARANTINE, digest(quarantine),
        "SHA-256 of the sorted lines 'table row_id reason dt platform sha256(row_json)'");
    assertEquals(EXPECTED_COUNTS_CSV, digest(List.of(org.apache.spark.sql.RowFactory.create(countsCsv))),
        "SHA-256 of counts/csv/counts.csv");
  }

  // Recorded for seed 23, 6,000 posts, 600 accounts, 3 days and the shipped rules/, not derived by hand (see the class
  // comment): first from commit 3dd312b, before the reshape of issue 15; again when main brought the reworked generator
  // (a different archive for the same seed), from the merged code with the one engine change so far (the predicate
  // package) reverted.
  static final String EXPECTED_RULE_SET_HASH = "85069b5e7310";
  static final String EXPECTED_COUNTS = "{clout-chasing/delete-post=15, clout-chasing/limit-visibility=43, "
      + "clout-chasing/remove-followers=2, impersonation/suspend=4, rumour/delete-post=40, rumour/demonetise=16, "
      + "rumour/limit-visibility=21, rumour/suspend=4, unqualified-advice/delete-post=39, "
      + "unqualified-advice/demonetise=6, unqualified-advice/limit-visibility=27}";
  // Re-recorded when action and finding ids came to hash the subject's platform (issue 18, subjects are (platform,
  // id)): the same sweep with winnow.sweep.ids-global = true (the earlier id formula and joins on the id alone) still
  // gave the earlier digests c434cc82468df8cec22d0922 and ef9948d7efdcfd55a7d3a628, so only the ids changed.
  // Re-recorded again when the shipped rules changed (issue 16: word-aware terms, refutation and affirmation lists,
  // the impersonation split) and the generator with them (issue 17's disguises, variants kept apart from the new
  // lists), with the engine unchanged since the reshape: 250 findings became 192.
  // Re-recorded when issue 17's dropped-letter fold came (a phrase of 2+ words and 14+ letters also matches with one
  // inner letter of a 6+ letter word left out): one finding and one action more, the planted dropped-letter post
  // p0000004884 ("dm me your symptms", unqualified-advice.medical). The same code with that fold off gave the earlier
  // digests cc5f6214543fe043aa2ffbf0 and 22d4fe1ac99dd3bdccaa9192, so nothing else changed.
  static final String EXPECTED_ACTIONS = "33d312a476eb514a406bad44";
  static final int EXPECTED_FINDINGS_COUNT = 193;
  static final String EXPECTED_FINDINGS = "3e7c8a09e14c8fb41499bbc0";
  // Recorded from the code before the staged pipeline of issue 19 (commit e653b69), for the same seed, archive and
  // rules: the quarantine output, the counts file and the row accounting of the manifest.
  // This archive has no row to quarantine (the digest is that of no line); the row accounting pins it.
  static final String EXPECTED_ROW_ACCOUNTING = "{\"posts\":{\"read\":6000,\"evaluated\":6000,\"quarantined\":0},"
      + "\"accounts\":{\"read\":600,\"evaluated\":600,\"quarantined\":0}}";
  static final int EXPECTED_QUARANTINE_COUNT = 0;
  static final String EXPECTED_QUARANTINE = "e3b0c44298fc1c149afbf4c8";
  // counts.csv re-recorded at the merge of issue 17's dropped-letter fold: its one more unqualified-advice delete-post
  // (above) is one more in that category's row; the pre-reshape code with the fold off gave 15c8aabbb56859d933593ce5.
  static final String EXPECTED_COUNTS_CSV = "2aaff447adbbb569f73b6259";
}
