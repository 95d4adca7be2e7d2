package io.winnow.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.winnow.UserError;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code winnow ledger show}: an account's history in the ledger, per category — its latest state, every strike with
 * its expiry (and whether it still counts), every action issued on it or its posts, and every reversal.
 */
public final class AccountHistory {
  private final Ledger ledger;

  public AccountHistory(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * The history of {@code accountId} (on {@code platform}, or every platform when null), strikes judged as of
   * {@code asOf} (the latest run's day when null).
   */
  public String show(String accountId, String platform, LocalDate asOf) {
    if (!ledger.exists()) {
      throw new UserError("no ledger at " + ledger.path() + ". A sweep with --ledger --out OUT writes it");
    }
    Dataset<Row> committed = ledger.committed();
    Dataset<Row> mine = committed.filter(col("account_id").equalTo(accountId));
    if (platform != null) {
      mine = mine.filter(col("platform").equalTo(platform));
    }
    List<Row> rows = mine.orderBy("category", "run_seq", "kind", "subject_id").collectAsList();
    if (rows.isEmpty()) {
      return "no entry for account " + accountId + (platform == null ? "" : " on " + platform) + " in "
          + ledger.path() + " (version " + ledger.version() + ")\n";
    }
    LocalDate day = asOf;
    if (day == null) {
      Row latest = committed.agg(max("issued")).first();
      day = ((Date) latest.get(0)).toLocalDate();
    }
    Set<String> reversed = committed.filter(col("kind").equalTo(LedgerSchema.REVERSAL)).select("reverses")
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    Map<String, List<Row>> byCategory = new TreeMap<>();
    rows.forEach(r -> byCategory.computeIfAbsent(r.getAs("category"), k -> new java.util.ArrayList<>()).add(r));
    StringBuilder out = new StringBuilder("account " + accountId + (platform == null ? "" : " on " + platform)
        + " in " + ledger.path() + " (version " + ledger.version() + "), strikes as of " + day + "\n");
    for (Map.Entry<String, List<Row>> e : byCategory.entrySet()) {
      out.append(category(e.getKey(), e.getValue(), reversed, day));
    }
    return out.toString();
  }

  private static String category(String category, List<Row> rows, Set<String> reversed, LocalDate day) {
    StringBuilder out = new StringBuilder("\n" + category + "\n");
    Row state = null;
    for (Row r : rows) {
      if (r.getAs("kind").equals(LedgerSchema.STATE)) {
        state = r;
      }
    }
    out.append("  state      ").append(state == null ? "no step reached" : state(state)).append('\n');
    double counting = 0;
    StringBuilder strikes = new StringBuilder();
    Set<String> removedPosts = new TreeSet<>();
    for (Row r : rows) {
      if (r.getAs("kind").equals(LedgerSchema.ACTION) && reversed.contains(r.<String>getAs("action_id"))
          && r.getAs("strike_posts") != null) {
        removedPosts.addAll(r.getList(r.fieldIndex("strike_posts")));
      }
    }
    for (Row r : rows) {
      if (!r.getAs("kind").equals(LedgerSchema.STRIKE)) {
        continue;
      }
      LocalDate expires = ((Date) r.getAs("expires")).toLocalDate();
      boolean removed = reversed.contains(r.<String>getAs("action_id")) || removedPosts.contains(r.getAs("subject_id"));
      String status = removed ? "removed by a reversal" : expires.isAfter(day) ? "counts" : "expired";
      if (status.equals("counts")) {
        counting += r.<Double>getAs("weight");
      }
      strikes.append("    post ").append((String) r.getAs("subject_id")).append("  weight ")
          .append((Double) r.getAs("weight")).append(", issued ").append((Object) r.getAs("issued"))
          .append(", expires ").append(expires).append(": ").append(status).append(" (").append((String) r.getAs("rules"))
          .append(", run ").append((String) r.getAs("run_id")).append(")\n");
    }
    out.append("  strikes    ").append(counting).append(" counting as of ").append(day).append('\n').append(strikes);
    out.append("  actions\n");
    for (Row r : rows) {
      if (r.getAs("kind").equals(LedgerSchema.ACTION)) {
        out.append("    ").append((Object) r.getAs("issued")).append("  ").append((String) r.getAs("subject_kind"))
            .append(' ').append((String) r.getAs("subject_id")).append(": ").append((String) r.getAs("action"))
            .append(r.getAs("suspend_days") == null ? "" : " " + r.getAs("suspend_days") + " days")
            .append(reversed.contains(r.<String>getAs("action_id")) ? " (reversed)" : "")
            .append(" [").append((String) r.getAs("rules")).append("; ").append((String) r.getAs("evidence"))
            .append("]\n");
      }
    }
    for (Row r : rows) {
      if (r.getAs("kind").equals(LedgerSchema.REVERSAL)) {
        out.append("    ").append((Object) r.getAs("issued")).append("  reversal ").append((String) r.getAs("action"))
            .append(" of action ").append((String) r.getAs("reverses")).append(" on ")
            .append((String) r.getAs("subject_kind")).append(' ').append((String) r.getAs("subject_id"))
            .append(" (appeal ").append((String) r.getAs("appeal")).append(", run ").append((String) r.getAs("run_id"))
            .append(")\n");
      }
    }
    return out.toString();
  }

  private static String state(Row s) {
    if (Boolean.TRUE.equals(s.getAs("reinstated"))) {
      return "reinstated on " + s.getAs("issued") + " (run " + s.getAs("run_id") + ")";
    }
    String step = s.getAs("action");
    return step + (Boolean.TRUE.equals(s.getAs("closed")) ? " (closed)" : "")
        + (s.getAs("suspended_until") == null ? "" : " until " + s.getAs("suspended_until"))
        + " since " + s.getAs("issued") + " (run " + s.getAs("run_id") + ")";
  }
}
