package io.winnow.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVMs of a Spark standalone cluster on 127.0.0.1 (master, workers, a spark-submit driver), launched from the
 * Maven jars of the test classpath. Every process it starts, with its descendants (executors), is destroyed by
 * {@link #close()}, and by a shutdown hook if the test JVM itself is stopped.
 */
final class ChildJvms implements AutoCloseable {
  /** Jars of the test classpath that a Spark distribution does not hold: winnow, its libraries, test tools. */
  private static final List<String> NOT_SPARK = List.of("/io/winnow/", "/jobs/target/", "/dist/target/",
      "/com/typesafe/config/", "/info/picocli/", "/com/google/re2j/", "/com/hankcs/", "/org/junit/",
      "/org/opentest4j/", "/org/apiguardian/", "hadoop-client-minicluster", "surefire", "failsafe");

  private final Path dir;
  private final Path sparkHome;
  private final List<String> classpath;
  private final List<String> opens;
  private final List<Process> started = new ArrayList<>();
  private final Thread hook = new Thread(this::destroyAll, "destroy-child-jvms");

  ChildJvms(Path dir) throws IOException {
    this.dir = dir;
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    this.classpath = Arrays.stream(cp.split(File.pathSeparator))
        .filter(p -> p.endsWith(".jar") && NOT_SPARK.stream().noneMatch(p::contains)).toList();
    if (classpath.stream().noneMatch(p -> p.contains("spark-core_"))) {
      throw new IllegalStateException("no Spark jars on the test classpath: " + cp);
    }
    // Workers build executor command lines from SPARK_HOME/jars: a folder of links to the same jars.
    this.sparkHome = Files.createDirectories(dir.resolve("spark-home"));
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String jar : classpath) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    this.opens = List.of(System.getProperty("spark.jvm.opens", "").trim().split("\\s+"));
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** A running child JVM and the file that collects its stdout and stderr. */
  record Jvm(String name, Process process, Path log) {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    /** Waits until the output matches {@code pattern}; fails when the process dies or the time is up. */
    Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = pattern.matcher(output());
        if (m.find()) {
          return m;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing /"
              + pattern + "/:\n" + tail());
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(name + " did not print /" + pattern + "/ within " + timeout + ":\n" + tail());
    }

    String tail() {
      List<String> lines = output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Processes below this one (a worker's executors) whose command line contains {@code text}. */
    List<ProcessHandle> descendants(String text) {
      return process.toHandle().descendants().filter(h -> commandLine(h).contains(text)).toList();
    }
  }

  static String commandLine(ProcessHandle h) {
    try {
      return Files.readString(Path.of("/proc/" + h.pid() + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return h.info().commandLine().orElse("");
    }
  }

  Jvm start(String name, String heap, List<String> jvmFlags, String mainClass, List<String> args,
      Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(opens);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    Path log = dir.resolve(name + ".log");
    pb.redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_") || k.startsWith("PYSPARK"));
    e.put("SPARK_HOME", sparkHome.toString());
    e.put("SPARK_SCALA_VERSION", "2.13");
    e.put("SPARK_LOCAL_IP", "127.0.0.1");
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.putAll(env);
    Process p = pb.start();
    synchronized (started) {
      started.add(p);
    }
    return new Jvm(name, p, log);
  }

  Path sparkHome() {
    return sparkHome;
  }

  /** Copies the logs of every JVM (executors' stderr included) to {@code target}, for a failure in CI. */
  void keepLogs(Path target) {
    try (var files = Files.walk(dir)) {
      Files.createDirectories(target);
      for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString().equals("stderr"))
          .filter(f -> !f.startsWith(sparkHome)).toList()) {
        Path copy = target.resolve(dir.relativize(f).toString().replace('/', '_'));
        Files.copy(f, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.out.println("[ClusterSweepIT] could not keep the logs: " + e);
    }
  }

  /** Kills one process tree: descendants first (executors), then the process; waits up to 20 s. */
  static void destroyTree(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(20, TimeUnit.SECONDS);
      for (ProcessHandle c : children) {
        Optional.of(c.onExit()).ifPresent(f -> {
          try {
            f.get(10, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // Reported below by the alive check of the caller.
          }
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void destroyAll() {
    List<Process> all;
    synchronized (started) {
      all = new ArrayList<>(started);
    }
    // The driver and workers before the master, so nothing relaunches what was just killed.
    for (int i = all.size() - 1; i >= 0; i--) {
      destroyTree(all.get(i));
    }
  }

  /** Processes started here that are still alive (none after close). */
  long alive() {
    synchronized (started) {
      return started.stream().filter(p -> p.isAlive() || p.descendants().anyMatch(ProcessHandle::isAlive)).count();
    }
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }
}
