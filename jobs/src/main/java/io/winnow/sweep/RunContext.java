package io.winnow.sweep;

import io.winnow.config.Settings;
import io.winnow.model.RuleSet;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What an output ({@link RunOutput}) knows of the run it writes: the run id and request, the rule set, the decision
 * date of its action rows, and where to write (the staging directory, moved to {@link #target()} on commit; {@link
 * #out()} is the output root, e.g. for {@code OUT/ledger/}).
 */
public record RunContext(SparkSession spark, Settings settings, SweepRequest request, RuleSet rules, String runId,
    LocalDate decisionDate, FileSystem fs, Path staging, Path target) {

  /** The directory of one output inside staging: {@code staging/NAME}. */
  public Path dir(String name) {
    return new Path(staging, name);
  }

  /** The output root ({@code --out}). */
  public Path out() {
    return target.getParent().getParent();
  }
}
