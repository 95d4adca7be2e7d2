package io.winnow.audit;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow explain}: an action told from its evidence, as text for a person: the decision, the rules with their
 * versions and descriptions, each term with the text around it and the matched span marked [[like this]], the column
 * values a predicate read, and for ladder actions the strikes (the account's actioned posts) and the ladder step.
 */
public final class Explainer {
  private static final int CONTEXT = 40;

  private final SparkSession spark;
  private final RunFiles run;
  private final JsonNode manifest;

  public Explainer(SparkSession spark, RunFiles run) {
    this.spark = spark;
    this.run = run;
    this.manifest = run.committedManifest();
  }

  private Dataset<Row> actions() {
    return spark.read().parquet(new org.apache.hadoop.fs.Path(run.dir(), "actions").toString());
  }

  public String action(String actionId) {
    List<Row> rows = actions().filter(col("action_id").equalTo(actionId)).collectAsList();
    if (rows.isEmpty()) {
      throw new UserError("no action " + actionId + " in " + run.dir() + ". Action ids are the action_id column of "
          + "actions/; --subject ID explains every action on a subject");
    }
    return explain(rows.get(0));
  }

  /**
   * Every action on the subject with this id; on {@code platform} only when it is given (a subject is (platform, id):
   * the same id on two platforms is two subjects, and the output says so when it holds both).
   */
  public String subject(String subjectId, String platform) {
    org.apache.spark.sql.Column which = col("subject_id").equalTo(subjectId);
    if (platform != null) {
      which = which.and(col("platform").equalTo(platform));
    }
    List<Row> rows = actions().filter(which).orderBy("platform", "category", "action_id").collectAsList();
    if (rows.isEmpty()) {
      return "no action on subject " + subjectId + (platform == null ? "" : " on platform " + platform) + " in run "
          + manifest.path("run_id").asText() + "\n";
    }
    StringBuilder out = new StringBuilder();
    java.util.Set<String> platforms = new java.util.TreeSet<>();
    rows.forEach(r -> platforms.add(r.getAs("platform")));
    if (platforms.size() > 1) {
      out.append("subject ").append(subjectId).append(" is ").append(platforms.size()).append(" subjects, one per ")
          .append("platform (").append(String.join(", ", platforms)).append("); pass --platform to see one\n\n");
    }
    for (Row r : rows) {
      out.append(explain(r)).append('\n');
    }
    return out.toString();
  }

  private String explain(Row a) {
    StringBuilder out = new StringBuilder();
    String kind = a.getAs("subject_kind");
    String subject = a.getAs("subject_id");
    out.append("action ").append((String) a.getAs("action_id")).append(" in run ").append((String) a.getAs("run_id"))
        .append(" (rule set ").append(((String) a.getAs("rule_set_hash")).substring(0, 12)).append(")\n");
    out.append("  subject    ").append(kind).append(' ').append(subject);
    if (kind.equals("post")) {
      out.append(" by account ").append((String) a.getAs("account_id"));
    }
    out.append(", platform ").append((String) a.getAs("platform")).append(", dt ").append((String) a.getAs("dt"))
        .append('\n');
    Integer days = a.getAs("suspend_days");
    out.append("  decision   ").append((String) a.getAs("category")).append(" / ")
        .append((String) a.getAs("subcategory")).append(": ").append((String) a.getAs("action"))
        .append(days == null ? "" : " " + days + " days").append(", severity ").append((String) a.getAs("severity"))
        .append(", review required: ").append(Boolean.TRUE.equals(a.getAs("review_required")) ? "yes" : "no")
        .append('\n');
    out.append("  dates      content ").append(String.valueOf(a.<Object>getAs("content_date"))).append(", decided ")
        .append(String.valueOf(a.<Object>getAs("decision_date"))).append('\n');
    out.append("  rules\n");
    Map<String, JsonNode> rules = new HashMap<>();
    for (JsonNode r : manifest.path("rule_set").path("rules")) {
      rules.put(r.path("id").asText(), r);
    }
    for (Row ref : a.<Row>getList(a.fieldIndex("rules"))) {
      JsonNode r = rules.get(ref.getString(0));
      out.append("    ").append(ref.getString(0)).append(" v").append(ref.getInt(1));
      if (r != null) {
        out.append(" (").append(r.path("origin").asText()).append("): ").append(r.path("description").asText());
      }
      out.append('\n');
    }
    List<Row> evidence = a.getList(a.fieldIndex("evidence"));
    Map<String, String> texts = kind.equals("post") ? postText(subject, a.getAs("dt"), a.getAs("platform"))
        : Map.of();
    List<String> strikes = new ArrayList<>();
    out.append("  evidence\n");
    for (Row e : evidence) {
      String rule = e.getString(0);
      switch (e.getString(1)) {
        case "term" -> {
          out.append("    ").append(rule).append("  term \"").append(e.getString(3)).append("\" in ")
              .append(e.getString(2)).append(" [").append(e.get(4)).append(", ").append(e.get(5)).append(")");
          String text = texts.get(e.getString(2));
          out.append(": ").append(text != null ? marked(text, e.getInt(4), e.getInt(5))
              : "[[" + e.getString(6) + "]]").append('\n');
        }
        case "predicate" -> out.append("    ").append(rule).append("  predicate read ").append(e.getString(2))
            .append(" = ").append(e.getString(3)).append('\n');
        case "strike" -> strikes.add(e.getString(3));
        default -> out.append("    ").append(rule).append("  ").append(e.getString(1)).append(' ')
            .append(e.getString(2)).append(" = ").append(e.getString(3)).append('\n');
      }
    }
    if (!strikes.isEmpty()) {
      out.append(ladder(a, strikes));
    }
    return out.toString();
  }

  /** The strikes (post actions of the account in this category) and the ladder step they reached. */
  private String ladder(Row a, List<String> strikes) {
    StringBuilder out = new StringBuilder();
    String category = a.getAs("category");
    Map<String, Row> posts = new TreeMap<>();
    for (Row r : actions().filter(col("subject_kind").equalTo("post").and(col("category").equalTo(category))
        .and(col("subject_id").isin(strikes.toArray()))).collectAsList()) {
      posts.put(r.getAs("subject_id"), r);
    }
    // The policy's strikes (the action's strikes column): the summed severity weights of the posts, rounded down,
    // which is the post count only when every weight is 1.
    Integer total = a.getAs("strikes");
    int strikeCount = total != null ? total : strikes.size();
    out.append("  ladder     ").append(strikeCount).append(" strikes in ").append(category)
        .append(" within the window")
        .append(strikeCount == strikes.size() ? "" : " (" + strikes.size() + " posts, their severity weights summed)")
        .append('\n');
    int i = 1;
    for (String post : strikes.stream().sorted().toList()) {
      Row p = posts.get(post);
      out.append("    strike ").append(i++).append(": post ").append(post);
      if (p != null) {
        List<String> ids = new ArrayList<>();
        for (Row ref : p.<Row>getList(p.fieldIndex("rules"))) {
          ids.add(ref.getString(0) + " v" + ref.getInt(1));
        }
        out.append(" (").append((String) p.getAs("action")).append(" by ").append(String.join(", ", ids))
            .append(", dt ").append((String) p.getAs("dt")).append(", action ").append((String) p.getAs("action_id"))
            .append(')');
      }
      out.append('\n');
    }
    JsonNode steps = manifest.path("rule_set").path("policy").path(category).path("ladder");
    for (JsonNode s : steps) {
      boolean reached = strikeCount >= s.path("strikes").asInt();
      out.append("    step ").append(s.path("strikes").asInt()).append(" strikes -> ").append(s.path("action").asText())
          .append(s.path("days").isNull() || s.path("days").isMissingNode() ? "" : " " + s.path("days").asInt()
              + " days").append(reached ? "  (reached)" : "").append('\n');
    }
    return out.toString();
  }

  /** The post's text fields read back from the archive, when it is still there; empty when not. */
  private Map<String, String> postText(String postId, String dt, String platform) {
    try {
      JsonNode mapping = manifest.path("config").path("columns").path("posts");
      String id = mapping.path("post_id").asText("post_id");
      String archive = manifest.path("archive").asText();
      Dataset<Row> posts = spark.read().parquet(archive + "/posts/dt=" + dt + "/platform=" + platform);
      Map<String, String> out = new HashMap<>();
      List<String> columns = List.of(posts.columns());
      for (Row r : posts.filter(col(id).equalTo(postId)).limit(1).collectAsList()) {
        for (String field : List.of("text", "title")) {
          String c = mapping.path(field).asText(field);
          if (columns.contains(c)) {
            out.put(field, r.getAs(c));
          }
        }
      }
      return out;
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /** The text around [start, end) with the span marked: "...before [[span]] after...". */
  static String marked(String text, int start, int end) {
    if (start < 0 || end > text.length() || start > end) {
      return "(span " + start + ".." + end + " is outside the current text: the archive changed)";
    }
    int from = Math.max(0, start - CONTEXT);
    int to = Math.min(text.length(), end + CONTEXT);
    return (from > 0 ? "…" : "") + text.substring(from, start).replace('\n', ' ') + "[[" + text.substring(start, end)
        + "]]" + text.substring(end, to).replace('\n', ' ') + (to < text.length() ? "…" : "");
  }
}
