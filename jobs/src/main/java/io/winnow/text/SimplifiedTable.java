package io.winnow.text;

import com.ibm.icu.text.Transliterator;
import com.ibm.icu.util.VersionInfo;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The traditional-to-simplified table of {@link TextNormalizer}: ICU's Traditional-Simplified transliterator applied
 * to every ideograph of U+3400–U+9FFF and U+F900–U+FAFF, one-to-one mappings only.
 *
 * <p>Running the transliterator over those 28,000 code points takes 0.5 to 1.5 seconds, which every JVM that
 * normalizes text used to pay at start ({@code rules test} among them). The build computes the table once
 * ({@link #main}, in the {@code process-classes} phase of jobs/pom.xml) into the resource {@link #RESOURCE}, tagged
 * with the ICU version; {@link #fill} reads it and falls back to ICU when it is missing or was made by another ICU version,
 * so the resource can never change what normalization does. {@code SimplifiedTableTest} checks it against ICU.
 */
final class SimplifiedTable {
  static final String RESOURCE = "traditional-simplified.bin";
  private static final int MAGIC = 0x57545331; // "WTS1"

  private SimplifiedTable() {}

  /** Sets {@code simplified[c]} for every BMP unit: its simplified form, or itself. */
  static void fill(char[] simplified) {
    for (int c = 0; c < simplified.length; c++) {
      simplified[c] = (char) c;
    }
    if (!readResource(simplified)) {
      computeWithIcu(simplified);
    }
  }

  /** What ICU gives; what {@link #fill} gives too. */
  static void computeWithIcu(char[] simplified) {
    Transliterator toSimplified = Transliterator.getInstance("Traditional-Simplified");
    computeRange(simplified, toSimplified, 0x3400, 0x9FFF);
    computeRange(simplified, toSimplified, 0xF900, 0xFAFF);
  }

  private static void computeRange(char[] simplified, Transliterator toSimplified, int first, int last) {
    for (int c = first; c <= last; c++) {
      String s = toSimplified.transliterate(String.valueOf((char) c));
      // Only one-to-one mappings fit a per-character table; ICU's few phrase-level rules are left out on purpose.
      if (s.length() == 1) {
        simplified[c] = s.charAt(0);
      }
    }
  }

  /** Reads the build's table into {@code simplified}; false (nothing read) when absent or of another ICU version. */
  static boolean readResource(char[] simplified) {
    try (InputStream raw = SimplifiedTable.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        return false;
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw.readAllBytes()))) {
        if (in.readInt() != MAGIC || !in.readUTF().equals(VersionInfo.ICU_VERSION.toString())) {
          return false;
        }
        int n = in.readInt();
        char[] from = new char[n];
        char[] to = new char[n];
        for (int i = 0; i < n; i++) {
          from[i] = in.readChar();
          to[i] = in.readChar();
        }
        for (int i = 0; i < n; i++) {
          simplified[from[i]] = to[i];
        }
        return true;
      }
    } catch (IOException e) {
      return false; // truncated or unreadable: ICU gives the same table, only slower
    }
  }

  /** Writes the table ICU gives to {@code args[0]}; run by the build. */
  public static void main(String[] args) throws IOException {
    char[] table = new char[0x10000];
    for (int c = 0; c < table.length; c++) {
      table[c] = (char) c;
    }
    computeWithIcu(table);
    int n = 0;
    for (int c = 0; c < table.length; c++) {
      n += table[c] != c ? 1 : 0;
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(tmp))) {
      o.writeInt(MAGIC);
      o.writeUTF(VersionInfo.ICU_VERSION.toString());
      o.writeInt(n);
      for (int c = 0; c < table.length; c++) {
        if (table[c] != c) {
          o.writeChar(c);
          o.writeChar(table[c]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("SimplifiedTable: " + n + " traditional ideographs, ICU " + VersionInfo.ICU_VERSION + ", "
        + out);
  }
}
