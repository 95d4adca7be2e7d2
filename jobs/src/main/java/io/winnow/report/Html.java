package io.winnow.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** HTML escaping for hostile input: every character that could end a text node or an attribute value is an entity. */
public final class Html {
  private Html() {}

  /** Escapes text for element content and for quoted or unquoted attribute values alike. */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '`' -> b.append("&#96;");
        case '=' -> b.append("&#61;");
        default -> {
          // control characters other than tab and newline would make the document invalid
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append("&#xFFFD;");
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A span of a text to highlight: [start, end) in UTF-16 code units, as evidence offsets are. */
  public record Span(int start, int end) {}

  /** The text, escaped, with each span (clamped to the text, overlaps merged) wrapped in {@code <mark>}. */
  public static String highlight(String text, List<Span> spans) {
    if (text == null) {
      return "";
    }
    List<Span> sorted = new ArrayList<>();
    for (Span s : spans) {
      int start = Math.max(0, Math.min(s.start(), text.length()));
      int end = Math.max(start, Math.min(s.end(), text.length()));
      if (end > start) {
        sorted.add(new Span(start, end));
      }
    }
    sorted.sort(Comparator.comparingInt(Span::start));
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (Span s : sorted) {
      int start = Math.max(at, s.start());
      if (s.end() <= start) {
        continue;
      }
      b.append(esc(text.substring(at, start))).append("<mark>").append(esc(text.substring(start, s.end())))
          .append("</mark>");
      at = s.end();
    }
    return b.append(esc(text.substring(at))).toString();
  }
}
