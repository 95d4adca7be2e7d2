package io.winnow.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.winnow.UserError;
import io.winnow.archive.ArchiveSchema;
import io.winnow.archive.TableSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every setting of winnow, read eagerly from the layered configuration so that all errors surface at start-up:
 * command-line flags, then {@code -Dwinnow.…} system properties, then the {@code --conf} file (or the embedded
 * {@code conf/local.conf}), then {@code reference.conf}. Unknown keys under {@code winnow} are errors with file:line.
 */
public final class Settings {
  /** The embedded default, copied from conf/local.conf into the jar. */
  public static final String EMBEDDED_DEFAULT = "winnow-conf/local.conf";

  /** Subtrees whose keys are free-form (maps), exempt from the unknown-key check. */
  private static final List<String> OPEN_MAPS = List.of("winnow.spark.extra", "winnow.semantic.models");

  private static final Pattern SECRET = Pattern.compile(
      "(?i).*(secret|password|passwd|token|access[-_.]?key|account[-_.]?key|encryption[-_.]?key|credential"
          + "|private[-_.]?key).*");

  public record SparkSettings(String master, String appName, int shufflePartitions, boolean uiEnabled,
      boolean progressBar, String logLevel, Map<String, String> extra, String jitAfterPasses,
      long jitNoC2MaxCandidates) {
    /**
     * The values of winnow.spark.jit-after-passes: HotSpot's tiers throughout, no C2 after the posts pass, or no C2
     * when the pass left at most winnow.spark.jit-no-c2-max-candidates candidates.
     */
    public static final List<String> JIT_AFTER_PASSES = List.of("tiered", "no-c2", "auto");
  }

  /**
   * {@code idsGlobal}: post and account ids are one id space across platforms, so subjects are joined on their id
   * alone; otherwise a subject is (platform, id). {@code maxDuplicateIds}: more repeated ids in a table are refused.
   * {@code repostBroadcastMaxCandidates}: the most candidate posts for which the repost links broadcast the post
   * findings' keys instead of shuffling the links and the findings.
   */
  public record SweepSettings(int maxTextChars, String runId, int filesPerPartition, boolean idsGlobal,
      int maxDuplicateIds, int footerThreads, long repostBroadcastMaxCandidates) {}

  /** What makes a row unevaluable beyond null ids and oversized text, and how many such rows a run tolerates. */
  public record QuarantineSettings(List<String> knownPlatforms, double maxRate, java.time.LocalDate createdFrom,
      java.time.LocalDate createdTo) {}

  /**
   * Audit trail: the overrides (appeals) file, when another run's staging counts as abandoned, and how long a run id's
   * lock lasts without renewal.
   */
  public record AuditSettings(String overridesFile, long staleStagingHours, long lockLeaseSeconds) {}

  /**
   * How similar-to conditions are matched: a catalogue with more than {@code joinAboveClaims} claims by the banded join
   * (io.winnow.sweep.ClaimJoin), a smaller one in the text pass.
   */
  public record SimilarToSettings(int joinAboveClaims) {}

  /** Defaults of {@code winnow sample}: sampled actions per stratum, unactioned subjects per kind, the seed. */
  public record EvaluateSettings(int perStratum, int unactioned, long seed) {}

  /** What the HTML report shows: sampled actions per stratum, the sample's seed, rules drilled into, posts per ladder. */
  public record ReportSettings(int samplesPerStratum, long seed, int drillDownRules, int strikePostsShown) {}

  /** Test-only fault injection; both off in every real run. */
  public record TestHooks(boolean failFirstTaskAttempt, long pauseDuringWriteMillis,
      long pauseAfterLedgerCommitMillis) {}

  /**
   * The enforcement ledger: the strike expiry of categories whose policy gives none; every how many versions a sweep
   * compacts the table before reading it; entries per file a run's commit writes; commit files since the last
   * checkpoint at which a sweep's commit writes one itself (0: Delta's checkpoint every 10 versions).
   */
  public record LedgerSettings(int strikeExpiryDays, int compactEveryVersions, long entriesPerFile,
      int checkpointAfterVersions, long driverReadMaxBytes, long driverSummaryMaxBytes) {}

  private final Config config;
  private final String source;
  private final SparkSettings spark;
  private final SweepSettings sweep;
  private final ColumnMapping columns;
  private final QuarantineSettings quarantine;
  private final AuditSettings audit;
  private final SimilarToSettings similarTo;
  private final SemanticSettings semantic;
  private final EvaluateSettings evaluate;
  private final ReportSettings report;
  private final Map<String, TableSource> sources;
  private final TestHooks testHooks;
  private final LedgerSettings ledger;

