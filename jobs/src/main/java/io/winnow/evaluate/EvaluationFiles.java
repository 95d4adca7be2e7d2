package io.winnow.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.UserError;
import io.winnow.evaluate.EvaluationTables.ConfusionLine;
import io.winnow.evaluate.EvaluationTables.HardNegativeLine;
import io.winnow.evaluate.EvaluationTables.PrecisionLine;
import io.winnow.evaluate.EvaluationTables.RecallLine;
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

/**
 * An evaluation's directory, OUT/evaluations/RUN_ID/EVAL_ID (EVAL_ID = the first 16 hex digits of the labels'
 * SHA-256) or --out: the tables as CSV and as one JSON file, then manifest.json naming every file with its SHA-256.
 * It is written in a hidden staging directory and renamed into place, replacing an evaluation of the same labels.
 */
final class EvaluationFiles {
  static final String JSON = "evaluation.json";
  static final String PRECISION_CSV = "precision.csv";

  private final FileSystem fs;
  private final Path dir;
  private final Path staging;

  private EvaluationFiles(FileSystem fs, Path dir, Path staging) {
    this.fs = fs;
    this.dir = dir;
    this.staging = staging;
  }

  static EvaluationFiles create(RunInputs run, String out, String labelsSha) {
    Path dir = out != null ? new Path(out) : new Path(run.evaluations(), labelsSha.substring(0, 16));
    try {
      RunDirectory.Beside beside = run.files().beside(dir, out);
      FileSystem fs = beside.fs();
      dir = beside.dir();
      Path staging = new Path(dir.getParent(), "." + dir.getName() + ".staging-" + java.util.UUID.randomUUID());
      fs.mkdirs(staging);
      return new EvaluationFiles(fs, dir, staging);
    } catch (IOException e) {
      throw new UserError("cannot create the evaluation directory " + dir + ": " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  List<WrittenFile> write(List<PrecisionLine> precision, List<RecallLine> recall, List<ConfusionLine> confusion,
      List<HardNegativeLine> hardNegatives, Map<String, Object> manifest) {
    try {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(PRECISION_CSV, EvaluationTables.precisionCsv(precision).getBytes(StandardCharsets.UTF_8));
      files.put("recall.csv", EvaluationTables.recallCsv(recall).getBytes(StandardCharsets.UTF_8));
      files.put("confusion.csv", EvaluationTables.confusionCsv(confusion).getBytes(StandardCharsets.UTF_8));
      files.put("hard_negatives.csv", EvaluationTables.hardNegativesCsv(hardNegatives)
          .getBytes(StandardCharsets.UTF_8));
      files.put(JSON, json.writeValueAsBytes(EvaluationTables.json(precision, recall, confusion, hardNegatives)));
      long[] rows = {precision.size(), recall.size(), confusion.size(), hardNegatives.size(), -1};
      List<WrittenFile> listed = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = new Path(staging, f.getKey());
        try (OutputStream o = fs.create(p, true)) {
          o.write(f.getValue());
        }
        listed.add(new WrittenFile(f.getKey(), rows[i++], OutputFiles.sha256(fs, p)));
      }
      Map<String, Object> m = new LinkedHashMap<>(manifest);
      m.put("files", listed);
      try (OutputStream o = fs.create(new Path(staging, "manifest.json"), true)) {
        o.write(json.writeValueAsBytes(m));
      }
      if (fs.exists(dir)) {
        fs.delete(dir, true);
      }
      if (!fs.rename(staging, dir)) {
        throw new IOException("cannot rename " + staging + " to " + dir);
      }
      return listed;
    } catch (IOException e) {
      throw new UserError("cannot write the evaluation to " + dir + ": " + e.getMessage(), e);
    }
  }
}
