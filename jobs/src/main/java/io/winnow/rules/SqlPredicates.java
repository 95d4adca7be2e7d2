package io.winnow.rules;

import io.winnow.archive.ArchiveSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses {@code where} predicates with Spark's own SQL parser (no session needed) and checks the columns they read.
 * Predicates are expressions only: no subqueries or commands can be written, so a rule file cannot run code.
 */
public final class SqlPredicates {
  private SqlPredicates() {}

  /** Report aggregates a predicate can read, computed per subject over the sweep window. */
  public static final List<String> REPORT_COLUMNS = List.of("distinct_reporters", "reports");

  /** The columns a predicate may read, per qualifier. */
  public static final Map<String, List<String>> COLUMNS = Map.of(
      "post", names(ArchiveSchema.postsWithPartitions().fields()),
      "account", names(ArchiveSchema.accountsWithPartitions().fields()),
      "reports", REPORT_COLUMNS);

  /** Thrown for a predicate that does not parse or reads an unknown column; the message says which and the fix. */
  public static final class InvalidPredicate extends Exception {
    public InvalidPredicate(String message) {
      super(message);
    }
  }

  /** Parses {@code sql} and returns the qualified columns it reads ({@code account.followers}), in order of first use. */
  public static List<String> columns(String sql) throws InvalidPredicate {
    Expression expression;
    try {
      expression = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // Scala throws ParseException undeclared
      String first = e.getMessage().lines().findFirst().orElse("syntax error");
      throw new InvalidPredicate("where does not parse: " + first + ". Write a Spark SQL boolean expression");
    }
    Set<String> found = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    collect(expression, found, problems);
    if (!problems.isEmpty()) {
      throw new InvalidPredicate(String.join("; ", problems));
    }
    return List.copyOf(found);
  }

  /** Functions that call arbitrary Java code; a rule file must not be able to run code. */
  private static final Set<String> FORBIDDEN_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  private static void collect(Expression e, Set<String> found, List<String> problems) {
    if (e instanceof SubqueryExpression) {
      problems.add("subqueries are not allowed in where. Compare columns of post., account. and reports. only");
      return;
    }
    if (e instanceof UnresolvedFunction function) {
      String name = String.join(".", CollectionConverters.asJava(function.nameParts())).toLowerCase(Locale.ROOT);
      if (FORBIDDEN_FUNCTIONS.contains(name)) {
        problems.add("function " + name + " is not allowed in where: it calls Java code");
      }
    }
    if (e instanceof UnresolvedAttribute attribute) {
      List<String> parts = CollectionConverters.asJava(attribute.nameParts());
      String name = String.join(".", parts);
      if (parts.size() != 2 || !COLUMNS.containsKey(parts.get(0))) {
        problems.add("unknown column '" + name + "'. Qualify columns with post., account. or reports.");
      } else if (!COLUMNS.get(parts.get(0)).contains(parts.get(1))) {
        problems.add("unknown column '" + name + "'. Known " + parts.get(0) + " columns: "
            + String.join(", ", COLUMNS.get(parts.get(0))));
      } else {
        found.add(name);
      }
      return;
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      collect(child, found, problems);
    }
  }

  private static List<String> names(StructField[] fields) {
    List<String> out = new ArrayList<>();
    for (StructField f : fields) {
      out.add(f.name());
    }
    return List.copyOf(out);
  }
}
