package io.winnow.sweep;

import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.config.Settings;
import io.winnow.ledger.IncrementalPlan;
import io.winnow.ledger.Ledger;
import io.winnow.ledger.LedgerSnapshot;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow sweep --incremental}: sweeps only the (posts partition, rule version) pairs that no committed run of
 * the ledger evaluated ({@link IncrementalPlan}, from the watermarks in {@code OUT/ledger/}). Each step of the plan is
 * one {@code --ledger} sweep ({@link Sweep}) that reads only its partitions (the others are not opened) with only its
 * rules: the new partitions with every rule, and a changed or added rule version alone over the history it lacks,
 * with a rule set compiled of that rule alone. History steps run first (run id {@code RUN_ID-rules-K}), the new
 * partitions last (run id {@code RUN_ID}); each step is committed with its watermarks, so a step that fails leaves its
 * pairs to the next incremental sweep.
 */
public final class IncrementalSweep {
  /** The plan and the runs committed for it (none when nothing was left to evaluate). */
  public record Result(IncrementalPlan plan, List<SweepResult> runs) {}

  private final SparkSession spark;
  private final Settings settings;
  private final RuleSet rules;
  private final SweepRequest request;
  private final Consumer<String> progress;

  /**
   * {@code request}'s from and to bound the days considered (null: every day of the archive); its run id names the
   * step of the new partitions; shadow and ledger are ignored (an incremental sweep always writes the ledger).
   */
  public IncrementalSweep(SparkSession spark, Settings settings, RuleSet rules, SweepRequest request,
      Consumer<String> progress) {
    this.spark = spark;
    this.settings = settings;
    this.rules = rules;
    this.request = request;
    this.progress = progress;
  }

  public Result execute() {
    if (!settings.source(ArchiveSchema.POSTS).isLayout()) {
      throw new UserError("--incremental needs posts in winnow's layout (posts/dt=YYYY-MM-DD/platform=NAME/), whose "
          + "partitions the watermarks name; winnow.archive.posts.format is "
          + settings.source(ArchiveSchema.POSTS).format() + ". Import the posts first (winnow import --table posts)");
    }
    SortedSet<String> partitions = partitions();
    Set<String> ruleVersions = new TreeSet<>();
    rules.evaluated(Subject.POST).forEach(r -> ruleVersions.add(version(r)));
    // The ledger is read once here; the first step starts from this read when nothing committed meanwhile.
    LedgerSnapshot snapshot = LedgerSnapshot.read(Ledger.at(spark, request.out(), settings.ledger()));
    try {
      return execute(partitions, ruleVersions, snapshot);
    } finally {
      snapshot.close();
    }
  }

  private Result execute(SortedSet<String> partitions, Set<String> ruleVersions, LedgerSnapshot snapshot) {
    IncrementalPlan plan = IncrementalPlan.of(partitions, ruleVersions, snapshot.watermarks());
    progress.accept("incremental: " + partitions.size() + " posts partitions, " + ruleVersions.size()
        + " post rule versions: " + plan.describe());
    List<SweepResult> runs = new ArrayList<>();
    int history = 0;
    for (IncrementalPlan.Step step : plan.steps()) {
      boolean everyRule = step.ruleVersions().equals(ruleVersions);
      String runId = everyRule ? request.runId() : request.runId() + "-rules-" + (++history);
      RuleSet stepRules = everyRule ? rules : only(rules, step.ruleVersions());
      SortedSet<String> days = step.days();
      SweepRequest stepRequest = new SweepRequest(request.archive(), LocalDate.parse(days.first()),
          LocalDate.parse(days.last()), request.out(), runId, false, request.commandLine(), true, step.partitions());
      progress.accept("incremental step " + runId + ": " + step.partitions().size() + " partitions with "
          + (everyRule ? "every rule" : String.join(", ", step.ruleVersions())));
      Sweep sweep = new Sweep(spark, settings, stepRules, stepRequest, progress);
      runs.add((runs.isEmpty() ? sweep.startingFrom(snapshot) : sweep).execute());
    }
    return new Result(plan, List.copyOf(runs));
  }

  /** The archive's posts partitions ({@code dt=D/platform=P}) inside the request's bounds, from a listing. */
  private SortedSet<String> partitions() {
    Path root = new Path(request.archive());
    FileSystem fs;
    try {
      fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(new Path(root, ArchiveSchema.POSTS))) {
        throw new UserError("archive " + request.archive() + " has no posts/ directory. Expected posts/dt=YYYY-MM-DD/"
            + "platform=NAME/*.parquet");
      }
    } catch (IOException e) {
      throw new UserError("cannot open archive " + request.archive() + ": " + e.getMessage(), e);
    }
    ArchiveListing listing = new ArchiveListing(fs, root);
    SortedSet<String> out = new TreeSet<>();
    listing.walk(ArchiveSchema.POSTS, ArchiveSchema.POST_PARTITIONS, request.from(), request.to())
        .forEach(f -> out.add(f.partition()));
    return out;
  }

  static String version(Rule r) {
    return r.id() + " v" + r.version();
  }

  /**
   * The rule set of {@code versions} alone (post rules "id vN"), with the policy; its hash is the full set's hash with
   * the ids, so it compiles and caches apart from the full set and the manifest tells the two apart.
   */
  static RuleSet only(RuleSet rules, Set<String> versions) {
    List<Rule> kept = rules.rules().stream().filter(r -> r.subject() == Subject.POST && versions.contains(version(r)))
        .toList();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((rules.hash() + "|only|" + String.join(",", new TreeSet<>(versions)))
          .getBytes(StandardCharsets.UTF_8));
      return new RuleSet(kept, rules.policy(), HexFormat.of().formatHex(sha.digest()), rules.fileHashes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
