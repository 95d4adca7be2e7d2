package io.winnow.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sheet's CSV cells and the marking of matched spans, without Spark. */
class ReviewSheetTest {
  @Test
  void cellsAreNeutralisedQuotedAndBidiMadeVisible() {
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", ReviewSheet.cell("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("\"'+cmd\"", ReviewSheet.cell("+cmd"));
    assertEquals("\"'-1+2\"", ReviewSheet.cell("-1+2"));
    assertEquals("\"'@SUM(A1)\"", ReviewSheet.cell("@SUM(A1)"));
    assertEquals("\"'\tx\"", ReviewSheet.cell("\tx"));
    assertEquals("\"a, b\"", ReviewSheet.cell("a, b"));
    assertEquals("\"line\nbreak\"", ReviewSheet.cell("line\nbreak"));
    assertEquals("<U+202E>txt<U+202C>", ReviewSheet.cell("\u202Etxt\u202C"));
    assertEquals("\"'=<U+202E>1\"", ReviewSheet.cell("=\u202E1"), "the override is shown after the apostrophe");
    assertEquals("", ReviewSheet.cell(null));
    assertEquals("=cmd", ReviewSheet.uncell("'=cmd"), "the apostrophe comes off again when read back");
    assertEquals("'quoted", ReviewSheet.uncell("'quoted"), "an apostrophe the text had stays");
  }

  @Test
  void spansAreMarkedMergedAndCheckedAgainstTheText() {
    assertEquals("a [[bc]] d [[e]]", Marking.marked("a bc d e", List.of(new Marking.Span(7, 8),
        new Marking.Span(2, 4))));
    assertEquals("[[abcd]]e", Marking.marked("abcde", List.of(new Marking.Span(0, 2), new Marking.Span(1, 4))),
        "overlapping spans merge");
    assertEquals("abc", Marking.marked("abc", List.of(new Marking.Span(2, 9))), "a span past the end is left out");
  }
}
