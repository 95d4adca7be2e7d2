package io.winnow.predicate;

import io.winnow.archive.ArchiveSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.FunctionIdentifier$;
import org.apache.spark.sql.catalyst.analysis.AnsiTypeCoercion$;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.analysis.TypeCoercion$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Cast$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.RuntimeReplaceable;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Unevaluable;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.BooleanType$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses {@code where} predicates with Spark's own SQL parser (no session needed), checks the columns they read and
 * their types against the archive schema. Predicates are expressions only: no subqueries or commands can be written,
 * so a rule file cannot run code.
 *
 * <p>{@link #resolve} turns a parsed predicate into an expression Spark can evaluate without a session: columns are
 * replaced by the caller (typed attributes for the type check, literals to evaluate an example), functions come from
 * Spark's built-in registry and Spark's own type-coercion rules insert the casts the analyzer would.
 */
public final class SqlPredicates {
  private SqlPredicates() {}

  /**
   * Report aggregates a predicate can read, computed per subject over the sweep window: distinct reporters that pass
   * the brigading guard of policy.conf, and every report filed.
   */
  public static final List<String> REPORT_COLUMNS = List.of("distinct_reporters", "raw_reports");

  /** The columns a predicate may read, per qualifier, with their types. */
  public static final Map<String, Map<String, DataType>> TYPES = Map.of(
      "post", types(ArchiveSchema.postsWithPartitions().fields()),
      "account", types(ArchiveSchema.accountsWithPartitions().fields()),
      "reports", reportTypes());

  /** The columns a predicate may read, per qualifier. */
  public static final Map<String, List<String>> COLUMNS = Map.of(
      "post", List.copyOf(TYPES.get("post").keySet()),
      "account", List.copyOf(TYPES.get("account").keySet()),
      "reports", REPORT_COLUMNS);

  /** Thrown for a predicate that does not parse or reads an unknown column; the message says which and the fix. */
  public static final class InvalidPredicate extends Exception {
    public InvalidPredicate(String message) {
      super(message);
    }
  }

  /** Type of a qualified column ({@code account.followers}), null when unknown. */
  public static DataType type(String qualified) {
    int dot = qualified.indexOf('.');
    Map<String, DataType> table = dot < 0 ? null : TYPES.get(qualified.substring(0, dot));
    return table == null ? null : table.get(qualified.substring(dot + 1));
  }

  /** What an example may give for a column, by the column's type; lets the rule loader check values without Spark. */
  public enum ValueKind { WHOLE_NUMBER, BOOLEAN, STRING_LIST, TIMESTAMP, STRING }

  /** The kind of value a qualified column holds, null when the column is unknown. */
  public static ValueKind valueKind(String qualified) {
    DataType type = type(qualified);
    if (type == null) {
      return null;
    } else if (type instanceof LongType) {
      return ValueKind.WHOLE_NUMBER;
    } else if (type instanceof BooleanType) {
      return ValueKind.BOOLEAN;
    } else if (type instanceof ArrayType) {
      return ValueKind.STRING_LIST;
    } else if (type instanceof TimestampType) {
      return ValueKind.TIMESTAMP;
    }
    return ValueKind.STRING;
  }

  public static Expression parse(String sql) throws InvalidPredicate {
    try {
      return CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // Scala throws ParseException undeclared
      String first = e.getMessage().lines().findFirst().orElse("syntax error");
      throw new InvalidPredicate("where does not parse: " + first + ". Write a Spark SQL boolean expression");
    }
  }

  /**
   * Parses {@code sql}, checks its columns and types, and returns the qualified columns it reads
   * ({@code account.followers}), in order of first use.
   */
  public static List<String> columns(String sql) throws InvalidPredicate {
    Expression expression = parse(sql);
    Set<String> found = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    collect(expression, found, problems);
    if (!problems.isEmpty()) {
      throw new InvalidPredicate(String.join("; ", problems));
    }
    typeCheck(expression);
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
    for (Expression child : children(e)) {
      collect(child, found, problems);
    }
  }

  /** Checks types the way Spark's analyzer would, with columns typed by the archive schema. */
  private static void typeCheck(Expression parsed) throws InvalidPredicate {
    Expression typed = resolve(parsed, name -> new AttributeReference(name, type(name), true, Metadata.empty(),
        NamedExpression$.MODULE$.newExprId(), CollectionConverters.asScala(List.<String>of()).toList()));
    List<String> problems = new ArrayList<>();
    typeProblems(typed, problems);
    if (problems.isEmpty() && !typed.dataType().equals(BooleanType$.MODULE$)) {
      problems.add("where must be a true/false condition, this one gives a " + typed.dataType().simpleString()
          + ". Compare it, e.g. account.followers >= 10000");
    }
    if (!problems.isEmpty()) {
      throw new InvalidPredicate("type error: " + String.join("; ", problems));
    }
  }

  private static void typeProblems(Expression e, List<String> problems) {
    int before = problems.size();
    for (Expression child : children(e)) {
      typeProblems(child, problems);
    }
    if (problems.size() > before) {
      return; // report the innermost problem only
    }
    if (e instanceof Cast cast && cast.getTagValue(Cast$.MODULE$.USER_SPECIFIED_CAST()).isEmpty()
        && cast.child() instanceof AttributeReference column && column.dataType() instanceof StringType
        && !(cast.dataType() instanceof StringType)) {
      String name = column.name();
      if (cast.dataType().equals(BooleanType$.MODULE$)) {
        problems.add(name + " is a string, not true/false, so it cannot be used with NOT, AND or OR. Compare it,"
            + " e.g. " + name + " = 'value'");
      } else if (cast.dataType() instanceof NumericType) {
        problems.add(name + " is a string and is compared with a number. Compare it with a quoted string, e.g. "
            + name + " = 'value'");
      } else {
        problems.add(name + " is a string and is used as a " + cast.dataType().simpleString()
            + ". Compare it with a quoted string");
      }
      return;
    }
    if (!e.resolved() && e.childrenResolved()) {
      TypeCheckResult check = e.checkInputDataTypes();
      if (check.isFailure()) {
        problems.add(e.sql() + ": " + mismatch(check) + ". Compare values of the same type");
      } else if (e instanceof UnresolvedFunction f) {
        problems.add("unknown function " + f.prettyName() + ". Use a Spark SQL built-in function");
      } else {
        problems.add(e.sql() + " cannot be checked without Spark's analyzer. Write it with columns, literals and"
            + " built-in functions");
      }
    }
  }

  private static String mismatch(TypeCheckResult check) {
    if (check instanceof TypeCheckResult.DataTypeMismatch m) {
      Map<String, String> params = new LinkedHashMap<>(CollectionConverters.asJava(m.messageParameters()));
      List<String> parts = new ArrayList<>();
      params.forEach((k, v) -> parts.add(k + " " + v));
      return m.errorSubClass().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + String.join(", ", parts) + ")";
    }
    if (check instanceof TypeCheckResult.TypeCheckFailure f) {
      return f.message();
    }
    return check.toString();
  }

  /**
   * Replaces columns with {@code column.apply("account.followers")}, looks up built-in functions and applies Spark's
   * type coercion and runtime replacements, so the result is what the analyzer would give for these inputs.
   */
  public static Expression resolve(Expression parsed, Function<String, Expression> column) throws InvalidPredicate {
    Expression bound = bind(parsed, column);
    List<Rule<LogicalPlan>> rules = CollectionConverters.asJava(SQLConf.get().ansiEnabled()
        ? AnsiTypeCoercion$.MODULE$.typeCoercionRules() : TypeCoercion$.MODULE$.typeCoercionRules());
    LogicalPlan plan = new Filter(bound, new OneRowRelation());
    for (int pass = 0; pass < 20; pass++) {
      LogicalPlan before = plan;
      for (Rule<LogicalPlan> rule : rules) {
        plan = rule.apply(plan);
      }
      if (plan.fastEquals(before)) {
        break;
      }
    }
    return replaceRuntime(((Filter) plan).condition());
  }

  private static Expression bind(Expression e, Function<String, Expression> column) throws InvalidPredicate {
    if (e instanceof UnresolvedAttribute attribute) {
      return column.apply(String.join(".", CollectionConverters.asJava(attribute.nameParts())));
    }
    List<Expression> children = new ArrayList<>();
    for (Expression child : children(e)) {
      children.add(bind(child, column));
    }
    if (e instanceof UnresolvedFunction f) {
      String name = String.join(".", CollectionConverters.asJava(f.nameParts())).toLowerCase(Locale.ROOT);
      if (f.isDistinct() || f.filter().isDefined()) {
        throw new InvalidPredicate("function " + name + " with DISTINCT or FILTER is an aggregate; where reads one row");
      }
      try {
        return (Expression) FunctionRegistry$.MODULE$.builtin().lookupFunction(
            FunctionIdentifier$.MODULE$.apply(name), CollectionConverters.asScala(children).toList());
      } catch (Exception ex) { // AnalysisException, undeclared in Scala
        String first = String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
        throw new InvalidPredicate("function " + name + ": " + first + ". Use a Spark SQL built-in function");
      }
    }
    return children.isEmpty() ? e : (Expression) e.withNewChildren(CollectionConverters.asScala(children).toList());
  }

  private static Expression replaceRuntime(Expression e) {
    Expression current = e;
    while (current instanceof RuntimeReplaceable r) {
      current = r.replacement();
    }
    List<Expression> children = new ArrayList<>();
    boolean changed = false;
    for (Expression child : children(current)) {
      Expression replaced = replaceRuntime(child);
      changed |= replaced != child;
      children.add(replaced);
    }
    return changed ? (Expression) current.withNewChildren(CollectionConverters.asScala(children).toList()) : current;
  }

  /** The first part of {@code e} that only Spark's optimizer or a running query can evaluate, or null. */
  public static Expression unevaluable(Expression e) {
    if (e instanceof Unevaluable || !e.deterministic()) {
      return e;
    }
    for (Expression child : children(e)) {
      Expression found = unevaluable(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  static List<Expression> children(Expression e) {
    return CollectionConverters.asJava(e.children());
  }

  private static Map<String, DataType> types(StructField[] fields) {
    Map<String, DataType> out = new LinkedHashMap<>();
    for (StructField f : fields) {
      out.put(f.name(), f.dataType());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, DataType> reportTypes() {
    Map<String, DataType> out = new LinkedHashMap<>();
    REPORT_COLUMNS.forEach(c -> out.put(c, DataTypes.LongType));
    return java.util.Collections.unmodifiableMap(out);
  }
}
