package io.winnow.rules;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Actions;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Policy;
import io.winnow.model.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads policy.conf: review rules, severity weights, the report guard, reposts, and per category its ladder. */
final class PolicyLoader {
  private static final Set<String> POLICY_FILE_KEYS = Set.of("policy");
  private static final Set<String> POLICY_KEYS = Set.of("review-required-severities", "review-required-actions",
      "severity-weights", "reports", "reposts", "categories", "review-required-evidence-only");
  private static final Set<String> REPORTS_KEYS = Set.of("min-reporter-account-age-days", "max-reports-per-reporter");
  private static final Set<String> REPOSTS_KEYS = Set.of("categories", "count-toward-strikes", "endorsement-lists");
  private static final Set<String> CATEGORY_KEYS = Set.of("subcategories", "ladder", "max-actions",
      "strike-expiry-days");
  private static final Set<String> LADDER_STEP_KEYS = Set.of("strikes", "action", "days");

  private final RuleFiles files;

  PolicyLoader(RuleFiles files) {
    this.files = files;
  }

  Policy load() {
    Path policyFile = files.dir.resolve(RuleLoader.POLICY_FILE);
    files.file = files.relative(policyFile);
    Config config = files.parse(policyFile);
    if (config == null) {
      return new Policy(new LinkedHashMap<>(), new ArrayList<>(), List.of(), Map.of(), null);
    }
    files.unknownKeys(config.root(), POLICY_FILE_KEYS, RuleLoader.POLICY_FILE, null);
    ConfigObject policy = files.object(config.root(), "policy", RuleLoader.POLICY_FILE, true);
    if (policy == null) {
      return new Policy(new LinkedHashMap<>(), new ArrayList<>(), List.of(), Map.of(), null);
    }
    files.unknownKeys(policy, POLICY_KEYS, "policy", null);
    List<Severity> review = reviewSeverities(policy);
    List<String> reviewActions = reviewActions(policy);
    Map<Severity, Double> weights = weights(policy);
    Policy.ReportGuard guard = reportGuard(policy);
    ConfigObject rp = files.object(policy, "reposts", "policy", false);
    Policy.Reposts reposts = reposts(rp);
    Map<String, CategoryPolicy> categories = categories(policy);
    for (String c : reposts.categories()) {
      if (!categories.containsKey(c)) {
        files.problem(rp.get("categories").origin(), null, "reposts: unknown category '" + c + "'. Known: "
            + String.join(", ", new java.util.TreeSet<>(categories.keySet())));
      }
    }
    List<String> evidenceOnly = files.names(policy, "review-required-evidence-only", "policy", false);
    return new Policy(Map.copyOf(categories), List.copyOf(review), List.copyOf(reviewActions), Map.copyOf(weights),
        guard, reposts, List.copyOf(evidenceOnly));
  }

  private List<Severity> reviewSeverities(ConfigObject policy) {
    List<Severity> review = new ArrayList<>();
    ConfigValue reviewSeverities = policy.get("review-required-severities");
    for (String severity : files.names(policy, "review-required-severities", "policy", true)) {
      Severity s = files.severity(severity, reviewSeverities.origin(), null);
      if (s != null) {
        review.add(s);
      }
    }
    return review;
  }

  private List<String> reviewActions(ConfigObject policy) {
    List<String> reviewActions = new ArrayList<>();
    ConfigValue reviewActionList = policy.get("review-required-actions");
    for (String action : files.names(policy, "review-required-actions", "policy", true)) {
      if (Actions.strength(action) < 0) {
        files.problem(reviewActionList.origin(), null, "unknown action '" + action
            + "' in review-required-actions. Known: " + String.join(", ", Actions.POST) + ", "
            + String.join(", ", Actions.ACCOUNT));
      } else {
        reviewActions.add(action);
      }
    }
    return reviewActions;
  }

