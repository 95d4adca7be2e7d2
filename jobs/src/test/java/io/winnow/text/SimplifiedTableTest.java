package io.winnow.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build's precomputed traditional-to-simplified table is exactly what ICU gives. */
class SimplifiedTableTest {
  @Test
  void theBuildsTableIsWhatIcuComputes() {
    char[] fromResource = identity();
    assertTrue(SimplifiedTable.readResource(fromResource),
        "the build writes " + SimplifiedTable.RESOURCE + " for this ICU version (process-classes, jobs/pom.xml)");
    char[] fromIcu = identity();
    SimplifiedTable.computeWithIcu(fromIcu);
    assertArrayEquals(fromIcu, fromResource, "the resource maps every BMP unit as ICU's Traditional-Simplified does");
  }

  @Test
  void fillGivesSimplifiedIdeographsAndLeavesEverythingElse() {
    char[] table = new char[0x10000];
    SimplifiedTable.fill(table);
    assertEquals('预', table['預'], "預 becomes 预");
    assertEquals('门', table['門'], "門 becomes 门");
    assertEquals('中', table['中'], "a simplified ideograph stays");
    assertEquals('a', table['a'], "outside the ideograph ranges nothing changes");
  }

  private static char[] identity() {
    char[] table = new char[0x10000];
    for (int c = 0; c < table.length; c++) {
      table[c] = (char) c;
    }
    return table;
  }
}
