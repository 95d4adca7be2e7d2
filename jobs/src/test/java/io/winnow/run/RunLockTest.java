package io.winnow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.JobFailure;
import io.winnow.TestCli;
import io.winnow.TestSpark;
import io.winnow.sweep.FaultTest;
import io.winnow.sweep.SweepTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Racing runs of one run id (issue 18): the lease itself (a holder, an expired lease, a dead holder on this host, its
 * renewal), and whole sweeps on SweepTest's archive started together, one started while the other writes, and one
 * that lost its lock before the commit.
 */
class RunLockTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path rules;
  static Path archive;
  static FileSystem local;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    SweepTest.Fixture fixture = SweepTest.writeFixture(spark, tmp);
    rules = fixture.rules();
    archive = fixture.archive();
    local = FileSystem.getLocal(new Configuration());
  }

  static org.apache.hadoop.fs.Path runs(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve(name).resolve("runs").toString());
  }

  static void writeLock(String name, String runId, RunLock.Holder h) throws Exception {
    Path file = tmp.resolve(name).resolve("runs/.locks").resolve(runId + ".lock");
    Files.createDirectories(file.getParent());
    Files.write(file, new ObjectMapper().writeValueAsBytes(h));
  }

  static String lockedLine(String runId, RunLock.Holder h) {
    return "run id " + runId + " is locked by another sweep " + h.holder() + " on host " + h.host() + " (pid "
        + h.pid() + "), started " + h.started() + ", lease until " + h.expires() + "; nothing done. Wait for it to "
        + "finish or give another --run-id (a killed sweep's lock is taken over when its lease expires)";
  }

  // ------------------------------------------------------------------------------------------------- the lease

  @Test
  void aSecondTakerFailsAtOnceNamingTheHolder() {
    try (RunLock first = RunLock.acquire(local, runs("l1"), "r", Duration.ofMinutes(5))) {
      JobFailure e = assertThrows(JobFailure.class, () -> RunLock.acquire(local, runs("l1"), "r", Duration.ofMinutes(5)));
      assertEquals(lockedLine("r", first.holder()), e.getMessage());
    }
    try (RunLock again = RunLock.acquire(local, runs("l1"), "r", Duration.ofMinutes(5))) {
      assertTrue(Files.exists(tmp.resolve("l1/runs/.locks/r.lock")), "released, then taken again");
    }
    assertFalse(Files.exists(tmp.resolve("l1/runs/.locks/r.lock")), "released on close");
  }

  @Test
  void aLeaseOfAnotherHostHoldsUntilItExpires() throws Exception {
    RunLock.Holder live = new RunLock.Holder("other", "r", "elsewhere", 1, "", "2026-12-06T10:00:00Z",
        Instant.now().plusSeconds(600).toString());
    writeLock("l2", "r", live);
    JobFailure e = assertThrows(JobFailure.class, () -> RunLock.acquire(local, runs("l2"), "r", Duration.ofMinutes(5)));
    assertEquals(lockedLine("r", live), e.getMessage());

    writeLock("l2", "r", new RunLock.Holder("other", "r", "elsewhere", 1, "", "2026-12-06T10:00:00Z",
        Instant.now().minusSeconds(1).toString()));
    try (RunLock taken = RunLock.acquire(local, runs("l2"), "r", Duration.ofMinutes(5))) {
      assertEquals(taken.holder(), RunLock.read(local, RunLock.lockFile(runs("l2"), "r")).orElseThrow(),
          "an expired lease is taken over");
    }
  }

  @Test
  void aLockOfAProcessThatDiedOnThisHostIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String startedAt = gone.info().startInstant().map(Instant::toString).orElse("");
    gone.waitFor();
    writeLock("l3", "r", new RunLock.Holder("killed", "r", RunLock.thisHost(), gone.pid(), startedAt,
        "2026-12-06T10:00:00Z", Instant.now().plusSeconds(600).toString()));
    try (RunLock taken = RunLock.acquire(local, runs("l3"), "r", Duration.ofMinutes(5))) {
      assertEquals(taken.holder().holder(), RunLock.read(local, RunLock.lockFile(runs("l3"), "r")).orElseThrow()
          .holder(), "the holder's process is gone, its unexpired lease with it");
    }
  }

  @Test
  void theHolderRenewsItsLease() throws Exception {
    try (RunLock held = RunLock.acquire(local, runs("l4"), "r", Duration.ofSeconds(6))) {
      Instant first = Instant.parse(held.holder().expires());
      Thread.sleep(3_000); // renewed every 2 s
      Instant renewed = Instant.parse(RunLock.read(local, RunLock.lockFile(runs("l4"), "r")).orElseThrow().expires());
      assertTrue(renewed.isAfter(first), first + " renewed to " + renewed);
    }
  }

  // ------------------------------------------------------------------------------------------------ racing sweeps

  static TestCli.Result sweep(Path out, String runId, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", "--archive", archive.toString(), "--rules", rules.toString(),
        "--from", "2026-10-01", "--to", "2026-10-03", "--out", out.toString(), "--run-id", runId, "--master",
        "local[2]", "-D", "winnow.spark.shuffle-partitions=2", "-D", "winnow.spark.progress-bar=false", "-D",
        "winnow.quarantine.max-rate=0.5"));
    args.addAll(List.of(more));
    return TestCli.cli(args.toArray(String[]::new));
  }

  static void assertVerifies(Path run) {
    TestCli.Result verify = TestCli.cli("audit", "verify", run.toString());
    assertEquals(0, verify.exit(), verify.out() + verify.err());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void twoSweepsStartedTogetherCommitOnce() throws Exception {
    Path out = tmp.resolve("out-together");
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<TestCli.Result>> runs = new ArrayList<>();
    for (String shadow : List.of("", "--shadow")) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return shadow.isEmpty() ? sweep(out, "together") : sweep(out, "together", shadow);
      }));
    }
    start.countDown();
    List<TestCli.Result> results = runs.stream().map(CompletableFuture::join).toList();
    List<TestCli.Result> committed = results.stream().filter(r -> r.exit() == 0).toList();
    List<TestCli.Result> stopped = results.stream().filter(r -> r.exit() != 0).toList();
    assertEquals(1, committed.size(), "exactly one commits: " + results);
    assertEquals(1, stopped.get(0).exit(), stopped.get(0).err());
    String line = stopped.get(0).err().strip();
    assertTrue(line.startsWith("winnow: run id together is locked by another sweep ") && line.endsWith("; nothing done. "
        + "Wait for it to finish or give another --run-id (a killed sweep's lock is taken over when its lease "
        + "expires)") && !line.contains("\n"), line);
    assertTrue(committed.get(0).out().contains("run committed: "), committed.get(0).out());
    assertVerifies(out.resolve("runs/together"));
    assertFalse(Files.exists(out.resolve("runs/.failed/together.json")), "the stopped sweep recorded no failure");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aSweepStartedDuringAnothersWriteStopsAndLeavesItsStagingAlone() throws Exception {
    Path out = tmp.resolve("out-during");
    CompletableFuture<TestCli.Result> first = CompletableFuture.supplyAsync(() -> sweep(out, "during", "-D",
        "winnow.test.pause-during-write-millis=8000"));
    Path lock = out.resolve("runs/.locks/during.lock");
    while (!FaultTest.stagedDataFiles(out)) {
      assertFalse(first.isDone(), "the first sweep ended before its write: " + (first.isDone() ? first.join() : ""));
      Thread.sleep(100);
    }
    RunLock.Holder holder = new ObjectMapper().readValue(lock.toFile(), RunLock.Holder.class);
    // The second has other options and a typo in its column mapping (found only once it reads the archive): it must
    // stop at the lock, before it touches anything of the first.
    TestCli.Result second = sweep(out, "during", "--shadow", "-D", "winnow.columns.posts.text=txet");
    assertEquals(1, second.exit(), second.err());
    assertEquals("winnow: " + lockedLine("during", holder), second.err().strip());

    TestCli.Result result = first.join();
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("run committed: "), result.out());
    assertTrue(Files.isDirectory(out.resolve("runs/during/actions")), "the first run's actions are there");
    assertVerifies(out.resolve("runs/during"));
    assertFalse(Files.exists(lock), "released after the commit");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aSweepThatLostItsLockDoesNotCommit() throws Exception {
    Path out = tmp.resolve("out-lost");
    CompletableFuture<TestCli.Result> first = CompletableFuture.supplyAsync(() -> sweep(out, "lost", "-D",
        "winnow.test.pause-during-write-millis=8000"));
    while (!FaultTest.stagedDataFiles(out)) {
      assertFalse(first.isDone(), "the first sweep ended before its write");
      Thread.sleep(100);
    }
    RunLock.Holder thief = new RunLock.Holder("thief", "lost", "elsewhere", 1, "", "2026-12-06T10:00:00Z",
        Instant.now().plusSeconds(600).toString());
    writeLock("out-lost", "lost", thief); // as if its lease had expired during a long stall and been taken over
    TestCli.Result result = first.join();
    assertEquals(1, result.exit(), result.err());
    assertEquals("winnow: run lost lost its lock before the commit (now held by " + thief.describe() + "); nothing "
        + "committed. Raise winnow.audit.lock-lease-seconds if this sweep stalls for long", result.err().strip());
    assertFalse(Files.exists(out.resolve("runs/lost")), "nothing committed");
    assertEquals(thief, RunLock.read(local, RunLock.lockFile(runs("out-lost"), "lost")).orElseThrow(),
        "the new holder's lock is left alone");
  }
}
