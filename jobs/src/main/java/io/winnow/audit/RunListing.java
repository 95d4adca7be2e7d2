package io.winnow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.UserError;
import io.winnow.run.Manifest;
import io.winnow.run.RunCommitter;
import io.winnow.run.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@code winnow runs OUT}: every run under OUT/runs with its status, window, rule-set hash and counts. */
public final class RunListing {
  private RunListing() {}

  /** committed: _SUCCESS names the manifest's hash; incomplete: died or running; failed: stopped with an error. */
  public record Run(String runId, String status, String from, String to, String ruleSetHash, long actions,
      long quarantined, String time, String note) {}

  private static final Pattern STAGED = Pattern.compile("(.+)\\.([0-9a-f-]{36})");

  /** A committed run's line; a manifest that does not read as a winnow manifest is named in the note. */
  private static Run committed(String name, RunDirectory run) {
    try {
      Manifest m = run.committedRecord();
      Manifest.Window w = m.window() != null ? m.window() : new Manifest.Window("", "");
      return new Run(name, "committed", w.from(), w.to(), m.ruleSet() != null ? m.ruleSet().hash() : "", m.actions(),
          m.quarantined(), m.ended() != null ? m.ended() : "", "");
    } catch (UserError e) {
      return new Run(name, "committed", "", "", "", -1, -1, "", e.getMessage());
    }
  }

  public static List<Run> list(Configuration conf, String out) {
    Path runs = new Path(out, "runs");
    List<Run> list = new ArrayList<>();
    try {
      FileSystem fs = runs.getFileSystem(conf);
      if (!fs.exists(runs)) {
        throw new UserError("no runs under " + out + " (" + runs + " does not exist). Pass the --out of a sweep");
      }
      for (FileStatus s : fs.listStatus(runs)) {
        String name = s.getPath().getName();
        if (!s.isDirectory() || name.startsWith(".")) {
          continue;
        }
        RunDirectory run = RunDirectory.open(conf, s.getPath().toString());
        if (run.committed()) {
          list.add(committed(name, run));
        } else {
          list.add(new Run(name, "incomplete", "", "", "", -1, -1, "", "no _SUCCESS matching its manifest"));
        }
      }
      Path staging = new Path(runs, RunCommitter.STAGING);
      if (fs.exists(staging)) {
        for (FileStatus s : fs.listStatus(staging)) {
          Matcher m = STAGED.matcher(s.getPath().getName());
          if (m.matches()) {
            list.add(new Run(m.group(1), "incomplete", "", "", "", -1, -1,
                java.time.Instant.ofEpochMilli(s.getModificationTime()).toString(),
                "staging only: running now, or died (the next sweep of this run id cleans it)"));
          }
        }
      }
      Path failed = new Path(runs, RunCommitter.FAILED);
      if (fs.exists(failed)) {
        for (FileStatus s : fs.listStatus(failed)) {
          if (!s.getPath().getName().endsWith(".json")) {
            continue;
          }
          JsonNode m;
          try (InputStream in = fs.open(s.getPath())) {
            m = new ObjectMapper().readTree(in);
          }
          list.add(new Run(m.path("run_id").asText(), "failed", m.path("window").path("from").asText(),
              m.path("window").path("to").asText(), m.path("rule_set_hash").asText(), -1, -1,
              m.path("failed").asText(), m.path("error").asText()));
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list the runs under " + out + ": " + e.getMessage(), e);
    }
    list.sort(java.util.Comparator.comparing(Run::runId).thenComparing(Run::status));
    return list;
  }
}
