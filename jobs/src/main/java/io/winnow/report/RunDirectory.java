package io.winnow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A committed run directory (OUT/runs/RUN_ID): its manifest, its outputs, and their verification. */
public final class RunDirectory {
  private final Path dir;
  private final JsonNode manifest;

  private RunDirectory(Path dir, JsonNode manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Opens a committed run; a directory without _SUCCESS or manifest.json is a user error. */
  public static RunDirectory open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserError("run directory " + dir + " does not exist. Pass OUT/runs/RUN_ID of a committed sweep");
    }
    if (!Files.isRegularFile(dir.resolve("_SUCCESS"))) {
      throw new UserError("run directory " + dir + " has no _SUCCESS: the run was not committed. "
          + "Pass a committed run (see `winnow sweep`)");
    }
    try {
      return new RunDirectory(dir, new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()));
    } catch (IOException e) {
      throw new UserError("cannot read " + dir.resolve("manifest.json") + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public JsonNode manifest() {
    return manifest;
  }

  public String runId() {
    return manifest.path("run_id").asText(dir.getFileName().toString());
  }

  public Path actions() {
    return dir.resolve("actions");
  }

  public Path counts() {
    return dir.resolve("counts/parquet");
  }

  /** One output file whose bytes no longer match the manifest (missing files included). */
  public record Mismatch(String path, String expected, String actual) {}

  /** The result of recomputing every listed output's SHA-256 and the manifest's own against _SUCCESS. */
  public record Verification(int filesChecked, boolean manifestMatchesSuccess, List<Mismatch> mismatches,
      List<String> unlisted) {
    public boolean ok() {
      return manifestMatchesSuccess && mismatches.isEmpty() && unlisted.isEmpty();
    }
  }

  /** Recomputes the SHA-256 of every output listed in the manifest, and of the manifest against _SUCCESS. */
  public Verification verify() {
    List<Mismatch> mismatches = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    int checked = 0;
    for (JsonNode o : manifest.path("outputs")) {
      String path = relative(o.path("path").asText());
      listed.add(path);
      String expected = o.path("sha256").asText();
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
        mismatches.add(new Mismatch(path, expected, "missing"));
        continue;
      }
      String actual = sha256(file);
      checked++;
      if (!actual.equals(expected)) {
        mismatches.add(new Mismatch(path, expected, actual));
      }
    }
    boolean manifestOk;
    try {
      String success = Files.readString(dir.resolve("_SUCCESS")).trim();
      manifestOk = success.contains(sha256(dir.resolve("manifest.json")));
    } catch (IOException e) {
      manifestOk = false;
    }
    List<String> unlisted = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        String name = f.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_") && !rel.equals("manifest.json") && !listed.contains(rel)) {
          unlisted.add(rel);
        }
      });
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return new Verification(checked, manifestOk, mismatches, unlisted);
  }

  /**
   * Manifests written before OutputFiles.relative was fixed list absolute staging paths
   * (…/runs/.staging/RUN_ID.UUID/actions/…); the part after the staging directory is the path in the run.
   */
  static String relative(String path) {
    int i = path.indexOf("/.staging/");
    if (i < 0) {
      return path;
    }
    int slash = path.indexOf('/', i + "/.staging/".length());
    return slash < 0 ? path : path.substring(slash + 1);
  }

  static String sha256(Path file) {
    try (var in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
