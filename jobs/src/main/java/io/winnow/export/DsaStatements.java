package io.winnow.export;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/** Turns one action row (OutputSchemas.ACTION_V1) into one DSA statement of reasons, and validates statements. */
public final class DsaStatements {
  private static final LocalDate MIN_CONTENT_DATE = LocalDate.parse("2000-01-01");
  private static final LocalDate MIN_APPLICATION_DATE = LocalDate.parse("2020-01-01");

  private final DsaMapping mapping;

  public DsaStatements(DsaMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * The statement for one action, fields in the documented order. Fields the mapping cannot fill are left out; the
   * validator then names them.
   */
  public Map<String, Object> statement(Row action) {
    Map<String, Object> s = new LinkedHashMap<>();
    String actionId = action.getAs("action_id");
    String kind = action.getAs("subject_kind");
    String category = action.getAs("category");
    String subcategory = action.getAs("subcategory");
    String actionName = action.getAs("action");
    Boolean review = action.getAs("review_required");
    Object contentDate = action.getAs("content_date");
    Object decisionDate = action.getAs("decision_date");
    Integer suspendDays = action.getAs("suspend_days");

    Map<String, Object> fields = new LinkedHashMap<>(mapping.defaults());
    Map<String, Object> subject = mapping.subject(kind);
    if (subject != null) {
      fields.putAll(subject);
    }
    Map<String, Object> act = mapping.action(actionName);
    if (act != null) {
      fields.putAll(act);
    }
    DsaMapping.CategoryFields c = mapping.category(category, subcategory);
    if (c != null) {
      fields.put("category", c.category());
      if (!c.keywords().isEmpty()) {
        fields.put("category_specification", c.keywords());
      }
      if ("DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(fields.get("decision_ground"))) {
        fields.put("incompatible_content_ground", c.ground());
        fields.put("incompatible_content_explanation", clip(c.explanation() + " Rules: " + rules(action) + ".",
            DsaSchema.EXPLANATION_MAX));
      } else {
        fields.put("illegal_content_legal_ground", c.ground());
        fields.put("illegal_content_explanation", clip(c.explanation() + " Rules: " + rules(action) + ".",
            DsaSchema.EXPLANATION_MAX));
      }
    }
    if (contentDate != null) {
      fields.put("content_date", contentDate.toString());
    }
    if (decisionDate != null) {
      fields.put("application_date", decisionDate.toString());
      if (suspendDays != null && suspendDays > 0) {
        LocalDate end = LocalDate.parse(decisionDate.toString()).plusDays(suspendDays);
        for (String[] p : new String[][] {{"decision_account", "end_date_account_restriction"},
            {"decision_provision", "end_date_service_restriction"}, {"decision_monetary", "end_date_monetary_restriction"},
            {"decision_visibility", "end_date_visibility_restriction"}}) {
          if (fields.containsKey(p[0])) {
            fields.put(p[1], end.toString());
          }
        }
      }
    }
    fields.put("decision_facts", clip(facts(action, kind), DsaSchema.FACTS_MAX));
    fields.put("automated_decision", mapping.automatedDecision(Boolean.TRUE.equals(review)));
    fields.put("puid", actionId);
    for (String f : DsaSchema.FIELDS) {
      Object v = fields.get(f);
      if (v != null) {
        s.put(f, v);
      }
    }
    return s;
  }

  /** Every problem of a statement, each naming the action (puid) and the field; empty when it is valid. */
  public static List<String> problems(Map<String, Object> s, String actionId) {
    List<String> out = new ArrayList<>();
    String at = "action " + actionId + ": field ";
    for (String f : DsaSchema.REQUIRED) {
      if (empty(s.get(f))) {
        out.add(at + f + " is required but has no value" + hint(f));
      }
    }
    if (DsaSchema.DECISIONS.stream().allMatch(f -> empty(s.get(f)))) {
      out.add(at + "decision_visibility/decision_monetary/decision_provision/decision_account: one is required. "
          + "Map the action in conf/dsa.conf (dsa.actions)");
    }
    for (Map.Entry<String, Object> e : s.entrySet()) {
      String f = e.getKey();
      if (!DsaSchema.FIELDS.contains(f)) {
        out.add(at + f + " is not a DSA statement field");
        continue;
      }
      Set<String> allowed = DsaSchema.allowed(f);
      if (DsaSchema.ARRAY_FIELDS.contains(f)) {
        if (!(e.getValue() instanceof Collection<?> list) || list.isEmpty()) {
          out.add(at + f + " must be a non-empty array");
          continue;
        }
        for (Object v : list) {
          if (allowed != null && !allowed.contains(String.valueOf(v))) {
            out.add(at + f + " has '" + v + "', not a documented value");
          }
        }
        if (new LinkedHashSet<>(list).size() != list.size()) {
          out.add(at + f + " repeats a value");
        }
      } else if (allowed != null && !allowed.contains(String.valueOf(e.getValue()))) {
        out.add(at + f + " is '" + e.getValue() + "', not a documented value");
      }
    }
    String ground = (String) s.get("decision_ground");
    if ("DECISION_GROUND_ILLEGAL_CONTENT".equals(ground)) {
      requireText(s, "illegal_content_legal_ground", DsaSchema.SHORT_TEXT_MAX, at, out);
      requireText(s, "illegal_content_explanation", DsaSchema.EXPLANATION_MAX, at, out);
    } else if ("DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(ground)) {
      requireText(s, "incompatible_content_ground", DsaSchema.SHORT_TEXT_MAX, at, out);
      requireText(s, "incompatible_content_explanation", DsaSchema.EXPLANATION_MAX, at, out);
    }
    requireWhen(s, "decision_visibility", "DECISION_VISIBILITY_OTHER", "decision_visibility_other", at, out);
    requireWhen(s, "decision_monetary", "DECISION_MONETARY_OTHER", "decision_monetary_other", at, out);
    requireWhen(s, "content_type", "CONTENT_TYPE_OTHER", "content_type_other", at, out);
    requireWhen(s, "category_specification", "KEYWORD_OTHER", "category_specification_other", at, out);
    Object facts = s.get("decision_facts");
    if (facts != null && facts.toString().length() > DsaSchema.FACTS_MAX) {
      out.add(at + "decision_facts is longer than " + DsaSchema.FACTS_MAX + " characters");
    }
    Object puid = s.get("puid");
    if (puid != null && !DsaSchema.PUID.matcher(puid.toString()).matches()) {
      out.add(at + "puid '" + puid + "' must be 1 to 500 characters of a-z, A-Z, 0-9, '-' and '_'");
    }
    LocalDate application = date(s, "application_date", MIN_APPLICATION_DATE, at, out);
    date(s, "content_date", MIN_CONTENT_DATE, at, out);
    for (String f : List.of("end_date_visibility_restriction", "end_date_monetary_restriction",
        "end_date_service_restriction", "end_date_account_restriction")) {
      LocalDate end = date(s, f, MIN_APPLICATION_DATE, at, out);
      if (end != null && application != null && end.isBefore(application)) {
        out.add(at + f + " " + end + " is before application_date " + application);
      }
    }
    return out;
  }

  private static String hint(String field) {
    return switch (field) {
      case "category" -> ". Map the category in conf/dsa.conf (dsa.categories)";
      case "content_type" -> ". Map the subject kind in conf/dsa.conf (dsa.subjects)";
      case "content_date" -> ". The action has no content_date (account actions take the account's created_at from "
          + "the archive named in manifest.json)";
      default -> ". Set it in conf/dsa.conf (dsa.defaults)";
    };
  }

  private static void requireText(Map<String, Object> s, String f, int max, String at, List<String> out) {
    Object v = s.get(f);
    if (empty(v)) {
      out.add(at + f + " is required for decision_ground " + s.get("decision_ground"));
    } else if (v.toString().length() > max) {
      out.add(at + f + " is longer than " + max + " characters");
    }
  }

  private static void requireWhen(Map<String, Object> s, String field, String value, String other, String at,
      List<String> out) {
    Object v = s.get(field);
    boolean has = v instanceof Collection<?> c ? c.contains(value) : value.equals(v);
    if (has && empty(s.get(other))) {
      out.add(at + other + " is required when " + field + " is " + value);
    }
  }

  private static LocalDate date(Map<String, Object> s, String f, LocalDate min, String at, List<String> out) {
    Object v = s.get(f);
    if (v == null) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(v.toString());
      if (!v.toString().matches("\\d{4}-\\d{2}-\\d{2}")) {
        out.add(at + f + " '" + v + "' is not YYYY-MM-DD");
      } else if (d.isBefore(min)) {
        out.add(at + f + " " + d + " is before " + min);
      }
      return d;
    } catch (DateTimeParseException e) {
      out.add(at + f + " '" + v + "' is not YYYY-MM-DD");
      return null;
    }
  }

