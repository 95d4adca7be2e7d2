package io.winnow.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The DSA Transparency Database's validation rules as a fixture ({@code dsa/statement-rules.json}, transcribed from the
 * database's source, see its {@code _source}), applied with Laravel's meaning of each rule. Independent of
 * {@link DsaSchema} and {@link DsaValidator}: it judges winnow's output the way the database would.
 */
final class DsaFixture {
  private static final JsonNode RULES = load();
  /** Laravel's 'url' rule, simplified: a scheme of http(s), a host, no white space. */
  private static final Pattern URL = Pattern.compile("^https?://[^\\s/?#]+\\.[^\\s/?#]+(/\\S*)?$");

  private DsaFixture() {}

  private static JsonNode load() {
    try (InputStream in = DsaFixture.class.getResourceAsStream("/dsa/statement-rules.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int batchMax() {
    return RULES.path("batch").path("max").asInt();
  }

  static int batchMin() {
    return RULES.path("batch").path("min").asInt();
  }

  /** The batch endpoint's problems with a request body: the key, 1 to 100 statements, then each statement's. */
  static List<String> batchProblems(JsonNode body) {
    List<String> out = new ArrayList<>();
    JsonNode statements = body.path(RULES.path("batch").path("key").asText());
    if (body.size() != 1 || !statements.isArray()) {
      out.add("the body is not {\"statements\": [...]}");
      return out;
    }
    if (statements.size() < batchMin() || statements.size() > batchMax()) {
      out.add("statements: " + statements.size() + " is not between " + batchMin() + " and " + batchMax());
    }
    for (int i = 0; i < statements.size(); i++) {
      for (String p : problems(statements.get(i))) {
        out.add("statement_" + i + "." + p);
      }
    }
    return out;
  }

  /** The problems of one statement, as field: rule. */
  static List<String> problems(JsonNode s) {
    List<String> out = new ArrayList<>();
    JsonNode fields = RULES.path("fields");
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.has(f)) {
        out.add(f + ": not a field of the database");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      check(e.getKey(), e.getValue(), s, out);
    }
    return out;
  }

  private static void check(String f, JsonNode rule, JsonNode s, List<String> out) {
    JsonNode v = s.get(f);
    boolean present = v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())
        && !(v.isArray() && v.isEmpty());
    if (!present) {
      if (rule.path("required").asBoolean() || requiredWithoutAll(rule, s) || requiredIf(rule, s)) {
        out.add(f + ": required");
      }
      return;
    }
    if (rule.path("array").asBoolean() != v.isArray()) {
      out.add(f + ": " + (v.isArray() ? "not an array field" : "must be an array"));
      return;
    }
    if (rule.has("in")) {
      List<String> allowed = new ArrayList<>();
      rule.get("in").forEach(a -> allowed.add(a.asText()));
      for (JsonNode x : v.isArray() ? v : List.of(v)) {
        if (!allowed.contains(x.asText())) {
          out.add(f + ": in (" + x.asText() + ")");
        }
      }
    }
    String text = v.isArray() ? null : v.asText();
    if (text != null && rule.has("max") && text.codePointCount(0, text.length()) > rule.get("max").asInt()) {
      out.add(f + ": max " + rule.get("max").asInt());
    }
    if (text != null && rule.path("url").asBoolean() && !URL.matcher(text).matches()) {
      out.add(f + ": url");
    }
    if (text != null && rule.has("regex") && !Pattern.compile(rule.get("regex").asText()).matcher(text).find()) {
      out.add(f + ": regex");
    }
    if (text != null && rule.has("date_format")) {
      date(f, rule, text, out);
    }
  }

  private static void date(String f, JsonNode rule, String text, List<String> out) {
    if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      out.add(f + ": date_format Y-m-d");
      return;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(text);
    } catch (RuntimeException e) {
      out.add(f + ": date_format Y-m-d");
      return;
    }
    if (rule.has("after_or_equal") && d.isBefore(LocalDate.parse(rule.get("after_or_equal").asText()))) {
      out.add(f + ": after_or_equal " + rule.get("after_or_equal").asText());
    }
    if (rule.has("before_or_equal") && d.isAfter(LocalDate.parse(rule.get("before_or_equal").asText()))) {
      out.add(f + ": before_or_equal " + rule.get("before_or_equal").asText());
    }
  }

  private static boolean requiredWithoutAll(JsonNode rule, JsonNode s) {
    if (!rule.has("required_without_all")) {
      return false;
    }
    for (JsonNode other : rule.get("required_without_all")) {
      JsonNode v = s.get(other.asText());
      if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
        return false;
      }
    }
    return true;
  }

  private static boolean requiredIf(JsonNode rule, JsonNode s) {
    JsonNode eq = rule.get("required_if");
    if (eq != null && eq.path("value").asText().equals(s.path(eq.path("field").asText()).asText())) {
      return true;
    }
    JsonNode in = rule.get("required_if_contains");
    if (in != null) {
      for (JsonNode x : s.path(in.path("field").asText())) {
        if (x.asText().equals(in.path("value").asText())) {
          return true;
        }
      }
    }
    return false;
  }
}
