package io.winnow.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a rule directory has problems; carries every problem, not just the first. */
public final class RuleLoadException extends RuntimeException {
  private final List<RuleProblem> problems;

  public RuleLoadException(String dir, List<RuleProblem> problems) {
    super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + dir + ":\n"
        + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }
}
