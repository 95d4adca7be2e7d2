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
 * installs) against a small generated archive and its run; fails when a cell fails, a chart is missing or a chart
 * draws no data (counted in pixels of its series colours). Fails, never
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
    new Sweep(spark, settings, RuleLoader.load(rules), new SweepRequest(archive.toString(), from,
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
    Map<String, String> env = new java.util.HashMap<>();
    env.put("JUPYTER_PATH", jupyterPath.toString());
    env.put("WINNOW_HOME", home.toString());
    env.put("WINNOW_RUN_DIR", tmp.resolve("out/runs/nb-run").toString());
    env.put("WINNOW_ARCHIVE", archive.toString());
    env.put("WINNOW_RULES", rules.toString());
    env.put("WINNOW_BASELINE_RULES", baseline.toString());
    env.put("WINNOW_SAMPLE", "0.5");
    for (String name : List.of("audit-review.ipynb", "rule-tuning.ipynb")) {
      execute(home.resolve("notebooks").resolve(name), outDir, env);
    }
    for (String name : List.of("audit-review.ipynb", "rule-tuning.ipynb")) {
      String executed = Files.readString(outDir.resolve(name));
      assertTrue(!executed.contains("\"output_type\": \"error\""), name + " has no error output");
    }
    assertEquals(List.of("actions per category", "actions per day and platform"),
        chartsWithData(outDir.resolve("audit-review.ipynb"), List.of("actions per category",
            "actions per day and platform")));
    assertEquals(List.of("hits per rule"), chartsWithData(outDir.resolve("rule-tuning.ipynb"),
        List.of("hits per rule")));
    assertTrue(Files.readString(outDir.resolve("audit-review.ipynb")).contains("re-derived from the archive: <b>identical"),
        "the audit notebook re-derived an action");
    for (String name : List.of("audit-review.ipynb", "rule-tuning.ipynb")) {
      assertTrue(!Files.readString(home.resolve("notebooks").resolve(name)).contains("\"output_type\""),
          name + " is committed without outputs");
    }
  }

  @Test
  void onlyAKernelThatNeverStartedIsRetried() {
    assertTrue(kernelNeverStarted("RuntimeError: Kernel died before replying to kernel_info"));
    assertTrue(kernelNeverStarted("RuntimeError: Kernel didn't respond in 180 seconds"));
    assertTrue(!kernelNeverStarted("nbclient.exceptions.CellExecutionError: An error occurred while executing"));
    assertTrue(!kernelNeverStarted("nbclient.exceptions.CellExecutionError: ...\nKernel died before replying to kernel_info"));
  }

  /**
   * One nbconvert process per notebook, each with a fresh kernel. A JVM kernel that binds its sockets but never
   * handles a message on its shell channel has been seen here in about a third of the starts (its control channel
   * still answers), and on CI one that bound its sockets and died before its first reply. A kernel that never
   * started is retried, up to six attempts, each on new ports (a kernel that starts answers within a second of
   * binding, so 60 s from its launch is its limit); a failing cell is never retried. Each failed attempt's log is kept
   * beside the executed notebook.
   */
  private static void execute(Path notebook, Path outDir, Map<String, String> env) throws Exception {
    String name = notebook.getFileName().toString();
    Path logFile = outDir.resolve(name.replace(".ipynb", ".nbconvert.log"));
    for (int attempt = 1; ; attempt++) {
      ProcessBuilder pb = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
          "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.startup_timeout=60",
          "--output-dir", outDir.toString(), notebook.toString())
          .redirectErrorStream(true).redirectOutput(logFile.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // Only what Jupyter and the kernel need: the build's environment stays out of the kernel's JVM.
      Map<String, String> inherited = Map.copyOf(pb.environment());
      pb.environment().clear();
      for (String key : List.of("PATH", "HOME", "LANG", "LC_ALL", "USER", "TMPDIR")) {
        if (inherited.containsKey(key)) {
          pb.environment().put(key, inherited.get(key));
        }
      }
      pb.environment().putAll(env);
      long started = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail(name + ": nbconvert did not finish in 20 minutes");
      }
      String log = Files.readString(logFile);
      System.out.printf("%s executed in %.1f s (attempt %d)%n", name, (System.nanoTime() - started) / 1e9, attempt);
      if (p.exitValue() != 0 && attempt < 6 && kernelNeverStarted(log)) {
        Files.copy(logFile, outDir.resolve(name.replace(".ipynb", ".attempt-" + attempt + ".log")),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        continue;
      }
      assertEquals(0, p.exitValue(), name + ": a notebook cell failed:\n" + tail(log));
      return;
    }
  }

  /**
   * Whether nbconvert failed because its kernel never answered its first request (nbclient's two messages for that),
   * as opposed to a cell that ran and failed.
   */
  static boolean kernelNeverStarted(String log) {
    return !log.contains("CellExecutionError")
        && (log.contains("Kernel didn't respond") || log.contains("Kernel died before replying to kernel_info"));
  }

  /** Pixels of series colour a chart with data has at least: its longest bar alone is 460 x 12 px. */
  static final int DATA_PIXELS = 2_000;

  /**
   * The charts (image/png outputs, in order) of an executed notebook, each named by {@code names} when its series
   * colours cover at least {@link #DATA_PIXELS} pixels, or "EMPTY name (N pixels)" when they do not: an empty chart
   * draws its title and axes but no bar (a legend square is 144 px).
   */
  static List<String> chartsWithData(Path notebook, List<String> names) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    var cells = new com.fasterxml.jackson.databind.ObjectMapper().readTree(notebook.toFile()).path("cells");
    for (var cell : cells) {
      for (var output : cell.path("outputs")) {
        var png = output.path("data").path("image/png");
        if (png.isMissingNode()) {
          continue;
        }
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
            java.util.Base64.getMimeDecoder().decode(png.asText())));
        java.util.Set<Integer> series = new java.util.HashSet<>();
        for (int i = 0; i < Charts.PALETTE.length - 1; i++) {
          series.add(Charts.PALETTE[i].getRGB());
        }
        int pixels = 0;
        for (int y = 0; y < img.getHeight(); y++) {
          for (int x = 0; x < img.getWidth(); x++) {
            pixels += series.contains(img.getRGB(x, y)) ? 1 : 0;
          }
        }
        String name = out.size() < names.size() ? names.get(out.size()) : "chart " + (out.size() + 1);
        out.add(pixels >= DATA_PIXELS ? name : "EMPTY " + name + " (" + pixels + " pixels)");
      }
    }
    return out;
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
  }
}
