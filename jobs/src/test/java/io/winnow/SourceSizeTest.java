package io.winnow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floor below the sweep stays small enough to read: no source file over 450 lines and no method (or constructor)
 * over 80 in the rule model, rules, engine and predicate packages. Methods are found in the source: a block opened at
 * class level after a header with parentheses; strings, character literals, text blocks and comments are skipped.
 */
class SourceSizeTest {
  static final Path SOURCES = Path.of(System.getProperty("project.sources.dir", "src/main/java"), "io/winnow");
  static final List<String> PACKAGES = List.of("model", "rules", "engine", "predicate");
  static final int MAX_FILE_LINES = 450;
  static final int MAX_METHOD_LINES = 80;
  private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\b");

  /** A method: where its declaration starts and its body ends (1-based lines). */
  record Method(String header, int first, int last) {
    int lines() {
      return last - first + 1;
    }
  }

  @Test
  void filesAndMethodsOfTheFloorAreShort() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (String pkg : PACKAGES) {
      try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String source = Files.readString(f);
          long lines = source.lines().count();
          if (lines > MAX_FILE_LINES) {
            tooLong.add(pkg + "/" + f.getFileName() + ": " + lines + " lines");
          }
          for (Method m : methods(source)) {
            if (m.lines() > MAX_METHOD_LINES) {
              tooLong.add(pkg + "/" + f.getFileName() + ":" + m.first() + ": " + m.header() + ": " + m.lines()
                  + " lines");
            }
          }
        }
      }
    }
    assertEquals(List.of(), tooLong, "files over " + MAX_FILE_LINES + " lines, methods over " + MAX_METHOD_LINES);
  }

  @Test
  void theMethodFinderSeesMethodsConstructorsAndNestedTypes() {
    String source = """
        package x;
        /** a { brace in a comment */
        final class A {
          private static final String S = "not { a block";
          A(int x) {
            this.x = x;
          }

          @Override
          public int f(
              int a) {
            Runnable r = () -> {
              char c = '{';
            };
            return a;
          }

          record R(int a) {
            int g() {
              return \"""
                  }
                  \""".length();
            }
          }
          static {
            int y = 1;
          }
        }
        """;
    List<Method> found = methods(source);
    assertEquals(List.of("A(int x)", "public int f( int a)", "int g()"), found.stream().map(Method::header).toList());
    assertEquals(List.of(3, 7, 5), found.stream().map(Method::lines).toList(),
        "a constructor of 3 lines, a method of 7 from its first line after the annotation, a nested method of 5");
    assertTrue(methods("class B { void h() { } }").get(0).lines() == 1);
  }

  /** The methods and constructors of one source file, in order. */
  static List<Method> methods(String source) {
    List<Method> out = new ArrayList<>();
    Deque<Character> blocks = new ArrayDeque<>(); // 'C' a type body, 'M' a method body, 'O' any other block
    Deque<Integer> starts = new ArrayDeque<>();
    Deque<String> headers = new ArrayDeque<>();
    StringBuilder header = new StringBuilder();
    int headerLine = -1;
    int line = 1;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        header.append(' ');
        continue;
      }
      int skipped = skip(source, i);
      if (skipped > i) {
        for (int k = i; k < skipped; k++) {
          line += source.charAt(k) == '\n' ? 1 : 0;
        }
        i = skipped - 1;
        continue;
      }
      if (c == '{') {
        String h = header.toString().trim().replaceAll("\\s+", " ");
        boolean inType = blocks.isEmpty() || blocks.peek() == 'C';
        char kind = TYPE.matcher(h).find() && !h.contains("=") ? 'C'
            : inType && h.contains("(") && !h.startsWith("static") ? 'M' : 'O';
        blocks.push(kind);
        starts.push(headerLine < 0 ? line : headerLine);
        headers.push(h.replaceAll("^(@\\w+(\\([^)]*\\))? )+", ""));
        header.setLength(0);
        headerLine = -1;
      } else if (c == '}') {
        char kind = blocks.pop();
        int start = starts.pop();
        String h = headers.pop();
        if (kind == 'M') {
          out.add(new Method(h, start, line));
        }
        header.setLength(0);
        headerLine = -1;
      } else if (c == ';') {
        header.setLength(0);
        headerLine = -1;
      } else {
        if (headerLine < 0 && !Character.isWhitespace(c) && !(c == '@' && blocks.peek() != null
            && blocks.peek() == 'C' && header.toString().isBlank())) {
          headerLine = line;
        }
        if (headerLine < 0 && c == '@') {
          // an annotation line: the method starts on the line after it
          int end = source.indexOf('\n', i);
          i = (end < 0 ? source.length() : end) - 1;
          continue;
        }
        header.append(c);
      }
    }
    out.sort(java.util.Comparator.comparingInt(Method::first));
    return out;
  }

  /** The index after a comment, string, text block or character literal starting at {@code i}; {@code i} if none. */
  static int skip(String s, int i) {
    if (s.startsWith("//", i)) {
      int end = s.indexOf('\n', i);
      return end < 0 ? s.length() : end;
    }
    if (s.startsWith("/*", i)) {
      return s.indexOf("*/", i + 2) + 2;
    }
    if (s.startsWith("\"\"\"", i)) {
      return s.indexOf("\"\"\"", i + 3) + 3;
    }
    char c = s.charAt(i);
    if (c == '"' || c == '\'') {
      int k = i + 1;
      while (s.charAt(k) != c) {
        k += s.charAt(k) == '\\' ? 2 : 1;
      }
      return k + 1;
    }
    return i;
  }
}
