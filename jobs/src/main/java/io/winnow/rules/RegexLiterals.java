package io.winnow.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a literal that every match of a regular expression contains, so the regex only runs on rows where the
 * automaton saw that literal. Deliberately conservative: it reads the top level of the pattern only, gives up on
 * alternation there, and treats groups, classes and escapes such as {@code \d} as unknown text. A literal it returns
 * is always required; when in doubt it returns null and the regex runs on every row.
 */
public final class RegexLiterals {
  private RegexLiterals() {}

  /** The longest required literal of {@code pattern} (at least two characters, or one ideograph), or null. */
  public static String required(String pattern) {
    if (pattern.contains("\\Q") || topLevelAlternation(pattern)) {
      return null;
    }
    List<String> runs = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      String literal = null;
      int next;
      if (c == '\\' && i + 1 < n) {
        char e = pattern.charAt(i + 1);
        next = i + 2;
        if (Character.isLetterOrDigit(e)) {
          if ((e == 'p' || e == 'P') && next < n && pattern.charAt(next) == '{') {
            next = pattern.indexOf('}', next) + 1;
            if (next == 0) {
              return null;
            }
          }
        } else {
          literal = String.valueOf(e);
        }
      } else if (c == '[') {
        next = endOfClass(pattern, i);
        if (next < 0) {
          return null;
        }
      } else if (c == '(') {
        int close = endOfGroup(pattern, i);
        if (close < 0) {
          return null;
        }
        next = close + 1;
        if (pattern.startsWith("(?", i) && pattern.substring(i + 2, close).matches("[a-zA-Z-]*")) {
          i = next; // a flag group such as (?i) matches nothing: the run goes on
          continue;
        }
      } else if (c == '.' || c == '^' || c == '$' || c == '|' || c == ')') {
        next = i + 1;
      } else {
        literal = String.valueOf(c);
        next = i + 1;
      }
      // Quantifier after the atom: optional atoms end the run without counting, repeated ones count once.
      Quantifier quantifier = quantifier(pattern, next);
      boolean optional = quantifier.kind() == OPTIONAL;
      boolean repeated = quantifier.kind() == REPEATED;
      next = quantifier.end();
      if (literal != null && !optional) {
        run.append(literal);
      }
      if (literal == null || optional || repeated) {
        runs.add(run.toString());
        run.setLength(0);
      }
      i = next;
    }
    runs.add(run.toString());
    return longest(runs);
  }

  private static final int NONE = 0;
  private static final int OPTIONAL = 1;
  private static final int REPEATED = 2;
  /** A quantifier's kind (NONE, OPTIONAL, REPEATED) and the index just past it. */
  private record Quantifier(int kind, int end) {}

  /** The quantifier at {@code at}: NONE, OPTIONAL (*, ?, {0,n}) or REPEATED (+, {n,m} with n > 0). */
  private static Quantifier quantifier(String pattern, int at) {
    int n = pattern.length();
    int next = at;
    int kind = NONE;
    if (next < n) {
      char q = pattern.charAt(next);
      if (q == '*' || q == '?') {
        kind = OPTIONAL;
        next++;
      } else if (q == '+') {
        kind = REPEATED;
        next++;
      } else if (q == '{') {
        int close = pattern.indexOf('}', next);
        String body = close < 0 ? "" : pattern.substring(next + 1, close);
        if (body.matches("\\d*(,\\d*)?") && !body.isEmpty()) {
          String min = body.split(",", -1)[0];
          kind = min.isEmpty() || Integer.parseInt(min) == 0 ? OPTIONAL : REPEATED;
          next = close + 1;
        }
      }
      if (kind != NONE && next < n && (pattern.charAt(next) == '?' || pattern.charAt(next) == '+')) {
        next++; // lazy or possessive marker
      }
    }
    return new Quantifier(kind, next);
  }

  /** The longest run, stripped, if it has at least two characters or one ideograph; else null. */
  private static String longest(List<String> runs) {
    String best = null;
    for (String r : runs) {
      String s = r.strip();
      if (best == null || s.length() > best.length()) {
        best = s;
      }
    }
    if (best == null || best.isEmpty()) {
      return null;
    }
    boolean ideograph = best.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    return best.length() >= 2 || ideograph ? best : null;
  }

  private static boolean topLevelAlternation(String p) {
    int depth = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        int end = endOfClass(p, i);
        if (end < 0) {
          return true;
        }
        i = end - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** Index just past the class that opens at {@code start}, or -1. */
  private static int endOfClass(String p, int start) {
    int i = start + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++;
    }
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int end = p.indexOf(":]", i + 2);
        if (end < 0) {
          return -1;
        }
        i = end + 1;
      } else if (c == ']') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Index of the parenthesis that closes the group opening at {@code start}, or -1. */
  private static int endOfGroup(String p, int start) {
    int depth = 0;
    for (int i = start; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        int end = endOfClass(p, i);
        if (end < 0) {
          return -1;
        }
        i = end - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
