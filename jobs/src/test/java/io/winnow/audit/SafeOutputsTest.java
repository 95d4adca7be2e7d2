package io.winnow.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.predicate.SqlPredicates;
import io.winnow.run.Csv;
import io.winnow.run.RunCommitter;
import io.winnow.sweep.OverrideEntry;
import io.winnow.sweep.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs people open, paths built from values, rule files and the config: nothing there can run or leak. */
class SafeOutputsTest {
  @TempDir Path tmp;

  @Test
  void csvCellsCannotRunAsFormulas() {
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.cell("=HYPERLINK(\"http://x\")"));
    assertEquals("\"'+cmd\"", Csv.cell("+cmd"));
    assertEquals("\"'-1+2\"", Csv.cell("-1+2"));
    assertEquals("\"'@SUM(A1)\"", Csv.cell("@SUM(A1)"));
    assertEquals("\"'\tx\"", Csv.cell("\tx"));
    assertEquals("-12", Csv.cell("-12"), "negative numbers stay numbers");
    assertEquals("\"a,b\"", Csv.cell("a,b"));
    assertEquals("", Csv.cell(null));
    assertEquals(List.of("'=1", "a,b", ""), Csv.parse(Csv.cells("=1", "a,b", "")), "parse reads what cells wrote");
  }

  @Test
  void runIdsCannotEscapeTheOutputDirectory() {
    for (String bad : List.of("../escape", "..", ".hidden", "a/b", "a\\b", "a..b", "", " x", "x y", "a:b",
        "x".repeat(129), "run\n1")) {
      UserError e = assertThrows(UserError.class, () -> RunCommitter.validateRunId(bad), bad);
      assertTrue(e.getMessage().startsWith("invalid run id '"), e.getMessage());
    }
    assertThrows(UserError.class, () -> RunCommitter.validateRunId(null));
    for (String good : List.of("run-1", "sweep-2026-10-01-2026-10-07-20261008T000000Z", "a.b_c", "x".repeat(128))) {
      RunCommitter.validateRunId(good);
    }
  }

  @Test
  void rulePredicatesCannotRunCode() {
    assertEquals("function reflect is not allowed in where: it calls Java code", problem(
        "reflect('java.lang.Runtime', 'exec', 'rm -rf /') IS NOT NULL"));
    assertEquals("function java_method is not allowed in where: it calls Java code", problem(
        "java_method('java.lang.System', 'exit', 1) = 0"));
    assertEquals("function try_reflect is not allowed in where: it calls Java code", problem(
        "TRY_REFLECT('java.util.UUID', 'randomUUID') IS NULL"));
    assertEquals("subqueries are not allowed in where. Compare columns of post., account. and reports. only",
        problem("account.followers > (SELECT max(followers) FROM accounts)"));
    assertEquals("subqueries are not allowed in where. Compare columns of post., account. and reports. only",
        problem("EXISTS (SELECT 1)"));
    assertTrue(problem("account.followers > 1; DROP TABLE x").startsWith("where does not parse"));
  }

  private static String problem(String sql) {
    return assertThrows(SqlPredicates.InvalidPredicate.class, () -> SqlPredicates.columns(sql)).getMessage();
  }

  @Test
  void secretsAreRedactedFromTheResolvedConfig() throws Exception {
    Settings s = Settings.load(null, Map.of("winnow.spark.extra.\"spark.hadoop.fs.s3a.secret.key\"", "AKIA-SECRET",
        "winnow.spark.extra.\"spark.hadoop.fs.s3a.access.key\"", "AKIA-ID",
        "winnow.spark.extra.\"spark.some.password\"", "hunter2",
        "winnow.spark.extra.\"spark.sql.shuffle.partitions\"", "7"));
    String json = s.redactedJson();
    JsonNode extra = new ObjectMapper().readTree(json).path("spark").path("extra");
    assertEquals("<redacted>", extra.path("spark.hadoop.fs.s3a.secret.key").asText(), json);
    assertEquals("<redacted>", extra.path("spark.hadoop.fs.s3a.access.key").asText(), json);
    assertEquals("<redacted>", extra.path("spark.some.password").asText(), json);
    assertEquals("7", extra.path("spark.sql.shuffle.partitions").asText(), "other keys are kept");
    assertTrue(!json.contains("AKIA") && !json.contains("hunter2"), json);
  }

  @Test
  void overridesFileProblemsAreAllReportedWithFileAndLine() throws Exception {
    Path file = tmp.resolve("overrides.csv");
    Files.writeString(file, """
        subject_id,decision,reason,reviewer,date,rule_id,rule_version
        p1,reinstate,appeal upheld,alice,2026-10-05,rumour.salt,3
        p2,forgive,,bob,yesterday,,x
        """);
    UserError e = assertThrows(UserError.class, () -> Overrides.load(file));
    assertEquals("5 problems in the overrides file:\n"
        + file + ":3: reason is empty\n"
        + file + ":3: decision 'forgive' is not reinstate or exempt\n"
        + file + ":3: date 'yesterday' is not a date. Write YYYY-MM-DD\n"
        + file + ":3: rule_version 'x' is not a whole number\n"
        + file + ":3: rule_version without rule_id. Name the rule the version belongs to", e.getMessage());
    Files.writeString(file, """
        subject_id,decision,reason,reviewer,date,rule_id,rule_version
        p1,reinstate,appeal upheld,alice,2026-10-05,rumour.salt,3
        a9,EXEMPT,"the institution's own account, verified",bob,2026-10-06,,
        """);
    List<OverrideEntry> entries = Overrides.load(file);
    assertEquals(2, entries.size());
    assertEquals("p1 REINSTATE rumour.salt 3 overrides.csv:2", entries.get(0).subjectId() + " "
        + entries.get(0).decision() + " " + entries.get(0).ruleId() + " " + entries.get(0).ruleVersion() + " "
        + entries.get(0).origin(), "a reinstatement names the rule and version it holds for");
    assertEquals("a9 EXEMPT null null", entries.get(1).subjectId() + " " + entries.get(1).decision() + " "
        + entries.get(1).ruleId() + " " + entries.get(1).ruleVersion(), "a case-insensitive decision, no rule");
    assertEquals("the institution's own account, verified", entries.get(1).reason());
  }
}
