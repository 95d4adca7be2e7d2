package io.winnow.run;

import io.winnow.JobFailure;
import io.winnow.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Atomic commit of a run: everything is written under {@code OUT/runs/.staging/RUN_ID.NONCE}, then the directory is
 * renamed to {@code OUT/runs/RUN_ID}, then {@code _SUCCESS} is written last (itself through a rename, so it is never
 * half-written). A run that dies leaves only a staging directory (hidden, never mistaken for a run) or a run directory
 * without {@code _SUCCESS}; a run that fails leaves a record under {@code OUT/runs/.failed/} for {@code winnow runs}.
 * Readers treat a run as committed only when {@code _SUCCESS} names the SHA-256 of its manifest.
 */
public final class RunCommitter {
  public static final String SUCCESS = "_SUCCESS";
  public static final String STAGING = ".staging";
  public static final String FAILED = ".failed";
  private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final FileSystem fs;
  private final Path runs;
  private final Path target;
  private final Path staging;
  private final String runId;
  private final RunLock lock;

  /**
   * Takes the run id's lock (failing at once when another sweep holds it), then cleans stale staging and creates this
   * sweep's own.
   */
  public RunCommitter(Configuration conf, String out, String runId, long staleStagingHours, Duration lease) {
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
    } catch (IOException e) {
      throw new UserError("cannot write to output " + out + ": " + e.getMessage()
          + ". Check that --out is writable", e);
    }
    this.lock = RunLock.acquire(fs, runs, runId, lease);
    try {
      cleanStale(staleStagingHours);
      if (!fs.mkdirs(staging)) {
        throw new UserError("cannot create " + staging + ". Check that --out is writable");
      }
    } catch (IOException | RuntimeException e) {
      lock.close();
      if (e instanceof RuntimeException r) {
        throw r;
      }
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

  /**
   * Removes what an earlier, interrupted attempt of the same run id left in staging, and the staging of other run ids
   * untouched for longer than {@code staleHours} (younger ones may belong to a sweep running right now).
   */
  private void cleanStale(long staleHours) throws IOException {
    Path stagingRoot = new Path(runs, STAGING);
    if (!fs.exists(stagingRoot)) {
      return;
    }
    Pattern own = Pattern.compile(Pattern.quote(runId) + "\\.(replaced-)?" + UUID_PATTERN);
    long cutoff = System.currentTimeMillis() - staleHours * 3_600_000L;
    for (FileStatus s : fs.listStatus(stagingRoot)) {
      String name = s.getPath().getName();
      // This sweep holds the lock of its run id; another run id's staging stays while a live sweep holds that id.
      boolean stale = own.matcher(name).matches() || s.getModificationTime() < cutoff
          && RunLock.liveHolder(fs, runs, name.replaceFirst("\\.(replaced-)?" + UUID_PATTERN + "$", "")).isEmpty();
      if (stale) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /**
   * Moves staging into place and writes _SUCCESS (holding the manifest's SHA-256). Replaces an earlier run. First
   * checks that this sweep still holds the run id's lock and that its staging is complete: the manifest it wrote, and
   * every output the manifest lists with its size; then that the moved run still holds that manifest.
   */
  public void commit(String manifestSha256) {
    lock.checkHeld();
    checkComplete(staging, manifestSha256);
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
      checkComplete(target, manifestSha256);
      Path pending = new Path(target, "._SUCCESS.pending");
      try (OutputStream o = fs.create(pending, true)) {
        o.write(successLine(manifestSha256).getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(pending, new Path(target, SUCCESS))) {
        throw new IOException("cannot rename " + pending + " to " + SUCCESS);
      }
      if (replaced != null) {
        fs.delete(replaced, true);
      }
      fs.delete(new Path(new Path(runs, FAILED), runId + ".json"), false);
    } catch (IOException e) {
      throw new UserError("commit of run " + runId + " failed: " + e.getMessage(), e);
    } finally {
      lock.close();
    }
  }

  /** Fails the commit unless {@code dir} holds the manifest with {@code manifestSha256} and every output it lists. */
  private void checkComplete(Path dir, String manifestSha256) {
    try {
      Path manifest = new Path(dir, Manifest.FILE);
      if (!fs.exists(manifest) || !OutputFiles.sha256(fs, manifest).equals(manifestSha256)) {
        throw new JobFailure("run " + runId + ": " + manifest + " is missing or not the manifest this sweep wrote; "
            + "nothing committed. Another process wrote into the run directory: run again");
      }
      List<OutputFiles.OutputFile> outputs;
      try (java.io.InputStream in = fs.open(manifest)) {
        outputs = Manifest.read(in).outputs();
      }
      for (OutputFiles.OutputFile o : outputs) {
        Path p = new Path(dir, o.path());
        if (!fs.exists(p) || fs.getFileStatus(p).getLen() != o.bytes()) {
          throw new JobFailure("run " + runId + ": output " + p + " is missing or changed since the manifest was "
              + "written; nothing committed. Another process wrote into the run directory: run again");
        }
      }
    } catch (IOException e) {
      throw new UserError("commit of run " + runId + " failed: " + e.getMessage(), e);
    }
  }

  /** The content of {@code _SUCCESS}: the manifest's SHA-256, so a swapped manifest is caught. */
  public static String successLine(String manifestSha256) {
    return "manifest.json sha256 " + manifestSha256 + "\n";
  }

  /**
   * Deletes the staging directory of a run that failed and records the failure ({@code OUT/runs/.failed/RUN_ID.json},
   * a small JSON document given by the caller) so that {@code winnow runs} can list it.
   */
  public void abort(byte[] failureRecord) {
    try (RunLock held = lock) {
      fs.delete(staging, true);
      Path failed = new Path(new Path(runs, FAILED), runId + ".json");
      try (OutputStream o = fs.create(failed, true)) {
        o.write(failureRecord);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: the next run with this id cleans the staging; the failure itself is reported by the caller.
    }
  }
}
