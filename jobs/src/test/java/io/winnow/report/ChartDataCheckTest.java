package io.winnow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks test tells a chart that draws data from one that draws only its frame. */
class ChartDataCheckTest {
  @TempDir Path tmp;

  static String png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @Test
  void aChartWithDataPassesAndEmptyOrAllZeroChartsAreNamed() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode nb = json.createObjectNode();
    ArrayNode cells = nb.putArray("cells");
    List<BufferedImage> charts = List.of(
        Charts.bars("Actions per category", "actions", Map.of("rumour", 120L, "impersonation", 30L)),
        Charts.bars("Actions per category", "actions", Map.of()),
        Charts.bars("Actions per category", "actions", Map.of("rumour", 0L, "impersonation", 0L)),
        Charts.stacked("Actions per day", Map.of("2026-10-01", Map.of("x", 5L, "weibo", 3L))),
        Charts.stacked("Actions per day", Map.of()));
    for (BufferedImage img : charts) {
      cells.addObject().putArray("outputs").addObject().putObject("data").put("image/png", png(img));
    }
    Path file = tmp.resolve("nb.ipynb");
    json.writeValue(file.toFile(), nb);
    List<String> checked = NotebooksTest.chartsWithData(file, List.of("bars", "no bars", "zero bars", "columns",
        "no columns"));
    assertEquals("bars", checked.get(0));
    assertEquals(true, checked.get(1).startsWith("EMPTY no bars ("), checked.get(1));
    assertEquals(true, checked.get(2).startsWith("EMPTY zero bars ("), checked.get(2));
    assertEquals("columns", checked.get(3));
    assertEquals(true, checked.get(4).startsWith("EMPTY no columns ("), checked.get(4));
  }
}
