package io.winnow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.JobFailure;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-id lock on HDFS (an in-process MiniDFSCluster), where it is a {@code create} without overwrite at the name
 * node: a second taker fails naming the holder, a released lock is taken again, and of eight takers started together
 * exactly one wins.
 */
class RunLockHdfsTest {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void oneHolderAtATimeOnHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set("dfs.replication", "1");
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile()).numDataNodes(1).build();
    try {
      dfs.waitActive();
      FileSystem fs = FileSystem.get(URI.create("hdfs://127.0.0.1:" + dfs.getNameNodePort()), conf);
      org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path("/out/runs");
      try (RunLock first = RunLock.acquire(fs, runs, "r", Duration.ofMinutes(5))) {
        JobFailure e = assertThrows(JobFailure.class, () -> RunLock.acquire(fs, runs, "r", Duration.ofMinutes(5)));
        assertTrue(e.getMessage().startsWith("run id r is locked by another " + first.holder().describe() + ";"),
            e.getMessage());
      }
      try (RunLock again = RunLock.acquire(fs, runs, "r", Duration.ofMinutes(5))) {
        assertEquals(again.holder(), RunLock.read(fs, RunLock.lockFile(runs, "r")).orElseThrow());
      }

      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<RunLock>> takers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        takers.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
            return RunLock.acquire(fs, runs, "together", Duration.ofMinutes(5));
          } catch (JobFailure lost) {
            return null;
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      start.countDown();
      List<RunLock> won = takers.stream().map(CompletableFuture::join).filter(l -> l != null).toList();
      assertEquals(1, won.size(), "exactly one of eight takers holds the lock");
      assertEquals(won.get(0).holder(), RunLock.read(fs, RunLock.lockFile(runs, "together")).orElseThrow());
      won.get(0).close();
    } finally {
      dfs.shutdown();
    }
  }
}
