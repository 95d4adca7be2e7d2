package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.evaluate.EvaluationTables;
import io.winnow.evaluate.Evaluator;
import io.winnow.evaluate.Labels;
import io.winnow.run.RunDirectory;
import io.winnow.sweep.SparkSessions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Measure a committed run against labels: precision per rule, subcategory and action with 95 % "
        + "Wilson intervals (stratified estimates from a filled review sheet, a census from the generator's labels/), "
        + "recall where the labels cover unactioned subjects, unsure verdicts and the confusion between "
        + "subcategories. Writes OUT/evaluations/RUN_ID/EVAL_ID/; the run is never changed.")
public final class EvaluateCommand implements Callable<Integer> {
  private static final String PRECISION = "%-56s %8d %8d %8d %6d  %9s  %s%n";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A committed run: OUT/runs/RUN_ID.")
  String runDir;

  @Option(names = "--labels", required = true, paramLabel = "PATH",
      description = "A filled review sheet (CSV or Parquet), the generator's ARCHIVE/labels, or a labelled set (CSV or "
          + "Parquet: subject_kind, subject_id, category, subcategory or none).")
  String labels;

  @Option(names = "--sample", paramLabel = "DIR",
      description = "The sample's directory (winnow sample --out): checks it was drawn from this run and takes the "
          + "strata sizes from its manifest.")
  String sample;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write the evaluation here instead of OUT/evaluations/RUN_ID/EVAL_ID.")
  String out;

  @Override
  public Integer call() {
    Settings settings = common.settings(Map.of());
    RunDirectory run = RunDirectory.open(HadoopConf.of(settings), runDir);
    run.committedManifest();
    Evaluator.Result r = new Evaluator(SparkSessions.create(settings.spark()), run,
        new Evaluator.Request(labels, sample, out)).execute();
    print(r, spec.commandLine().getOut());
    return 0;
  }

  static void print(Evaluator.Result r, PrintWriter o) {
    o.println("labels: " + r.shape().description());
    o.println("        " + r.labelsPath() + " (sha256 " + r.labelsSha256().substring(0, 12) + ")");
    for (String level : EvaluationTables.LEVELS) {
      o.println();
      o.println(level.equals("all") ? "precision over all actions" : "precision per " + level);
      o.printf("%-56s %8s %8s %8s %6s  %9s  %s%n", level, "actions", "labelled", "correct", "unsure", "precision",
          "95 % Wilson interval");
      for (EvaluationTables.PrecisionLine l : r.precision()) {
        if (l.level().equals(level)) {
          o.printf(PRECISION, l.key(), l.actions(), l.labelled(), l.correct(), l.unsure(),
              EvaluationTables.num(l.estimate().p()), interval(l.estimate().low(), l.estimate().high())
                  + (l.strata() > 1 ? "  (" + l.strata() + " strata, effective n "
                  + EvaluationTables.num(l.estimate().n()) + ")" : ""));
        }
      }
    }
    if (r.shape() == Labels.Shape.SHEET) {
      o.println();
      o.println("unsure verdicts: " + r.unsure() + " (excluded from precision); rows not yet reviewed: "
          + r.unreviewed());
    }
    o.println();
    if (r.recall().isEmpty()) {
      o.println("recall: not measured (no reviewed unactioned subjects in the labels; winnow sample --unactioned N "
          + "draws some to review)");
    } else {
      o.println("recall");
      o.printf("%-12s %-40s %10s %10s %7s  %s%n", "level", "key", "violations", "caught", "recall",
          "95 % Wilson interval");
      for (EvaluationTables.RecallLine l : r.recall()) {
        o.printf("%-12s %-40s %10s %10s %7s  %s%n", l.level(), l.key(), EvaluationTables.count(l.violations()),
            EvaluationTables.count(l.caught()),
            EvaluationTables.num(l.estimate().p()), interval(l.estimate().low(), l.estimate().high()));
      }
    }
    if (!r.hardNegatives().isEmpty()) {
      o.println();
      o.println("hard negatives actioned");
      for (EvaluationTables.HardNegativeLine l : r.hardNegatives()) {
        o.printf("  %-40s %6d of %6d%n", l.kind(), l.actioned(), l.subjects());
      }
    }
    o.println();
    if (r.shape() == Labels.Shape.SHEET) {
      o.println("confusion between subcategories: not measured (a sheet's verdicts carry no subcategory)");
    } else {
      o.println("confusion between subcategories (labelled -> actioned), where they differ");
      long same = 0;
      for (EvaluationTables.ConfusionLine l : r.confusion()) {
        if (l.labelled().equals(l.actioned())) {
          same += l.actions();
        } else {
          o.printf("  %-40s -> %-40s %6d%n", l.labelled(), l.actioned(), l.actions());
        }
      }
      o.println("  " + same + " actions in the labelled subcategory");
    }
    o.println();
    o.println("wrote evaluation " + r.dir() + " (" + r.files().size() + " files and manifest.json)");
  }

  private static String interval(double low, double high) {
    return Double.isFinite(low) ? "[" + EvaluationTables.num(low) + ", " + EvaluationTables.num(high) + "]" : "-";
  }
}
