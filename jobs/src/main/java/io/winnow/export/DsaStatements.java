package io.winnow.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Turns one action row (OutputSchemas.ACTION_V1) of a run into one DSA statement of reasons. */
public final class DsaStatements {
  /** A run id longer than this is shortened in the puid (its hash keeps it distinct). */
  private static final int RUN_ID_IN_PUID_MAX = 120;

  private final DsaMapping mapping;
  private final String runId;
  private final LocalDate from;
  private final LocalDate to;

  /** Statements of the run {@code runId} over the window {@code from}..{@code to}. */
  public DsaStatements(DsaMapping mapping, String runId, LocalDate from, LocalDate to) {
    this.mapping = mapping;
    this.runId = runId;
    this.from = from;
    this.to = to;
  }

  /**
   * The platform's unique id of the decision: the window, the run and the action id. Action ids repeat across runs
   * (the same rules on the same subject give the same id), so next week's decision on the same account needs the run
   * and window to differ from this week's; a re-run of one run id over its window gives the same puid again. Characters
   * of the run id outside the puid alphabet become '-', followed by a hash of the run id so that two run ids that
   * differ only there stay distinct.
   */
  public String puid(String actionId) {
    String safe = runId.replaceAll("[^A-Za-z0-9-]", "-");
    if (!safe.equals(runId) || safe.length() > RUN_ID_IN_PUID_MAX) {
      safe = safe.substring(0, Math.min(safe.length(), RUN_ID_IN_PUID_MAX)) + "-" + sha256(runId).substring(0, 8);
    }
    return from.toString().replace("-", "") + "_" + to.toString().replace("-", "") + "_" + safe + "_" + actionId;
  }

  /**
   * The statement for one action, fields in the documented order. {@code reviewedOn} is the day a person upheld an
   * action sent to review (the decision applies from then), or null for an action decided by the run. Fields the
   * mapping cannot fill are left out; the validator then names them.
   */
  public Map<String, Object> statement(Row action, LocalDate reviewedOn) {
    String kind = action.getAs("subject_kind");
    String actionName = action.getAs("action");
    Boolean review = action.getAs("review_required");
    Object contentDate = action.getAs("content_date");
    Object decisionDate = action.getAs("decision_date");
    Integer suspendDays = action.getAs("suspend_days");

    Map<String, Object> fields = new LinkedHashMap<>(mapping.defaults());
    putAll(fields, mapping.platform(action.getAs("platform")));
    putAll(fields, mapping.subject(kind));
    putAll(fields, mapping.action(actionName));
    grounds(fields, action);
    if (contentDate != null) {
      fields.put("content_date", contentDate.toString());
    }
    LocalDate applied = reviewedOn != null ? reviewedOn
        : decisionDate == null ? null : LocalDate.parse(decisionDate.toString());
    if (applied != null) {
      fields.put("application_date", applied.toString());
      if (suspendDays != null && suspendDays > 0) {
        LocalDate end = applied.plusDays(suspendDays);
        for (String[] p : new String[][] {{"decision_account", "end_date_account_restriction"},
            {"decision_provision", "end_date_service_restriction"}, {"decision_monetary", "end_date_monetary_restriction"},
            {"decision_visibility", "end_date_visibility_restriction"}}) {
          if (fields.containsKey(p[0])) {
            fields.put(p[1], end.toString());
          }
        }
      }
    }
    fields.put("decision_facts", clip(DsaFacts.of(action, from, to), DsaSchema.FACTS_MAX));
    fields.put("automated_decision", mapping.automatedDecision(Boolean.TRUE.equals(review)));
    fields.put("puid", puid(action.getAs("action_id")));
    Map<String, Object> s = new LinkedHashMap<>();
    for (String f : DsaSchema.FIELDS) {
      Object v = fields.get(f);
      if (v != null) {
        s.put(f, v);
      }
    }
    return s;
  }

  /** Category, keywords and the ground with its explanation, from the action's category and subcategory. */
  private void grounds(Map<String, Object> fields, Row action) {
    DsaMapping.CategoryFields c = mapping.category(action.getAs("category"), action.getAs("subcategory"));
    if (c == null) {
      return;
    }
    fields.put("category", c.category());
    if (!c.keywords().isEmpty()) {
      fields.put("category_specification", c.keywords());
    }
    String explanation = clip(c.explanation() + " Rules: " + DsaFacts.rules(action) + ".", DsaSchema.EXPLANATION_MAX);
    if ("DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(fields.get("decision_ground"))) {
      fields.put("incompatible_content_ground", c.ground());
      fields.put("incompatible_content_explanation", explanation);
    } else {
      fields.put("illegal_content_legal_ground", c.ground());
      fields.put("illegal_content_explanation", explanation);
    }
  }

  private static void putAll(Map<String, Object> into, Map<String, Object> from) {
    if (from != null) {
      into.putAll(from);
    }
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
