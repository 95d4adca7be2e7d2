package io.winnow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Charts and tables for notebooks: images drawn with Java2D (a notebook shows a BufferedImage as image/png, with no
 * chart library on the classpath) and HTML tables whose every cell is escaped.
 */
public final class Charts {
  private Charts() {}

  /** Series colours; the notebooks test counts their pixels to tell a chart with data from an empty one. */
  static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), Color.BLACK};

  /** Grouped horizontal bars: one group per label, one bar per series (e.g. candidate and baseline rules). */
  public static BufferedImage bars(String title, Map<String, Map<String, Long>> seriesByLabel) {
    List<String> series = new ArrayList<>();
    seriesByLabel.values().forEach(m -> m.keySet().forEach(s -> {
      if (!series.contains(s)) {
        series.add(s);
      }
    }));
    int barH = 14;
    int groupH = barH * Math.max(1, series.size()) + 8;
    int labelW = 300;
    int plotW = 460;
    int w = labelW + plotW + 80;
    int h = 60 + groupH * Math.max(1, seriesByLabel.size()) + 20 * series.size();
    long max = 1;
    for (Map<String, Long> m : seriesByLabel.values()) {
      for (long v : m.values()) {
        max = Math.max(max, v);
      }
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(img, title);
    int y = 40;
    for (Map.Entry<String, Map<String, Long>> e : seriesByLabel.entrySet()) {
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      String label = e.getKey().length() > 44 ? e.getKey().substring(0, 43) + "…" : e.getKey();
      g.drawString(label, labelW - 8 - g.getFontMetrics().stringWidth(label), y + groupH / 2 + 4);
      int by = y;
      for (int i = 0; i < series.size(); i++) {
        long v = e.getValue().getOrDefault(series.get(i), 0L);
        int bw = (int) Math.round(plotW * (double) v / max);
        g.setColor(PALETTE[i % PALETTE.length]);
        g.fillRect(labelW, by, Math.max(1, bw), barH - 2);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format("%,d", v), labelW + bw + 4, by + barH - 4);
        by += barH;
      }
      y += groupH;
    }
    legend(g, series, 10, y + 10);
    g.dispose();
    return img;
  }

  /** Bars of one series. */
  public static BufferedImage bars(String title, String series, Map<String, Long> values) {
    Map<String, Map<String, Long>> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k, Map.of(series, v)));
    return bars(title, m);
  }

  /** Stacked columns: x (e.g. day) -> series (e.g. platform) -> value. */
  public static BufferedImage stacked(String title, Map<String, Map<String, Long>> byX) {
    List<String> series = new ArrayList<>();
    byX.values().forEach(m -> m.keySet().forEach(s -> {
      if (!series.contains(s)) {
        series.add(s);
      }
    }));
    int colW = 56;
    int plotH = 260;
    int left = 70;
    int w = Math.max(480, left + colW * byX.size() + 40);
    int h = plotH + 110 + 20 * ((series.size() + 3) / 4);
    long max = 1;
    for (Map<String, Long> m : byX.values()) {
      max = Math.max(max, m.values().stream().mapToLong(Long::longValue).sum());
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(img, title);
    int base = 40 + plotH;
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, 40, left, base);
    g.drawLine(left, base, w - 20, base);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    g.drawString(String.format("%,d", max), 6, 46);
    g.drawString("0", left - 14, base);
    int x = left + 8;
    for (Map.Entry<String, Map<String, Long>> e : byX.entrySet()) {
      double top = base;
      for (int i = 0; i < series.size(); i++) {
        long v = e.getValue().getOrDefault(series.get(i), 0L);
        double hh = plotH * (double) v / max;
        top -= hh;
        g.setColor(PALETTE[i % PALETTE.length]);
        g.fillRect(x, (int) Math.round(top), colW - 12, (int) Math.round(hh));
      }
      g.setColor(Color.DARK_GRAY);
      String label = e.getKey().matches("\\d{4}-\\d{2}-\\d{2}") ? e.getKey().substring(5) : e.getKey();
      g.drawString(label, x, base + 14);
      x += colW;
    }
    legend(g, series, 10, base + 34);
    g.dispose();
    return img;
  }

  /** An HTML table of the first {@code limit} rows, every cell escaped. */
  public static String table(Dataset<Row> df, int limit) {
    StringBuilder b = new StringBuilder("<table><thead><tr>");
    for (String c : df.columns()) {
      b.append("<th>").append(Html.esc(c)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (Row r : df.limit(limit).collectAsList()) {
      b.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        b.append("<td>").append(Html.esc(r.isNullAt(i) ? "" : String.valueOf(r.get(i)))).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private static Graphics2D start(BufferedImage img, String title) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, 10, 22);
    return g;
  }

  private static void legend(Graphics2D g, List<String> series, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int cx = x;
    int cy = y;
    for (int i = 0; i < series.size(); i++) {
      g.setColor(PALETTE[i % PALETTE.length]);
      g.fillRect(cx, cy - 10, 12, 12);
      g.setColor(Color.DARK_GRAY);
      g.drawString(series.get(i), cx + 16, cy);
      cx += 150;
      if ((i + 1) % 4 == 0) {
        cx = x;
        cy += 20;
      }
    }
  }
}
