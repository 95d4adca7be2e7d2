package io.winnow.evaluate;

import static io.winnow.TestCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.run.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a generated archive with a fixed seed, swept with the shipped rules: winnow sample, then winnow evaluate with the
 * generator's labels/, whose per-rule precision is checked against a count done here from the labels and the actions.
 * Expected values come from the data, so the test holds whatever the generator plants.
 */
class EvaluateGeneratedTest {
  static final double THREE_DECIMALS = 0.0005;
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path archive;
  static Path run;
  static TestCli.Result evaluated;
  static Path evaluation;

  static String[] local(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--master";
    all[args.length + 1] = "local[2]";
    return all;
  }

  @BeforeAll
  static void generateSweepSampleEvaluate() throws Exception {
    spark = TestSpark.session();
    archive = tmp.resolve("archive");
    TestCli.Result generated = cli(local("generate", "--posts", "4000", "--accounts", "600", "--days", "2", "--seed",
        "5", "--out", archive.toString()));
    assertEquals(0, generated.exit(), generated.err());
    TestCli.Result swept = cli(local("sweep", "--archive", archive.toString(), "--rules",
        System.getProperty("project.rules.dir", "../rules"), "--from", "2026-10-01", "--to", "2026-10-02", "--out",
        tmp.resolve("out").toString(), "--run-id", "gen"));
    assertEquals(0, swept.exit(), swept.err());
    run = tmp.resolve("out/runs/gen");
    TestCli.Result sampled = cli(local("sample", run.toString(), "--out", tmp.resolve("sample").toString(),
        "--unactioned", "5", "--seed", "5"));
    assertEquals(0, sampled.exit(), sampled.err());
    evaluated = cli(local("evaluate", run.toString(), "--labels", archive.resolve("labels").toString()));
    assertEquals(0, evaluated.exit(), evaluated.err());
    Matcher m = Pattern.compile("wrote evaluation (\\S+) ").matcher(evaluated.out());
    assertTrue(m.find(), evaluated.out());
    evaluation = Path.of(java.net.URI.create(m.group(1)));
  }

