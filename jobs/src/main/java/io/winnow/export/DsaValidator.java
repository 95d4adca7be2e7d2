package io.winnow.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates statements of reasons as the database's batch endpoint does (see {@link DsaSchema} for the source): a
 * statement with any problem would make the database reject its whole batch.
 */
public final class DsaValidator {
  private DsaValidator() {}

  /** Every problem of a statement, each naming the action and the field; empty when it is valid. */
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
    values(s, at, out);
    String ground = (String) s.get("decision_ground");
    if ("DECISION_GROUND_ILLEGAL_CONTENT".equals(ground)) {
      requireText(s, "illegal_content_legal_ground", at, out);
      requireText(s, "illegal_content_explanation", at, out);
    } else if ("DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(ground)) {
      requireText(s, "incompatible_content_ground", at, out);
      requireText(s, "incompatible_content_explanation", at, out);
    }
    requireWhen(s, "decision_visibility", "DECISION_VISIBILITY_OTHER", "decision_visibility_other", at, out);
    requireWhen(s, "decision_monetary", "DECISION_MONETARY_OTHER", "decision_monetary_other", at, out);
    requireWhen(s, "content_type", "CONTENT_TYPE_OTHER", "content_type_other", at, out);
    requireWhen(s, "category_specification", "KEYWORD_OTHER", "category_specification_other", at, out);
    for (Map.Entry<String, Object> e : s.entrySet()) {
      int max = DsaSchema.maxLength(e.getKey());
      if (max > 0 && e.getValue() != null && e.getValue().toString().length() > max) {
        out.add(at + e.getKey() + " is longer than " + max + " characters");
      }
    }
    Object url = s.get("decision_ground_reference_url");
    if (url != null && !isUrl(url.toString())) {
      out.add(at + "decision_ground_reference_url '" + url + "' is not a URL. Write http(s)://host/path");
    }
    Object puid = s.get("puid");
    if (puid != null && !DsaSchema.PUID.matcher(puid.toString()).matches()) {
      out.add(at + "puid '" + puid + "' must be 1 to 500 characters of a-z, A-Z, 0-9, '-' and '_'");
    }
    dates(s, at, out);
    return out;
  }

  /** A URL as the database's 'url' rule takes it: http or https, a host, no spaces. */
  public static boolean isUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Known fields only; enumerated fields (and each element of array fields) take documented values only. */
  private static void values(Map<String, Object> s, String at, List<String> out) {
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
  }

  private static void dates(Map<String, Object> s, String at, List<String> out) {
    LocalDate application = date(s, "application_date", DsaSchema.MIN_APPLICATION_DATE, at, out);
    date(s, "content_date", DsaSchema.MIN_CONTENT_DATE, at, out);
    for (String f : List.of("end_date_visibility_restriction", "end_date_monetary_restriction",
        "end_date_service_restriction", "end_date_account_restriction")) {
      LocalDate end = date(s, f, LocalDate.MIN, at, out);
      if (end != null && application != null && end.isBefore(application)) {
        out.add(at + f + " " + end + " is before application_date " + application);
      }
    }
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

  private static void requireText(Map<String, Object> s, String f, String at, List<String> out) {
    if (empty(s.get(f))) {
      out.add(at + f + " is required for decision_ground " + s.get("decision_ground"));
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
      } else if (d.isAfter(DsaSchema.MAX_DATE)) {
        out.add(at + f + " " + d + " is after " + DsaSchema.MAX_DATE + ", the latest date the database takes");
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

}
