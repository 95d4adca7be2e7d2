package io.winnow.engine;

import io.winnow.model.Example;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.predicate.SqlPredicates;
import io.winnow.predicate.WhereEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the examples of every rule without Spark: the same {@link CompiledRules} (automaton, regex, near, condition
 * trees) as a sweep, with each {@code where} predicate evaluated in-process on the example's values
 * ({@link WhereEvaluator}: Spark's parser, built-in functions and type coercion, columns as literals).
 */
public final class ExampleRunner {
  /**
   * Values of the columns an example does not give: an ordinary post by an ordinary account (not verified, no
   * credentials, no followers, nothing monetised) that nobody reported. Documented in rules/README.md.
   */
  public static final Map<String, Object> DEFAULTS = defaults();

  /** One example's verdict; {@code why} explains a failure (and a pass) condition by condition. */
  public record ExampleResult(Example example, boolean passed, String why) {}

  /** The examples of one rule. */
  public record RuleResult(Rule rule, List<ExampleResult> examples) {
    public boolean passed() {
      return examples.stream().allMatch(ExampleResult::passed);
    }

    public long count(boolean mustMatch) {
      return examples.stream().filter(e -> e.example().mustMatch() == mustMatch).count();
    }

    public long passed(boolean mustMatch) {
      return examples.stream().filter(e -> e.example().mustMatch() == mustMatch && e.passed()).count();
    }
  }

  /** Every rule's examples, in rule order. */
  public record Result(List<RuleResult> rules) {
    public long examples() {
      return rules.stream().mapToLong(r -> r.examples().size()).sum();
    }

    public long failures() {
      return rules.stream().flatMap(r -> r.examples().stream()).filter(e -> !e.passed()).count();
    }
  }

  private final RuleSet ruleSet;
  private final ConditionKinds kinds;
  private final WhereEvaluator whereEvaluator = new WhereEvaluator();
  /** Semantic leaves are decided after the pass in a sweep; here, in-process, when an example reaches one. */
  private SemanticExamples semantic;

  private ExampleRunner(RuleSet ruleSet, ConditionKinds kinds) {
    this.kinds = kinds;
    // Disabled rules are not evaluated by a sweep, but their examples still run: compile them as shadow rules.
    List<Rule> all = ruleSet.rules().stream().map(r -> r.status() != Status.DISABLED ? r
        : new Rule(r.id(), r.version(), r.category(), r.subcategory(), r.subject(), r.severity(), Status.SHADOW,
            r.description(), r.action(), r.when(), r.origin(), r.suspendDays(), r.examples())).toList();
    this.ruleSet = new RuleSet(all, ruleSet.policy(), ruleSet.hash() + "+examples", ruleSet.fileHashes());
  }

  /** A rule that fired on a record, with the text evidence behind it (spans of the original text). */
  public record Firing(String ruleId, List<CompiledRules.Hit> hits) {}

  /**
   * Evaluates one record (fields as in an example: {@code post.text}, {@code account.verified}, …; the rest take the
   * defaults) against every evaluated rule of {@code subject}, with the engine of a sweep. What the evasion tests and
   * {@code rules test} use.
   */
  public static List<Firing> evaluate(RuleSet ruleSet, Subject subject, Map<String, Object> fields) {
    ExampleRunner runner = new ExampleRunner(ruleSet, ConditionKinds.shipped());
    CompiledRules c = runner.compiled(subject);
    Map<String, Object> values = new HashMap<>(DEFAULTS);
    values.putAll(fields);
    String[] texts = c.fields().stream().map(f -> (String) values.get(subject.key() + "." + f))
        .toArray(String[]::new);
    List<String> sql = c.whereSql();
    boolean[] where = new boolean[sql.size()];
    for (int i = 0; i < sql.size(); i++) {
      try {
        where[i] = runner.evaluate(sql.get(i), values);
      } catch (SqlPredicates.InvalidPredicate e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    byte[] known = new byte[where.length];
    for (int i = 0; i < where.length; i++) {
      known[i] = where[i] ? CompiledRules.TRUE : CompiledRules.FALSE;
    }
    CompiledRules.TextMatch match = runner.semantic(c, c.match(texts, known));
    if (match == null) {
      return List.of();
    }
    List<Firing> out = new ArrayList<>();
    for (int r : c.decide(match.candidates(), match.satisfiedLeaves(), where)) {
      int rule = r;
      out.add(new Firing(c.rules().get(r).id(), match.hits().stream().filter(h -> h.rule() == rule).toList()));
    }
    return out;
  }

  /** Runs every example of {@code ruleSet}. */
  public static Result run(RuleSet ruleSet) {
    return run(ruleSet, ConditionKinds.shipped());
  }

  /** Runs every example of {@code ruleSet}, whose conditions are of the kinds of {@code kinds}. */
  public static Result run(RuleSet ruleSet, ConditionKinds kinds) {
    return new ExampleRunner(ruleSet, kinds).run();
  }

  private CompiledRules compiled(Subject subject) {
    return CompiledRules.of(ruleSet, subject, kinds, Integer.MAX_VALUE);
  }

  private Result run() {
    List<RuleResult> out = new ArrayList<>();
    Map<Subject, CompiledRules> compiled = new LinkedHashMap<>();
    for (Rule rule : ruleSet.rules()) {
      CompiledRules c = compiled.computeIfAbsent(rule.subject(), this::compiled);
      int index = indexOf(c, rule);
      List<ExampleResult> results = new ArrayList<>();
      for (Example example : rule.examples()) {
        results.add(judge(c, index, rule, example));
      }
      out.add(new RuleResult(rule, List.copyOf(results)));
    }
    return new Result(List.copyOf(out));
  }

  private static int indexOf(CompiledRules c, Rule rule) {
    for (int i = 0; i < c.rules().size(); i++) {
      if (c.rules().get(i).id().equals(rule.id())) {
        return i;
      }
    }
    throw new IllegalStateException("rule " + rule.id() + " was not compiled");
  }

  private ExampleResult judge(CompiledRules c, int rule, Rule r, Example example) {
    Map<String, Object> values = new HashMap<>(DEFAULTS);
    values.putAll(example.fields());
    String[] texts = c.fields().stream().map(f -> (String) values.get(c.subject().key() + "." + f))
        .toArray(String[]::new);
    List<String> sql = c.whereSql();
    boolean[] where = new boolean[sql.size()];
    Map<String, String> whereNotes = new HashMap<>();
    for (int i = 0; i < sql.size(); i++) {
      if (!reads(c, rule, i)) {
        continue; // another rule's predicate; it cannot change this rule's verdict
      }
      try {
        where[i] = evaluate(sql.get(i), values);
      } catch (SqlPredicates.InvalidPredicate | RuntimeException e) {
        return new ExampleResult(example, false, "where \"" + sql.get(i) + "\" cannot be evaluated here: "
            + e.getMessage());
      }
    }
    byte[] known = new byte[where.length];
    for (int i = 0; i < where.length; i++) {
      known[i] = where[i] ? CompiledRules.TRUE : CompiledRules.FALSE;
    }
    CompiledRules.TextMatch match = semantic(c, c.match(texts, known));
    boolean fired = match != null && Arrays.stream(match.candidates()).anyMatch(x -> x == rule)
        && Arrays.stream(c.decide(match.candidates(), match.satisfiedLeaves(), where)).anyMatch(x -> x == rule);
    String why = explain(c, rule, r, texts, where, values);
    boolean passed = fired == example.mustMatch();
    return new ExampleResult(example, passed, (fired ? "fired" : "did not fire") + ": " + why);
  }

  /** {@code match} with the semantic leaves it deferred decided in-process. */
  private CompiledRules.TextMatch semantic(CompiledRules c, CompiledRules.TextMatch match) {
    if (match == null || match.pending().isEmpty()) {
      return match;
    }
    if (semantic == null) {
      semantic = SemanticExamples.shipped();
    }
    return semantic.decide(c, match);
  }

  private static boolean reads(CompiledRules c, int rule, int where) {
    return Arrays.stream(c.whereLeavesOf(rule)).anyMatch(w -> w == where);
  }

  /** Evaluates one predicate on the example's values; null counts as false, as in a sweep. */
  boolean evaluate(String sql, Map<String, Object> values) throws SqlPredicates.InvalidPredicate {
    return whereEvaluator.evaluate(sql, values);
  }

  /** Condition by condition, what held on this example. */
  private String explain(CompiledRules c, int rule, Rule r, String[] texts, boolean[] where,
      Map<String, Object> values) {
    CompiledRules.TextMatch text = semantic(c, c.match(texts, null));
    java.util.Set<Integer> satisfied = new java.util.HashSet<>();
    List<CompiledRules.Hit> hits = List.of();
    if (text != null) {
      Arrays.stream(text.satisfiedLeaves()).forEach(satisfied::add);
      hits = text.hits();
    }
    return String.join("; ", c.explain(kinds, rule, satisfied, hits, where, values));
  }

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new HashMap<>();
    d.put("post.post_id", "example-post");
    d.put("post.account_id", "example-account");
    d.put("post.created_at", "2026-01-01 12:00:00");
    d.put("post.text", null);
    d.put("post.title", null);
    d.put("post.repost_of", null);
    d.put("post.likes", 0L);
    d.put("post.shares", 0L);
    d.put("post.comments", 0L);
    d.put("post.views", 0L);
    d.put("post.monetized", false);
    d.put("post.hashtags", List.of());
    d.put("post.links", List.of());
    d.put("post.dt", "2026-01-01");
    d.put("post.platform", "example");
    d.put("account.account_id", "example-account");
    d.put("account.handle", null);
    d.put("account.display_name", null);
    d.put("account.bio", null);
    d.put("account.created_at", "2020-01-01 00:00:00");
    d.put("account.followers", 0L);
    d.put("account.verified", false);
    d.put("account.verification_type", "none");
    d.put("account.credentials", List.of());
    d.put("account.self_media", false);
    d.put("account.monetization_enabled", false);
    d.put("account.platform", "example");
    d.put("reports.distinct_reporters", 0L);
    d.put("reports.raw_reports", 0L);
    return java.util.Collections.unmodifiableMap(d);
  }
}
