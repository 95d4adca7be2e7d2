package io.winnow.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.JobFailure;
import io.winnow.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The lease of one run id ({@code OUT/runs/.locks/RUN_ID.lock}): while a sweep holds it, no other sweep of that run id
 * starts, cleans its staging or commits. The file is created only if absent — {@code Files.createFile} on a local
 * disk, {@code create} with overwrite off on HDFS (atomic at the name node), and on S3A a conditional PUT
 * ({@code If-None-Match: *}, Hadoop 3.4+ with {@code fs.s3a.create.conditional.enabled}) — and read back to confirm the
 * holder. It names its holder (a random id, host, process id and that process's start, the sweep's start) and an
 * expiry that the holder renews every third of the lease; a sweep that was killed leaves a lease that the next sweep
 * takes over once it expired, or at once on the same host when the holder's process is gone.
 */
public final class RunLock implements AutoCloseable {
  static final String LOCKS = ".locks";

  /** What the lock file holds. */
  record Holder(String holder, String runId, String host, long pid, String pidStarted, String started,
      String expires) {
    String describe() {
      return "sweep " + holder + " on host " + host + " (pid " + pid + "), started " + started + ", lease until "
          + expires;
    }

    boolean expired(Instant now) {
      return Instant.parse(expires).isBefore(now);
    }

    /** True when the holder's process runs on this host and is gone (or the pid now names another process). */
    boolean deadOnThisHost() {
      if (!host.equals(thisHost())) {
        return false;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      return p.isEmpty() || !p.get().isAlive()
          || !p.get().info().startInstant().map(Instant::toString).orElse("").equals(pidStarted);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path file;
  private final Duration lease;
  private final Holder me;
  private final ScheduledExecutorService renewer;
  private volatile boolean released;

  private RunLock(FileSystem fs, Path file, Duration lease, Holder me) {
    this.fs = fs;
    this.file = file;
    this.lease = lease;
    this.me = me;
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "winnow-lock-" + me.runId());
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, lease.toMillis() / 3);
    renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  static Path lockFile(Path runs, String runId) {
    return new Path(new Path(runs, LOCKS), runId + ".lock");
  }

  /**
   * Takes the lock of {@code runId} under {@code runs}, taking over a lease that expired or whose holder died on this
   * host; fails at once, naming the holder, when another sweep holds it.
   */
  public static RunLock acquire(FileSystem fs, Path runs, String runId, Duration lease) {
    Path file = lockFile(runs, runId);
    String started = Instant.now().toString();
    for (int attempt = 0; attempt < 5; attempt++) {
      Holder me = holder(runId, started, lease);
      try {
        if (createNew(fs, file, JSON.writeValueAsBytes(me))) {
          Optional<Holder> now = read(fs, file);
          if (now.isPresent() && now.get().holder().equals(me.holder())) {
            return new RunLock(fs, file, lease, me);
          }
          continue;
        }
        Optional<Holder> other = read(fs, file);
        if (other.isEmpty()) {
          if (unreadableFor(fs, file, lease)) {
            fs.delete(file, false); // a holder died while writing it, longer ago than a lease
          } else {
            sleep(50); // being written or just released: look again
          }
          continue;
        }
        Holder h = other.get();
        if (h.expired(Instant.now()) || h.deadOnThisHost()) {
          breakStale(fs, file, h);
          continue;
        }
        throw new JobFailure("run id " + runId + " is locked by another " + h.describe() + "; nothing done. Wait for "
            + "it to finish or give another --run-id (a killed sweep's lock is taken over when its lease expires)");
      } catch (IOException e) {
        throw new UserError("cannot lock run " + runId + " at " + file + ": " + e.getMessage()
            + ". Check that --out is writable", e);
      }
    }
    throw new JobFailure("run id " + runId + " is contended: its lock " + file + " changed hands 5 times while this "
        + "sweep tried to take it; nothing done. Run again, or give another --run-id");
  }

  /** The live holder of {@code runId}'s lock, if another sweep holds it now. */
  static Optional<Holder> liveHolder(FileSystem fs, Path runs, String runId) {
    try {
      Optional<Holder> h = read(fs, lockFile(runs, runId));
      return h.filter(x -> !x.expired(Instant.now()) && !x.deadOnThisHost());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Fails the run unless this sweep still holds the lock (a stalled holder may have lost an expired lease). */
  public void checkHeld() {
    Optional<Holder> now;
    try {
      now = read(fs, file);
      // On HDFS a renewal rewrites the file in place: a read in that instant sees it empty. Look again.
      for (int i = 0; i < 3 && now.isEmpty() && fs.exists(file); i++) {
        sleep(100);
        now = read(fs, file);
      }
    } catch (IOException e) {
      throw new JobFailure("cannot read the lock " + file + " of run " + me.runId() + " before its commit: "
          + e.getMessage() + "; nothing committed");
    }
    if (now.isEmpty() || !now.get().holder().equals(me.holder())) {
      throw new JobFailure("run " + me.runId() + " lost its lock before the commit ("
          + now.map(h -> "now held by " + h.describe()).orElse("the lock file is gone") + "); nothing committed. "
          + "Raise winnow.audit.lock-lease-seconds if this sweep stalls for long");
    }
  }

  Holder holder() {
    return me;
  }

  /** Stops renewing and removes the lock if it is still this sweep's. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    renewer.shutdownNow();
    try {
      Optional<Holder> now = read(fs, file);
      if (now.isPresent() && now.get().holder().equals(me.holder())) {
        fs.delete(file, false);
      }
    } catch (IOException | RuntimeException e) {
      // The lease expires on its own.
    }
  }

  private void renew() {
    if (released) {
      return;
    }
    try {
      Optional<Holder> now = read(fs, file);
      if (now.isEmpty() || !now.get().holder().equals(me.holder())) {
        return; // lost: checkHeld() stops the commit
      }
      Holder renewed = new Holder(me.holder(), me.runId(), me.host(), me.pid(), me.pidStarted(), me.started(),
          Instant.now().plus(lease).toString());
      replace(fs, file, JSON.writeValueAsBytes(renewed));
    } catch (IOException | RuntimeException e) {
      // A missed renewal is retried at the next tick; the lease is three ticks long.
    }
  }

  private static Holder holder(String runId, String started, Duration lease) {
    ProcessHandle self = ProcessHandle.current();
    return new Holder(UUID.randomUUID().toString(), runId, thisHost(), self.pid(),
        self.info().startInstant().map(Instant::toString).orElse(""), started, Instant.now().plus(lease).toString());
  }

  /** Creates {@code file} with {@code content} only if it does not exist; false when it does. */
  private static boolean createNew(FileSystem fs, Path file, byte[] content) throws IOException {
    fs.mkdirs(file.getParent());
    java.nio.file.Path local = localPath(fs, file);
    if (local != null) {
      try {
        Files.write(local, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    if (fs.exists(file)) {
      return false;
    }
    org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> create = fs.createFile(file);
    create.overwrite(false);
    create.opt("fs.option.create.conditional.overwrite", true);
    try (OutputStream o = (OutputStream) create.build()) {
      o.write(content);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // lost the race (HDFS: already being created; S3A: 412 on the conditional PUT)
      }
      throw e;
    }
    return true;
  }

  private static void replace(FileSystem fs, Path file, byte[] content) throws IOException {
    java.nio.file.Path local = localPath(fs, file);
    if (local != null) {
      java.nio.file.Path tmp = local.resolveSibling("." + local.getFileName() + "." + UUID.randomUUID());
      Files.write(tmp, content);
      Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (OutputStream o = fs.create(file, true)) {
      o.write(content);
    }
  }

  private static void breakStale(FileSystem fs, Path file, Holder stale) throws IOException {
    Optional<Holder> again = read(fs, file);
    if (again.isPresent() && again.get().holder().equals(stale.holder())) {
      java.nio.file.Path local = localPath(fs, file);
      if (local != null) {
        Files.deleteIfExists(local);
      } else {
        fs.delete(file, false);
      }
    }
  }

  private static boolean unreadableFor(FileSystem fs, Path file, Duration lease) throws IOException {
    try {
      return fs.getFileStatus(file).getModificationTime() < System.currentTimeMillis() - lease.toMillis();
    } catch (java.io.FileNotFoundException e) {
      return false;
    }
  }

  /** The holder in {@code file}; empty when there is none or it is being written. */
  static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
    java.nio.file.Path local = localPath(fs, file);
    try {
      byte[] bytes;
      if (local != null) {
        bytes = Files.readAllBytes(local);
      } else {
        try (InputStream in = fs.open(file)) {
          bytes = in.readAllBytes();
        }
      }
      return Optional.of(JSON.readValue(bytes, Holder.class));
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  /** The java.nio path of {@code file} on a local disk (no checksum files), else null. */
  private static java.nio.file.Path localPath(FileSystem fs, Path file) {
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      return java.nio.file.Path.of(fs.makeQualified(file).toUri());
    }
    return null;
  }

  static String thisHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
