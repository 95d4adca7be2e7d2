package io.winnow.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Lists a run's output files with their row counts (Parquet footers, CSV lines) and SHA-256. */
public final class OutputFiles {
  private OutputFiles() {}

  public record OutputFile(String path, long bytes, long rows, String sha256) {}

  public static List<OutputFile> list(FileSystem fs, Configuration conf, Path root) {
    List<OutputFile> out = new ArrayList<>();
    try {
      // Listed paths are qualified (file:/…); relativize against the qualified root or nothing is relative.
      root = fs.makeQualified(root);
      // One set of read options for every footer, the defaults ParquetFileReader.open(file) builds for each file: each
      // build makes a new Hadoop Configuration, which cost more than reading the footer (most of the commit stage's
      // driver samples at 1M posts, in JFR).
      ParquetReadOptions options = ParquetReadOptions.builder().build();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String name = f.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_") || name.equals("manifest.json")) {
          continue;
        }
        String relative = relative(fs.makeQualified(root), f.getPath());
        out.add(new OutputFile(relative, f.getLen(), rows(fs, conf, options, f.getPath()), sha256(fs, f.getPath())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(java.util.Comparator.comparing(OutputFile::path));
    return out;
  }

  /** The file's path under root ("actions/category=x/…"); URI.relativize gave absolute paths for file:/ vs file:/// roots. */
  static String relative(Path root, Path file) {
    String r = Path.getPathWithoutSchemeAndAuthority(root).toString();
    String f = Path.getPathWithoutSchemeAndAuthority(file).toString();
    return f.startsWith(r + "/") ? f.substring(r.length() + 1) : f;
  }

  public static long rows(FileSystem fs, Configuration conf, Path p) throws IOException {
    return rows(fs, conf, ParquetReadOptions.builder().build(), p);
  }

  /** As {@link #rows(FileSystem, Configuration, Path)}, with read options built once for many files. */
  static long rows(FileSystem fs, Configuration conf, ParquetReadOptions options, Path p) throws IOException {
    String name = p.getName();
    if (name.endsWith(".parquet")) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf), options)) {
        return r.getRecordCount();
      }
    }
    if (name.endsWith(".csv")) {
      long lines = 0;
      try (InputStream in = fs.open(p)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              lines++;
            }
          }
        }
      }
      return Math.max(0, lines - 1);
    }
    return -1;
  }

  public static String sha256(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
