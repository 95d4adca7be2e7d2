package io.winnow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The one reader of a run directory ({@code OUT/runs/RUN_ID}) on any Hadoop file system (local disk, {@code hdfs://},
 * {@code s3a://}): its manifest, the paths of its outputs for Spark, the evaluations beside it and the other runs of
 * its OUT. Local disk is read raw, so no checksum sidecar hides a change. Every command that reads a run reads it
 * through this class; {@link RunVerifier} checks it.
 */
public final class RunDirectory {
  public static final String ACTIONS = "actions";
  public static final String FINDINGS = "findings";
  public static final String QUARANTINE = "quarantine";
  public static final String COUNTS_PARQUET = "counts/parquet";
  public static final String COUNTS_CSV = "counts/csv/counts.csv";

  private final FileSystem fs;
  private final Path dir;
  private final Configuration conf;

  private RunDirectory(FileSystem fs, Path dir, Configuration conf) {
    this.fs = fs;
    this.dir = dir;
    this.conf = conf;
  }

  /** Opens a run directory, committed or not; a path that is no directory is a user error. */
  public static RunDirectory open(Configuration conf, String runDir) {
    Path dir = new Path(runDir);
    try {
      FileSystem fs = raw(dir.getFileSystem(conf));
      if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
        throw new UserError("run directory " + runDir + " does not exist. Pass OUT/runs/RUN_ID (winnow runs OUT "
            + "lists them)");
      }
      return new RunDirectory(fs, fs.makeQualified(dir), conf);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("cannot open run directory " + runDir + ": " + e.getMessage(), e);
    }
  }

  /** Opens a run that a command reads: it must be committed (see {@link #committedManifest()}). */
  public static RunDirectory openCommitted(Configuration conf, String runDir) {
    RunDirectory run = open(conf, runDir);
    run.committedManifest();
    return run;
  }

  /**
   * The committed runs that {@code path} names: the run itself when it is a run directory ({@code _SUCCESS} or
   * {@code manifest.json} in it, which must then be committed), or every committed run under {@code path/runs}, in name
   * order. A user error when it is neither.
   */
  public static List<RunDirectory> committedRuns(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = raw(p.getFileSystem(conf));
      if (fs.exists(new Path(p, RunCommitter.SUCCESS)) || fs.exists(new Path(p, Manifest.FILE))) {
        return List.of(openCommitted(conf, path));
      }
      Path runs = new Path(p, "runs");
      if (!fs.exists(runs) || !fs.getFileStatus(runs).isDirectory()) {
        throw new UserError(path + " is neither a committed run (no _SUCCESS) nor an OUT directory (no runs/). Pass "
            + "OUT/runs/RUN_ID or OUT");
      }
      List<RunDirectory> out = new ArrayList<>();
      for (FileStatus s : sorted(fs.listStatus(runs))) {
        if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
          RunDirectory r = new RunDirectory(fs, fs.makeQualified(s.getPath()), conf);
          if (r.committed()) {
            out.add(r);
          }
        }
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("cannot list the runs of " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<FileStatus> sorted(FileStatus[] statuses) {
    List<FileStatus> list = new ArrayList<>(List.of(statuses));
    list.sort(java.util.Comparator.comparing(s -> s.getPath().getName()));
    return list;
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
    boolean sameFs = java.util.Objects.equals(qualified.toUri().getAuthority(), this.dir.toUri().getAuthority())
        && java.util.Objects.equals(qualified.toUri().getScheme(), this.dir.toUri().getScheme());
    if (sameFs && (path.equals(runDir) || path.startsWith(runDir + "/"))) {
      throw new UserError("--out " + given + " is inside the run directory " + this.dir + ". A committed run is never "
          + "changed: pass a directory outside it");
    }
    return new Beside(target, qualified);
  }

  public FileSystem fs() {
    return fs;
  }

  /** The run directory, qualified ({@code file:/…}, {@code hdfs://…}). */
  public Path dir() {
    return dir;
  }

  public Configuration conf() {
    return conf;
  }

  /** A path inside the run, e.g. {@code path(ACTIONS)} for Spark to read. */
  public Path path(String relative) {
    return new Path(dir, relative);
  }

  public boolean exists(String relative) throws IOException {
    return fs.exists(path(relative));
  }

  /** Whether {@code relative} holds a Parquet file: a run that wrote no rows of an output has an empty folder. */
  public boolean holdsParquet(String relative) {
    try {
      if (!exists(relative)) {
        return false;
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(path(relative), true);
      while (files.hasNext()) {
        if (files.next().getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UserError("cannot list " + path(relative) + ": " + e.getMessage(), e);
    }
  }

  /** The manifest as it is on disk (no check that the run is committed). */
  public JsonNode manifest() throws IOException {
    return json(path(Manifest.FILE));
  }

  /** A JSON file read from this run's file system (a manifest, an evaluation beside the run). */
  public JsonNode json(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** SHA-256 of the manifest as it is on disk. */
  public String manifestSha256() throws IOException {
    return OutputFiles.sha256(fs, path(Manifest.FILE));
  }

  /** Committed: _SUCCESS exists and names the SHA-256 of manifest.json. */
  public boolean committed() throws IOException {
    Path success = path(RunCommitter.SUCCESS);
    if (!fs.exists(success) || !exists(Manifest.FILE)) {
      return false;
    }
    try (InputStream in = fs.open(success)) {
      String line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return line.equals(RunCommitter.successLine(manifestSha256()));
    }
  }

  /** A run that a command reads must be committed; anything else is an error the user can act on. */
  public JsonNode committedManifest() {
    try {
      if (!committed()) {
        throw new UserError("run " + display() + " is not committed (no _SUCCESS matching its manifest.json). "
            + "Run winnow audit verify on it, or sweep again");
      }
      return manifest();
    } catch (IOException e) {
      throw new UserError("cannot read the manifest of " + display() + ": " + e.getMessage(), e);
    }
  }

  /** The committed manifest as the typed record. */
  public Manifest committedRecord() {
    try {
      return Manifest.of(committedManifest());
    } catch (IOException e) {
      throw new UserError("cannot read the manifest of " + display() + " as a winnow manifest: " + e.getMessage()
          + ". Run winnow audit verify on it", e);
    }
  }

  /** The run id its manifest names, else the directory's name. */
  public String runId() {
    try {
      return manifest().path("run_id").asText(dir.getName());
    } catch (IOException e) {
      return dir.getName();
    }
  }

  /** OUT/evaluations/RUN_ID, OUT being the run directory's grandparent (where winnow evaluate writes). */
  public Path evaluations() {
    return new Path(new Path(dir.getParent().getParent(), "evaluations"), dir.getName());
  }

  /** The committed run of the same OUT that started last before this one, or null. */
  public RunDirectory previous() {
    try {
      String started = manifest().path("started").asText();
      RunDirectory best = null;
      String bestStarted = null;
      for (FileStatus s : fs.listStatus(dir.getParent())) {
        if (!s.isDirectory() || s.getPath().getName().startsWith(".")) {
          continue;
        }
        RunDirectory other = new RunDirectory(fs, fs.makeQualified(s.getPath()), conf);
        if (!other.committed()) {
          continue;
        }
        String t = other.manifest().path("started").asText();
        if (t.compareTo(started) < 0 && (bestStarted == null || t.compareTo(bestStarted) > 0)) {
          best = other;
          bestStarted = t;
        }
      }
      return best;
    } catch (IOException e) {
      return null;
    }
  }

  /** The directory as a user writes it: a plain path on local disk, the full URI elsewhere ({@code hdfs://…}). */
  public String display() {
    return "file".equals(dir.toUri().getScheme()) ? Path.getPathWithoutSchemeAndAuthority(dir).toString()
        : dir.toString();
  }

  @Override
  public String toString() {
    return display();
  }
}
