package io.winnow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The evaluations of a run (OUT/evaluations/RUN_ID/EVAL_ID, written by winnow evaluate): each must name this run's
 * manifest SHA-256 and its files must match the SHA-256 its manifest.json records, with none added or removed.
 */
public final class EvaluationVerifier {
  private EvaluationVerifier() {}

  /** Adds one line per problem; returns how many evaluations were checked. */
  public static int verify(RunDirectory run, String manifestSha, List<String> problems) throws IOException {
    Path root = run.evaluations();
    if (!run.fs().exists(root)) {
      return 0;
    }
    int checked = 0;
    for (FileStatus e : run.fs().listStatus(root)) {
      String name = e.getPath().getName();
      if (!e.isDirectory() || name.startsWith(".")) {
        continue;
      }
      checked++;
      String where = "evaluation " + name + ": ";
      Path manifestPath = new Path(e.getPath(), "manifest.json");
      if (!run.fs().exists(manifestPath)) {
        problems.add(where + "removed: manifest.json");
        continue;
      }
      JsonNode manifest;
      try (InputStream in = run.fs().open(manifestPath)) {
        manifest = new ObjectMapper().readTree(in);
      } catch (IOException ex) {
        problems.add(where + "modified: manifest.json (not valid JSON)");
        continue;
      }
      if (!manifestSha.equals(manifest.path("run_manifest_sha256").asText())) {
        problems.add(where + "names the run manifest SHA-256 " + manifest.path("run_manifest_sha256").asText()
            + ", this run's manifest.json has " + manifestSha);
      }
      Set<String> listed = new HashSet<>();
      for (JsonNode f : manifest.path("files")) {
        String path = f.path("path").asText();
        listed.add(path);
        Path p = new Path(e.getPath(), path);
        if (!run.fs().exists(p)) {
          problems.add(where + "removed: " + path);
          continue;
        }
        String sha = OutputFiles.sha256(run.fs(), p);
        if (!sha.equals(f.path("sha256").asText())) {
          problems.add(where + "modified: " + path + " (SHA-256 " + sha + ", its manifest records "
              + f.path("sha256").asText() + ")");
        }
      }
      RemoteIterator<LocatedFileStatus> it = run.fs().listFiles(e.getPath(), true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        String relative = p.toUri().getPath().substring(e.getPath().toUri().getPath().length() + 1);
        if (!relative.equals("manifest.json") && !p.getName().startsWith(".") && !listed.contains(relative)) {
          problems.add(where + "added: " + relative);
        }
      }
    }
    return checked;
  }
}
