package io.winnow.cli;

import io.winnow.engine.ExampleRunner;
import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import io.winnow.rules.RuleProblem;
import io.winnow.text.TextNormalizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow rules lint|test [DIR]}: check a rule directory without Spark. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Check rule files: lint reports every problem, test runs every rule's examples.",
    subcommands = {RulesCommand.Lint.class, RulesCommand.Test.class})
public final class RulesCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Every problem at once, each as file:line: rule ID: message. fix; exit 2 if there is any. */
  @Command(name = "lint", mixinStandardHelpOptions = true,
      description = "Report every problem in a rule directory (file:line: rule ID: message. fix); exit 2 if any.")
  static final class Lint implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "rules", paramLabel = "DIR", description = "Rule directory (default: rules).")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RuleLoader.Check check = RuleLoader.check(dir);
      check.problems().forEach(out::println);
      check.notes().forEach(out::println);
      int n = check.problems().size();
      if (n > 0) {
        out.println(n + (n == 1 ? " problem" : " problems") + " in " + dir);
        return 2;
      }
      RuleSet rules = check.ruleSet();
      out.println(dir + ": " + rules.rules().size() + " rules, no problems"
          + (check.notes().isEmpty() ? "" : " (" + check.notes().size() + " notes)"));
      return 0;
    }
  }

  /** Runs every rule's examples without Spark; exit 1 when one fails. */
  @Command(name = "test", mixinStandardHelpOptions = true,
      description = "Run the examples of every rule without Spark; exit 1 if one fails, 2 if the rules do not load.")
  static final class Test implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "rules", paramLabel = "DIR", description = "Rule directory (default: rules).")
    Path dir;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      PrintWriter out = spec.commandLine().getOut();
      // The normalizer's tables (a fifth of a second) are built while the rules load and Spark's SQL parser starts.
      Thread warm = new Thread(TextNormalizer::shared, "warm-normalizer");
      warm.start();
      RuleSet rules = RuleLoader.load(dir);
      ExampleRunner.Result result = ExampleRunner.run(rules);
      for (ExampleRunner.RuleResult r : result.rules()) {
        String counts = r.passed(true) + "/" + r.count(true) + " match, " + r.passed(false) + "/" + r.count(false)
            + " no-match";
        if (r.examples().isEmpty()) {
          out.println("NONE " + r.rule().id() + " (no examples; winnow rules lint reports this)");
        } else if (r.passed()) {
          out.println("PASS " + r.rule().id() + " (" + r.count(true) + " match, " + r.count(false) + " no-match)");
        } else {
          out.println("FAIL " + r.rule().id() + " (" + counts + ")");
          for (ExampleRunner.ExampleResult e : r.examples()) {
            if (!e.passed()) {
              String file = r.rule().origin().substring(0, r.rule().origin().lastIndexOf(':'));
              out.println("  " + file + ":" + e.example().line() + ": " + (e.example().mustMatch() ? "should match"
                  : "should not match") + ": \"" + e.example().label() + "\"");
              out.println("    " + e.why());
            }
          }
        }
      }
      long failures = result.failures();
      out.printf("%d rules, %d examples: %d passed, %d failed (%.1f s)%n", result.rules().size(), result.examples(),
          result.examples() - failures, failures, (System.nanoTime() - start) / 1e9);
      return failures == 0 ? 0 : 1;
    }
  }
}
