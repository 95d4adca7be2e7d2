package io.winnow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.run.RunVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a small run with hostile text, opened in headless Chromium. */
class ReportTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static Path html;
  static AuditReport.Result result;
  /** Nine different Chinese characters from p2's text. */
  static final String CJK = "听说喝盐水预防病毒";

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    run = TestRuns.sweep(spark, tmp, "report-run");
    html = tmp.resolve("report.html");
    result = new AuditReport(spark, TestSpark.settings(), TestRuns.open(run), html).execute();
  }

  @Test
  void opensInChromiumWithoutErrorsAndRendersHostileTextAsText() throws Exception {
    HeadlessChromium.Page page;
    try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("chromium-profile"))) {
      page = chromium.open(html, tmp.resolve("report.png"), CJK);
    }
    assertEquals(List.of(), page.errors(), "no console errors or exceptions while loading");
    assertEquals(0, page.activeElements(), "no script, img, handler attribute or link came from the data");
    assertTrue(page.text().contains(TestRuns.SCRIPT), "the script tag of p1 is shown as text");
    assertTrue(page.text().contains(TestRuns.IMG), "the img tag of p1 is shown as text");
    assertTrue(page.text().contains("shocking leak: the " + TestRuns.ATTR + " minister"), "the attribute breakout is text");
    assertTrue(page.dom().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped in the DOM");
    assertFalse(page.dom().toLowerCase().contains("<script"), "no script element");
    assertTrue(page.dom().contains("<mark>salt water prevents</mark>"), "evidence highlighted in the post text");
    assertTrue(Files.size(page.screenshot()) > 10_000, "a screenshot was taken");
    assertEquals(new HeadlessChromium.Glyphs(true, CJK.length(), CJK.length(), 0), page.glyphs(),
        "each Chinese character of p2 renders as its own glyph, none as the box of a missing font (install a CJK "
            + "font: bin/test installs Debian's fonts-noto-cjk)");
    byte[] png = Files.readAllBytes(page.screenshot());
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
  }

  @Test
  void summaryNumbersEqualTheRunsCounts() throws Exception {
    String doc = Files.readString(html);
    Map<String, Long> expected = new TreeMap<>();
    long all = 0;
    for (Row r : spark.read().parquet(run.resolve("counts/parquet").toString()).collectAsList()) {
      expected.merge(r.<String>getAs("action"), r.<Long>getAs("actions"), Long::sum);
      all += r.<Long>getAs("actions");
    }
    assertEquals(Map.of("close-account", 1L, "delete-post", 2L, "demonetise", 1L, "limit-visibility", 1L), expected,
        "the fixture's run: 2 posts removed, 1 limited, 1 account closed, 1 demonetised");
    String total = doc.substring(doc.indexOf("id=\"summary-total\""));
    total = total.substring(0, total.indexOf("</tr>"));
    Map<String, Long> shown = new TreeMap<>();
    Matcher m = Pattern.compile("data-action=\"([a-z-]+)\">([0-9,]+)</td>").matcher(total);
    while (m.find()) {
      shown.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
    }
    for (String[] c : AuditReport.SUMMARY_COLUMNS) {
      assertEquals(expected.getOrDefault(c[0], 0L), shown.get(c[0]), "total of " + c[0]);
    }
    assertEquals(all, shown.get("all"));
    assertEquals(1L, shown.get("review"), "close-account goes to review");
    assertEquals(5, result.actions());
    assertTrue(doc.contains("<tr data-category=\"rumour\" data-subcategory=\"fabricated-news\"><td>rumour</td>"
        + "<td>fabricated-news</td><td class=\"n\" data-action=\"delete-post\">0</td>"
        + "<td class=\"n\" data-action=\"limit-visibility\">1</td>"), "per subcategory rows");
    assertTrue(doc.contains("id=\"verification\">OK</span>"), "the untouched run verifies");
    String withoutSvgNamespace = doc.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://"), "nothing remote");
    assertFalse(doc.contains(" src=") || doc.contains("<script") || doc.contains("<link"), "no loads, no script");
  }

  /**
   * The report's verification is audit verify's: a file added under a name the old report check skipped (leading
   * underscore) and a modified counts.csv are both named, with the lines audit verify prints, and the run is FAILED.
   */
  @Test
  void verificationRunsTheChecksOfAuditVerify() throws Exception {
    Path copy = tmp.resolve("tampered/runs/report-run");
    try (Stream<Path> files = Files.walk(run)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    // one more counts row: 97 rumour posts deleted on a platform the run never saw
    Files.writeString(copy.resolve("counts/csv/counts.csv"), "rumour,debunked-claim,delete-post,elsewhere,post,97,0\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(copy.resolve("actions/_note.txt"), "not an output of the run");
    long deleted = spark.read().parquet(run.resolve("actions").toString())
        .filter("category = 'rumour' AND action = 'delete-post'").count();
    assertTrue(RunVerifier.verify(TestRuns.open(run)).ok(), "the original verifies");
    List<String> problems = RunVerifier.verify(TestRuns.open(copy)).problems();
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("modified: counts/csv/counts.csv (SHA-256 "), problems.get(0));
    assertEquals("added: actions/_note.txt", problems.get(1));
    assertEquals("counts.csv say rumour/delete-post = " + (deleted + 97) + ", the action files hold " + deleted
        + " rows", problems.get(2));

    Path tamperedHtml = tmp.resolve("tampered.html");
    AuditReport.Result r = new AuditReport(spark, TestSpark.settings(), TestRuns.open(copy), tamperedHtml).execute();
    assertFalse(r.verified(), "the tampered run does not verify");
    String doc = Files.readString(tamperedHtml);
    assertTrue(doc.contains("id=\"verification\">FAILED</span>"), "FAILED in the header");
    for (String p : problems) {
      assertTrue(doc.contains("<li class=\"bad\"><code>" + Html.esc(p) + "</code></li>"), "the report names: " + p);
    }
  }

  @Test
  void actionsAreDatedPlacedAndExplainedTruthfully() throws Exception {
    String doc = Files.readString(html);
    assertTrue(doc.contains("<tr data-category=\"rumour\" data-subcategory=\"" + AuditReport.LADDER + "\"><td>rumour"
        + "</td><td>" + AuditReport.LADDER + "</td><td class=\"n\" data-action=\"delete-post\">0</td>"
        + "<td class=\"n\" data-action=\"limit-visibility\">0</td><td class=\"n\" data-action=\"close-account\">0"
        + "</td><td class=\"n\" data-action=\"suspend\">0</td><td class=\"n\" data-action=\"demonetise\">1</td>"),
        "a1's demonetisation, from strikes, in a row of its own");
    assertTrue(doc.contains("<tr data-category=\"rumour\" data-subcategory=\"debunked-claim\"><td>rumour</td>"
        + "<td>debunked-claim</td><td class=\"n\" data-action=\"delete-post\">2</td>"
        + "<td class=\"n\" data-action=\"limit-visibility\">0</td><td class=\"n\" data-action=\"close-account\">0"
        + "</td><td class=\"n\" data-action=\"suspend\">0</td><td class=\"n\" data-action=\"demonetise\">0</td>"),
        "not under the alphabetically greatest subcategory");
    assertTrue(doc.contains("The 2 account actions are not in this chart: each is decided over the whole window"),
        "a1 and a4 are not drawn on the window's last day");
    assertTrue(doc.contains("5 rule mentions on 5 actions."), "rule counts explained");
    String perDay = doc.substring(doc.indexOf("<h3>Actions per day (dt) and category</h3>"),
        doc.indexOf("id=\"per-day-note\""));
    assertTrue(perDay.contains(">10-01</text>") && perDay.contains(">10-02</text>"), "the days of p1, p2 and p3");
    assertFalse(perDay.contains(">10-03</text>"), "no bar on the window's last day: no post was actioned then");
  }

  @Test
  void samplesAreStratifiedAndLadderActionsShowTheirStrikesAndPosts() throws Exception {
    String doc = Files.readString(html);
    List<String> strata = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("<h3 class=\"stratum\">([^<]+)</h3>").matcher(doc);
    while (m.find()) {
      strata.add(m.group(1));
    }
    assertEquals(List.of("impersonation · institution · close-account", "rumour · debunked-claim · delete-post",
        "rumour · fabricated-news · limit-visibility", "rumour · " + AuditReport.LADDER + " · demonetise"), strata);
    String ladder = doc.substring(doc.indexOf("rumour · " + AuditReport.LADDER + " · demonetise"));
    assertTrue(ladder.contains("<b class=\"strikes\">ladder: 2 strikes</b>"), "a1's strikes");
    assertTrue(ladder.contains("Posts counted as strikes (2 of 2):</span><ul><li><code>p1</code> <span class=\"text\">"
        + "Breaking: salt water prevents the virus!"), "p1 with its text");
    assertTrue(ladder.contains("<li><code>p2</code> <span class=\"text\">听说喝盐水预防病毒"), "p2 with its text");
  }

  @Test
  void rulesInDetailQuarantineShadowAndPreviousRun() throws Exception {
    String doc = Files.readString(html);
    String salt = doc.substring(doc.indexOf("<div class=\"card rule\" data-rule=\"rumour.salt\">"));
    salt = salt.substring(0, salt.indexOf("</div>"));
    assertTrue(salt.contains("<p>delete-post 2 · demonetise 1</p>"), salt);
    assertTrue(salt.contains("<tr><td>salt water prevents</td><td class=\"n\">1</td></tr>"), salt);
    assertTrue(salt.contains("<tr><td>喝盐水预防病毒</td><td class=\"n\">1</td></tr>"), salt);
    assertTrue(doc.contains("<h2 id=\"quarantine\">Quarantined rows</h2><p class=\"muted\">None"), "nothing quarantined");
    assertTrue(doc.contains("<h2 id=\"previous\">Compared with the previous run</h2><p class=\"muted\">No earlier"),
        "the only run of its OUT");
  }
}
