package io.winnow.cli;

import io.winnow.UserError;
import io.winnow.config.Settings;
import io.winnow.generate.ArchiveGenerator;
import io.winnow.generate.GenerateRequest;
import io.winnow.generate.GenerateResult;
import io.winnow.generate.GenerateSettings;
import io.winnow.sweep.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic archive (posts, accounts, reports) with planted violations and a ground-truth "
        + "label table. The same seed gives the same archive.")
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--posts", required = true, paramLabel = "N", description = "Number of posts.")
  long posts;

  @Option(names = "--accounts", required = true, paramLabel = "M", description = "Number of accounts.")
  long accounts;

  @Option(names = "--days", defaultValue = "7", paramLabel = "D",
      description = "Days the posts spread over, from winnow.generate.start-date (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Archive root to write (any Hadoop path).")
  String out;

  @Override
  public Integer call() {
    if (posts < 1 || accounts < 1 || days < 1) {
      throw new UserError("--posts, --accounts and --days must be at least 1");
    }
    Settings settings = common.settings(Map.of());
    SparkSession spark = SparkSessions.create(settings.spark());
    GenerateResult result = generate(spark, settings, new GenerateRequest(posts, accounts, days, seed, out),
        spec.commandLine().getOut());
    print(result, spec.commandLine().getOut());
    return 0;
  }

  static GenerateResult generate(SparkSession spark, Settings settings, GenerateRequest request, PrintWriter out) {
    out.printf("winnow: generating %,d posts, %,d accounts over %d days (seed %d) into %s%n", request.posts(),
        request.accounts(), request.days(), request.seed(), request.outDir());
    return new ArchiveGenerator(GenerateSettings.from(settings.generate()))
        .progress(line -> out.println("winnow: generated " + line)).generate(spark, request);
  }

  /**
   * The archive of {@code request}'s sizes and seed under {@code work} (`archive-posts-N-accounts-M-days-D-seed-S`),
   * generated the first time and reused after that (a `_GENERATED` marker is written last). What `demo` and the
   * benchmarks sweep, so that they share one archive per size.
   */
  static Path generatedOnce(SparkSession spark, Settings settings, Path work, long posts, long accounts, int days,
      long seed, PrintWriter out) throws IOException {
    // the generator's version is part of the key: an archive written by an older generator (other label kinds, other
    // plants) is never reused as if it were this one's
    String key = "posts-" + posts + "-accounts-" + accounts + "-days-" + days + "-seed-" + seed + "-generator-"
        + ArchiveGenerator.VERSION;
    Path archive = work.resolve("archive-" + key);
    Path marker = archive.resolve("_GENERATED");
    if (Files.exists(marker)) {
      out.println("winnow: reusing the archive " + archive);
    } else {
      print(generate(spark, settings, new GenerateRequest(posts, accounts, days, seed, archive.toString()), out), out);
      Files.writeString(marker, key + "\n");
    }
    return archive;
  }

  static void print(GenerateResult r, PrintWriter out) {
    out.printf("winnow: wrote %,d posts, %,d accounts, %,d reports in %.1f s%n", r.posts(), r.accounts(), r.reports(),
        r.elapsed().toMillis() / 1000.0);
    out.println("planted violations (labels/ holds the ground truth):");
    new TreeMap<>(r.planted()).forEach((k, v) -> out.printf("  %-40s %,10d%n", k, v));
    out.println("hard negatives:");
    new TreeMap<>(r.hardNegatives()).forEach((k, v) -> out.printf("  %-40s %,10d%n", k, v));
  }
}
