package io.winnow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.run.OutputSchemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** decision_facts say what happened and nothing personal: strikes as weights, where rules fired, no names. */
class DsaFactsTest {
  static final LocalDate FROM = LocalDate.parse("2026-10-01");
  static final LocalDate TO = LocalDate.parse("2026-10-07");

  static Row evidence(String rule, String kind, String field, String value) {
    return new GenericRowWithSchema(new Object[] {rule, kind, field, value, null, null, null},
        OutputSchemas.EVIDENCE_V1);
  }

  static Row action(String kind, Integer strikes, List<Row> rules, List<Row> evidence) {
    return new GenericRowWithSchema(new Object[] {"act1", "run", kind, "s1", "a1", "x", "impersonation",
        "news-anchor", "suspend", 7, CollectionConverters.asScala(rules).toSeq(), "0123456789abcdef", "high", false,
        strikes, CollectionConverters.asScala(evidence).toSeq(), Date.valueOf("2026-10-03"),
        Date.valueOf("2026-10-08"), "2026-10-07"}, OutputSchemas.ACTION_V1);
  }

  static Row rule(String id, int version) {
    return new GenericRowWithSchema(new Object[] {id, version}, OutputSchemas.RULE_REF_V1);
  }

  @Test
  void aLadderActionCountsItsPostsAndStatesTheWeightedTotal() {
    // Three posts, one critical (weight 2) and two medium (1 each): the ladder sees 4, not 3 posts.
    Row ladder = action("account", 4, List.of(rule("rumour.salt", 3)), List.of(
        evidence("rumour.salt", "strike", "post", "p1"), evidence("rumour.salt", "strike", "post", "p2"),
        evidence("rumour.salt", "strike", "post", "p3")));
    assertEquals("Automated rules (rumour.salt v3; rule set 0123456789ab) actioned posts of this account. 3 posts "
        + "of the account in this category counted as strikes between 2026-10-01 and 2026-10-07; their severity "
        + "weights sum to 4 (rounded down), which reaches the category's step for this action.",
        DsaFacts.of(ladder, FROM, TO));
  }

  @Test
  void aProtectedNameMatchedInAHandleIsNeverQuoted() {
    Row account = action("account", null, List.of(rule("imp.anchor", 2)), List.of(
        evidence("imp.anchor", "name-like", "handle", "王小明 (distance 1)"),
        evidence("imp.anchor", "term", "display_name", "王小明")));
    assertEquals("Automated rules (imp.anchor v2; rule set 0123456789ab) detected this in the account's profile. "
        + "The account's handle resembles a name on the rule's protected list; the account's display name contains "
        + "a phrase from the rule's list.", DsaFacts.of(account, FROM, TO));
  }

  @Test
  void aPostQuotesOnlyTheRulesOwnPhraseAndTheClaimsSimilarity() {
    Row post = action("post", null, List.of(rule("rumour.near", 1)), List.of(
        evidence("rumour.near", "similar-to", "text", "claim-17 (score 0.87)"),
        evidence("rumour.near", "predicate", "account.followers", "120345"),
        evidence("rumour.near", "regex", "text", "(?i)salt\\s+water")));
    assertEquals("Automated rules (rumour.near v1; rule set 0123456789ab) detected this post. The text repeats a "
        + "claim of the rule's catalogue of debunked claims (similarity 0.87); a condition of the rule on followers "
        + "held; the text matches a pattern of the rule.", DsaFacts.of(post, FROM, TO));
  }
}
