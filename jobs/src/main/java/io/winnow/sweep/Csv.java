package io.winnow.sweep;

import java.util.Arrays;
import java.util.stream.Collectors;

/** CSV cells for people's spreadsheets: quoted as RFC 4180 asks, with formula injection neutralised. */
public final class Csv {
  private Csv() {}

  public static String cells(String... values) {
    return Arrays.stream(values).map(Csv::cell).collect(Collectors.joining(","));
  }

  /** A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet: prefix it with '. */
  public static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?")) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
