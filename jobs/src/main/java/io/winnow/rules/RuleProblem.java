package io.winnow.rules;

/** One problem found while loading rules, printed like a compiler error: {@code file:line: rule ID: message. fix}. */
public record RuleProblem(String file, int line, String ruleId, String message) {

  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : file;
    return ruleId == null ? where + ": " + message : where + ": rule " + ruleId + ": " + message;
  }
}
