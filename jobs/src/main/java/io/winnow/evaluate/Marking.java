package io.winnow.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Text with matched spans marked [[like this]]; overlapping spans are merged, spans outside the text left out. */
public final class Marking {
  private Marking() {}

  public record Span(int start, int end) {}

  public static String marked(String text, List<Span> spans) {
    List<Span> sorted = new ArrayList<>();
    for (Span s : spans) {
      if (s.start() >= 0 && s.end() <= text.length() && s.start() < s.end()) {
        sorted.add(s);
      }
    }
    sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
    StringBuilder out = new StringBuilder(text.length() + 8 * sorted.size());
    int at = 0;
    int i = 0;
    while (i < sorted.size()) {
      int start = sorted.get(i).start();
      int end = sorted.get(i).end();
      while (++i < sorted.size() && sorted.get(i).start() <= end) {
        end = Math.max(end, sorted.get(i).end());
      }
      if (start < at) {
        start = at;
      }
      out.append(text, at, start).append("[[").append(text, start, end).append("]]");
      at = end;
    }
    return out.append(text.substring(at)).toString();
  }
}
