package io.winnow.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sum;

import io.winnow.config.Settings;
import io.winnow.engine.CompiledRules;
import io.winnow.model.Condition;
import io.winnow.model.Policy;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import io.winnow.model.Severity;
import io.winnow.model.Status;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import io.winnow.sweep.SparkSessions;
import io.winnow.sweep.TextMatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The text engine against a plain scan and against the peer a user would write (one Spark expression per rule), in
 * one run on one generated archive: the one pass (normalize, one automaton, prefiltered regex, catalogue, names) with
 * 10 to 10,000 generated term rules plus 50 regex rules, a claim catalogue and a protected-name list.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "Benchmark the text engine: plain scan vs the one pass at 10..10,000 term rules (+50 regex), with a"
        + " claim catalogue and protected names, vs one Spark rlike per rule; prints times, ratios and heap.")
public final class BenchEngineCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--work", defaultValue = "work/bench", paramLabel = "DIR", description = "Work directory (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rule directory whose lists seed the generated rules (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--posts", defaultValue = "5000000", paramLabel = "N", description = "Posts (default: ${DEFAULT-VALUE}).")
  long posts;

  @Option(names = "--accounts", defaultValue = "500000", paramLabel = "M", description = "Accounts (default: ${DEFAULT-VALUE}).")
  long accounts;

  @Option(names = "--days", defaultValue = "7", paramLabel = "D", description = "Days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--claims", defaultValue = "10000", paramLabel = "C", description = "Catalogue claims (default: ${DEFAULT-VALUE}).")
  int claims;

  @Option(names = "--names", defaultValue = "5000", paramLabel = "K", description = "Protected names (default: ${DEFAULT-VALUE}).")
  int names;

  @Option(names = "--large-claims", defaultValue = "100000", paramLabel = "C", description = "Claims of the catalogue of the heap check, with 10,000 rules (default: ${DEFAULT-VALUE}).")
  int largeClaims;

  @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "Timed runs per measurement after one warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--skip-whole-sweeps", description = "Skip the two whole sweeps (read, match, decide, policy, write)"
      + " with 1,000 term rules + 50 regex on top of the shipped rules, without and with the catalogue and the"
      + " protected names.")
  boolean skipWholeSweeps;

  @Option(names = "--join-claims", defaultValue = "0", paramLabel = "C", description = "Also time one whole sweep"
      + " with a catalogue of C generated claims on top of the shipped rules; above winnow.similar-to.join-above-claims"
      + " it is matched by the banded join (default: ${DEFAULT-VALUE}, none).")
  int joinClaims;

  @Option(names = "--semantic-claims", defaultValue = "0", paramLabel = "C", description = "Time only the semantic"
      + " stage: whole sweeps of the shipped rules without and with two similar-to measure = semantic rules over a"
      + " C-claim catalogue (the shipped debunked claims, then generated ones); prints the share of posts reaching"
      + " the model (default: ${DEFAULT-VALUE}, not run).")
  int semanticClaims;

  @Option(names = "--sounds", description = "Generated term rules also match their Chinese phrases in pinyin and"
      + " homophones (terms option sounds = [pinyin, homophones]): the text pass with every fold on.")
  boolean sounds;

  @Option(names = "--peer-fraction", defaultValue = "0.05", paramLabel = "F", description = "Share of posts the per-rule peer reads; its time is scaled per post (default: ${DEFAULT-VALUE}).")
  double peerFraction;

  private PrintWriter out;

  @Override
  public Integer call() throws IOException {
    out = spec.commandLine().getOut();
    Settings settings = common.settings(Map.of("winnow.spark.progress-bar", "false"));
    RuleSet shipped = RuleLoader.load(rules);
    SparkSession spark = SparkSessions.create(settings.spark());
    Path archive = GenerateCommand.generatedOnce(spark, settings, work, posts, accounts, days, seed, out);
    Dataset<Row> postTable = spark.read().parquet(archive.resolve("posts").toString());
    Dataset<Row> accountTable = spark.read().parquet(archive.resolve("accounts").toString());
    if (semanticClaims > 0) {
      SplittableRandom claimRandom = new SplittableRandom(seed);
      // The claim vector cache outside the sweeps' output roots (each is deleted before its sweep), so that the
      // second sweep with the semantic rules finds the first one's vectors.
      Path claimCache = work.resolve("engine-sweeps/semantic-claim-cache").toAbsolutePath();
      Settings semantic = common.settings(Map.of("winnow.spark.progress-bar", "false",
          "winnow.semantic.claim-cache", claimCache.toString()));
      SemanticBench.run(out, shipped, semanticClaims, i -> claim(claimRandom),
          (set, name) -> sweep(spark, semantic, archive, set, name), work.resolve("engine-sweeps"), claimCache);
      return 0;
    }
    List<String> seedPhrases = new ArrayList<>();
    shipped.rules().stream().filter(r -> r.subject() == Subject.POST).forEach(r -> collect(r.when(), seedPhrases));

    Measurement scan = measure(() -> scan(postTable).getLong(0));
    long rows = scan(postTable).getLong(0);
    out.printf("archive: %,d posts, %,d accounts; Spark %s, master %s, %d cores; each figure the median of %d runs"
        + " after one warm-up run%n", rows, accounts, spark.version(), settings.spark().master(),
        Runtime.getRuntime().availableProcessors(), repeat);
    out.printf("%-58s %8s %8s %11s %8s %8s %8s%n", "measurement", "wall s", "cpu s", "posts/s", "x scan", "cpu x", "heap MB");
    row("plain Spark scan of text, title (what the pass reads)", scan, rows, scan, 0);

    Map<Integer, Measurement> engine = new java.util.TreeMap<>();
    for (int n : new int[] {10, 100, 1000, 10000}) {
      RuleSet set = generated(soundOption(), n, 50, seedPhrases, 0, 0);
      resetPeaks();
      Measurement m = measure(() -> pass(spark, postTable, set, Subject.POST, List.of("text", "title")));
      engine.put(n, m);
      row("winnow one pass: " + n + " term rules + 50 regex", m, rows, scan, peakHeapMb());
    }
    // Word-aware terms: the segmenter runs only on the fields where the automaton found a Chinese phrase of such a rule.
    RuleSet asWords = asWords(generated(soundOption(), 1000, 50, seedPhrases, 0, 0));
    resetPeaks();
    Measurement words = measure(() -> pass(spark, postTable, asWords, Subject.POST, List.of("text", "title")));
    row("  the same 1,000 term rules as words (words = true)", words, rows, scan, peakHeapMb());
    RuleSet withCatalogue = generated(soundOption(), 1000, 50, seedPhrases, claims, 0);
    resetPeaks();
    Measurement catalogue = measure(() -> pass(spark, postTable, withCatalogue, Subject.POST, List.of("text", "title")));
    row("  + catalogue of " + claims + " claims (similar-to 0.6)", catalogue, rows, scan, peakHeapMb());
    RuleSet withContainment = containment(withCatalogue);
    resetPeaks();
    Measurement contained = measure(() -> pass(spark, postTable, withContainment, Subject.POST,
        List.of("text", "title")));
    row("  + the same catalogue by containment (0.8, either)", contained, rows, scan, peakHeapMb());

    Measurement accountScan = measure(() -> accountTable.agg(count(lit(1)), sum(length(col("display_name"))),
        sum(length(col("handle"))), sum(length(col("bio")))).first().getLong(0));
    RuleSet accountTerms = accountTerms(seedPhrases);
    Measurement accountPass = measure(() -> pass(spark, accountTable, accountTerms, Subject.ACCOUNT,
        List.of("display_name", "handle", "bio")));
    RuleSet withNames = generated(soundOption(), 0, 0, seedPhrases, 0, names);
    resetPeaks();
    Measurement nameTime = measure(() -> pass(spark, accountTable, merge(accountTerms, withNames), Subject.ACCOUNT,
        List.of("display_name", "handle", "bio")));
    long nameHeap = peakHeapMb();
    out.printf("accounts (%,d): plain scan %.2f s (cpu %.2f); one pass with 10 account term rules %.2f s (cpu %.2f);"
        + " + name-like over %,d protected names %.2f s (cpu %.2f); heap %d MB%n", accounts, accountScan.wall(),
        accountScan.cpu(), accountPass.wall(), accountPass.cpu(), names, nameTime.wall(), nameTime.cpu(), nameHeap);

    Measurement sweepBase = null;
    Measurement sweepFull = null;
    if (!skipWholeSweeps) {
      // Shadow rules: findings and evidence are written, actions come from the shipped rules only. The first sweep of
      // a JVM compiles the policy and writing stages: one warm-up sweep, not measured.
      sweep(spark, settings, archive, merge(shipped, generated(soundOption(), 1000, 50, seedPhrases, 0, 0)), "warm-up");
      sweepBase = sweep(spark, settings, archive, merge(shipped, generated(soundOption(), 1000, 50, seedPhrases, 0, 0)), "base");
      sweepFull = sweep(spark, settings, archive, merge(shipped, generated(soundOption(), 1000, 50, seedPhrases, claims, names)),
          "catalogue-names");
      out.printf("whole sweep, shipped rules + 1,000 term rules + 50 regex: %.2f s (cpu %.2f); + %,d-claim catalogue"
          + " and %,d protected names: %.2f s (cpu %.2f); one run each after a warm-up sweep%n", sweepBase.wall(),
          sweepBase.cpu(), claims, names, sweepFull.wall(), sweepFull.cpu());
      out.flush();
    }

    if (joinClaims > 0) {
      RuleSet big = merge(shipped, generated(soundOption(), 0, 0, seedPhrases, joinClaims, 0));
      resetPeaks();
      Measurement m = sweep(spark, settings, archive, big, "join-" + joinClaims);
      out.printf("whole sweep, shipped rules + a %,d-claim catalogue (%s): %.2f s (cpu %.2f), peak heap %d MB%n",
          joinClaims, joinClaims > settings.similarTo().joinAboveClaims() ? "banded join" : "in the pass", m.wall(), m.cpu(),
          peakHeapMb());
      out.flush();
    }

    RuleSet large = generated(soundOption(), 10000, 50, seedPhrases, largeClaims, 0);
    resetPeaks();
    double largeTime = time(() -> pass(spark, postTable, large, Subject.POST, List.of("text", "title")));
    long largeHeap = peakHeapMb();
    out.printf("heap check: 10,000 term rules + 50 regex + %,d-claim catalogue, one run %.2f s, peak heap %d MB of %d MB"
        + " (driver and executors are one JVM in local mode)%n", largeClaims, largeTime, largeHeap,
        Runtime.getRuntime().maxMemory() >> 20);

    Map<Integer, Double> peer = new java.util.TreeMap<>();
    Dataset<Row> subset = postTable.sample(false, peerFraction, 1).cache();
    long subsetRows = subset.count();
    subset.filter(peerExpression(generated(soundOption(), 10, 0, seedPhrases, 0, 0))).count(); // warm-up, not measured
    for (int n : new int[] {10, 100, 1000}) {
      Column any = peerExpression(generated(soundOption(), n, 0, seedPhrases, 0, 0));
      double t = time(() -> subset.filter(any).count()) * rows / Math.max(1, subsetRows);
      peer.put(n, t);
      out.printf("%-58s %8.2f %8s %,11.0f %8.2f%n", "peer: one rlike per rule, " + n + " rules (scaled from "
          + subsetRows + ")", t, "", rows / t, t / scan.wall());
      out.flush();
    }
    subset.unpersist();

    out.println();
    out.printf("sweep pass with 1,000 rules + 50 regex / plain scan: wall %.2f, cpu %.2f (target <= 1.6)%n",
        engine.get(1000).wall() / scan.wall(), engine.get(1000).cpu() / scan.cpu());
    out.printf("10,000 rules / 10 rules: wall %.2f, cpu %.2f (target <= 1.5)%n",
        engine.get(10000).wall() / engine.get(10).wall(), engine.get(10000).cpu() / engine.get(10).cpu());
    out.printf("peer / winnow at 1,000 rules: %.1f x (target >= 50)%n", peer.get(1000) / engine.get(1000).wall());
    out.printf("containment / similar-to 0.6 (the pass with the catalogue): wall %.2f, cpu %.2f (target <= 1.5)%n",
        contained.wall() / catalogue.wall(), contained.cpu() / catalogue.cpu());
    // The sweep's text work is the posts pass and the accounts pass; the catalogue adds to the first, names to the
    // second.
    double addedWall = (catalogue.wall() - engine.get(1000).wall()) + (nameTime.wall() - accountPass.wall());
    double addedCpu = (catalogue.cpu() - engine.get(1000).cpu()) + (nameTime.cpu() - accountPass.cpu());
    out.printf("catalogue + names add to the two text passes: wall %.0f %%, cpu %.0f %% (target <= 40 %%)%n",
        100 * addedWall / (engine.get(1000).wall() + accountPass.wall()),
        100 * addedCpu / (engine.get(1000).cpu() + accountPass.cpu()));
    if (!skipWholeSweeps) {
      out.printf("catalogue + names add to the whole sweep: wall %.0f %%, cpu %.0f %% (target <= 40 %%)%n",
          100 * (sweepFull.wall() / sweepBase.wall() - 1), 100 * (sweepFull.cpu() / sweepBase.cpu() - 1));
    }
    out.printf("peak heap: %d MB with the %,d-claim catalogue and 10,000 rules (target < 2048)%n", largeHeap,
        largeClaims);
    // Last, after the summary: one list of 100,000 terms (a blocklist as platforms keep them), its matcher's build
    // and one pass with it.
    RuleSet bigList = oneList(100_000);
    double listBuild = time(() -> CompiledRules.of(bigList, Subject.POST).hashCode());
    Measurement listPass = measure(() -> pass(spark, postTable, bigList, Subject.POST, List.of("text", "title")));
    out.printf("one rule with a 100,000-term list: matcher built in %.2f s; one pass %.2f s (cpu %.2f), %.2f x scan%n",
        listBuild, listPass.wall(), listPass.cpu(), listPass.wall() / scan.wall());
    out.flush();

    return 0;
  }

  /** Median wall and process CPU seconds of a measurement (CPU time is what other load on the machine moves least). */
  record Measurement(double wall, double cpu) {}

  private Measurement measure(Job job) {
    job.run(); // warm-up: JIT, file cache, the compiled rules of this rule set
    double[] wall = new double[repeat];
    double[] cpu = new double[repeat];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < repeat; i++) {
      long c0 = os.getProcessCpuTime();
      wall[i] = time(job);
      cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
    }
    java.util.Arrays.sort(wall);
    java.util.Arrays.sort(cpu);
    return new Measurement(wall[repeat / 2], cpu[repeat / 2]);
  }

  private void row(String what, Measurement m, long rows, Measurement scan, long heap) {
    out.printf("%-58s %8.2f %8.2f %,11.0f %8.2f %8.2f %8s%n", what, m.wall(), m.cpu(), rows / m.wall(),
        m.wall() / scan.wall(), m.cpu() / scan.cpu(), heap == 0 ? "" : Long.toString(heap));
    out.flush();
  }

  /** Ten account rules of three generated phrases each over display name, handle and bio. */
  private static RuleSet accountTerms(List<String> seeds) {
    SplittableRandom r = new SplittableRandom(43);
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(rule("bench.account-terms." + i, Subject.ACCOUNT, new Condition.Terms(List.of(phrase(r), phrase(r),
          i == 0 && !seeds.isEmpty() ? seeds.get(0) : phrase(r)), List.of("display_name", "handle", "bio"), 1)));
    }
    return new RuleSet(List.copyOf(out), new Policy(Map.of(), List.of(), List.of(), Map.of(), null), "bench-accounts",
        Map.of());
  }

  private static RuleSet merge(RuleSet a, RuleSet b) {
    List<Rule> all = new ArrayList<>(a.rules());
    all.addAll(b.rules());
    return new RuleSet(List.copyOf(all), a.policy(), a.hash() + "+" + b.hash(), a.fileHashes());
  }

  /** One whole sweep of the archive with {@code set} (a fresh output directory each time), wall and CPU seconds. */
  private Measurement sweep(SparkSession spark, Settings settings, Path archive, RuleSet set, String name)
      throws IOException {
    Path outRoot = work.resolve("engine-sweeps").resolve(name);
    org.apache.commons.io.FileUtils.deleteDirectory(outRoot.toFile());
    java.time.LocalDate from = io.winnow.generate.GenerateSettings.from(settings.generate()).startDate();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    new io.winnow.sweep.Sweep(spark, settings, set, new io.winnow.sweep.SweepRequest(archive.toString(), from,
        from.plusDays(days - 1), outRoot.toString(), "bench-engine-" + name, false, "bench engine"), line -> { })
        .execute();
    return new Measurement((System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
  }

  private static Row scan(Dataset<Row> postTable) {
    return postTable.agg(count(lit(1)), sum(length(col("text"))), sum(length(col("title")))).first();
  }

  /** The text step of a sweep (TextMatch over the fields, nothing else known), counting rows with candidates. */
  private static long pass(SparkSession spark, Dataset<Row> table, RuleSet set, Subject subject, List<String> fields) {
    var broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(set);
    Column match = TextMatch.apply(broadcast, subject, fields.stream().map(f -> col(f)).toList(),
        TextMatch.known(List.of()));
    return table.select(match.as("m")).filter(col("m").isNotNull()).count();
  }

  private interface Job {
    long run();
  }

  private static double time(Job job) {
    long start = System.nanoTime();
    job.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void collect(Condition c, List<String> into) {
    if (c instanceof Condition.Terms t) {
      into.addAll(t.phrases());
    } else if (c instanceof Condition.Near n) {
      into.addAll(n.phrases());
    } else if (c instanceof Condition.All a) {
      a.conditions().forEach(x -> collect(x, into));
    } else if (c instanceof Condition.Any a) {
      a.conditions().forEach(x -> collect(x, into));
    }
  }

  private static final String HAN = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
      + "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现";
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "zu", "ren", "tas", "vol", "qui", "bex", "dor", "ny",
      "sha", "pol", "wex", "tri", "gan"};

  /** A phrase that looks like text of either language and rarely occurs: 4 ideographs, or 2 made-up words. */
  private static String phrase(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      for (int i = 0; i < 4; i++) {
        b.append(HAN.charAt(r.nextInt(HAN.length())));
      }
    } else {
      for (int w = 0; w < 2; w++) {
        if (w > 0) {
          b.append(' ');
        }
        for (int i = 0; i < 3; i++) {
          b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
      }
    }
    return b.toString();
  }

  /**
   * A catalogue claim: 10 to 20 ideographs of the 5,000 most common (real claims draw on thousands of characters,
   * not on the 100 of the term phrases), or 5 to 10 English-looking words.
   */
  private static String claim(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      int n = 10 + r.nextInt(11);
      for (int i = 0; i < n; i++) {
        b.append((char) (0x4E00 + r.nextInt(5000)));
      }
    } else {
      int n = 5 + r.nextInt(6);
      for (int w = 0; w < n; w++) {
        b.append(w > 0 ? " " : "");
        int syllables = 1 + r.nextInt(3);
        for (int i = 0; i < syllables; i++) {
          b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
      }
    }
    return b.toString();
  }

  /**
   * {@code terms} rules of 3 phrases each (every tenth one a phrase of the shipped lists, so posts do match),
   * {@code regexes} rules with a literal word and a number, one similar-to rule over {@code claimCount} claims (the
   * shipped ones among them) and one name-like account rule over {@code nameCount} protected names.
   */
  private java.util.Set<Condition.Sound> soundOption() {
    return sounds ? java.util.Set.of(Condition.Sound.PINYIN, Condition.Sound.HOMOPHONES) : java.util.Set.of();
  }

  static RuleSet generated(java.util.Set<Condition.Sound> sounds, int terms, int regexes, List<String> seeds,
      int claimCount, int nameCount) {
    SplittableRandom r = new SplittableRandom(42);
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < terms; i++) {
      List<String> phrases = new ArrayList<>(List.of(phrase(r), phrase(r), phrase(r)));
      if (i % 10 == 0 && !seeds.isEmpty()) {
        phrases.set(0, seeds.get(r.nextInt(seeds.size())));
      }
      out.add(rule("bench.terms." + i, Subject.POST, new Condition.Terms(List.copyOf(phrases), List.of("text",
          "title"), 1, sounds)));
    }
    for (int i = 0; i < regexes; i++) {
      String word = phrase(r).split(" ")[0];
      String p = (word.length() > 3 ? word : "unlock " + word) + " \\$?[0-9]+";
      out.add(rule("bench.regex." + i, Subject.POST, new Condition.Regex(p, List.of("text", "title"),
          io.winnow.text.TextNormalizer.shared().normalize(io.winnow.rules.RegexLiterals.required(p)).text())));
    }
    if (claimCount > 0) {
      List<Condition.Claim> claims = new ArrayList<>();
      for (int i = 0; i < claimCount; i++) {
        claims.add(new Condition.Claim("claim-" + i, i < seeds.size() ? seeds.get(i) : claim(r)));
      }
      out.add(rule("bench.catalogue", Subject.POST, new Condition.SimilarTo("bench", claims, 0.6,
          List.of("text", "title"))));
    }
    if (nameCount > 0) {
      List<String> protectedNames = new ArrayList<>();
      for (int i = 0; i < nameCount; i++) {
        protectedNames.add(phrase(r));
      }
      out.add(rule("bench.names", Subject.ACCOUNT, new Condition.NameLike("bench", protectedNames,
          List.of("官方", "official", "real", "news"), 1, List.of("display_name", "handle"))));
    }
    Policy policy = new Policy(Map.of(), List.of(), List.of(), Map.of(), null);
    return new RuleSet(List.copyOf(out), policy, "bench-" + terms + "-" + regexes + "-" + claimCount + "-" + nameCount,
        Map.of());
  }

  /** One post rule whose terms list holds {@code count} distinct generated phrases. */
  static RuleSet oneList(int count) {
    SplittableRandom r = new SplittableRandom(43);
    java.util.Set<String> phrases = new java.util.LinkedHashSet<>();
    while (phrases.size() < count) {
      phrases.add(phrase(r) + " " + phrase(r));
    }
    Policy policy = new Policy(Map.of(), List.of(), List.of(), Map.of(), null);
    return new RuleSet(List.of(rule("bench.list", Subject.POST, new Condition.Terms(List.copyOf(phrases),
        List.of("text", "title"), 1, java.util.Set.of()))), policy, "bench-list-" + count, Map.of());
  }

  /** The same rules with every terms condition word-aware ({@code words = true}). */
  private static RuleSet asWords(RuleSet set) {
    List<Rule> out = set.rules().stream().map(r -> r.when() instanceof Condition.Terms t
        ? rule(r.id(), r.subject(), new Condition.Terms(t.phrases(), t.fields(), t.minDistinct(), t.sounds(),
            true)) : r).toList();
    return new RuleSet(out, set.policy(), set.hash() + "-words", set.fileHashes());
  }

  /** {@code set} with its similar-to rule comparing by containment (either side, 0.8, 8 shared shingles). */
  static RuleSet containment(RuleSet set) {
    List<Rule> rules = set.rules().stream().map(r -> r.when() instanceof Condition.SimilarTo x
        ? rule(r.id(), r.subject(), new Condition.SimilarTo(x.catalogue(), x.claims(), 0.8, x.fields(),
            Condition.Measure.EITHER_CONTAINED, 8)) : r).toList();
    return new RuleSet(rules, set.policy(), set.hash() + "-containment", Map.of());
  }

  private static Rule rule(String id, Subject subject, Condition when) {
    return new Rule(id, 1, "bench", "bench", subject, Severity.LOW, Status.SHADOW, id,
        subject == Subject.POST ? "limit-visibility" : "suspend", when, "bench:0", 1, List.of());
  }

  /**
   * What a user would write without winnow: per rule, lower(text) rlike 'phrase|phrase|phrase' (and the same on the
   * title), OR'ed as a balanced tree (a left-deep chain of 1,000 ORs overflows the analyzer's stack).
   */
  private static Column peerExpression(RuleSet set) {
    List<Column> perRule = new ArrayList<>();
    for (Rule rule : set.rules()) {
      Condition.Terms t = (Condition.Terms) rule.when();
      String alternation = String.join("|", t.phrases().stream().map(p -> Pattern.quote(p.toLowerCase(
          java.util.Locale.ROOT))).toList());
      perRule.add(lower(col("text")).rlike(alternation).or(lower(col("title")).rlike(alternation)));
    }
    return balancedOr(perRule, 0, perRule.size());
  }

  private static Column balancedOr(List<Column> columns, int from, int to) {
    if (to - from == 1) {
      return columns.get(from);
    }
    int mid = (from + to) >>> 1;
    return balancedOr(columns, from, mid).or(balancedOr(columns, mid, to));
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
