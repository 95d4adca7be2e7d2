package io.winnow.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.UserError;
import io.winnow.run.OutputFiles;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A directory written by sample or evaluate: its files, then manifest.json naming each with its rows and SHA-256.
 * Never inside a run directory (that would add files to a committed run), and never over an existing sheet (a filled
 * sheet is a person's work).
 */
final class SampleFiles {

  private final FileSystem fs;
  private final RunDirectory run;
  private final Path dir;

  private SampleFiles(FileSystem fs, RunDirectory run, Path dir) {
    this.fs = fs;
    this.run = run;
    this.dir = dir;
  }

  static SampleFiles create(RunDirectory run, String out) {
    Path dir = new Path(out);
    try {
      RunDirectory.Beside beside = run.beside(dir, out);
      FileSystem fs = beside.fs();
      dir = beside.dir();
      if (fs.exists(dir) && fs.getFileStatus(dir).isFile()) {
        throw new UserError("--out " + out + " is a file. Pass a directory (it is created if absent)");
      }
      if (fs.exists(new Path(dir, ReviewSheet.CSV_FILE)) || fs.exists(new Path(dir, ReviewSheet.PARQUET_DIR))) {
        throw new UserError("--out " + out + " already holds a review sheet, which may have been filled in. Pass an "
            + "empty or new directory");
      }
      fs.mkdirs(dir);
      return new SampleFiles(fs, run, dir);
    } catch (IOException e) {
      throw new UserError("cannot create " + out + ": " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Writes the sheet as Parquet and CSV, then the manifest (with "files") last. */
  List<WrittenFile> write(Dataset<Row> sheet, String csv, long rows, Map<String, Object> manifest) {
    try {
      sheet.coalesce(1).write().parquet(new Path(dir, ReviewSheet.PARQUET_DIR).toString());
      writeBytes(new Path(dir, ReviewSheet.CSV_FILE), csv.getBytes(StandardCharsets.UTF_8));
      List<WrittenFile> files = new ArrayList<>();
      for (OutputFiles.OutputFile f : OutputFiles.list(fs, run.conf(), dir)) {
        // A CSV cell may hold line breaks: the sheet's row count is the number of lines drawn, not of text lines.
        files.add(new WrittenFile(f.path(), f.path().endsWith(".csv") ? rows : f.rows(), f.sha256()));
      }
      Map<String, Object> m = new LinkedHashMap<>(manifest);
      m.put("files", files);
      writeBytes(new Path(dir, "manifest.json"),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
      return files;
    } catch (IOException e) {
      throw new UserError("cannot write to " + dir + ": " + e.getMessage(), e);
    }
  }

  private void writeBytes(Path p, byte[] bytes) throws IOException {
    try (OutputStream o = fs.create(p, true)) {
      o.write(bytes);
    }
  }
}
