package io.winnow.sweep;

import io.winnow.engine.CompiledRules;
import io.winnow.model.Rule;
import io.winnow.text.NormalizedText;
import io.winnow.text.TermMatcher;
import io.winnow.text.TextNormalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.api.java.UDF3;

/**
 * Whether a repost amplifies what it reposts under a rule, judged by its own words: the text before the first
 * {@code //@} (on Weibo, what follows is the chain of earlier reposters' words). A repost whose own words meet one of
 * the rule's exemptions (a refutation: "假消息也发，良心何在？") does not amplify ({@link CompiledRules#holdsOnRepost});
 * with endorsement phrases, only a repost whose own words add nothing (no letter or digit) or hold one of them does,
 * and a comment of any other kind ("真的假的？") does not.
 */
final class RepostWords implements UDF3<String, String, String, Boolean> {
  private final SubjectRules rules;
  private final List<String> endorsements;
  private transient CompiledRules compiled;
  private transient Map<String, Integer> ruleIndex;
  private transient TermMatcher endorsing;

  RepostWords(SubjectRules rules, List<String> endorsements) {
    this.rules = rules;
    this.endorsements = List.copyOf(endorsements);
  }

  @Override
  public Boolean call(String text, String title, String ruleId) {
    if (compiled == null) {
      compiled = rules.compiled();
      ruleIndex = new HashMap<>();
      List<Rule> evaluated = compiled.rules();
      for (int i = 0; i < evaluated.size(); i++) {
        ruleIndex.put(evaluated.get(i).id(), i);
      }
      endorsing = endorsements.isEmpty() ? null : TermMatcher.build(endorsements, TextNormalizer.shared());
    }
    String own = ownWords(text);
    Integer rule = ruleIndex.get(ruleId);
    if (rule != null && !compiled.holdsOnRepost(rule, new String[] {own, title})) {
      return false;
    }
    if (endorsing == null) {
      return true;
    }
    NormalizedText words = TextNormalizer.shared().normalize(own);
    return own.codePoints().noneMatch(Character::isLetterOrDigit) || !endorsing.scan(words).isEmpty();
  }

  /** {@link #ownWords} as a Spark column (the text pass keeps only a repost's own words). */
  static org.apache.spark.sql.Column ownWordsColumn(org.apache.spark.sql.Column text) {
    return org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.substring_index(text, "//@", 1),
        org.apache.spark.sql.functions.lit(""));
  }

  /** The repost's own words: its text up to the first {@code //@}, the start of the chain it forwards. */
  static String ownWords(String text) {
    if (text == null) {
      return "";
    }
    int chain = text.indexOf("//@");
    return chain < 0 ? text : text.substring(0, chain);
  }
}
