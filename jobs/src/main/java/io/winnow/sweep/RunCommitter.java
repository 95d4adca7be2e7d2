package io.winnow.sweep;

import io.winnow.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Atomic commit of a run: everything is written under {@code OUT/runs/.staging/RUN_ID.NONCE}, then the directory is
 * renamed to {@code OUT/runs/RUN_ID}, then {@code _SUCCESS} is written last. A run that dies leaves only a staging
 * directory (hidden, never mistaken for a run) or a run directory without {@code _SUCCESS}.
 */
public final class RunCommitter {
  public static final String SUCCESS = "_SUCCESS";
  public static final String STAGING = ".staging";
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final FileSystem fs;
  private final Path runs;
  private final Path target;
  private final Path staging;
  private final String runId;

  public RunCommitter(Configuration conf, String out, String runId) {
    validateRunId(runId);
    this.runId = runId;
    Path outPath = new Path(out);
    try {
      this.fs = outPath.getFileSystem(conf);
      if (fs.exists(outPath) && !fs.getFileStatus(outPath).isDirectory()) {
        throw new UserError("output " + out + " exists and is a file. Pass --out a directory (it is created if absent)");
      }
      this.runs = new Path(outPath, "runs");
      this.target = new Path(runs, runId);
      this.staging = new Path(new Path(runs, STAGING), runId + "." + UUID.randomUUID());
      cleanStale();
      if (!fs.mkdirs(staging)) {
        throw new UserError("cannot create " + staging + ". Check that --out is writable");
      }
    } catch (IOException e) {
      throw new UserError("cannot write to output " + out + ": " + e.getMessage()
          + ". Check that --out is writable", e);
    }
  }

  /** Run ids end up in paths: letters, digits, dot, dash and underscore only, no leading dot, no "..". */
  public static void validateRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches() || runId.contains("..")) {
      throw new UserError("invalid run id '" + runId + "'. Use 1-128 letters, digits, '.', '-' or '_', "
          + "starting with a letter or digit, without '..'");
    }
  }

  public Path staging() {
    return staging;
  }

  public Path target() {
    return target;
  }

  public FileSystem fs() {
    return fs;
  }

  /** Removes what an earlier, interrupted attempt of the same run id left in staging. */
  private void cleanStale() throws IOException {
    Path stagingRoot = new Path(runs, STAGING);
    if (!fs.exists(stagingRoot)) {
      return;
    }
    for (FileStatus s : fs.listStatus(stagingRoot)) {
      if (s.getPath().getName().startsWith(runId + ".")) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /** Moves staging into place and writes _SUCCESS (holding the manifest's SHA-256). Replaces an earlier run. */
  public void commit(String manifestSha256) {
    try {
      Path replaced = null;
      if (fs.exists(target)) {
        replaced = new Path(staging.getParent(), runId + ".replaced-" + UUID.randomUUID());
        if (!fs.rename(target, replaced)) {
          throw new IOException("cannot move the earlier " + target + " aside");
        }
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot rename " + staging + " to " + target);
      }
      try (OutputStream o = fs.create(new Path(target, SUCCESS), false)) {
        o.write(("manifest.json sha256 " + manifestSha256 + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (replaced != null) {
        fs.delete(replaced, true);
      }
    } catch (IOException e) {
      throw new UserError("commit of run " + runId + " failed: " + e.getMessage(), e);
    }
  }

  /** Deletes the staging directory of a run that failed. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      // The next run with this id cleans it.
    }
  }
}