  /** Wilson's score interval: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964. */
  static double[] wilson(long correct, long n) {
    double z = 1.959963984540054;
    double p = (double) correct / n;
    double d = 1 + z * z / n;
    double centre = (p + z * z / (2 * n)) / d;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    return new double[] {p, Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * Per rule, by hand: a post or account-rule action is correct when its subject is a labelled violation of the
   * action's category and subcategory; a ladder action when every strike post behind it (evidence kind strike) is a
   * labelled violation of its category. Every action is judged (unlabelled subjects are no violation).
   */
  static Map<String, long[]> perRuleByHand() {
    Dataset<Row> labels = spark.read().parquet(archive.resolve("labels/posts").toString())
        .unionByName(spark.read().parquet(archive.resolve("labels/accounts").toString()));
    Set<String> violations = new HashSet<>();
    Set<String> postViolationsOfCategory = new HashSet<>();
    for (Row l : labels.filter("label = 'violation'").collectAsList()) {
      violations.add(l.getAs("subject_kind") + "/" + l.getAs("subject_id") + "/" + l.getAs("category") + "/"
          + l.getAs("subcategory"));
      if ("post".equals(l.getAs("subject_kind"))) {
        postViolationsOfCategory.add(l.getAs("subject_id") + "/" + l.getAs("category"));
      }
    }
    Map<String, long[]> out = new TreeMap<>();
    for (Row a : spark.read().parquet(run.resolve("actions").toString()).collectAsList()) {
      boolean correct;
      if ("account".equals(a.getAs("subject_kind")) && a.getAs("strikes") != null) {
        int strikes = 0;
        boolean all = true;
        for (Row e : a.<Row>getList(a.fieldIndex("evidence"))) {
          if ("strike".equals(e.getAs("kind"))) {
            strikes++;
            all &= postViolationsOfCategory.contains(e.getAs("value") + "/" + a.getAs("category"));
          }
        }
        correct = strikes > 0 && all;
      } else {
        correct = violations.contains(a.getAs("subject_kind") + "/" + a.getAs("subject_id") + "/"
            + a.getAs("category") + "/" + a.getAs("subcategory"));
      }
      Set<String> rules = new HashSet<>();
      for (Row r : a.<Row>getList(a.fieldIndex("rules"))) {
        rules.add(r.getString(0));
      }
      for (String rule : rules) {
        long[] c = out.computeIfAbsent(rule, k -> new long[2]);
        c[0]++;
        c[1] += correct ? 1 : 0;
      }
    }
    return out;
  }

  @Test
  void perRulePrecisionWithWilsonIntervalsMatchesAHandCount() throws Exception {
    assertTrue(evaluated.out().startsWith("labels: the generator's labels/: complete ground truth"), evaluated.out());
    Map<String, long[]> expected = perRuleByHand();
    assertFalse(expected.isEmpty(), "the shipped rules action the generated archive");

    Map<String, List<String>> written = new HashMap<>();
    List<String> lines = Files.readAllLines(evaluation.resolve("precision.csv"));
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Csv.parse(line);
      if (cells.get(0).equals("rule")) {
        written.put(cells.get(1), cells);
      }
    }
    assertEquals(expected.keySet(), written.keySet(), "precision.csv has a row per rule that actioned something");

    Map<String, String[]> printed = new HashMap<>();
    String perRule = evaluated.out().substring(evaluated.out().indexOf("precision per rule"),
        evaluated.out().indexOf("precision per subcategory"));
    Matcher m = Pattern.compile("(?m)^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s+\\[([\\d.]+), "
        + "([\\d.]+)\\]").matcher(perRule);
    while (m.find()) {
      printed.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4), m.group(6), m.group(7), m.group(8)});
    }
    assertEquals(expected.keySet(), printed.keySet(), "evaluate prints a line per rule:\n" + perRule);

    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      String rule = e.getKey();
      long n = e.getValue()[0];
      long correct = e.getValue()[1];
      double[] w = wilson(correct, n);
      List<String> csv = written.get(rule);
      assertEquals(List.of("" + n, "" + n, "" + correct), csv.subList(2, 5), rule + ": a census, every action judged");
      String[] p = printed.get(rule);
      assertEquals(List.of("" + n, "" + n, "" + correct), List.of(p[0], p[1], p[2]), rule + " printed counts");
      for (int i = 0; i < 3; i++) {
        String what = rule + " " + List.of("precision", "low", "high").get(i);
        assertEquals(w[i], Double.parseDouble(csv.get(7 + i)), THREE_DECIMALS, what + " in precision.csv");
        assertEquals(w[i], Double.parseDouble(p[3 + i]), THREE_DECIMALS, what + " printed");
      }
    }
  }

  /**
   * Only labels/posts given: complete ground truth for posts alone, so an account-rule action (its account unlabelled
   * here) is unlabelled, not wrong; the post rules keep their census.
   */
  @Test
  void postLabelsAloneLeaveAccountRuleActionsUnlabelled() throws Exception {
    Path out = tmp.resolve("posts-only");
    TestCli.Result r = cli(local("evaluate", run.toString(), "--labels", archive.resolve("labels/posts").toString(),
        "--out", out.toString()));
    assertEquals(0, r.exit(), r.err());
    Set<String> accountRules = new HashSet<>();
    Set<String> otherRules = new HashSet<>();
    for (Row a : spark.read().parquet(run.resolve("actions").toString()).collectAsList()) {
      boolean accountRule = "account".equals(a.getAs("subject_kind")) && a.getAs("strikes") == null;
      for (Row ref : a.<Row>getList(a.fieldIndex("rules"))) {
        (accountRule ? accountRules : otherRules).add(ref.getString(0));
      }
    }
    accountRules.removeAll(otherRules);
    assertFalse(accountRules.isEmpty(), "the shipped impersonation rules action accounts");
    Map<String, long[]> expected = perRuleByHand();
    List<String> lines = Files.readAllLines(out.resolve("precision.csv"));
    int checked = 0;
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Csv.parse(line);
      if (cells.get(0).equals("rule")) {
        long n = expected.get(cells.get(1))[0];
        assertEquals(accountRules.contains(cells.get(1)) ? "0" : "" + n, cells.get(3), cells.get(1) + " labelled");
        checked++;
      }
    }
    assertEquals(expected.size(), checked, "a row per rule");
  }

  /** Recall per labels.kind, by hand: of the labelled violations, those actioned in their category and subcategory. */
  @Test
  void recallPerKindMatchesAHandCount() throws Exception {
    Dataset<Row> labels = spark.read().parquet(archive.resolve("labels/posts").toString())
        .unionByName(spark.read().parquet(archive.resolve("labels/accounts").toString())).filter("label = 'violation'");
    Set<String> actioned = new HashSet<>();
    for (Row a : spark.read().parquet(run.resolve("actions").toString())
        .filter("subject_kind = 'post' OR strikes IS NULL").collectAsList()) {
      actioned.add(a.getAs("subject_kind") + "/" + a.getAs("subject_id") + "/" + a.getAs("category") + "/"
          + a.getAs("subcategory"));
    }
    Map<String, long[]> expected = new TreeMap<>();
    for (Row l : labels.collectAsList()) {
      long[] c = expected.computeIfAbsent(l.getAs("kind"), k -> new long[2]);
      c[0]++;
      c[1] += actioned.contains(l.getAs("subject_kind") + "/" + l.getAs("subject_id") + "/" + l.getAs("category")
          + "/" + l.getAs("subcategory")) ? 1 : 0;
    }
    assertFalse(expected.isEmpty(), "the generator labels violations");
    Map<String, List<String>> written = new TreeMap<>();
    List<String> lines = Files.readAllLines(evaluation.resolve("recall.csv"));
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Csv.parse(line);
      if (cells.get(0).equals("kind")) {
        written.put(cells.get(1), cells);
      }
    }
    assertEquals(expected.keySet(), written.keySet(), "a recall row per labels.kind");
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      List<String> row = written.get(e.getKey());
      double[] w = wilson(e.getValue()[1], e.getValue()[0]);
      assertEquals(e.getValue()[0], Double.parseDouble(row.get(2)), 1e-9, e.getKey() + " violations");
      assertEquals(e.getValue()[1], Double.parseDouble(row.get(3)), 1e-9, e.getKey() + " caught");
      assertEquals(w[0], Double.parseDouble(row.get(4)), THREE_DECIMALS, e.getKey() + " recall");
      assertEquals(w[1], Double.parseDouble(row.get(5)), THREE_DECIMALS, e.getKey() + " low");
    }
  }
}
