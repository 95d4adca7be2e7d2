package io.winnow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small inline SVG charts: no script, no external resource; every label is escaped. */
public final class Svg {
  private Svg() {}

  /** Colours of the series, in order (colour-blind safe, Okabe-Ito). */
  private static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
      "#F0E442", "#000000"};

  public static String colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** Horizontal bars, one per label, with the value at the end of each bar. */
  public static String bars(String title, Map<String, Long> values) {
    int rowH = 22;
    int labelW = 220;
    int barW = 420;
    int h = 30 + rowH * Math.max(1, values.size());
    long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(labelW + barW + 90)
        .append("\" height=\"").append(h).append("\" aria-label=\"").append(Html.esc(title)).append("\">")
        .append("<title>").append(Html.esc(title)).append("</title>");
    int y = 20;
    for (Map.Entry<String, Long> e : values.entrySet()) {
      int w = (int) Math.round(barW * (double) e.getValue() / max);
      b.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 14)
          .append("\" text-anchor=\"end\" class=\"lbl\">").append(Html.esc(e.getKey())).append("</text>")
          .append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 2).append("\" width=\"")
          .append(Math.max(1, w)).append("\" height=\"").append(rowH - 6).append("\" fill=\"").append(colour(0))
          .append("\"/>")
          .append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 14).append("\" class=\"val\">")
          .append(String.format("%,d", e.getValue())).append("</text>");
      y += rowH;
    }
    return b.append("</svg>").toString();
  }

  /** Stacked columns: one column per x (e.g. a day), one colour per series (e.g. a category), with a legend. */
  public static String stacked(String title, List<String> xs, Map<String, Map<String, Long>> series) {
    int colW = Math.max(24, Math.min(70, 640 / Math.max(1, xs.size())));
    int plotH = 220;
    int left = 60;
    int w = left + colW * xs.size() + 200;
    int h = plotH + 70;
    long max = 1;
    for (String x : xs) {
      long sum = 0;
      for (Map<String, Long> s : series.values()) {
        sum += s.getOrDefault(x, 0L);
      }
      max = Math.max(max, sum);
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(w).append("\" height=\"")
        .append(h).append("\" aria-label=\"").append(Html.esc(title)).append("\"><title>").append(Html.esc(title))
        .append("</title>");
    b.append("<line x1=\"").append(left).append("\" y1=\"10\" x2=\"").append(left).append("\" y2=\"")
        .append(10 + plotH).append("\" stroke=\"#888\"/>");
    b.append("<text x=\"").append(left - 4).append("\" y=\"16\" text-anchor=\"end\" class=\"val\">")
        .append(String.format("%,d", max)).append("</text>");
    b.append("<text x=\"").append(left - 4).append("\" y=\"").append(10 + plotH)
        .append("\" text-anchor=\"end\" class=\"val\">0</text>");
    for (int i = 0; i < xs.size(); i++) {
      String x = xs.get(i);
      int cx = left + 4 + i * colW;
      double y = 10 + plotH;
      int si = 0;
      for (Map.Entry<String, Map<String, Long>> s : series.entrySet()) {
        long v = s.getValue().getOrDefault(x, 0L);
        double hh = plotH * (double) v / max;
        y -= hh;
        if (v > 0) {
          b.append("<rect x=\"").append(cx).append("\" y=\"").append(String.format("%.1f", y)).append("\" width=\"")
              .append(colW - 8).append("\" height=\"").append(String.format("%.1f", hh)).append("\" fill=\"")
              .append(colour(si)).append("\"><title>").append(Html.esc(s.getKey() + " " + x + ": " + v))
              .append("</title></rect>");
        }
        si++;
      }
      b.append("<text x=\"").append(cx + (colW - 8) / 2).append("\" y=\"").append(plotH + 26)
          .append("\" text-anchor=\"middle\" class=\"lbl\" font-size=\"10\">").append(Html.esc(shortLabel(x)))
          .append("</text>");
    }
    int ly = 16;
    int si = 0;
    int lx = left + colW * xs.size() + 16;
    for (String name : series.keySet()) {
      b.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 10).append("\" width=\"12\" height=\"12\" fill=\"")
          .append(colour(si++)).append("\"/><text x=\"").append(lx + 18).append("\" y=\"").append(ly)
          .append("\" class=\"lbl\">").append(Html.esc(name)).append("</text>");
      ly += 18;
    }
    return b.append("</svg>").toString();
  }

  private static String shortLabel(String x) {
    // 2026-10-01 -> 10-01: days of one window share the year
    return x != null && x.matches("\\d{4}-\\d{2}-\\d{2}") ? x.substring(5) : x;
  }

  /** Pivot of rows (x, series, value) into series -> x -> value, keeping first-seen order. */
  public static Map<String, Map<String, Long>> pivot(List<Object[]> rows) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (Object[] r : rows) {
      out.computeIfAbsent(String.valueOf(r[1]), k -> new LinkedHashMap<>())
          .merge(String.valueOf(r[0]), ((Number) r[2]).longValue(), Long::sum);
    }
    return out;
  }

  public static List<String> xs(List<Object[]> rows) {
    List<String> out = new ArrayList<>();
    for (Object[] r : rows) {
      if (!out.contains(String.valueOf(r[0]))) {
        out.add(String.valueOf(r[0]));
      }
    }
    out.sort(null);
    return out;
  }
}
