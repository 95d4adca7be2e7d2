package io.winnow.audit;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.ledger.Ledger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The ledger part of {@code winnow audit verify}: a run made with {@code --ledger} names in its manifest the ledger
 * version it wrote, its entries per kind and their SHA-256. This reads the ledger at that version (Delta time travel)
 * and at its latest version, and reports one line per disagreement: entries missing, added or changed.
 */
public final class LedgerVerifier {
  private LedgerVerifier() {}

  /** Whether the run's manifest records ledger entries (then {@link #verify} needs a Spark session). */
  public static boolean recorded(JsonNode manifest) {
    return manifest.has("ledger");
  }

  public static List<String> verify(SparkSession spark, io.winnow.run.RunDirectory run, JsonNode manifest) {
    List<String> problems = new ArrayList<>();
    JsonNode recorded = manifest.path("ledger");
    String runId = manifest.path("run_id").asText();
    long written = recorded.path("written_version").asLong();
    Ledger ledger = Ledger.at(spark, run.dir().getParent().getParent().toString());
    if (!ledger.exists()) {
      problems.add("removed: the ledger " + ledger.path() + " (the manifest records version " + written + " written)");
      return problems;
    }
    long latest = ledger.version();
    if (latest < written) {
      problems.add("the ledger " + ledger.path() + " ends at version " + latest + ", the manifest records version "
          + written + " written: its history was replaced");
      return problems;
    }
    Map<String, Object> at;
    try {
      at = Ledger.digest(ledger.at(written).filter(col("run_id").equalTo(runId)));
    } catch (RuntimeException e) {
      problems.add("the ledger " + ledger.path() + " cannot be read at version " + written + ": "
          + e.getMessage().lines().findFirst().orElse("") + " (was its log cleaned up?)");
      return problems;
    }
    compare("at version " + written, at, recorded, problems);
    Map<String, Object> now = Ledger.digest(ledger.all().filter(col("run_id").equalTo(runId)));
    if (problems.isEmpty() && !now.equals(at)) {
      compare("at its latest version " + latest + " (changed after the run)", now, recorded, problems);
    }
    long actions = 0;
    for (JsonNode c : manifest.path("counts")) {
      actions += c.path("actions").asLong();
    }
    long actionEntries = recorded.path("entries").path("action").asLong();
    if (actionEntries != actions) {
      problems.add("ledger: the manifest records " + actionEntries + " action entries, the run issued " + actions
          + " actions");
    }
    return problems;
  }

  private static void compare(String when, Map<String, Object> found, JsonNode recorded, List<String> problems) {
    @SuppressWarnings("unchecked")
    Map<String, Long> kinds = (Map<String, Long>) found.get("entries");
    kinds.forEach((kind, n) -> {
      long r = recorded.path("entries").path(kind).asLong();
      if (r != n) {
        problems.add("ledger " + when + ": " + n + " " + kind + " entries of the run, the manifest records " + r);
      }
    });
    String sha = (String) found.get("entries_sha256");
    if (!sha.equals(recorded.path("entries_sha256").asText())) {
      problems.add("modified: ledger entries of the run " + when + " (SHA-256 " + sha + ", the manifest records "
          + recorded.path("entries_sha256").asText() + ")");
    }
  }
}
