package io.winnow.sweep;

import io.winnow.JobFailure;
import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.ledger.Ledger;
import io.winnow.run.RunLock;
import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow ledger compact}: compacts the ledger of an output root under the same writer lock the sweeps take
 * ({@link LedgerStage#LOCK}), so it never races a sweep's read or commit. Sweeps also compact by themselves once the
 * ledger has {@code winnow.ledger.compact-every-versions} versions more, when that is set (off by default).
 */
public final class LedgerCompaction {
  private LedgerCompaction() {}

  /** Compacts the ledger under {@code out}; refuses (exit 2) when there is none or a sweep holds it. */
  public static Ledger.Compaction execute(SparkSession spark, Settings settings, String out) {
    Ledger ledger = Ledger.at(spark, out);
    if (!ledger.exists()) {
      throw new UserError("no ledger at " + ledger.path() + ". A sweep with --ledger --out " + out + " writes it");
    }
    FileSystem fs;
    try {
      fs = new Path(out).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UserError("cannot open " + out + ": " + e.getMessage() + ". Check --out", e);
    }
    RunLock lock;
    try {
      lock = RunLock.acquire(fs, new Path(out, "runs"), LedgerStage.LOCK,
          Duration.ofSeconds(settings.audit().lockLeaseSeconds()));
    } catch (JobFailure e) {
      throw new UserError("the ledger " + ledger.path() + " is being written by a sweep; nothing compacted. Run "
          + "again when it has finished (" + e.getMessage() + ")");
    }
    try (lock) {
      return ledger.compact();
    }
  }
}
