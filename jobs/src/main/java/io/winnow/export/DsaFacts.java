package io.winnow.export;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The facts and circumstances of one decision (decision_facts), true and minimal: which rules fired on what (a post,
 * the account's profile, or the account's posts counted as strikes), and the kind of evidence. It never quotes post
 * text, handles, names or values read from the account: the database takes no personal data (Article 24(5) DSA), and a
 * protected person's name matched in a handle is personal data of that person. A phrase is quoted only when it comes
 * from a rule's own list and was found in a post.
 */
final class DsaFacts {
  private DsaFacts() {}

  static String of(Row action, LocalDate from, LocalDate to) {
    StringBuilder b = new StringBuilder();
    List<Row> evidence = action.getList(action.fieldIndex("evidence"));
    Set<String> strikePosts = new LinkedHashSet<>();
    Set<String> found = new LinkedHashSet<>();
    boolean post = "post".equals(action.getAs("subject_kind"));
    if (evidence != null) {
      for (Row e : evidence) {
        if ("strike".equals(e.getAs("kind"))) {
          strikePosts.add(e.getAs("value"));
        } else {
          String line = post ? inPost(e) : inProfile(e);
          if (line != null) {
            found.add(line);
          }
        }
      }
    }
    String rules = rules(action);
    String ruleSet = action.getAs("rule_set_hash");
    String set = ruleSet == null ? "" : "; rule set " + ruleSet.substring(0, Math.min(12, ruleSet.length()));
    if (post) {
      b.append("Automated rules (").append(rules).append(set).append(") detected this post.");
    } else if (!found.isEmpty()) {
      b.append("Automated rules (").append(rules).append(set).append(") detected this in the account's profile.");
    } else {
      b.append("Automated rules (").append(rules).append(set).append(") actioned posts of this account.");
    }
    if (!found.isEmpty()) {
      String joined = String.join("; ", found);
      b.append(' ').append(Character.toUpperCase(joined.charAt(0))).append(joined.substring(1)).append('.');
    }
    Integer strikes = action.getAs("strikes");
    if (strikes != null) {
      b.append(' ').append(strikePosts.size()).append(strikePosts.size() == 1 ? " post" : " posts")
          .append(" of the account in this category counted as strikes between ").append(from).append(" and ")
          .append(to).append("; their severity weights sum to ").append(strikes)
          .append(" (rounded down), which reaches the category's step for this action.");
    }
    return b.toString();
  }

  /** Evidence found in a post: a listed phrase may be quoted (it is the rule's, not the user's). */
  private static String inPost(Row e) {
    String kind = e.getAs("kind");
    String value = e.getAs("value");
    String field = field(e.getAs("field"));
    return switch (kind == null ? "" : kind) {
      case "term" -> "the " + field + " contains the listed phrase \"" + value + "\"";
      case "near" -> "the " + field + " contains the listed phrase \"" + value + "\" close to a phrase of a paired list";
      case "regex" -> "the " + field + " matches a pattern of the rule";
      case "similar-to" -> "the " + field + " repeats a claim of the rule's catalogue of debunked claims"
          + score(value);
      case "name-like" -> "the " + field + " resembles a name on the rule's protected list";
      case "predicate" -> "a condition of the rule on " + field + " held";
      case "repost" -> "the post reposts a post that was actioned";
      default -> null;
    };
  }

  /** Evidence found in an account's profile: never quoted (names and handles are personal data). */
  private static String inProfile(Row e) {
    String kind = e.getAs("kind");
    String field = field(e.getAs("field"));
    return switch (kind == null ? "" : kind) {
      case "term", "near" -> "the account's " + field + " contains a phrase from the rule's list";
      case "regex" -> "the account's " + field + " matches a pattern of the rule";
      case "name-like" -> "the account's " + field + " resembles a name on the rule's protected list";
      case "similar-to" -> "the account's " + field + " repeats a claim of the rule's catalogue";
      case "predicate" -> "a condition of the rule on the account's " + field + " held";
      default -> null;
    };
  }

  /** The similarity of a similar-to hit, from its evidence value {@code "<claim id> (score 0.87)"}. */
  private static String score(String value) {
    if (value == null) {
      return "";
    }
    int at = value.lastIndexOf("(score ");
    return at < 0 ? "" : " (similarity " + value.substring(at + 7).replace(")", "") + ")";
  }

  private static String field(String field) {
    return field == null ? "content" : field.replace('_', ' ').replace("account.", "");
  }

  static String rules(Row action) {
    List<Row> refs = action.getList(action.fieldIndex("rules"));
    if (refs == null || refs.isEmpty()) {
      return "none recorded";
    }
    return refs.stream().map(r -> r.getAs("rule_id") + " v" + r.getAs("rule_version"))
        .collect(Collectors.joining(", "));
  }
}
