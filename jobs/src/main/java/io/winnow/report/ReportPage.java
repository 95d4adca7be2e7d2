package io.winnow.report;

import static io.winnow.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.run.RunVerifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** Renders the report's HTML from data already collected; no Spark work happens here. */
final class ReportPage {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Source Han Sans SC",
        "PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK JP",sans-serif;
        margin:0 auto;max-width:1180px;padding:24px;color:#1b1b1b;background:#fff}
      h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd}
      h3{font-size:15px;margin:18px 0 6px}
      table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
      th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f4f6f8} td.n{text-align:right} tr.total td{font-weight:600;background:#fafafa}
      .ok{color:#0a6b2a;font-weight:600} .bad{color:#b00020;font-weight:600}
      .muted{color:#666} .lbl{font-size:12px;fill:#222} .val{font-size:11px;fill:#444}
      mark{background:#ffe066;padding:0 1px} .text{white-space:pre-wrap;word-break:break-word;max-width:720px}
      .card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:10px 0}
      code{font-size:12px;background:#f4f6f8;padding:0 3px;word-break:break-all}
      .charts{display:flex;flex-wrap:wrap;gap:24px}
      """;

  /**
   * Aggregates of the run's actions: the summary rows (category, subcategory — ladder actions under
   * {@link AuditReport#LADDER} — action, actions, review_required), post actions per day and category, the number of
   * account actions, the top rules, how many rule mentions the actions carry, and how many strike posts to show.
   */
  record Tables(List<Row> summary, List<Object[]> perDay, long accountActions, List<Object[]> topRules,
      long ruleMentions, int strikePostsShown) {}

  private final String runId;
  private final JsonNode manifest;
  private final RunVerifier.Result verification;
  private final List<Row> counts;
  private final Tables tables;
  private final List<Row> samples;
  private final Map<String, Map<String, String>> originals;
  private final EvaluationSection evaluation;
  private final RuleDrillDown drillDown;
  private final RunContext context;
  /** The ledger section of a --ledger run, else null. */
  private LedgerSection ledger;

  /** {@code evaluation}: the run's newest evaluation, or null when it has none. */
  ReportPage(String runId, JsonNode manifest, RunVerifier.Result verification, List<Row> counts, Tables tables,
      List<Row> samples, Map<String, Map<String, String>> originals, EvaluationSection evaluation,
      RuleDrillDown drillDown, RunContext context) {
    this.runId = runId;
    this.manifest = manifest;
    this.verification = verification;
    this.counts = counts;
    this.tables = tables;
    this.samples = samples;
    this.originals = originals;
    this.evaluation = evaluation;
    this.drillDown = drillDown;
    this.context = context;
  }

  /** Adds the section of a --ledger run (already in force, reversals) after the summary. */
  ReportPage withLedger(LedgerSection section) {
    this.ledger = section;
    return this;
  }

  String render() {
    JsonNode m = manifest;
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            + "img-src data:\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>winnow run ").append(esc(runId)).append("</title><style>").append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>Enforcement report — run <code>").append(esc(runId)).append("</code></h1>")
        .append("<p class=\"muted\">Window ").append(esc(m.path("window").path("from").asText())).append(" to ")
        .append(esc(m.path("window").path("to").asText())).append(" · rule set <code>")
        .append(esc(abbrev(m.path("rule_set").path("hash").asText()))).append("</code> · ")
        .append(m.path("shadow").asBoolean() ? "shadow run · " : "")
        .append("verification: ").append(verification.ok() ? "<span class=\"ok\" id=\"verification\">OK</span>"
            : "<span class=\"bad\" id=\"verification\">FAILED</span>").append("</p>\n");
    summary(b);
    if (ledger != null) {
      ledger.render(b);
    }
    charts(b);
    rules(b);
    drillDown.render(b);
    if (evaluation != null) {
      evaluation.render(b);
    }
    samples(b);
    context.render(b);
    metadata(b, m);
    verification(b);
    return b.append("</body></html>\n").toString();
  }

  /** Per category and subcategory: posts removed, posts limited, accounts closed, lesser account penalties by kind. */
  private void summary(StringBuilder b) {
    b.append("<h2 id=\"summary\">Summary</h2><p class=\"muted\">Actions issued by this run, per category and "
        + "subcategory, in the shape of a transparency report. Sent to review: actions that a person confirms before "
        + "they take effect. Ladder actions (account penalties for strikes) have a row of their own per category: "
        + "the strikes behind one can come from posts of several subcategories.</p>");
    Map<String, Map<String, Long>> bySub = new TreeMap<>();
    Map<String, Long> reviewBySub = new TreeMap<>();
    for (Row r : tables.summary()) {
      String key = r.getAs("category") + "\u0000" + r.getAs("subcategory");
      bySub.computeIfAbsent(key, k -> new TreeMap<>()).merge(r.getAs("action"), r.<Long>getAs("actions"), Long::sum);
      reviewBySub.merge(key, r.<Long>getAs("review_required"), Long::sum);
    }
    b.append("<table id=\"summary-table\"><thead><tr><th>Category</th><th>Subcategory</th>");
    for (String[] c : AuditReport.SUMMARY_COLUMNS) {
      b.append("<th>").append(esc(c[1])).append("</th>");
    }
    b.append("<th>All actions</th><th>Sent to review</th></tr></thead><tbody>");
    Map<String, Long> totals = new LinkedHashMap<>();
    long all = 0;
    long review = 0;
    for (Map.Entry<String, Map<String, Long>> e : bySub.entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      b.append("<tr data-category=\"").append(esc(k[0])).append("\" data-subcategory=\"").append(esc(k[1]))
          .append("\"><td>").append(esc(k[0])).append("</td><td>").append(esc(k[1])).append("</td>");
      long rowAll = 0;
      for (String[] c : AuditReport.SUMMARY_COLUMNS) {
        long v = e.getValue().getOrDefault(c[0], 0L);
        totals.merge(c[0], v, Long::sum);
        b.append(cell(c[0], v));
      }
      for (long v : e.getValue().values()) {
        rowAll += v;
      }
      all += rowAll;
      review += reviewBySub.getOrDefault(e.getKey(), 0L);
      b.append(cell("all", rowAll)).append(cell("review", reviewBySub.getOrDefault(e.getKey(), 0L))).append("</tr>");
    }
    b.append("<tr class=\"total\" id=\"summary-total\"><td colspan=\"2\">All categories</td>");
    for (String[] c : AuditReport.SUMMARY_COLUMNS) {
      b.append(cell(c[0], totals.getOrDefault(c[0], 0L)));
    }
    b.append(cell("all", all)).append(cell("review", review)).append("</tr></tbody></table>");
    List<String> other = new ArrayList<>();
    for (Row r : counts) {
      String a = r.getAs("action");
      if (AuditReport.SUMMARY_COLUMNS.stream().noneMatch(c -> c[0].equals(a)) && !other.contains(a)) {
        other.add(a);
      }
    }
    if (!other.isEmpty()) {
      b.append("<p class=\"muted\">Other actions, counted in All actions: ").append(esc(String.join(", ", other)))
          .append("</p>");
    }
  }

  private static String cell(String action, long v) {
    return "<td class=\"n\" data-action=\"" + esc(action) + "\">" + String.format("%,d", v) + "</td>";
  }

  private void charts(StringBuilder b) {
    b.append("<h2 id=\"charts\">Charts</h2><div class=\"charts\"><div><h3>Actions per category</h3>")
        .append(Svg.bars("Actions per category", AuditReport.sum(counts, "category")))
        .append("</div><div><h3>Actions per platform</h3>")
        .append(Svg.bars("Actions per platform", AuditReport.sum(counts, "platform")))
        .append("</div><div><h3>Actions per action kind</h3>")
        .append(Svg.bars("Actions per action kind", AuditReport.sum(counts, "action")))
        .append("</div><div><h3>Actions per day (dt) and category</h3>")
        .append(Svg.stacked("Post actions per day and category", Svg.xs(tables.perDay()), Svg.pivot(tables.perDay())))
        .append("<p class=\"muted\" id=\"per-day-note\">Post actions by the day of the post. The ")
        .append(String.format("%,d", tables.accountActions()))
        .append(" account actions are not in this chart: each is decided over the whole window, not on a day of it."
            + "</p></div></div>");
  }

  private void rules(StringBuilder b) {
    long actions = tables.summary().stream().mapToLong(r -> r.<Long>getAs("actions")).sum();
    b.append("<h2 id=\"rules\">Top rules by actions</h2><p class=\"muted\" id=\"rules-note\">An action lists every "
        + "rule that fired on its subject (a ladder action, every rule behind its strikes), so the rule counts can add "
        + "up to more than the actions: ").append(String.format("%,d", tables.ruleMentions()))
        .append(" rule mentions on ").append(String.format("%,d", actions)).append(" actions.</p>")
        .append("<table><thead><tr><th>Rule</th><th>Version</th><th>Actions</th></tr></thead><tbody>");
    for (Object[] r : tables.topRules()) {
      b.append("<tr><td><code>").append(esc(r[0])).append("</code></td><td class=\"n\">").append(esc(r[1]))
          .append("</td><td class=\"n\">").append(String.format("%,d", ((Number) r[2]).longValue()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private void samples(StringBuilder b) {
    b.append("<h2 id=\"samples\">Sample actions with evidence</h2><p class=\"muted\">Chosen at random (a seeded "
        + "hash of the action id, winnow.report.seed) within each category, subcategory and action, ladder actions "
        + "apart; the same run and seed show the same samples.</p>");
    if (originals.containsKey("_unavailable")) {
      b.append("<p class=\"muted\">The archive named in the manifest could not be read (")
          .append(esc(originals.get("_unavailable").get("reason")))
          .append("); the evidence excerpts are shown without their context.</p>");
    }
    String stratum = null;
    for (Row r : samples) {
      String s = r.getAs("category") + " · " + r.getAs("_stratum") + " · " + r.getAs("action");
      if (!s.equals(stratum)) {
        b.append("<h3 class=\"stratum\">").append(esc(s)).append("</h3>");
        stratum = s;
      }
      String kind = r.getAs("subject_kind");
      String subject = r.getAs("subject_id");
      b.append("<div class=\"card sample\" data-action-id=\"").append(esc(r.getAs("action_id"))).append("\">")
          .append("<div><b>").append(esc(r.getAs("action")));
      Integer days = r.getAs("suspend_days");
      if (days != null) {
        b.append(" (").append(days).append(" days)");
      }
      b.append("</b> · ").append(esc(kind)).append(" <code>").append(esc(subject)).append("</code> · account <code>")
          .append(esc(r.getAs("account_id"))).append("</code> · ").append(esc(r.getAs("platform"))).append(" · ")
          .append(esc(r.getAs("subcategory"))).append(" · severity ").append(esc(r.getAs("severity")));
      if (Boolean.TRUE.equals(r.getAs("review_required"))) {
        b.append(" · <b>review required</b>");
      }
      Integer strikes = r.getAs("strikes");
      if (strikes != null) {
        b.append(" · <b class=\"strikes\">ladder: ").append(strikes).append(" strikes</b>");
      }
      b.append("<br><span class=\"muted\">action <code>").append(esc(r.getAs("action_id"))).append("</code> · rules ");
      List<Row> rules = r.getList(r.fieldIndex("rules"));
      List<String> ruleNames = new ArrayList<>();
      for (Row ref : rules == null ? List.<Row>of() : rules) {
        ruleNames.add(ref.getAs("rule_id") + " v" + ref.getAs("rule_version"));
      }
      b.append(esc(String.join(", ", ruleNames))).append("</span></div>");

      List<Row> evidence = r.getList(r.fieldIndex("evidence"));
      Map<String, List<Html.Span>> spans = new LinkedHashMap<>();
      b.append("<table class=\"evidence\"><thead><tr><th>Rule</th><th>Kind</th><th>Field</th><th>Value</th>"
          + "<th>Excerpt</th></tr></thead><tbody>");
      for (Row e : evidence == null ? List.<Row>of() : evidence) {
        Integer start = e.getAs("start");
        Integer end = e.getAs("end");
        String field = e.getAs("field");
        if (start != null && end != null && field != null) {
          spans.computeIfAbsent(field, k -> new ArrayList<>()).add(new Html.Span(start, end));
        }
        String excerpt = e.getAs("excerpt");
        b.append("<tr><td><code>").append(esc(e.getAs("rule_id"))).append("</code></td><td>").append(esc(e.getAs("kind")))
            .append("</td><td>").append(esc(field)).append("</td><td>").append(esc(e.getAs("value"))).append("</td><td>")
            .append(excerpt == null ? "" : "<mark>" + esc(excerpt) + "</mark>")
            .append(start == null ? "" : " <span class=\"muted\">[" + start + ", " + end + ")</span>")
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
      Map<String, String> original = originals.get(kind + "/" + subject);
      if (original != null) {
        for (Map.Entry<String, String> f : original.entrySet()) {
          if (f.getValue() == null || f.getValue().isEmpty()) {
            continue;
          }
          b.append("<div><span class=\"muted\">").append(esc(f.getKey())).append(":</span> <div class=\"text\">")
              .append(Html.highlight(f.getValue(), spans.getOrDefault(f.getKey(), List.of()))).append("</div></div>");
        }
      }
      strikePosts(b, r);
      b.append("</div>");
    }
  }

  /** The posts a ladder action counted as strikes, with their text when the archive is readable. */
  private void strikePosts(StringBuilder b, Row r) {
    List<String> posts = AuditReport.strikePosts(r, tables.strikePostsShown());
    if (posts.isEmpty()) {
      return;
    }
    List<Row> evidence = r.getList(r.fieldIndex("evidence"));
    long all = evidence.stream().filter(e -> "strike".equals(e.getAs("kind"))).map(e -> e.getAs("value")).distinct()
        .count();
    b.append("<div class=\"strike-posts\"><span class=\"muted\">Posts counted as strikes (")
        .append(posts.size()).append(" of ").append(all).append("):</span><ul>");
    for (String id : posts) {
      Map<String, String> text = originals.get("post/" + id);
      b.append("<li><code>").append(esc(id)).append("</code>");
      if (text != null && text.get("text") != null) {
        b.append(" <span class=\"text\">").append(esc(text.get("text"))).append("</span>");
      }
      b.append("</li>");
    }
    b.append("</ul></div>");
  }

  private void metadata(StringBuilder b, JsonNode m) {
    b.append("<h2 id=\"metadata\">Run metadata</h2><table>");
    row(b, "Run id", m.path("run_id").asText());
    row(b, "Window", m.path("window").path("from").asText() + " to " + m.path("window").path("to").asText());
    row(b, "Started", m.path("started").asText());
    row(b, "Ended", m.path("ended").asText());
    row(b, "User / host", m.path("user").asText() + " @ " + m.path("host").asText());
    row(b, "Command line", m.path("command_line").asText());
    row(b, "Archive", m.path("archive").asText());
    row(b, "Input files", Integer.toString(m.path("inputs").size()));
    row(b, "Rule set hash", m.path("rule_set").path("hash").asText());
    row(b, "Rules", Integer.toString(m.path("rule_set").path("rules").size()));
    row(b, "Config source", m.path("config_source").asText());
    row(b, "Versions", m.path("versions").toString());
    row(b, "Output schema", m.path("output_schema_version").asText());
    row(b, "Findings", m.path("findings").asText());
    for (var it = m.path("row_accounting").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode a = e.getValue();
      row(b, "Rows: " + e.getKey(), "read " + a.path("read").asText() + " = evaluated " + a.path("evaluated").asText()
          + " + quarantined " + a.path("quarantined").asText());
    }
    StringBuilder stages = new StringBuilder();
    for (var it = m.path("stage_millis").fields(); it.hasNext(); ) {
      var e = it.next();
      stages.append(e.getKey()).append(' ').append(String.format("%.1f s", e.getValue().asLong() / 1000.0));
      if (it.hasNext()) {
        stages.append(" · ");
      }
    }
    row(b, "Stage timings", stages.toString());
    b.append("</table>");
  }

  /** The checks of {@code winnow audit verify}, with every problem it names. */
  private void verification(StringBuilder b) {
    b.append("<h2 id=\"verification-section\">Verification</h2><p>The checks of <code>winnow audit verify</code>: ")
        .append(verification.files()).append(" output files re-hashed (SHA-256) and their rows counted against "
            + "manifest.json, manifest.json against _SUCCESS, no file added, row accounting, counts against the "
            + "action rows");
    if (verification.evaluations() > 0) {
      b.append(", ").append(verification.evaluations()).append(" evaluation")
          .append(verification.evaluations() == 1 ? "" : "s").append(" against their manifests");
    }
    b.append(". Result: ").append(verification.ok() ? "<span class=\"ok\">OK</span>"
        : "<span class=\"bad\">FAILED</span>").append("</p>");
    if (!verification.ok()) {
      b.append("<ul id=\"problems\">");
      verification.problems().forEach(p -> b.append("<li class=\"bad\"><code>").append(esc(p)).append("</code></li>"));
      b.append("</ul>");
    }
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  private static String abbrev(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
