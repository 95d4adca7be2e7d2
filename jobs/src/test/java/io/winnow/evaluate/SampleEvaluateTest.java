package io.winnow.evaluate;

import static io.winnow.TestCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestRuns;
import io.winnow.TestSpark;
import io.winnow.archive.ArchiveSchema;
import io.winnow.rules.RuleLoader;
import io.winnow.run.Csv;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow sample and winnow evaluate on a run of hostile posts: six posts of two accounts say "salt water prevents"
 * (rumour.salt, delete-post; both accounts reach the rumour ladder) behind spreadsheet formulas, quotes, commas, line
 * breaks and a right-to-left override; four harmless posts get no action; a fake disease-control account is closed
 * (sent to review).
 */
class SampleEvaluateTest {
  static final double THREE_DECIMALS = 0.0005;
  static final String HYPERLINK = "=HYPERLINK(\"http://x\",\"y\") salt water prevents the virus";
  static final String MULTILINE = "salt water prevents, \"quoted\", and\nnew lines\r\nhere";
  static final String RTL = "\u202Esalt water prevents\u202C the virus";

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path run;
  static Path sample;
  static TestCli.Result sampled;
  static String runManifestSha;

  @BeforeAll
  static void sweepAndSample() throws Exception {
    spark = TestSpark.session();
    Path rules = tmp.resolve("rules");
    TestRuns.writeRules(rules);
    Path archive = tmp.resolve("archive");
    List<Row> posts = List.of(
        post("h1", "a1", HYPERLINK, "2026-10-01"), post("h2", "a1", "+cmd salt water prevents", "2026-10-01"),
        post("h3", "a1", "-1+2 salt water prevents, truly", "2026-10-02"),
        post("h4", "a2", "@SUM(A1:A9) salt water prevents", "2026-10-01"), post("h5", "a2", MULTILINE, "2026-10-02"),
        post("h6", "a2", RTL, "2026-10-02"), post("n1", "a3", "lovely weather in Hangzhou", "2026-10-01"),
        post("n2", "a3", "\tnoodles at noon", "2026-10-01"), post("n3", "a3", "a walk by the lake", "2026-10-02"),
        post("n4", "a3", "tea, then more tea", "2026-10-02"),
        // read but quarantined (null account_id): never evaluated, so neither an action nor an unactioned subject
        post("q1", null, "salt water prevents, says nobody", "2026-10-02"));
    spark.createDataFrame(posts, ArchiveSchema.postsWithPartitions()).write().partitionBy("dt", "platform")
        .parquet(archive.resolve("posts").toString());
    List<Row> accounts = List.of(account("a1", "saltfan", "=cmd|' /C calc'!A0"), account("a2", "salty", "Salty"),
        account("a3", "walker", "Walker"), account("a4", "cdc_fake", "疾控中心 fake"));
    spark.createDataFrame(accounts, ArchiveSchema.accountsWithPartitions()).write().partitionBy("platform")
        .parquet(archive.resolve("accounts").toString());
    new Sweep(spark, TestSpark.settings(), RuleLoader.load(rules), new SweepRequest(archive.toString(),
        LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), tmp.resolve("out").toString(), "hostile",
        false, "test"), line -> { }).execute();
    run = tmp.resolve("out/runs/hostile");
    runManifestSha = sha256(run.resolve("manifest.json"));
    sample = tmp.resolve("sample");
    sampled = cli("sample", run.toString(), "--out", sample.toString(), "--per-stratum", "4", "--unactioned", "2",
        "--seed", "3", "--master", "local[2]");
    assertEquals(0, sampled.exit(), sampled.err());
  }

  static Row post(String id, String account, String text, String dt) {
    return RowFactory.create(id, account, Timestamp.valueOf(dt + " 08:00:00"), text, null, null, 1L, 0L, 0L, 10L,
        false, List.of(), List.of(), dt, "x");
  }

  static Row account(String id, String handle, String name) {
    return RowFactory.create(id, handle, name, "", Timestamp.valueOf("2020-01-01 00:00:00"), 100L, false, "none",
        List.of(), false, false, "x");
  }

  @Test
  void strataPartitionTheActionsAndTheSampleIsReproducible() throws Exception {
    Dataset<Row> sheet = spark.read().parquet(sample.resolve("sheet.parquet").toString());
    Map<String, Long> sizes = new TreeMap<>();
    Map<String, Long> drawn = new TreeMap<>();
    for (Row r : sheet.collectAsList()) {
      sizes.put(r.getAs("stratum"), r.getAs("stratum_size"));
      drawn.merge(r.getAs("stratum"), 1L, Long::sum);
    }
    assertEquals(Map.of("ladder/rumour/demonetise", 2L, "post/rumour.salt/delete-post", 6L,
        "review/account/impersonation.cdc/close-account", 1L, "unactioned/account", 1L, "unactioned/post", 4L), sizes,
        "strata and their populations (unactioned posts: n1 to n4, not q1, which was quarantined)");
    assertEquals(Map.of("ladder/rumour/demonetise", 2L, "post/rumour.salt/delete-post", 4L,
        "review/account/impersonation.cdc/close-account", 1L, "unactioned/account", 1L, "unactioned/post", 2L), drawn,
        "4 per stratum, all of a smaller one, 2 unactioned subjects of each kind");
    long actions = spark.read().parquet(run.resolve("actions").toString()).count();
    long inStrata = sizes.entrySet().stream().filter(e -> !e.getKey().startsWith("unactioned/"))
        .mapToLong(Map.Entry::getValue).sum();
    assertEquals(actions, inStrata, "every action is in exactly one stratum");
    Row ladder = sheet.filter("stratum = 'ladder/rumour/demonetise' AND subject_id = 'a1'").first();
    String strikes = ladder.getAs("strikes");
    assertTrue(strikes.startsWith("3 strikes from 3 posts\npost h1 (delete-post by rumour.salt v3, dt 2026-10-01): "
        + HYPERLINK.replace("salt water prevents", "[[salt water prevents]]")), strikes);

    Path again = tmp.resolve("sample-again");
    assertEquals(0, cli("sample", run.toString(), "--out", again.toString(), "--per-stratum", "4", "--unactioned",
        "2", "--seed", "3", "--master", "local[2]").exit());
    assertEquals(Files.readString(sample.resolve("sheet.csv")), Files.readString(again.resolve("sheet.csv")),
        "the same run and seed give the same sheet");
    String manifest = Files.readString(sample.resolve("manifest.json"));
    assertTrue(manifest.contains("\"run_manifest_sha256\" : \"" + runManifestSha + "\""), manifest);
    assertTrue(manifest.contains("\"sha256\" : \"" + sha256(sample.resolve("sheet.csv")) + "\""), manifest);
    assertTrue(sampled.out().contains("post/rumour.salt/delete-post"), sampled.out());
  }

  @Test
  void hostileTextIsNeutralisedAndEscapedInTheCsv() throws Exception {
    Dataset<Row> csv = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(sample.resolve("sheet.csv").toString());
    Map<String, String> csvText = new HashMap<>();
    for (Row r : csv.collectAsList()) {
      for (int i = 0; i < r.size(); i++) {
        String cell = r.getString(i);
        assertFalse(cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0,
            "no CSV cell starts a formula: " + cell);
        assertFalse(cell != null && cell.contains("\u202E"), "no right-to-left override in the CSV: " + cell);
      }
      csvText.put(r.getAs("subject_id"), r.getAs("text_marked"));
    }
    Map<String, String> parquetText = new HashMap<>();
    for (Row r : spark.read().parquet(sample.resolve("sheet.parquet").toString()).collectAsList()) {
      parquetText.put(r.getAs("subject_id"), r.getAs("text_marked"));
    }
    List<String> sampledHostile = new ArrayList<>();
    for (String id : List.of("h1", "h2", "h3", "h4", "h5", "h6")) {
      if (csvText.containsKey(id)) {
        sampledHostile.add(id);
      }
    }
    assertTrue(sampledHostile.size() >= 4, "4 of the 6 hostile posts are sampled: " + sampledHostile);
    Map<String, String> expected = Map.of(
        "h1", "'=HYPERLINK(\"http://x\",\"y\") [[salt water prevents]] the virus",
        "h2", "'+cmd [[salt water prevents]]",
        "h3", "'-1+2 [[salt water prevents]], truly",
        "h4", "'@SUM(A1:A9) [[salt water prevents]]",
        "h5", "[[salt water prevents]], \"quoted\", and\nnew lines\r\nhere",
        "h6", "<U+202E>[[salt water prevents]]<U+202C> the virus");
    for (String id : sampledHostile) {
      assertEquals(expected.get(id), csvText.get(id), id + " read back from the CSV");
    }
    for (String id : sampledHostile) {
      String original = Map.of("h1", HYPERLINK, "h5", MULTILINE, "h6", RTL).get(id);
      if (original != null) {
        assertEquals(original, parquetText.get(id).replace("[[", "").replace("]]", ""),
            id + ": the Parquet sheet keeps the text exactly");
      }
    }
    String raw = Files.readString(sample.resolve("sheet.csv"));
    assertTrue(raw.contains("=HYPERLINK(\"\"http://x\"\",\"\"y\"\") [[salt water prevents]] the virus"),
        "quotes doubled inside a quoted cell (h1's text is in a1's ladder row whether or not h1 is sampled)");
  }

  /**
   * Verdicts filled in by position within each stratum (sample_id order): post/rumour.salt/delete-post (6 actions, 4
   * sampled): violation, violation, not-violation, unsure -> 3 labelled, 2 correct, 1 unsure; ladder/rumour/demonetise
   * (2 of 2): violation, not-violation; review/account/impersonation.cdc/close-account (1 of 1): violation;
   * unactioned/post (4 posts, 2 sampled): violation, not-violation; unactioned/account: not reviewed.
   */
  static String verdict(String stratum, int position) {
    List<String> verdicts = stratum.startsWith("post/") ? List.of("violation", "violation", "not-violation", "unsure")
        : stratum.startsWith("ladder/") ? List.of("violation", "not-violation")
        : stratum.startsWith("review/") ? List.of("violation")
        : stratum.equals("unactioned/post") ? List.of("violation", "not-violation") : List.of();
    return position < verdicts.size() ? verdicts.get(position) : "";
  }

  static Dataset<Row> filled(Dataset<Row> sheet) {
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int verdict = List.of(sheet.columns()).indexOf("verdict");
    for (Row r : sheet.orderBy("sample_id").collectAsList()) {
      Object[] values = new Object[r.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i);
      }
      String stratum = r.getAs("stratum");
      int position = seen.merge(stratum, 1, Integer::sum) - 1;
      values[verdict] = verdict(stratum, position);
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, sheet.schema());
  }

  /** Wilson's score interval: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964. */
  static double[] wilson(double p, double n) {
    double z = 1.959963984540054;
    double d = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / d;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    return new double[] {p, Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * rumour.salt covers the post stratum (N 6, n 3, 2 correct) and the ladder stratum (N 2, n 2, 1 correct):
   * p = 6/8·2/3 + 2/8·1/2 = 0.625; var = (6/8)²·(2/3)(1/3)/3 + (2/8)²·(1/2)(1/2)/2 = 0.041667 + 0.007813 = 0.049479;
   * effective n = 0.625·0.375/0.049479 = 4.7368; Wilson: [0.240, 0.898]. All actions add the review stratum (N 1, n 1,
   * 1 correct): p = 6/9·2/3 + 2/9·1/2 + 1/9·1 = 0.6667, var = (6/9)²·(2/9)/3 + (2/9)²·(1/4)/2 = 0.039095, effective
   * n = 5.6842: [0.293, 0.906]. delete-post: Wilson(2 of 3) = [0.208, 0.939]. Recall of posts: true positives
   * 6·2/3 = 4, misses 4 unactioned · 1/2 = 2: 4/6 = 0.667.
   */
  @Test
  void aFilledSheetRoundTripsThroughEvaluate() throws Exception {
    Dataset<Row> parquet = filled(spark.read().parquet(sample.resolve("sheet.parquet").toString()));
    parquet.write().parquet(tmp.resolve("filled.parquet").toString());
    Dataset<Row> csv = filled(spark.read().option("header", "true").option("multiLine", "true")
        .option("escape", "\"").csv(sample.resolve("sheet.csv").toString()));
    csv.coalesce(1).write().option("header", "true").option("escape", "\"").csv(tmp.resolve("filled-csv").toString());

    double saltP = 6.0 / 8 * 2 / 3 + 2.0 / 8 * 1 / 2;
    double saltVar = Math.pow(6.0 / 8, 2) * (2.0 / 3) * (1.0 / 3) / 3 + Math.pow(2.0 / 8, 2) * 0.5 * 0.5 / 2;
    double[] salt = wilson(saltP, saltP * (1 - saltP) / saltVar);
    double allP = 6.0 / 9 * 2 / 3 + 2.0 / 9 * 1 / 2 + 1.0 / 9;
    double allVar = Math.pow(6.0 / 9, 2) * (2.0 / 3) * (1.0 / 3) / 3 + Math.pow(2.0 / 9, 2) * 0.25 / 2;
    double[] all = wilson(allP, allP * (1 - allP) / allVar);
    for (String labels : List.of(tmp.resolve("filled.parquet").toString(), tmp.resolve("filled-csv").toString())) {
      Path out = tmp.resolve("eval-" + labels.hashCode());
      TestCli.Result r = cli("evaluate", run.toString(), "--labels", labels, "--sample", sample.toString(), "--out",
          out.toString(), "--master", "local[2]");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith("labels: a filled review sheet"), r.out());
      Map<String, List<String>> precision = table(out.resolve("precision.csv"));
      assertPrecision(precision.get("rule/rumour.salt"), 8, 5, 3, 1, salt, labels + ": rumour.salt");
      assertPrecision(precision.get("rule/impersonation.cdc"), 1, 1, 1, 0, wilson(1, 1), labels + ": cdc");
      assertPrecision(precision.get("action/delete-post"), 6, 3, 2, 1, wilson(2.0 / 3, 3), labels + ": delete-post");
      assertPrecision(precision.get("action/demonetise"), 2, 2, 1, 0, wilson(0.5, 2), labels + ": demonetise");
      assertPrecision(precision.get("all/all"), 9, 6, 4, 1, all, labels + ": all actions");
      assertTrue(r.out().contains(String.format("%.3f  [%.3f, %.3f]", salt[0], salt[1], salt[2])), r.out());
      assertTrue(r.out().contains("unsure verdicts: 1 (excluded from precision); rows not yet reviewed: 1"), r.out());
      Map<String, List<String>> recall = table(out.resolve("recall.csv"));
      assertEquals(4.0 / 6, Double.parseDouble(recall.get("subject_kind/post").get(4)), THREE_DECIMALS,
          "recall of posts: 4 estimated true positives of 6");
    }
    assertEquals(runManifestSha, sha256(run.resolve("manifest.json")), "evaluate leaves the run's manifest alone");
  }

  /**
   * A labelled set: h1 and n1 are debunked-claim rumours, h2 is no violation, a4 an institution impersonator.
   * rumour.salt: h1 correct, h2 wrong; a1's ladder (strikes h1, h2, h3) wrong, as h2 is labelled none; a2's ladder and
   * the other posts unlabelled: 8 actions, 3 labelled, 1 correct. Recall of debunked-claim: h1 caught, n1 missed.
   */
  @Test
  void aLabelledSetGivesPrecisionRecallAndConfusion() throws Exception {
    Path set = tmp.resolve("labelled.csv");
    Files.writeString(set, "subject_kind,subject_id,category,subcategory\npost,h1,rumour,debunked-claim\n"
        + "post,h2,none,none\npost,n1,rumour,debunked-claim\naccount,a4,impersonation,institution\n");
    Path out = tmp.resolve("eval-set");
    TestCli.Result r = cli("evaluate", run.toString(), "--labels", set.toString(), "--out", out.toString(),
        "--master", "local[2]");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("labels: a labelled set"), r.out());
    Map<String, List<String>> precision = table(out.resolve("precision.csv"));
    assertPrecision(precision.get("rule/rumour.salt"), 8, 3, 1, 0, wilson(1.0 / 3, 3), "rumour.salt");
    assertPrecision(precision.get("rule/impersonation.cdc"), 1, 1, 1, 0, wilson(1, 1), "impersonation.cdc");
    Map<String, List<String>> recall = table(out.resolve("recall.csv"));
    assertEquals(List.of("2", "1", "0.500"), recall.get("subcategory/rumour/debunked-claim").subList(2, 5),
        "of 2 labelled debunked claims, 1 is actioned");
    assertTrue(Files.readString(out.resolve("confusion.csv")).contains("none,rumour/debunked-claim,1\n"),
        "h2, labelled none, was actioned as a debunked claim");
  }

  /**
   * A labelled set that names categories only (as a dataset's own rumour / non-rumour labels do): h1 and n1 are
   * rumours, h3 an impersonation, h2 none. rumour.salt: h1 correct (any rumour subcategory will do), h2 wrong (none),
   * h3 wrong (another category), a1's ladder (strikes h1, h2, h3) wrong, as only h1 of its strikes is a rumour:
   * 4 labelled, 1 correct. Recall per category: rumour 1 of 2 (n1 missed), impersonation 0 of 1 (h3 was actioned as a rumour).
   */
  @Test
  void aLabelledSetMayNameTheCategoryAlone() throws Exception {
    Path set = tmp.resolve("categories.csv");
    Files.writeString(set, "subject_kind,subject_id,category,subcategory\npost,h1,rumour,\npost,n1,rumour,\n"
        + "post,h3,impersonation,\npost,h2,none,\n");
    Path out = tmp.resolve("eval-categories");
    TestCli.Result r = cli("evaluate", run.toString(), "--labels", set.toString(), "--out", out.toString(),
        "--master", "local[2]");
    assertEquals(0, r.exit(), r.err());
    Map<String, List<String>> precision = table(out.resolve("precision.csv"));
    assertPrecision(precision.get("rule/rumour.salt"), 8, 4, 1, 0, wilson(1.0 / 4, 4), "rumour.salt");
    Map<String, List<String>> recall = table(out.resolve("recall.csv"));
    assertEquals(List.of("2", "1", "0.500"), recall.get("subcategory/rumour").subList(2, 5),
        "of 2 labelled rumours, h1 is actioned as one");
    assertEquals(List.of("1", "0"), recall.get("subcategory/impersonation").subList(2, 4),
        "h3, an impersonation, was actioned only as a rumour");
  }

  static void assertPrecision(List<String> row, long actions, long labelled, long correct, long unsure,
      double[] expected, String what) {
    assertEquals(List.of("" + actions, "" + labelled, "" + correct, "" + unsure), row.subList(2, 6),
        what + ": actions, labelled, correct, unsure");
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], Double.parseDouble(row.get(7 + i)), THREE_DECIMALS, what + " " + List.of("precision",
          "low", "high").get(i));
    }
  }

  /** A table of evaluate's CSV by "level/key". */
  static Map<String, List<String>> table(Path csv) throws Exception {
    Map<String, List<String>> out = new HashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      List<String> cells = Csv.parse(line);
      out.put(cells.get(0) + "/" + cells.get(1), cells);
    }
    return out;
  }

  @Test
  void auditVerifyChecksEvaluationsAndTheRunIsUnchanged() throws Exception {
    List<String> before = listing(run);
    Path labels = tmp.resolve("audit-labels.parquet");
    filled(spark.read().parquet(sample.resolve("sheet.parquet").toString())).write().parquet(labels.toString());
    TestCli.Result evaluated = cli("evaluate", run.toString(), "--labels", labels.toString(), "--master", "local[2]");
    assertEquals(0, evaluated.exit(), evaluated.err());
    assertEquals(before, listing(run), "no file of the run is added, removed or changed");
    assertEquals(runManifestSha, sha256(run.resolve("manifest.json")), "the run's manifest hash is the same");
    Path evaluations = tmp.resolve("out/evaluations/hostile");
    Path evaluation;
    try (Stream<Path> dirs = Files.list(evaluations)) {
      evaluation = dirs.filter(d -> evaluated.out().contains(d.getFileName().toString())).findFirst().orElseThrow();
    }
    assertTrue(Files.readString(evaluation.resolve("manifest.json")).contains("\"run_manifest_sha256\" : \""
        + runManifestSha + "\""), "the evaluation names the run's manifest hash");

    TestCli.Result ok = cli("audit", "verify", run.toString());
    assertEquals(0, ok.exit(), ok.out());
    assertTrue(ok.out().contains("evaluation"), ok.out());
    Path precision = evaluation.resolve("precision.csv");
    byte[] original = Files.readAllBytes(precision);
    Files.writeString(precision, Files.readString(precision).replaceFirst("rumour.salt", "rumour.sa1t"));
    TestCli.Result bad = cli("audit", "verify", run.toString());
    Files.write(precision, original);
    assertEquals(1, bad.exit(), bad.out());
    assertTrue(bad.out().contains("evaluation " + evaluation.getFileName() + ": modified: precision.csv"), bad.out());
    assertEquals(0, cli("audit", "verify", run.toString()).exit(), "restored, it verifies again");

    Path html = tmp.resolve("report.html");
    TestCli.Result report = cli("report", run.toString(), "--out", html.toString(), "--master", "local[2]");
    assertEquals(0, report.exit(), report.err());
    String page = Files.readString(html);
    assertTrue(page.contains("Measured accuracy") && page.contains("<code>rumour.salt</code></td><td class=\"n\">8"),
        "the report shows the evaluation's precision table");
  }

  @Test
  void badInputExitsTwoWithOneClearLine() throws Exception {
    TestCli.Result missing = cli("evaluate", tmp.resolve("nope").toString(), "--labels", "x", "--master", "local[2]");
    assertEquals(2, missing.exit());
    assertEquals("winnow: run directory " + tmp.resolve("nope") + " does not exist. Pass OUT/runs/RUN_ID (winnow runs "
        + "OUT lists them)\n", missing.err());
    TestCli.Result missingSample = cli("sample", tmp.resolve("nope").toString(), "--out", tmp.resolve("s").toString(),
        "--master", "local[2]");
    assertEquals(2, missingSample.exit());
    assertEquals(1, missingSample.err().lines().count(), missingSample.err());

    Path odd = tmp.resolve("odd.csv");
    Files.writeString(odd, "post,label\np1,bad\n");
    TestCli.Result shape = cli("evaluate", run.toString(), "--labels", odd.toString(), "--master", "local[2]");
    assertEquals(2, shape.exit());
    assertEquals(1, shape.err().lines().count(), shape.err());
    assertTrue(shape.err().startsWith("winnow: labels " + odd + " have the columns post, label, which is none of the "
        + "shapes evaluate reads. Expected a filled review sheet (sample_id, stratum, stratum_size, subject_kind, "
        + "subject_id, action_id, verdict, ...)"), shape.err());

    Path maybe = tmp.resolve("maybe.parquet");
    Dataset<Row> sheet = filled(spark.read().parquet(sample.resolve("sheet.parquet").toString()));
    String second = sheet.orderBy("sample_id").collectAsList().get(1).getAs("sample_id");
    sheet.selectExpr("*").withColumn("verdict", org.apache.spark.sql.functions.expr(
        "CASE WHEN sample_id = '" + second + "' THEN 'maybe' ELSE verdict END")).write().parquet(maybe.toString());
    TestCli.Result verdict = cli("evaluate", run.toString(), "--labels", maybe.toString(), "--master", "local[2]");
    assertEquals(2, verdict.exit());
    assertEquals("winnow: labels " + maybe + ": row " + second + ": verdict 'maybe' is not one of violation, "
        + "not-violation, unsure (leave it empty for a row not yet reviewed)\n", verdict.err());

    TestCli.Result inside = cli("sample", run.toString(), "--out", run.resolve("sample").toString(), "--master",
        "local[2]");
    assertEquals(2, inside.exit());
    assertTrue(inside.err().contains("is inside the run directory"), inside.err());
    TestCli.Result overwrite = cli("sample", run.toString(), "--out", sample.toString(), "--master", "local[2]");
    assertEquals(2, overwrite.exit());
    assertTrue(overwrite.err().contains("already holds a review sheet"), overwrite.err());
  }

  static List<String> listing(Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(dir.relativize(f) + " " + sha256(f));
      }
    }
    return out;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
