package io.winnow.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a run, as a typed record: what the sweep writes and what every reader reads. The JSON keys
 * and their order are the run format (version {@link #VERSION}); a run written before this record existed reads back
 * into it (unknown keys are ignored, missing ones are null or 0). Sections that other stages own and shape (the
 * resolved config, the quarantine check, the overrides applied) are kept as JSON trees, and so are the entries an
 * output of the sweep records under its own name ({@code extensions}, written last, e.g. a ledger's versions).
 * {@code stage_rows} is absent from runs written before outputs recorded their rows.
 */
@JsonPropertyOrder({"manifest_version", "output_schema_version", "run_id", "started", "ended", "user", "host",
    "command_line", "window", "shadow", "archive", "inputs", "input_partitions", "rule_set", "config_source", "config",
    "versions", "row_accounting", "findings", "counts", "stage_millis", "stage_rows", "outputs", "decision_date", "skipped_inputs",
    "duplicates", "quarantine", "overrides", "actions_per_category_action"})
public record Manifest(
    @JsonProperty("manifest_version") int manifestVersion,
    @JsonProperty("output_schema_version") String outputSchemaVersion,
    @JsonProperty("run_id") String runId,
    @JsonProperty("started") String started,
    @JsonProperty("ended") String ended,
    @JsonProperty("user") String user,
    @JsonProperty("host") String host,
    @JsonProperty("command_line") String commandLine,
    @JsonProperty("window") Window window,
    @JsonProperty("shadow") boolean shadow,
    @JsonProperty("archive") String archive,
    @JsonProperty("inputs") List<InputFile> inputs,
    @JsonProperty("input_partitions") List<InputPartition> inputPartitions,
    @JsonProperty("rule_set") RuleSetEntry ruleSet,
    @JsonProperty("config_source") String configSource,
    @JsonProperty("config") JsonNode config,
    @JsonProperty("versions") Versions versions,
    @JsonProperty("row_accounting") Map<String, TableAccounting> rowAccounting,
    @JsonProperty("findings") long findings,
    @JsonProperty("counts") List<Count> counts,
    @JsonProperty("stage_millis") Map<String, Long> stageMillis,
    @JsonProperty("stage_rows") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> stageRows,
    @JsonProperty("outputs") List<OutputFiles.OutputFile> outputs,
    @JsonProperty("decision_date") String decisionDate,
    @JsonProperty("skipped_inputs") List<SkippedInput> skippedInputs,
    @JsonProperty("duplicates") Map<String, List<String>> duplicates,
    @JsonProperty("quarantine") JsonNode quarantine,
    @JsonProperty("overrides") JsonNode overrides,
    @JsonProperty("actions_per_category_action") Map<String, Map<String, Long>> actionsPerCategoryAction,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extensions) {

  /** The manifest format this record writes (the {@code manifest_version} key). */
  public static final int VERSION = 1;
  public static final String FILE = "manifest.json";
  /** Written by the build (jobs/pom.xml): the Maven version and the git commit it was built from. */
  static final String BUILD_PROPERTIES = "winnow-build.properties";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The window of post dates swept, both days included (ISO dates). */
  @JsonPropertyOrder({"from", "to"})
  public record Window(@JsonProperty("from") String from, @JsonProperty("to") String to) {}

  /** Per table and partition: files, bytes, rows read (Parquet footers) and rows quarantined. */
  @JsonPropertyOrder({"table", "partition", "files", "bytes", "rows", "quarantined"})
  public record InputPartition(String table, String partition, long files, long bytes, long rows, long quarantined) {}

  /** rows read = rows evaluated + rows quarantined. */
  @JsonPropertyOrder({"read", "evaluated", "quarantined"})
  public record TableAccounting(long read, long evaluated, long quarantined) {}

  /** One row of the counts: actions per category, subcategory, action, platform and subject kind. */
  @JsonPropertyOrder({"category", "subcategory", "action", "platform", "subjectKind", "actions", "reviewRequired"})
  public record Count(String category, String subcategory, String action, String platform, String subjectKind,
      long actions, long reviewRequired) {}

  /** An entry of the archive that was not read, with the reason. */
  @JsonPropertyOrder({"table", "path", "reason"})
  public record SkippedInput(String table, String path, String reason) {}

  @JsonPropertyOrder({"winnow", "git_commit", "spark", "java"})
  public record Versions(@JsonProperty("winnow") String winnow, @JsonProperty("git_commit") String gitCommit,
      @JsonProperty("spark") String spark, @JsonProperty("java") String java) {

    /** This build's version and commit (from {@link #BUILD_PROPERTIES}), Spark's and Java's. */
    public static Versions of(String sparkVersion) {
      Properties build = new Properties();
      try (InputStream in = Manifest.class.getClassLoader().getResourceAsStream(BUILD_PROPERTIES)) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException e) {
        // No build information: reported as unknown below.
      }
      String commit = build.getProperty("git.commit", "").strip();
      return new Versions(build.getProperty("version", "unknown"), commit.isEmpty() ? null : commit, sparkVersion,
          System.getProperty("java.version"));
    }
  }

  /** The rule set a run used: its hash, the hash of each file, every rule, and the ladders of the policy. */
  @JsonPropertyOrder({"hash", "files", "rules", "policy"})
  public record RuleSetEntry(String hash, Map<String, String> files, List<RuleEntry> rules,
      Map<String, CategoryLadder> policy) {

    public static RuleSetEntry of(RuleSet rules) {
      List<RuleEntry> list = new ArrayList<>();
      for (Rule r : rules.rules()) {
        list.add(new RuleEntry(r.id(), r.version(), r.status().key(), r.category(), r.subcategory(),
            r.subject().key(), r.severity().key(), r.action(), r.description(), r.origin()));
      }
      Map<String, CategoryLadder> ladders = new TreeMap<>();
      for (CategoryPolicy p : rules.policy().categories().values()) {
        ladders.put(p.category(), new CategoryLadder(p.ladder(), p.maxActions()));
      }
      return new RuleSetEntry(rules.hash(), new TreeMap<>(rules.fileHashes()), list, ladders);
    }
  }

  @JsonPropertyOrder({"id", "version", "status", "category", "subcategory", "subject", "severity", "action",
      "description", "origin"})
  public record RuleEntry(String id, int version, String status, String category, String subcategory,
      String subject, String severity, String action, String description, String origin) {}

  @JsonPropertyOrder({"ladder", "max_actions"})
  public record CategoryLadder(@JsonProperty("ladder") List<LadderStep> ladder,
      @JsonProperty("max_actions") long maxActions) {}

  /** Sums the input files per table and partition; {@code quarantined} is keyed by "table/partition". */
  public static List<InputPartition> partitions(List<InputFile> files, Map<String, Long> quarantined) {
    Map<String, long[]> sums = new TreeMap<>();
    for (InputFile f : files) {
      long[] s = sums.computeIfAbsent(f.table() + "/" + f.partition(), k -> new long[3]);
      s[0]++;
      s[1] += f.bytes();
      s[2] += f.rows();
    }
    List<InputPartition> out = new ArrayList<>();
    sums.forEach((key, s) -> out.add(new InputPartition(key.substring(0, key.indexOf('/')),
        key.substring(key.indexOf('/') + 1), s[0], s[1], s[2], quarantined.getOrDefault(key, 0L))));
    return out;
  }

  /** Any value (a map, a list of records) as the JSON tree a section holds. */
  public static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /** The manifest as written to {@code manifest.json}: indented JSON, keys in the order of the format. */
  public byte[] toJson() {
    try {
      return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the manifest of run " + runId + " as JSON", e);
    }
  }

  /** Reads a manifest.json (of this version or an earlier run). */
  public static Manifest read(InputStream in) throws IOException {
    return JSON.readValue(in, Manifest.class);
  }

  /** Reads a manifest from its JSON tree. */
  public static Manifest of(JsonNode tree) throws IOException {
    return JSON.treeToValue(tree, Manifest.class);
  }

  /** Actions of all counts rows. */
  public long actions() {
    return counts == null ? 0 : counts.stream().mapToLong(Count::actions).sum();
  }

  /** Rows quarantined over all tables. */
  public long quarantined() {
    return rowAccounting == null ? 0 : rowAccounting.values().stream().mapToLong(TableAccounting::quarantined).sum();
  }
}
