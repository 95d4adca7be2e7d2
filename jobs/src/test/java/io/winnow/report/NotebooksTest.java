package io.winnow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.winnow.TestSpark;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateSettings;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.Sweep;
import io.winnow.sweep.SweepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes both notebooks headless (jupyter nbconvert --execute with the winnow-java kernel that bin/notebooks-setup
 * installs) against a small generated archive and its run; fails when a cell fails or a chart is missing. Fails, never
 * skips, when Jupyter or the kernel is missing: bin/test installs both.
 */
class NotebooksTest {
  static final Path JUPYTER = Path.of("/usr/bin/jupyter");

  @TempDir static Path tmp;

  @Test
  void bothNotebooksExecuteAndShowTheirCharts() throws Exception {
    Path home = Path.of(System.getProperty("project.rules.dir")).getParent().toAbsolutePath().normalize();
    Path jupyterPath = home.resolve("work/jupyter");
    if (!Files.isExecutable(JUPYTER)) {
      fail("Jupyter is missing (" + JUPYTER + "): run bin/test (or bin/notebooks-setup), which installs it");
    }
    if (!Files.isRegularFile(jupyterPath.resolve("kernels/winnow-java/kernel.json"))) {
      fail("the winnow-java kernel is not installed in " + jupyterPath + ": run bin/test (or bin/notebooks-setup)");
    }
    var spark = TestSpark.session();
    var settings = TestSpark.settings();
    Path archive = tmp.resolve("archive");
    new ArchiveGenerator(GenerateSettings.from(settings.generate()))
        .generate(spark, new GenerateRequest(4_000, 600, 3, 11, archive.toString()));
    Path rules = home.resolve("rules");
    LocalDate from = GenerateSettings.from(settings.generate()).startDate();
    new Sweep(spark, settings, RuleLoader.load(rules), new SweepRequest(archive.toString(), rules, from,
        from.plusDays(2), tmp.resolve("out").toString(), "nb-run", false, "NotebooksTest"), line -> { }).execute();
    // The baseline: the shipped rules with the first active rule of rumour.conf disabled.
    Path baseline = tmp.resolve("baseline-rules");
    try (Stream<Path> files = Files.walk(rules)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = baseline.resolve(rules.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path rumour = baseline.resolve("rumour.conf");
    Files.writeString(rumour, Files.readString(rumour).replaceFirst("status = active", "status = disabled"));

    Path outDir = home.resolve("jobs/target/nb-out");
    Files.createDirectories(outDir);
    ProcessBuilder pb = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=900",
        // a JVM kernel with Spark on its classpath can take minutes to answer on a loaded machine
        "--ExecutePreprocessor.startup_timeout=600", "--output-dir", outDir.toString(),
        home.resolve("notebooks/audit-review.ipynb").toString(), home.resolve("notebooks/rule-tuning.ipynb").toString())
        .redirectErrorStream(true).redirectOutput(outDir.resolve("nbconvert.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // Only what Jupyter and the kernel need: the build's environment stays out of the kernel's JVM.
    Map<String, String> inherited = Map.copyOf(pb.environment());
    pb.environment().clear();
    for (String name : List.of("PATH", "HOME", "LANG", "LC_ALL", "USER", "TMPDIR")) {
      if (inherited.containsKey(name)) {
        pb.environment().put(name, inherited.get(name));
      }
    }
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    pb.environment().put("WINNOW_HOME", home.toString());
    pb.environment().put("WINNOW_RUN_DIR", tmp.resolve("out/runs/nb-run").toString());
    pb.environment().put("WINNOW_ARCHIVE", archive.toString());
    pb.environment().put("WINNOW_RULES", rules.toString());
    pb.environment().put("WINNOW_BASELINE_RULES", baseline.toString());
    pb.environment().put("WINNOW_SAMPLE", "0.5");
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("nbconvert did not finish in 20 minutes");
    }
    String log = Files.readString(outDir.resolve("nbconvert.log"));
    System.out.printf("notebooks executed in %.1f s%n", (System.nanoTime() - started) / 1e9);
    assertEquals(0, p.exitValue(), "a notebook cell failed:\n" + tail(log));
    for (String name : List.of("audit-review.ipynb", "rule-tuning.ipynb")) {
      String executed = Files.readString(outDir.resolve(name));
      assertTrue(executed.contains("\"image/png\""), name + " shows its charts as image/png");
      assertTrue(!executed.contains("\"output_type\": \"error\""), name + " has no error output");
    }
    assertTrue(Files.readString(outDir.resolve("audit-review.ipynb")).contains("re-derived from the archive: <b>identical"),
        "the audit notebook re-derived an action");
    for (String name : List.of("audit-review.ipynb", "rule-tuning.ipynb")) {
      assertTrue(!Files.readString(home.resolve("notebooks").resolve(name)).contains("\"output_type\""),
          name + " is committed without outputs");
    }
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
  }
}
