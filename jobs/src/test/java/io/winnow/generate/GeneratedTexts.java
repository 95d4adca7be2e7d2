package io.winnow.generate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Checks of a generated archive's texts against rules/lists, by labels.kind; ArchiveGeneratorTest runs them. */
final class GeneratedTexts {
  private GeneratedTexts() {}

  /**
   * Ordinary posts carry no list phrase. A list-phrase violation, and one in a disguise the normalizer undoes, carries
   * its list's phrase once normalized; homophone and emoji-between disguises carry none even then; a variant carries
   * no phrase of its subcategory's own list, a near-copy no catalogued claim. (The two exempted post hard negatives
   * are checked here too; the others below.)
   */
  static void assertPlantedTexts(Dataset<Row> posts, Dataset<Row> postLabels, RuleLists lists, long count) {
    Map<String, String> kindOf = new HashMap<>();
    Map<String, String> subOf = new HashMap<>();
    for (Row r : postLabels.collectAsList()) {
      kindOf.put(r.getString(1), r.getString(8));
      subOf.put(r.getString(1), r.getString(6) == null ? r.getString(8) : r.getString(6));
    }
    int ordinary = 0;
    Map<String, Integer> checked = new TreeMap<>();
    for (Row r : posts.select("post_id", "text", "title").collectAsList()) {
      String id = r.getString(0);
      String text = RuleLists.normalize(r.getString(1) + " " + (r.isNullAt(2) ? "" : r.getString(2)));
      String sub = subOf.get(id);
      if (sub == null) {
        ordinary++;
        for (String list : RuleLists.POST_LISTS) {
          assertNull(lists.firstIn(list, text), "ordinary post " + id + " (" + text + ") contains a phrase of " + list);
        }
        continue;
      }
      List<String> triggerLists = RuleLists.TRIGGER_LISTS.get(sub);
      if (triggerLists == null) {
        continue; // a hard negative of real text's kinds, checked below
      }
      String kind = kindOf.get(id);
      checked.merge(kind, 1, Integer::sum);
      String own = triggerLists.isEmpty() ? null : triggerLists.get(triggerLists.size() - 1);
      String at = sub + " post " + id + " (" + kind + "): " + r.getString(1);
      if (own == null) {
        continue; // licensed advice: its phrase depends on the credential, checked below
      }
      if (kind.equals(LabelSchema.VARIANT) || kind.equals(LabelSchema.NEAR_COPY)) {
        assertNull(lists.firstIn(own, text), at);
        continue;
      }
      if (LabelSchema.EVASION_KINDS.contains(kind)) {
        assertNull(lists.firstIn(own, r.getString(1).toLowerCase(java.util.Locale.ROOT)), "disguised: " + at);
      }
      if (LabelSchema.NORMALIZED_EVASION_KINDS.contains(kind) || !LabelSchema.EVASION_KINDS.contains(kind)) {
        for (String list : triggerLists) {
          assertNotNull(lists.firstIn(list, text), "has a phrase of " + list + ": " + at);
        }
      } else {
        assertNull(lists.firstIn(own, text), "the normalizer of the tests does not undo it: " + at);
      }
    }
    assertTrue(ordinary > count * 0.9, "most posts are ordinary: " + ordinary);
    Set<String> kinds = new TreeSet<>(LabelSchema.WORDING_KINDS);
    kinds.addAll(LabelSchema.EVASION_KINDS);
    kinds.remove(Homoglyph.LABEL);
    kinds.remove(LabelSchema.PARAPHRASE); // paraphrase-share is 0 by default; ParaphrasesTest checks the restatements
    kinds.addAll(List.of("debunking-post", "licensed-professional-advice"));
    assertEquals(kinds, checked.keySet(), "every post kind of violation and the two exempted hard negatives");
  }

  /** Each hard-negative post shares words with a violation: what makes it hard. */
  static void assertHardNegativePosts(Dataset<Row> posts, Dataset<Row> postLabels, Dataset<Row> accounts,
      RuleLists lists) {
    Dataset<Row> hn = posts.join(postLabels.where("label = 'hard-negative'")
        .select(col("subject_id").as("post_id"), col("kind")), "post_id")
        .join(accounts.select("account_id", "credentials", "verified", "verification_type"), "account_id");
    Map<String, String> serviceList = Map.of("medical-license", "medical-services", "legal-license",
        "legal-services", "financial-license", "financial-services", "teaching-certificate", "educational-services");
    List<String> rumourLists = List.of("fabricated-news", "debunked-claims", "false-health-claims");
    Map<String, Integer> checked = new TreeMap<>();
    for (Row r : hn.collectAsList()) {
      String text = RuleLists.normalize(r.getAs("text"));
      String kind = r.getAs("kind");
      checked.merge(kind, 1, Integer::sum);
      String at = kind + ": " + text;
      switch (kind) {
        case "debunking-post" -> {
          assertNotNull(lists.firstIn("debunk-markers", text), at);
          assertTrue(rumourLists.stream().anyMatch(l -> lists.firstIn(l, text) != null), "quotes a rumour: " + at);
        }
        case "licensed-professional-advice" -> {
          List<String> credentials = r.getList(r.fieldIndex("credentials"));
          assertEquals(1, credentials.size());
          assertNotNull(lists.firstIn(serviceList.get(credentials.get(0)), text), "the service phrase: " + at);
        }
        case "harmless-context" -> assertTrue(lists.firstIn("disaster-events", text) != null
            || lists.firstIn("disaster-hype-hooks", text) != null, at);
        case "verified-hospital-consultation" -> {
          assertNotNull(lists.firstIn("medical-services", text), at);
          assertEquals("institution", r.getAs("verification_type"), at);
          assertTrue(r.<Boolean>getAs("verified"), at);
        }
        case "compound-word" -> assertTrue(lists.firstIn("financial-services", text) != null
            || lists.firstIn("legal-services", text) != null, at);
        case "refuting-repost" -> assertTrue(rumourLists.stream().allMatch(l -> lists.firstIn(l, text) == null),
            "its own words quote no rumour: " + at);
        case "fact-checker-quote" -> {
          assertNotNull(lists.firstIn("debunked-claims", text), "quotes a catalogued claim: " + at);
          assertNull(lists.firstIn("debunk-markers", text), "refutes it in words no marker list holds: " + at);
          assertTrue(Set.of("media", "institution", "government").contains(r.<String>getAs("verification_type")), at);
        }
        default -> throw new AssertionError("unknown hard-negative kind " + at);
      }
    }
    Set<String> postKinds = new TreeSet<>(LabelSchema.HARD_NEGATIVE_KINDS);
    postKinds.removeAll(List.of("official-account", "unofficial-fan-account", AccountLayout.JOURNALIST,
        AccountLayout.VERIFIED_INDIVIDUAL));
    assertEquals(postKinds, checked.keySet(), "every post hard-negative kind checked");
  }
}
