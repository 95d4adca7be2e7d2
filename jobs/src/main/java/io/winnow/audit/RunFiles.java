package io.winnow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import io.winnow.sweep.OutputFiles;
import io.winnow.sweep.RunCommitter;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** A run directory as the audit commands read it: its file system (raw, so no checksum sidecar hides a change). */
public final class RunFiles {
  private final FileSystem fs;
  private final Path dir;
  private final Configuration conf;

  private RunFiles(FileSystem fs, Path dir, Configuration conf) {
    this.fs = fs;
    this.dir = dir;
    this.conf = conf;
  }

  public static RunFiles open(Configuration conf, String runDir) {
    Path dir = new Path(runDir);
    try {
      FileSystem fs = raw(dir.getFileSystem(conf));
      if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
        throw new UserError("run directory " + runDir + " does not exist. Pass OUT/runs/RUN_ID (winnow runs OUT "
            + "lists them)");
      }
      return new RunFiles(fs, fs.makeQualified(dir), conf);
    } catch (IOException e) {
      throw new UserError("cannot open run directory " + runDir + ": " + e.getMessage(), e);
    }
  }

  /** The raw local file system in place of the checksummed one (whose .crc sidecars would hide a change). */
  public static FileSystem raw(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** A directory a command writes beside a run (a review sample, an evaluation), on its own raw file system. */
  public record Beside(FileSystem fs, Path dir) {}

  /**
   * {@code dir} qualified on its raw file system; a user error when it lies inside this run, since a committed run is
   * never changed. {@code given} is how the user wrote it, for the message.
   */
  public Beside beside(Path dir, String given) throws IOException {
    FileSystem target = raw(dir.getFileSystem(conf));
    Path qualified = target.makeQualified(dir);
    String runDir = this.dir.toUri().getPath();
    String path = qualified.toUri().getPath();
    if (path.equals(runDir) || path.startsWith(runDir + "/")) {
      throw new UserError("--out " + given + " is inside the run directory " + this.dir + ". A committed run is never "
          + "changed: pass a directory outside it");
    }
    return new Beside(target, qualified);
  }

  public FileSystem fs() {
    return fs;
  }

  public Path dir() {
    return dir;
  }

  public Configuration conf() {
    return conf;
  }

  public boolean exists(String relative) throws IOException {
    return fs.exists(new Path(dir, relative));
  }

  public JsonNode manifest() throws IOException {
    try (InputStream in = fs.open(new Path(dir, "manifest.json"))) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** Committed: _SUCCESS exists and names the SHA-256 of manifest.json. */
  public boolean committed() throws IOException {
    Path success = new Path(dir, RunCommitter.SUCCESS);
    Path manifest = new Path(dir, "manifest.json");
    if (!fs.exists(success) || !fs.exists(manifest)) {
      return false;
    }
    try (InputStream in = fs.open(success)) {
      String line = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return line.equals(RunCommitter.successLine(OutputFiles.sha256(fs, manifest)));
    }
  }

  /** A run that a command reads must be committed; anything else is an error the user can act on. */
  public JsonNode committedManifest() {
    try {
      if (!committed()) {
        throw new UserError("run " + dir + " is not committed (no _SUCCESS matching its manifest.json). "
            + "Run winnow audit verify on it, or sweep again");
      }
      return manifest();
    } catch (IOException e) {
      throw new UserError("cannot read the manifest of " + dir + ": " + e.getMessage(), e);
    }
  }
}
