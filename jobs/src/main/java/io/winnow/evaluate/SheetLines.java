package io.winnow.evaluate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The lines of a review sheet, told from action rows, their evidence and the subjects' texts. */
final class SheetLines {
  private final Map<String, Map<String, String>> texts;
  private final Map<String, Row> strikePosts;
  private final String unavailable;
  private final List<ReviewSheet.Line> lines = new ArrayList<>();

  /**
   * @param texts       "KIND/PLATFORM/ID" -> field -> text, from the archive
   * @param strikePosts "CATEGORY/POST_ID" -> the run's action on that post
   * @param unavailable why the archive's texts are missing, or null
   */
  SheetLines(Map<String, Map<String, String>> texts, Map<String, Row> strikePosts, String unavailable) {
    this.texts = texts;
    this.strikePosts = strikePosts;
    this.unavailable = unavailable;
  }

  /** The text fields of the subjects with these ids, in one join: "KIND/PLATFORM/ID" -> field -> text. */
  static Map<String, Map<String, String>> texts(SparkSession spark, Dataset<Row> subjects, String idColumn,
      Set<String> ids, List<String> fields) {
    Map<String, Map<String, String>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    String kind = idColumn.equals("post_id") ? "post" : "account";
    Dataset<Row> wanted = spark.createDataFrame(ids.stream().map(RowFactory::create).toList(),
        new StructType().add("_id", DataTypes.StringType));
    List<String> columns = new ArrayList<>(List.of(idColumn, "platform"));
    columns.addAll(fields);
    for (Row r : subjects.join(broadcast(wanted), col(idColumn).equalTo(col("_id")), "left_semi")
        .selectExpr(columns.toArray(String[]::new)).collectAsList()) {
      Map<String, String> f = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        f.put(fields.get(i), r.getString(i + 2));
      }
      out.put(kind + "/" + r.getString(1) + "/" + r.getString(0), f);
    }
    return out;
  }

  List<ReviewSheet.Line> lines() {
    return List.copyOf(lines);
  }

  void action(Row a, Sampler.StratumSize size) {
    String kind = a.getAs("subject_kind");
    String subject = a.getAs("subject_id");
    String platform = a.getAs("platform");
    List<Row> evidence = a.getList(a.fieldIndex("evidence"));
    List<String> readable = new ArrayList<>();
    List<String> predicates = new ArrayList<>();
    Set<String> strikes = new TreeSet<>();
    for (Row e : evidence) {
      String rule = e.getAs("rule_id");
      switch (String.valueOf(e.<String>getAs("kind"))) {
        case "predicate" -> predicates.add(rule + ": " + e.getAs("field") + " = " + e.getAs("value"));
        case "strike" -> strikes.add(e.getAs("value"));
        default -> readable.add(rule + ": " + e.getAs("kind") + " in " + e.getAs("field") + " \"" + e.getAs("value")
            + "\"" + (e.getAs("start") == null ? "" : " [" + e.getAs("start") + ", " + e.getAs("end") + ")")
            + (e.getAs("excerpt") == null ? "" : " [[" + e.getAs("excerpt") + "]]"));
      }
    }
    Integer strikeCount = a.getAs("strikes");
    String strikesText = strikeCount == null ? null : strikes(a, strikeCount, strikes);
    lines.add(new ReviewSheet.Line(nextId(), size.stratum(), size.population(), size.sampled(), kind, subject,
        a.getAs("account_id"), platform, a.getAs("dt"), a.getAs("category"), a.getAs("subcategory"),
        a.getAs("action"), a.getAs("action_id"), rules(a), a.getAs("review_required"),
        marked(kind, platform, subject, evidence), String.join("\n", readable), String.join("\n", predicates),
        strikesText));
  }

  void unactioned(Row r, String kind, Sampler.StratumSize size, List<String> fields) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String field : fields) {
      f.put(field, r.getAs(field));
    }
    lines.add(new ReviewSheet.Line(nextId(), size.stratum(), size.population(), size.sampled(), kind, r.getString(0),
        r.getAs("account_id"), r.getAs("platform"), kind.equals("post") ? r.getAs("dt") : null, null, null, null,
        null, null, null, fieldsMarked(kind, f, Map.of()), null, null, null));
  }

  private String nextId() {
    return String.format("s%05d", lines.size() + 1);
  }

  private static String rules(Row a) {
    List<String> ids = new ArrayList<>();
    for (Row ref : a.<Row>getList(a.fieldIndex("rules"))) {
      ids.add(ref.getString(0) + " v" + ref.get(1));
    }
    return String.join(", ", ids);
  }

  /** The posts behind a ladder action: each with its action, rules and text, its matched spans marked. */
  private String strikes(Row a, int count, Set<String> posts) {
    StringBuilder out = new StringBuilder(count + " strikes from " + posts.size() + " posts");
    for (String post : posts) {
      Row p = strikePosts.get(a.getAs("category") + "/" + post);
      out.append("\npost ").append(post);
      if (p != null) {
        out.append(" (").append((String) p.getAs("action")).append(" by ").append(rules(p)).append(", dt ")
            .append((String) p.getAs("dt")).append("): ")
            .append(marked("post", a.getAs("platform"), post, p.getList(p.fieldIndex("evidence"))));
      }
    }
    return out.toString();
  }

  /** The subject's text fields with every matched span marked; the evidence excerpts when the archive is gone. */
  private String marked(String kind, String platform, String subject, List<Row> evidence) {
    Map<String, List<Marking.Span>> spans = new HashMap<>();
    List<String> excerpts = new ArrayList<>();
    for (Row e : evidence) {
      if (e.getAs("start") != null && e.getAs("end") != null && e.getAs("field") != null) {
        spans.computeIfAbsent(e.getAs("field"), k -> new ArrayList<>())
            .add(new Marking.Span(e.<Integer>getAs("start"), e.<Integer>getAs("end")));
        excerpts.add(e.getAs("field") + ": [[" + e.getAs("excerpt") + "]]");
      }
    }
    Map<String, String> fields = texts.get(kind + "/" + platform + "/" + subject);
    if (fields == null) {
      return (unavailable != null ? "(" + unavailable + "; evidence excerpts only)\n" : "")
          + String.join("\n", excerpts);
    }
    return fieldsMarked(kind, fields, spans);
  }

  /** A post's text alone when it has no title; otherwise, and for accounts, one "field: text" line per field. */
  private static String fieldsMarked(String kind, Map<String, String> fields, Map<String, List<Marking.Span>> spans) {
    List<String> parts = new ArrayList<>();
    boolean titled = fields.get("title") != null && !fields.get("title").isEmpty();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (f.getValue() == null || f.getValue().isEmpty()) {
        continue;
      }
      String text = Marking.marked(f.getValue(), spans.getOrDefault(f.getKey(), List.of()));
      parts.add(kind.equals("post") && !titled ? text : f.getKey() + ": " + text);
    }
    return String.join("\n", parts);
  }
}
