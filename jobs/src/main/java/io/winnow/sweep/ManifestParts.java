package io.winnow.sweep;

import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Rule;
import io.winnow.model.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Sections of manifest.json that are plain data: the rule set, the input partitions and the versions. */
final class ManifestParts {
  private ManifestParts() {}

  /** Written by the build (jobs/pom.xml): the Maven version and the git commit it was built from. */
  static final String BUILD_PROPERTIES = "winnow-build.properties";

  static Map<String, Object> ruleSet(RuleSet rules) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hash", rules.hash());
    m.put("files", new TreeMap<>(rules.fileHashes()));
    List<Map<String, Object>> list = new ArrayList<>();
    for (Rule r : rules.rules()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", r.id());
      e.put("version", r.version());
      e.put("status", r.status().key());
      e.put("category", r.category());
      e.put("subcategory", r.subcategory());
      e.put("subject", r.subject().key());
      e.put("severity", r.severity().key());
      e.put("action", r.action());
      e.put("description", r.description());
      e.put("origin", r.origin());
      list.add(e);
    }
    m.put("rules", list);
    Map<String, Object> ladders = new TreeMap<>();
    for (CategoryPolicy p : rules.policy().categories().values()) {
      List<Map<String, Object>> steps = new ArrayList<>();
      for (LadderStep s : p.ladder()) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("strikes", s.strikes());
        step.put("action", s.action());
        step.put("days", s.days());
        steps.add(step);
      }
      ladders.put(p.category(), Map.of("ladder", steps, "max_actions", p.maxActions()));
    }
    m.put("policy", ladders);
    return m;
  }

  /** Per table and partition: files, bytes, rows read (Parquet footers) and rows quarantined. */
  static List<Map<String, Object>> partitions(List<InputFile> files, Map<String, Long> quarantined) {
    Map<String, long[]> sums = new TreeMap<>();
    for (InputFile f : files) {
      long[] s = sums.computeIfAbsent(f.table() + "/" + f.partition(), k -> new long[3]);
      s[0]++;
      s[1] += f.bytes();
      s[2] += f.rows();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    sums.forEach((key, s) -> {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("table", key.substring(0, key.indexOf('/')));
      p.put("partition", key.substring(key.indexOf('/') + 1));
      p.put("files", s[0]);
      p.put("bytes", s[1]);
      p.put("rows", s[2]);
      p.put("quarantined", quarantined.getOrDefault(key, 0L));
      out.add(p);
    });
    return out;
  }

  static Map<String, Object> versions(String sparkVersion) {
    Properties build = new Properties();
    try (InputStream in = ManifestParts.class.getClassLoader().getResourceAsStream(BUILD_PROPERTIES)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      // No build information: reported as unknown below.
    }
    String commit = build.getProperty("git.commit", "").strip();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("winnow", build.getProperty("version", "unknown"));
    m.put("git_commit", commit.isEmpty() ? null : commit);
    m.put("spark", sparkVersion);
    m.put("java", System.getProperty("java.version"));
    return m;
  }
}
