package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.engine.CompiledRules;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same archive swept with similar-to matched in the pass (the default threshold) and by the banded join
 * ({@code winnow.similar-to.join-above-claims = 0}) gives the same findings and actions, evidence included.
 */
class ClaimJoinSweepTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;

  static final String POLICY = """
      policy {
        review-required-severities = []
        review-required-actions = []
        categories {
          rumour {
            subcategories = [debunked-claim, fabricated-news]
            ladder = [ { strikes = 2, action = demonetise } ]
            max-actions = 100
          }
        }
      }
      """;

  static final String PACK = """
      rules = [
        { id = rumour.near-copy, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = medium, status = active, description = "Near-copy of a debunked claim.", action = limit-visibility
          when { similar-to { catalogue = claims, threshold = 0.6 } }
        }
        { id = rumour.salt-or-copy, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = high, status = active, description = "Salt water, or a looser copy of a claim, not debunked."
          action = delete-post
          when {
            all = [
              { any = [ { terms = ["salt water"] }
                        { similar-to { catalogue = claims, threshold = 0.4, in = [text] } } ] }
              { not { terms = ["fact check"] } }
            ]
          }
        }
        { id = rumour.copy-big-account, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = medium, status = shadow, description = "Near-copy posted by an account with many followers."
          action = limit-visibility
          when {
            all = [ { similar-to { catalogue = claims, threshold = 0.6 } }, { where = "account.followers >= 1000" } ]
          }
        }
        { id = rumour.cure-not-catalogued, version = 1, category = rumour, subcategory = fabricated-news
          subject = post, severity = low, status = active, description = "Miracle cure that is not a catalogued claim."
          action = limit-visibility
          when {
            all = [ { terms = ["miracle cure"] }, { not { similar-to { catalogue = claims, threshold = 0.5 } } } ]
          }
        }
        { id = rumour.near-or-copy, version = 1, category = rumour, subcategory = debunked-claim, subject = post
          severity = low, status = shadow, description = "Salt close to virus, or a near-copy of a claim."
          action = limit-visibility
          when {
            any = [ { terms { any = ["salt"], near { any = ["virus"], within = 30 } } }
                    { similar-to { catalogue = claims, threshold = 0.6 } } ]
          }
        }
      ]
      """;

  static final String CATALOGUE = """
      # test catalogue
      c-salt\tdrinking salt water prevents the virus
      c-5g\t5G towers spread the virus
      c-vinegar\tboiling vinegar kills the virus
      c-zh-salt\t喝盐水能预防病毒
      c-chips\tvaccines contain tracking microchips
      """;

  /** 60 distinct words: too many shingles for any claim to reach a threshold of 0.4. */
  static final String LONG = java.util.stream.IntStream.range(0, 60)
      .mapToObj(i -> "w" + Integer.toString(i * 7919 + 1000, 36)).collect(java.util.stream.Collectors.joining(" "));

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    rules = tmp.resolve("rules");
    Files.createDirectories(rules.resolve("catalogues"));
    Files.writeString(rules.resolve("policy.conf"), POLICY);
    Files.writeString(rules.resolve("rumour.conf"), PACK);
    Files.writeString(rules.resolve("catalogues/claims.tsv"), CATALOGUE);
    archive = tmp.resolve("archive");
    List<Row> posts = new ArrayList<>();
    posts.add(post("p01", "a1", "Drinking salt water prevents the virus!", null));
    posts.add(post("p02", "a2", "my friend says drinking salt water prevents the virus", null));
    posts.add(post("p03", "a2", "听说：喝鹽水能預防病毒！", null));
    posts.add(post("p04", "a1", "Fact check: drinking salt water prevents the virus is false", null));
    posts.add(post("p05", "a2", "look at this", "5G towers spread the virus"));
    posts.add(post("p06", "a1", "boiling vinegar kills viruses", "boiling vinegar kills the virus"));
    posts.add(post("p07", "a2", "miracle cure for everything, buy now", null));
    posts.add(post("p08", "a2", "miracle cure: boiling vinegar kills the virus", null));
    posts.add(post("p09", "a1", LONG + " drinking salt water prevents the virus", null));
    posts.add(post("p10", "a2", "salt water taffy for sale", null));
    posts.add(post("p11", "a1", "vaccines contain tracking chips", null));
    posts.add(post("p12", "a2", "weekend in lyon, 12 photos", null));
    posts.add(post("p13", "a1", LONG, null));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(account("a1", 5000L), account("a2", 10L));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    spark.createDataFrame(List.<Row>of(), ArchiveSchema.reportsWithPartitions()).write().partitionBy("dt")
        .parquet(archive.resolve("reports").toString());
  }

  static Row post(String id, String account, String text, String title) {
    return RowFactory.create(id, account, Timestamp.valueOf("2026-10-01 08:00:00"), text, title, null, 1L, 0L, 0L,
        10L, false, List.of(), List.of(), "2026-10-01", "x");
  }

  static Row account(String id, long followers) {
    return RowFactory.create(id, id, id, "", Timestamp.valueOf("2020-01-01 00:00:00"), followers, false, "none",
        List.of(), false, false, "x");
  }

  /** Findings and actions of one sweep, every column but the run-specific ones, in a stable order. */
  static List<String> sweep(String name, Map<String, String> conf) {
    Path out = tmp.resolve(name);
    new Sweep(spark, TestSpark.settings(conf), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-01"), out.toString(), "same-run", false, "test"),
        line -> { }).execute();
    Path run = out.resolve("runs/same-run");
    List<String> rows = new ArrayList<>();
    spark.read().parquet(run.resolve("findings").toString()).orderBy("finding_id").collectAsList()
        .forEach(r -> rows.add("finding " + r));
    spark.read().parquet(run.resolve("actions").toString()).orderBy("action_id").collectAsList()
        .forEach(r -> rows.add("action " + r));
    return rows;
  }

  @Test
  void joinGivesTheFindingsAndActionsOfThePass() {
    List<String> inPass = sweep("in-pass", Map.of());
    List<String> joined = sweep("joined", Map.of("winnow.similar-to.join-above-claims", "0"));
    assertEquals(inPass, joined, "findings and actions, evidence included, with the join");

    List<String> evidence = new ArrayList<>();
    for (Row r : spark.read().parquet(tmp.resolve("joined/runs/same-run/findings").toString())
        .orderBy("subject_id", "rule_id").collectAsList()) {
      for (Row e : r.<Row>getList(r.fieldIndex("evidence"))) {
        evidence.add(r.getAs("subject_id") + " " + r.getAs("rule_id") + ": " + e.getAs("kind") + " " + e.getAs("field")
            + " '" + e.getAs("value") + "' " + e.getAs("start") + "-" + e.getAs("end") + " '" + e.getAs("excerpt")
            + "'");
      }
    }
    int salt = LONG.length() + " drinking ".length();
    assertEquals(List.of(
        "p01 rumour.copy-big-account: similar-to text 'c-salt (score 1.00)' "
            + "0-39 'Drinking salt water prevents the virus!'",
        "p01 rumour.copy-big-account: predicate account.followers '5000' null-null 'null'",
        "p01 rumour.near-copy: similar-to text 'c-salt (score 1.00)' 0-39 'Drinking salt water prevents the virus!'",
        "p01 rumour.near-or-copy: similar-to text 'c-salt (score 1.00)' 0-39 'Drinking salt water prevents the virus!'",
        "p01 rumour.near-or-copy: near text 'salt' 9-13 'salt'",
        "p01 rumour.near-or-copy: near text 'virus' 33-38 'virus'",
        "p01 rumour.salt-or-copy: term text 'salt water' 9-19 'salt water'",
        "p01 rumour.salt-or-copy: similar-to text 'c-salt (score 1.00)' 0-39 'Drinking salt water prevents the virus!'",
        "p02 rumour.near-copy: similar-to text 'c-salt (score 0.72)' "
            + "0-53 'my friend says drinking salt water prevents the virus'",
        "p02 rumour.near-or-copy: similar-to text 'c-salt (score 0.72)' "
            + "0-53 'my friend says drinking salt water prevents the virus'",
        "p02 rumour.near-or-copy: near text 'salt' 24-28 'salt'",
        "p02 rumour.near-or-copy: near text 'virus' 48-53 'virus'",
        "p02 rumour.salt-or-copy: term text 'salt water' 24-34 'salt water'",
        "p02 rumour.salt-or-copy: similar-to text 'c-salt (score 0.72)' "
            + "0-53 'my friend says drinking salt water prevents the virus'",
        "p03 rumour.near-copy: similar-to text 'c-zh-salt (score 0.78)' 0-12 '听说：喝鹽水能預防病毒！'",
        "p03 rumour.near-or-copy: similar-to text 'c-zh-salt (score 0.78)' 0-12 '听说：喝鹽水能預防病毒！'",
        "p03 rumour.salt-or-copy: similar-to text 'c-zh-salt (score 0.78)' 0-12 '听说：喝鹽水能預防病毒！'",
        "p04 rumour.copy-big-account: similar-to text 'c-salt (score 0.64)' "
            + "0-59 'Fact check: drinking salt water prevents the virus is false'",
        "p04 rumour.copy-big-account: predicate account.followers '5000' null-null 'null'",
        "p04 rumour.near-copy: similar-to text 'c-salt (score 0.64)' "
            + "0-59 'Fact check: drinking salt water prevents the virus is false'",
        "p04 rumour.near-or-copy: similar-to text 'c-salt (score 0.64)' "
            + "0-59 'Fact check: drinking salt water prevents the virus is false'",
        "p04 rumour.near-or-copy: near text 'salt' 21-25 'salt'",
        "p04 rumour.near-or-copy: near text 'virus' 45-50 'virus'",
        "p05 rumour.near-copy: similar-to title 'c-5g (score 1.00)' 0-26 '5G towers spread the virus'",
        "p05 rumour.near-or-copy: similar-to title 'c-5g (score 1.00)' 0-26 '5G towers spread the virus'",
        "p06 rumour.copy-big-account: similar-to text 'c-vinegar (score 0.74)' 0-29 'boiling vinegar kills viruses'",
        "p06 rumour.copy-big-account: similar-to title 'c-vinegar (score 1.00)' 0-31 'boiling vinegar kills the virus'",
        "p06 rumour.copy-big-account: predicate account.followers '5000' null-null 'null'",
        "p06 rumour.near-copy: similar-to text 'c-vinegar (score 0.74)' 0-29 'boiling vinegar kills viruses'",
        "p06 rumour.near-copy: similar-to title 'c-vinegar (score 1.00)' 0-31 'boiling vinegar kills the virus'",
        "p06 rumour.near-or-copy: similar-to text 'c-vinegar (score 0.74)' 0-29 'boiling vinegar kills viruses'",
        "p06 rumour.near-or-copy: similar-to title 'c-vinegar (score 1.00)' 0-31 'boiling vinegar kills the virus'",
        "p06 rumour.salt-or-copy: similar-to text 'c-vinegar (score 0.74)' 0-29 'boiling vinegar kills viruses'",
        "p07 rumour.cure-not-catalogued: term text 'miracle cure' 0-12 'miracle cure'",
        "p08 rumour.near-copy: similar-to text 'c-vinegar (score 0.68)' "
            + "0-45 'miracle cure: boiling vinegar kills the virus'",
        "p08 rumour.near-or-copy: similar-to text 'c-vinegar (score 0.68)' "
            + "0-45 'miracle cure: boiling vinegar kills the virus'",
        "p08 rumour.salt-or-copy: similar-to text 'c-vinegar (score 0.68)' "
            + "0-45 'miracle cure: boiling vinegar kills the virus'",
        "p09 rumour.near-or-copy: near text 'salt' " + salt + "-" + (salt + 4) + " 'salt'",
        "p09 rumour.near-or-copy: near text 'virus' " + (salt + 24) + "-" + (salt + 29) + " 'virus'",
        "p09 rumour.salt-or-copy: term text 'salt water' " + salt + "-" + (salt + 10) + " 'salt water'",
        "p10 rumour.salt-or-copy: term text 'salt water' 0-10 'salt water'",
        "p11 rumour.copy-big-account: similar-to text 'c-chips (score 0.75)' 0-31 'vaccines contain tracking chips'",
        "p11 rumour.copy-big-account: predicate account.followers '5000' null-null 'null'",
        "p11 rumour.near-copy: similar-to text 'c-chips (score 0.75)' 0-31 'vaccines contain tracking chips'",
        "p11 rumour.near-or-copy: similar-to text 'c-chips (score 0.75)' 0-31 'vaccines contain tracking chips'",
        "p11 rumour.salt-or-copy: similar-to text 'c-chips (score 0.75)' 0-31 'vaccines contain tracking chips'"),
        evidence, "similar-to evidence: claim id and score, span of the whole text; in a rule that also has a near"
            + " condition, the same order as in the pass");
  }

  @Test
  void passKeepsOnlyTextsInsideTheLengthWindow() {
    RuleSet ruleSet = RuleLoader.load(rules);
    CompiledRules joined = CompiledRules.of(ruleSet, Subject.POST, 0);
    assertEquals(5, joined.joinedLeaves().size(), "every similar-to leaf is joined");
    assertTrue(CompiledRules.of(ruleSet, Subject.POST).joinedLeaves().isEmpty(), "none by default");
    assertNull(joined.match(new String[] {LONG, null}, null), "too long for any claim: not a candidate");
    CompiledRules.TextMatch cure = joined.match(new String[] {"miracle cure " + LONG, null}, null);
    assertEquals(List.of(3), java.util.Arrays.stream(cure.candidates()).boxed().toList(),
        "not similar-to holds outside the window: the rule is a candidate");
    assertEquals(List.of(), cure.pending(), "and nothing is left to the join");
    assertNull(joined.match(new String[] {"weekend in lyon, 12 photos", null}, null),
        "inside the length window, but too few of its shingles occur in any claim: not a candidate");
    CompiledRules.TextMatch m = joined.match(new String[] {"look at this", "5G towers spread the virus"}, null);
    // Leaves 0, 2 and 4 are the similar-to leaves of the first three rules (2 reads text only); the fourth rule
    // (leaf 6) cannot fire without "miracle cure". The text shares nothing with the claims; the title is one.
    assertEquals(List.of("0 title 0-26 '5G towers spread the virus' 32",
        "4 title 0-26 '5G towers spread the virus' 32", "8 title 0-26 '5G towers spread the virus' 32"),
        m.pending().stream()
        .map(p -> p.leaf() + " " + p.field() + " " + p.start() + "-" + p.end()
        + " '" + p.excerpt() + "' " + p.bands().length).toList(), "texts left to the join: field and whole-text span");
    assertEquals(List.of(), m.hits(), "no similar-to hit before the join");
  }
}