  private static boolean empty(Object v) {
    return v == null || (v instanceof String str && str.isBlank()) || (v instanceof Collection<?> c && c.isEmpty());
  }

  private static String rules(Row action) {
    List<Row> refs = action.getList(action.fieldIndex("rules"));
    if (refs == null || refs.isEmpty()) {
      return "none recorded";
    }
    return refs.stream().map(r -> r.getAs("rule_id") + " v" + r.getAs("rule_version")).collect(Collectors.joining(", "));
  }

  /**
   * The facts relied on, from the evidence. No post text and no handles: the database takes no personal data
   * (Article 24(5)); the matched phrase comes from the rule's own list, not from the user.
   */
  static String facts(Row action, String kind) {
    StringBuilder b = new StringBuilder();
    String ruleSet = action.getAs("rule_set_hash");
    b.append("Detected by automated rules (").append(rules(action)).append("; rule set ")
        .append(ruleSet == null ? "unknown" : ruleSet.substring(0, Math.min(12, ruleSet.length())))
        .append(") in ").append("post".equals(kind) ? "a post" : "an account profile").append('.');
    Integer strikes = action.getAs("strikes");
    if (strikes != null) {
      b.append(" The account had ").append(strikes).append(" actioned posts in this category within the window.");
    }
    List<Row> evidence = action.getList(action.fieldIndex("evidence"));
    if (evidence != null) {
      Set<String> seen = new LinkedHashSet<>();
      for (Row e : evidence) {
        String k = e.getAs("kind");
        String field = e.getAs("field");
        String value = e.getAs("value");
        String line = switch (k == null ? "" : k) {
          case "term" -> "matched the listed phrase \"" + value + "\" in " + field;
          case "near" -> "matched the phrase \"" + value + "\" close to a phrase of the paired list in " + field;
          case "regex" -> "matched the pattern " + value + " in " + field;
          case "similar-to" -> "repeats the debunked claim " + value + " in " + field;
          case "name-like" -> "resembles the protected name " + value + " in " + field;
          case "predicate" -> "condition on " + field + " held (value " + value + ")";
          case "strike" -> null;
          default -> k + " evidence on " + field;
        };
        if (line != null) {
          seen.add(line);
        }
      }
      if (!seen.isEmpty()) {
        b.append(" Evidence: ").append(String.join("; ", seen)).append('.');
      }
    }
    return b.toString();
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
