package io.winnow.evaluate;

import io.winnow.run.Csv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of an evaluation, computed in plain Java from per-stratum counts: precision per rule, subcategory and
 * action (and over all actions), recall, the confusion between subcategories, and hard negatives actioned.
 */
public final class EvaluationTables {
  private EvaluationTables() {}

  public static final List<String> LEVELS = List.of("rule", "subcategory", "action", "all");

  /** Counts of one stratum's actions that belong to a level's key (a rule, a subcategory, an action). */
  public record Cell(String level, String key, String stratum, long population, long labelled, long correct,
      long unsure) {}

  public record PrecisionLine(String level, String key, long actions, long labelled, long correct, long unsure,
      int strata, Proportions.Estimate estimate) {}

  /** Recall: violations and those caught (estimates when from a sample), and how it was measured. */
  public record RecallLine(String level, String key, double violations, double caught, Proportions.Estimate estimate,
      String method) {}

  public record ConfusionLine(String labelled, String actioned, long actions) {}

  public record HardNegativeLine(String kind, long subjects, long actioned) {}

  /** Precision per (level, key): the stratified estimate over its strata (one stratum: the plain Wilson interval). */
  public static List<PrecisionLine> precision(List<Cell> cells) {
    Map<String, List<Cell>> byKey = new TreeMap<>();
    for (Cell c : cells) {
      byKey.computeIfAbsent(LEVELS.indexOf(c.level()) + "\u0000" + c.key(), k -> new ArrayList<>()).add(c);
    }
    List<PrecisionLine> out = new ArrayList<>();
    for (List<Cell> group : byKey.values()) {
      long actions = 0;
      long labelled = 0;
      long correct = 0;
      long unsure = 0;
      List<Proportions.Stratum> strata = new ArrayList<>();
      for (Cell c : group) {
        actions += c.population();
        labelled += c.labelled();
        correct += c.correct();
        unsure += c.unsure();
        strata.add(new Proportions.Stratum(c.population(), c.labelled(), c.correct()));
      }
      out.add(new PrecisionLine(group.get(0).level(), group.get(0).key(), actions, labelled, correct, unsure,
          group.size(), Proportions.stratified(strata)));
    }
    return out;
  }

  /**
   * Recall of one subject kind from a sample: the estimated true positives among the actions (Σ N_h p_h over the
   * labelled strata of that kind, at level "all") over those plus the estimated misses (the unactioned stratum's
   * violation rate times its population). The interval carries the misses' Wilson interval only, not the
   * uncertainty of the true positives.
   */
  public static RecallLine sampledRecall(String kind, List<Cell> cells, long unactioned, long labelled,
      long violations) {
    double truePositives = 0;
    for (Cell c : cells) {
      if (c.level().equals("all") && !Strata.unactioned(c.stratum()) && Strata.subjectKind(c.stratum()).equals(kind)
          && c.labelled() > 0) {
        truePositives += c.population() * (double) c.correct() / c.labelled();
      }
    }
    Proportions.Estimate missedRate = Proportions.wilson(violations, labelled);
    double missed = unactioned * missedRate.p();
    double recall = truePositives / (truePositives + missed);
    Proportions.Estimate e = new Proportions.Estimate(recall, truePositives / (truePositives + unactioned
        * missedRate.high()), truePositives / (truePositives + unactioned * missedRate.low()), labelled);
    return new RecallLine("subject_kind", kind, truePositives + missed, truePositives, e,
        "sample: " + violations + " of " + labelled + " unactioned " + kind + "s reviewed are violations, of "
            + unactioned + " unactioned");
  }

  public static String precisionCsv(List<PrecisionLine> lines) {
    StringBuilder b = new StringBuilder("level,key,actions,labelled,correct,unsure,strata,precision,low,high,n\n");
    for (PrecisionLine l : lines) {
      b.append(Csv.cells(l.level(), l.key(), "" + l.actions(), "" + l.labelled(), "" + l.correct(), "" + l.unsure(),
          "" + l.strata(), num(l.estimate().p()), num(l.estimate().low()), num(l.estimate().high()),
          num(l.estimate().n()))).append('\n');
    }
    return b.toString();
  }

  public static String recallCsv(List<RecallLine> lines) {
    StringBuilder b = new StringBuilder("level,key,violations,caught,recall,low,high,method\n");
    for (RecallLine l : lines) {
      b.append(Csv.cells(l.level(), l.key(), count(l.violations()), count(l.caught()), num(l.estimate().p()),
          num(l.estimate().low()), num(l.estimate().high()), l.method())).append('\n');
    }
    return b.toString();
  }

  public static String confusionCsv(List<ConfusionLine> lines) {
    StringBuilder b = new StringBuilder("labelled,actioned,actions\n");
    for (ConfusionLine l : lines) {
      b.append(Csv.cells(l.labelled(), l.actioned(), "" + l.actions())).append('\n');
    }
    return b.toString();
  }

  public static String hardNegativesCsv(List<HardNegativeLine> lines) {
    StringBuilder b = new StringBuilder("kind,subjects,actioned\n");
    for (HardNegativeLine l : lines) {
      b.append(Csv.cells(l.kind(), "" + l.subjects(), "" + l.actioned())).append('\n');
    }
    return b.toString();
  }

  /** The tables as one JSON-ready map (NaN, for nothing labelled, becomes null). */
  public static Map<String, Object> json(List<PrecisionLine> precision, List<RecallLine> recall,
      List<ConfusionLine> confusion, List<HardNegativeLine> hardNegatives) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> p = new ArrayList<>();
    for (PrecisionLine l : precision) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("level", l.level());
      e.put("key", l.key());
      e.put("actions", l.actions());
      e.put("labelled", l.labelled());
      e.put("correct", l.correct());
      e.put("unsure", l.unsure());
      e.put("strata", l.strata());
      estimate(e, "precision", l.estimate());
      p.add(e);
    }
    m.put("precision", p);
    List<Map<String, Object>> r = new ArrayList<>();
    for (RecallLine l : recall) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("level", l.level());
      e.put("key", l.key());
      e.put("violations", l.violations());
      e.put("caught", l.caught());
      estimate(e, "recall", l.estimate());
      e.put("method", l.method());
      r.add(e);
    }
    m.put("recall", r);
    m.put("confusion", confusion);
    m.put("hard_negatives", hardNegatives);
    return m;
  }

  private static void estimate(Map<String, Object> e, String name, Proportions.Estimate est) {
    e.put(name, finite(est.p()));
    e.put("low", finite(est.low()));
    e.put("high", finite(est.high()));
    e.put("n", finite(est.n()));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** A count: whole when it is one (counted), three decimals when estimated. */
  public static String count(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : num(v);
  }

  /** Three decimals, or empty when not a number. */
  public static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
  }
}