  private Map<Severity, Double> weights(ConfigObject policy) {
    Map<Severity, Double> weights = new java.util.EnumMap<>(Severity.class);
    ConfigObject w = files.object(policy, "severity-weights", "policy", false);
    if (w != null) {
      for (String key : w.keySet()) {
        Severity s = files.severity(key, w.get(key).origin(), null);
        ConfigValue v = w.get(key);
        if (s != null && (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).doubleValue() < 0)) {
          files.problem(v.origin(), null, "severity-weights." + key + " must be a number >= 0, e.g. 0.5");
        } else if (s != null) {
          weights.put(s, ((Number) v.unwrapped()).doubleValue());
        }
      }
    }
    return weights;
  }

  private Policy.ReportGuard reportGuard(ConfigObject policy) {
    Policy.ReportGuard guard = null;
    ConfigObject r = files.object(policy, "reports", "policy", false);
    if (r != null) {
      files.unknownKeys(r, REPORTS_KEYS, "reports", null);
      Long minAge = files.wholeNumber(r, "min-reporter-account-age-days", "reports", true);
      Long maxReports = files.wholeNumber(r, "max-reports-per-reporter", "reports", true);
      if (minAge != null && maxReports != null) {
        if (minAge < 0 || minAge > Integer.MAX_VALUE || maxReports < 1) {
          files.problem(r.origin(), null, "reports: min-reporter-account-age-days must be >= 0"
              + " and max-reports-per-reporter >= 1");
        } else {
          guard = new Policy.ReportGuard(minAge.intValue(), maxReports);
        }
      }
    }
    return guard;
  }

  private Policy.Reposts reposts(ConfigObject rp) {
    Policy.Reposts reposts = Policy.Reposts.NONE;
    if (rp != null) {
      files.unknownKeys(rp, REPOSTS_KEYS, "reposts", null);
      List<String> repostCategories = files.names(rp, "categories", "reposts", true);
      Boolean count = files.bool(rp, "count-toward-strikes", "reposts", true);
      List<String> endorsements = new ArrayList<>();
      for (String list : files.names(rp, "endorsement-lists", "reposts", false)) {
        List<String> phrases = files.lists.get(list);
        if (phrases == null || phrases.isEmpty()) {
          files.problem(rp.get("endorsement-lists").origin(), null, "reposts: " + (phrases == null ? "unknown" : "empty")
              + " list '" + list + "' in endorsement-lists. Known lists: " + String.join(", ",
              new java.util.TreeSet<>(files.lists.keySet())));
        } else {
          endorsements.addAll(phrases);
        }
      }
      if (count != null) {
        reposts = new Policy.Reposts(List.copyOf(repostCategories), count, List.copyOf(endorsements));
      }
    }
    return reposts;
  }

  private Map<String, CategoryPolicy> categories(ConfigObject policy) {
    Map<String, CategoryPolicy> categories = new LinkedHashMap<>();
    ConfigObject cats = files.object(policy, "categories", "policy", true);
    for (String name : cats == null ? Set.<String>of() : cats.keySet()) {
      String where = "category " + name;
      ConfigObject c = files.object(cats, name, "categories", true);
      if (c == null) {
        continue;
      }
      files.unknownKeys(c, CATEGORY_KEYS, where, null);
      List<LadderStep> ladder = ladder(c, name, where);
      List<String> subs = files.names(c, "subcategories", where, true);
      Long maxActions = files.wholeNumber(c, "max-actions", where, true);
      if (maxActions != null && maxActions < 0) {
        files.problem(c.get("max-actions").origin(), null, where + ": max-actions must be 0 or more");
      }
      Long expiry = files.wholeNumber(c, "strike-expiry-days", where, false);
      if (expiry != null && (expiry < 1 || expiry > 36_500)) {
        files.problem(c.get("strike-expiry-days").origin(), null, where + ": strike-expiry-days must be 1 to 36500 "
            + "(days a strike counts after its post's day), found " + expiry);
        expiry = null;
      }
      categories.put(name, new CategoryPolicy(name, List.copyOf(ladder), maxActions == null ? 0 : maxActions,
          expiry == null ? null : expiry.intValue()));
      files.subcategories.put(name, Set.copyOf(subs));
    }
    return categories;
  }

  /** The ladder of category {@code name}: ascending steps, each an account action (suspend with its days). */
  private List<LadderStep> ladder(ConfigObject c, String name, String where) {
    List<LadderStep> ladder = new ArrayList<>();
    long previous = 0;
    ConfigValue steps = c.get("ladder");
    if (steps == null) {
      files.problem(c.origin(), null, "missing key 'ladder' in " + where + ". Add ladder = [ { strikes = N, action ="
          + " ... } ] (or ladder = [] for post actions only)");
    } else if (steps.valueType() != ConfigValueType.LIST) {
      files.problem(steps.origin(), null, where + ": ladder must be a list of steps [ { strikes = N, action = ... } ],"
          + " found " + RuleFiles.shown(steps));
    } else {
      for (ConfigValue stepValue : (ConfigList) steps) {
        if (stepValue.valueType() != ConfigValueType.OBJECT) {
          files.problem(stepValue.origin(), null, where + ": a ladder step is an object { strikes = N, action = ... },"
              + " found " + RuleFiles.shown(stepValue));
          continue;
        }
        ConfigObject step = (ConfigObject) stepValue;
        String stepWhere = "a ladder step of " + where;
        files.unknownKeys(step, LADDER_STEP_KEYS, stepWhere, null);
        Long strikes = files.wholeNumber(step, "strikes", stepWhere, true);
        String action = files.text(step, "action", stepWhere);
        Long days = files.wholeNumber(step, "days", stepWhere, false);
        if (action != null && !Actions.ACCOUNT.contains(action)) {
          files.problem(step.origin(), null, "category " + name + ": unknown ladder action '" + action
              + "'. Known account actions: " + String.join(", ", Actions.ACCOUNT));
        }
        if (strikes != null && strikes <= previous) {
          files.problem(step.origin(), null, "category " + name + ": ladder steps out of order (" + strikes
              + " strikes after " + previous + "). List steps by ascending strikes");
        }
        if ("suspend".equals(action)) {
          if (!step.containsKey("days") || (days != null && (days <= 0 || days > Integer.MAX_VALUE))) {
            files.problem(step.origin(), null, "category " + name + ": suspend needs days > 0. Add days = N");
          }
        } else if (action != null && step.containsKey("days")) {
          files.problem(step.get("days").origin(), null, "category " + name + ": days applies to action suspend only."
              + " Remove it");
        }
        if (strikes != null) {
          previous = strikes;
        }
        if (strikes != null && strikes <= Integer.MAX_VALUE && action != null) {
          ladder.add(new LadderStep(strikes.intValue(), action, days == null ? null : days.intValue()));
        }
      }
    }
    return ladder;
  }
}
