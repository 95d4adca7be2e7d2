package io.winnow.cli;

import io.winnow.UserError;
import io.winnow.audit.Explainer;
import io.winnow.audit.RunFiles;
import io.winnow.config.Settings;
import io.winnow.sweep.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Explain an action of a run from its evidence: rules and versions, the text with the matched spans "
        + "marked [[like this]], the values predicates read, and the ladder steps (strikes) that led to it.")
public final class ExplainCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory, OUT/runs/RUN_ID.")
  String runDir;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ACTION_ID", description = "The action_id to explain.")
  String actionId;

  @Option(names = "--subject", paramLabel = "ID", description = "Explain every action on this post or account id.")
  String subject;

  @Option(names = "--platform", paramLabel = "NAME", description = "With --subject: only the subject on this platform"
      + " (the same id on two platforms is two subjects).")
  String platform;

  @Override
  public Integer call() {
    if ((actionId == null) == (subject == null)) {
      throw new UserError("give either ACTION_ID or --subject ID");
    }
    if (platform != null && subject == null) {
      throw new UserError("--platform narrows --subject ID; give --subject too");
    }
    Settings settings = common.settings(Map.of());
    RunFiles run = RunFiles.open(HadoopConf.of(settings), runDir);
    run.committedManifest();
    SparkSession spark = SparkSessions.create(settings.spark());
    Explainer explainer = new Explainer(spark, run);
    spec.commandLine().getOut().print(actionId != null ? explainer.action(actionId)
        : explainer.subject(subject, platform));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
