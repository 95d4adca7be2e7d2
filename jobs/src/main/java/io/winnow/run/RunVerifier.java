package io.winnow.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.ParquetReadOptions;

/**
 * {@code winnow audit verify}: recomputes every output file's SHA-256 and row count against the manifest, checks that
 * _SUCCESS names the manifest's hash, that no file was added, that rows read = evaluated + quarantined for every table
 * (and equal the input files' rows), that counts.csv and the manifest's counts equal the action rows on disk, and
 * that every evaluation of the run ({@link EvaluationVerifier}) names this manifest and matches its own.
 * A problem is data (one line each), not an exception: every problem is reported.
 */
public final class RunVerifier {
  private RunVerifier() {}

  /** {@code evaluations}: how many evaluations of the run (OUT/evaluations/RUN_ID) were checked as well. */
  public record Result(List<String> problems, int files, long rows, int evaluations) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Every check, each problem one line. The manifest is read as a JSON tree, not as the {@link Manifest} record: a
   * damaged or edited manifest must still be checked as far as it goes.
   */
  public static Result verify(RunDirectory run) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!run.exists(Manifest.FILE)) {
      problems.add("removed: manifest.json");
      return new Result(problems, 0, 0, 0);
    }
    String manifestSha = run.manifestSha256();
    checkSuccess(run, manifestSha, problems);
    JsonNode manifest;
    try {
      manifest = run.manifest();
    } catch (IOException e) {
      problems.add("modified: manifest.json (not valid JSON: " + e.getMessage().lines().findFirst().orElse("") + ")");
      return new Result(problems, 0, 0, 0);
    }
    Map<String, Long> rowsOnDisk = new TreeMap<>();
    long rows = checkOutputs(run, manifest, rowsOnDisk, problems);
    checkAccounting(manifest, rowsOnDisk, problems);
    checkCounts(run, manifest, rowsOnDisk, problems);
    int evaluations = EvaluationVerifier.verify(run, manifestSha, problems);
    return new Result(problems, manifest.path("outputs").size(), rows, evaluations);
  }

  /** _SUCCESS exists and names the manifest's SHA-256. */
  private static void checkSuccess(RunDirectory run, String manifestSha, List<String> problems) throws IOException {
    if (!run.exists(RunCommitter.SUCCESS)) {
      problems.add("not committed: _SUCCESS is missing");
      return;
    }
    String success;
    try (InputStream in = run.fs().open(run.path(RunCommitter.SUCCESS))) {
      success = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!success.equals(RunCommitter.successLine(manifestSha))) {
      problems.add("modified: manifest.json (its SHA-256 " + manifestSha + " is not the one in _SUCCESS)");
    }
  }

  /**
   * Every listed output is there with its SHA-256 and rows, and no file is added; fills {@code rowsOnDisk} (path ->
   * rows) and returns the rows counted.
   */
  private static long checkOutputs(RunDirectory run, JsonNode manifest, Map<String, Long> rowsOnDisk,
      List<String> problems) throws IOException {
    Set<String> listed = new HashSet<>();
    long rows = 0;
    // One set of read options for every footer of this run, as OutputFiles.list does: ParquetFileReader.open(file)
    // builds them per file, with a new Hadoop Configuration each time. Local to this call, so one thread uses them
    // (their codec factory caches decompressors in a plain map: not to be shared across threads).
    ParquetReadOptions options = ParquetReadOptions.builder().build();
    for (JsonNode f : manifest.path("outputs")) {
      String path = relative(f.path("path").asText());
      listed.add(path);
      Path p = run.path(path);
      if (!run.fs().exists(p)) {
        problems.add("removed: " + path);
        continue;
      }
      String sha = OutputFiles.sha256(run.fs(), p);
      long n;
      try {
        n = OutputFiles.rows(run.fs(), run.conf(), options, p);
      } catch (IOException | RuntimeException e) {
        n = -2;
      }
      if (!sha.equals(f.path("sha256").asText())) {
        problems.add("modified: " + path + " (SHA-256 " + sha + ", the manifest records " + f.path("sha256").asText()
            + ")");
      } else if (n != f.path("rows").asLong()) {
        problems.add("modified: " + path + " (" + n + " rows, the manifest records " + f.path("rows").asLong() + ")");
      }
      // An unreadable modified file is reported once, above; its recorded rows keep the count checks about the rest.
      rowsOnDisk.put(path, n < 0 ? f.path("rows").asLong() : n);
      rows += Math.max(0, n);
    }
    for (String path : onDisk(run, listed)) {
      if (!listed.contains(path)) {
        problems.add("added: " + path);
      }
    }
    return rows;
  }

  /** Row accounting: read = evaluated + quarantined; quarantine files hold the quarantined rows; inputs hold read. */
  private static void checkAccounting(JsonNode manifest, Map<String, Long> rowsOnDisk, List<String> problems) {
    Map<String, Long> inputRows = new TreeMap<>();
    for (JsonNode p : manifest.path("input_partitions")) {
      inputRows.merge(p.path("table").asText(), p.path("rows").asLong(), Long::sum);
    }
    manifest.path("row_accounting").fields().forEachRemaining(e -> {
      String table = e.getKey();
      long read = e.getValue().path("read").asLong();
      long evaluated = e.getValue().path("evaluated").asLong();
      long quarantined = e.getValue().path("quarantined").asLong();
      if (read != evaluated + quarantined) {
        problems.add("row accounting of " + table + " does not balance: read " + read + " != evaluated " + evaluated
            + " + quarantined " + quarantined);
      }
      if (inputRows.containsKey(table) && inputRows.get(table) != read) {
        problems.add("row accounting of " + table + ": the input files hold " + inputRows.get(table)
            + " rows, the run read " + read);
      }
      long inQuarantine = sum(rowsOnDisk, RunDirectory.QUARANTINE + "/table=" + table + "/");
      if (inQuarantine != quarantined) {
        problems.add("row accounting of " + table + ": quarantine/table=" + table + " holds " + inQuarantine
            + " rows, the manifest records " + quarantined + " quarantined");
      }
    });
  }

  /** counts.csv and the manifest's counts against the action rows on disk, per category and action. */
  private static void checkCounts(RunDirectory run, JsonNode manifest, Map<String, Long> rowsOnDisk,
      List<String> problems) throws IOException {
    Map<String, Long> actionRows = new TreeMap<>();
    rowsOnDisk.forEach((path, n) -> {
      String[] parts = path.split("/");
      if (parts.length > 3 && parts[0].equals(RunDirectory.ACTIONS) && parts[1].startsWith("category=")
          && parts[2].startsWith("action=")) {
        actionRows.merge(parts[1].substring(9) + "/" + parts[2].substring(7), Math.max(0, n), Long::sum);
      }
    });
    Map<String, Long> manifestCounts = new TreeMap<>();
    for (JsonNode c : manifest.path("counts")) {
      manifestCounts.merge(c.path("category").asText() + "/" + c.path("action").asText(), c.path("actions").asLong(),
          Long::sum);
    }
    compare("counts.csv", csvCounts(run, problems), actionRows, problems);
    compare("the manifest's counts", manifestCounts, actionRows, problems);
  }

  /**
   * Manifests written before OutputFiles.relative was fixed list absolute staging paths
   * (…/runs/.staging/RUN_ID.UUID/actions/…); the part after the staging directory is the path in the run.
   */
  static String relative(String path) {
    int i = path.indexOf("/" + RunCommitter.STAGING + "/");
    if (i < 0) {
      return path;
    }
    int slash = path.indexOf('/', i + RunCommitter.STAGING.length() + 2);
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static void compare(String what, Map<String, Long> counted, Map<String, Long> actions, List<String> problems) {
    if (counted == null) {
      return;
    }
    Set<String> keys = new TreeSet<>(counted.keySet());
    keys.addAll(actions.keySet());
    for (String k : keys) {
      long c = counted.getOrDefault(k, 0L);
      long a = actions.getOrDefault(k, 0L);
      if (c != a) {
        problems.add(what + " say " + k + " = " + c + ", the action files hold " + a + " rows");
      }
    }
  }

  private static Map<String, Long> csvCounts(RunDirectory run, List<String> problems) throws IOException {
    Path csv = run.path(RunDirectory.COUNTS_CSV);
    if (!run.fs().exists(csv)) {
      return null;
    }
    Map<String, Long> out = new TreeMap<>();
    List<String> lines;
    try (InputStream in = run.fs().open(csv)) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = Csv.parse(lines.get(0));
    int category = header.indexOf("category");
    int action = header.indexOf("action");
    int actions = header.indexOf("actions");
    for (int i = 1; i < lines.size(); i++) {
      List<String> cells = Csv.parse(lines.get(i));
      try {
        out.merge(cells.get(category) + "/" + cells.get(action), Long.parseLong(cells.get(actions)), Long::sum);
      } catch (RuntimeException e) {
        problems.add("counts/csv/counts.csv:" + (i + 1) + ": not a counts row");
      }
    }
    return out;
  }

  private static long sum(Map<String, Long> rows, String prefix) {
    return rows.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> Math.max(0, e.getValue()))
        .sum();
  }

  /** Every file under the run except the manifest, _SUCCESS and the checksum sidecars Hadoop writes beside files. */
  private static List<String> onDisk(RunDirectory run, Set<String> listed) throws IOException {
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = run.fs().listFiles(run.dir(), true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      String relative = run.dir().toUri().relativize(p.toUri()).getPath();
      String name = p.getName();
      if (relative.equals("manifest.json") || relative.equals(RunCommitter.SUCCESS)) {
        continue;
      }
      if (name.startsWith(".") && name.endsWith(".crc")) {
        Path sidecarOf = new Path(p.getParent(), name.substring(1, name.length() - 4));
        String of = run.dir().toUri().relativize(sidecarOf.toUri()).getPath();
        if (listed.contains(of) || run.fs().exists(sidecarOf)) {
          continue;
        }
      }
      out.add(relative);
    }
    out.sort(null);
    return out;
  }
}