  private Settings(Config config, String source) {
    this.config = config;
    this.source = source;
    Config s = config.getConfig("winnow.spark");
    Map<String, String> extra = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : s.getConfig("extra").entrySet()) {
      extra.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    this.spark = new SparkSettings(s.getString("master"), s.getString("app-name"), s.getInt("shuffle-partitions"),
        s.getBoolean("ui-enabled"), s.getBoolean("progress-bar"), s.getString("log-level"), Map.copyOf(extra),
        s.getString("jit-after-passes"), s.getLong("jit-no-c2-max-candidates"));
    if (!SparkSettings.JIT_AFTER_PASSES.contains(spark.jitAfterPasses())) {
      throw new ConfigException.BadValue(s.getValue("jit-after-passes").origin(), "winnow.spark.jit-after-passes",
          "'" + spark.jitAfterPasses() + "' is not one of " + SparkSettings.JIT_AFTER_PASSES);
    }
    Config w = config.getConfig("winnow.sweep");
    this.sweep = new SweepSettings(w.getInt("max-text-chars"), w.getString("run-id"), w.getInt("files-per-partition"),
        w.getBoolean("ids-global"), w.getInt("max-duplicate-ids"), w.getInt("footer-threads"),
        w.getLong("repost-broadcast-max-candidates"));
    this.columns = new ColumnMapping(mapping(config, "posts"), mapping(config, "accounts"), mapping(config, "reports"));
    Config q = config.getConfig("winnow.quarantine");
    this.quarantine = new QuarantineSettings(List.copyOf(q.getStringList("known-platforms")), q.getDouble("max-rate"),
        date(q, "created-at-from"), date(q, "created-at-to"));
    Config a = config.getConfig("winnow.audit");
    this.audit = new AuditSettings(a.getString("overrides-file"), a.getLong("stale-staging-hours"),
        a.getLong("lock-lease-seconds"));
    Config st = config.getConfig("winnow.similar-to");
    if (st.getInt("join-above-claims") < 0) {
      throw new ConfigException.BadValue(st.getValue("join-above-claims").origin(),
          "winnow.similar-to.join-above-claims",
          st.getInt("join-above-claims") + " is negative. Give a number of claims, 0 to join every catalogue");
    }
    this.similarTo = new SimilarToSettings(st.getInt("join-above-claims"));
    this.semantic = SemanticSettings.of(config);
    Config ev = config.getConfig("winnow.evaluate");
    for (String key : List.of("per-stratum", "unactioned")) {
      if (ev.getInt(key) < 0) {
        throw new ConfigException.BadValue(ev.getValue(key).origin(), "winnow.evaluate." + key,
            ev.getInt(key) + " is negative. Give a number of subjects, 0 for none");
      }
    }
    this.evaluate = new EvaluateSettings(ev.getInt("per-stratum"), ev.getInt("unactioned"), ev.getLong("seed"));
    Map<String, TableSource> src = new LinkedHashMap<>();
    for (String table : List.of(ArchiveSchema.POSTS, ArchiveSchema.ACCOUNTS, ArchiveSchema.REPORTS)) {
      Config at = config.getConfig("winnow.archive." + table);
      String format = at.getString("format");
      if (!TableSource.FORMATS.contains(format)) {
        throw new ConfigException.BadValue(at.getValue("format").origin(), "winnow.archive." + table + ".format",
            "'" + format + "' is not a format winnow reads. Use one of " + String.join(", ", TableSource.FORMATS));
      }
      if (format.equals("table") && at.getString("table").isEmpty()) {
        throw new ConfigException.BadValue(at.getValue("table").origin(), "winnow.archive." + table + ".table",
            "format = table needs the catalog table's name (e.g. db.posts)");
      }
      Map<String, String> options = new LinkedHashMap<>();
      at.getConfig("options").entrySet().forEach(e -> options.put(e.getKey(), String.valueOf(e.getValue().unwrapped())));
      src.put(table, new TableSource(format, at.getString("path"), at.getString("table"), Map.copyOf(options)));
    }
    this.sources = Map.copyOf(src);
    Config rp = config.getConfig("winnow.report");
    for (String key : List.of("samples-per-stratum", "drill-down-rules", "strike-posts-shown")) {
      if (rp.getInt(key) < 1) {
        throw new ConfigException.BadValue(rp.getValue(key).origin(), "winnow.report." + key,
            rp.getInt(key) + " is below 1. Give 1 or more");
      }
    }
    this.report = new ReportSettings(rp.getInt("samples-per-stratum"), rp.getLong("seed"),
        rp.getInt("drill-down-rules"), rp.getInt("strike-posts-shown"));
    Config t = config.getConfig("winnow.test");
    this.testHooks = new TestHooks(t.getBoolean("fail-first-task-attempt"), t.getLong("pause-during-write-millis"),
        t.getLong("pause-after-ledger-commit-millis"));
    if (config.getInt("winnow.ledger.checkpoint-after-versions") < 0) {
      throw new ConfigException.BadValue(config.getValue("winnow.ledger.checkpoint-after-versions").origin(),
          "winnow.ledger.checkpoint-after-versions", config.getInt("winnow.ledger.checkpoint-after-versions")
          + " is below 0. Give 0 (Delta's checkpoint every 10 versions, in the runs) or more");
    }
    this.ledger = new LedgerSettings(config.getInt("winnow.ledger.strike-expiry-days"),
        config.getInt("winnow.ledger.compact-every-versions"), config.getLong("winnow.ledger.entries-per-file"),
        config.getInt("winnow.ledger.checkpoint-after-versions"),
        config.getBytes("winnow.ledger.driver-read-max-bytes"),
        config.getBytes("winnow.ledger.driver-summary-max-bytes"));
  }

  private static java.time.LocalDate date(Config c, String key) {
    try {
      return java.time.LocalDate.parse(c.getString(key));
    } catch (java.time.format.DateTimeParseException e) {
      throw new ConfigException.BadValue(c.origin(), key, "'" + c.getString(key) + "' is not a date. Write YYYY-MM-DD");
    }
  }

  /**
   * Loads the configuration.
   *
   * @param confFile the {@code --conf} file, or null for the embedded conf/local.conf
   * @param flags    settings given as command-line flags ({@code winnow.sweep.run-id -> X}), highest precedence
   */
  public static Settings load(Path confFile, Map<String, String> flags) {
    Config reference = ConfigFactory.parseResources(Settings.class.getClassLoader(), "reference.conf");
    Config file;
    String source;
    if (confFile == null) {
      file = ConfigFactory.parseResources(Settings.class.getClassLoader(), EMBEDDED_DEFAULT);
      source = "embedded conf/local.conf";
    } else {
      if (!Files.isRegularFile(confFile)) {
        throw new UserError("config file " + confFile + " does not exist. Pass an existing HOCON file to --conf");
      }
      try {
        file = ConfigFactory.parseFile(confFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new UserError("config file " + confFile + ": " + e.getMessage());
      }
      source = confFile.toString();
    }
    Properties winnowProps = new Properties();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("winnow.")) {
        winnowProps.put(k, v);
      }
    });
    Config system = ConfigFactory.parseProperties(winnowProps,
        ConfigParseOptions.defaults().setOriginDescription("-D system property"));
    Config command = ConfigFactory.parseMap(flags, "command-line flag");
    Config merged;
    try {
      merged = command.withFallback(system).withFallback(file).withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new UserError("configuration: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : merged.getConfig("winnow").entrySet()) {
      String path = "winnow." + e.getKey();
      if (!reference.hasPath(path) && OPEN_MAPS.stream().noneMatch(path::startsWith)
          && !path.startsWith("winnow.columns.") && !path.matches("winnow\\.archive\\.[a-z]+\\.options\\..*")) {
        problems.add(where(e.getValue()) + ": unknown key '" + path + "'. " + hint(reference, path));
      }
    }
    try {
      merged.checkValid(reference, "winnow");
    } catch (ConfigException.ValidationFailed e) {
      for (ConfigException.ValidationProblem p : e.problems()) {
        problems.add(p.origin().description() + ": " + p.path() + ": " + p.problem());
      }
    }
    // checkValid accepts strings where numbers are expected; reading every key eagerly finds the rest.
    Settings settings = null;
    try {
      settings = new Settings(merged, source);
    } catch (ConfigException e) {
      problems.add(e.getMessage().replaceFirst("^(.*?): (\\d+): ", "$1:$2: "));
    }
    if (settings != null) {
      Ranges.check(merged, problems);
    }
    // The column mapping is checked even when another key failed to read, so its problems are reported too.
    new ColumnMapping(mapping(merged, "posts"), mapping(merged, "accounts"), mapping(merged, "reports"))
        .validate(problems, merged);
    if (problems.isEmpty()) {
      return settings;
    }
    throw new UserError(problems.size() == 1 ? "configuration: " + problems.get(0)
        : problems.size() + " problems in the configuration:\n" + String.join("\n", problems));
  }

  static String where(ConfigValue value) {
    String file = value.origin().filename() != null ? value.origin().filename() : value.origin().description();
    file = file.replaceFirst(": \\d+$", "");
    int line = value.origin().lineNumber();
    return line > 0 && !file.endsWith(":" + line) ? file + ":" + line : file;
  }

  private static String hint(Config reference, String path) {
    String parent = path.substring(0, path.lastIndexOf('.'));
    while (!reference.hasPath(parent) && parent.contains(".")) {
      parent = parent.substring(0, parent.lastIndexOf('.'));
    }
    if (reference.hasPath(parent) && reference.getValue(parent) instanceof com.typesafe.config.ConfigObject o) {
      return "Known keys under " + parent + ": " + String.join(", ", new TreeMap<>(o).keySet());
    }
    return "See reference.conf for the known keys";
  }

  private static Map<String, String> mapping(Config config, String table) {
    Map<String, String> m = new LinkedHashMap<>();
    Config c = config.getConfig("winnow.columns." + table);
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      m.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return Map.copyOf(m);
  }

  public SparkSettings spark() {
    return spark;
  }

  public SweepSettings sweep() {
    return sweep;
  }

  public ColumnMapping columns() {
    return columns;
  }

  public QuarantineSettings quarantine() {
    return quarantine;
  }

  public AuditSettings audit() {
    return audit;
  }

  public SimilarToSettings similarTo() {
    return similarTo;
  }

  /** How similar-to with the semantic measure runs: models, batches, HNSW, refutation cues. */
  public SemanticSettings semantic() {
    return semantic;
  }

  public EvaluateSettings evaluate() {
    return evaluate;
  }

  /** Where each table of the archive comes from (posts, accounts, reports). */
  public TableSource source(String table) {
    return sources.get(table);
  }

  public ReportSettings report() {
    return report;
  }

  public LedgerSettings ledger() {
    return ledger;
  }

  public TestHooks testHooks() {
    return testHooks;
  }

  /** The {@code winnow.generate} section, read by the generator's own settings class. */
  public Config generate() {
    return config.getConfig("winnow.generate");
  }

  /** Where the file layer came from: a --conf path or the embedded default. */
  public String source() {
    return source;
  }

  /** The resolved {@code winnow} configuration as JSON, values of secret-looking keys replaced by "<redacted>". */
  public String redactedJson() {
    Config redacted = config.getConfig("winnow");
    for (Map.Entry<String, ConfigValue> e : redacted.entrySet()) {
      if (SECRET.matcher(e.getKey()).matches()) {
        redacted = redacted.withValue(e.getKey(), com.typesafe.config.ConfigValueFactory.fromAnyRef("<redacted>"));
      }
    }
    return redacted.root().render(ConfigRenderOptions.concise().setFormatted(true));
  }

  /** Canonical column -> archive column, per table; validated against the canonical schema. */
  public record ColumnMapping(Map<String, String> posts, Map<String, String> accounts, Map<String, String> reports) {
    void validate(List<String> problems, Config config) {
      check("posts", posts, ArchiveSchema.POST_COLUMNS, problems, config);
      check("accounts", accounts, ArchiveSchema.ACCOUNT_COLUMNS, problems, config);
      check("reports", reports, ArchiveSchema.REPORT_COLUMNS, problems, config);
    }

    private static void check(String table, Map<String, String> m, StructType schema, List<String> problems,
        Config config) {
      List<String> known = java.util.Arrays.stream(schema.fields()).map(StructField::name).toList();
      for (String key : m.keySet()) {
        if (!known.contains(key)) {
          problems.add(where(config.getValue("winnow.columns." + table + "." + key)) + ": unknown key 'winnow.columns."
              + table + "." + key + "': not a column of " + table + ". Map one of: " + String.join(", ", known));
        }
      }
    }

    public Map<String, String> forTable(String table) {
      return switch (table) {
        case ArchiveSchema.POSTS -> posts;
        case ArchiveSchema.ACCOUNTS -> accounts;
        default -> reports;
      };
    }
  }
}
