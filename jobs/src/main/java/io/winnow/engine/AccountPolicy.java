package io.winnow.engine;

import io.winnow.engine.PolicyRows.Action;
import io.winnow.engine.PolicyRows.Evidence;
import io.winnow.engine.PolicyRows.Finding;
import io.winnow.engine.PolicyRows.PriorStrike;
import io.winnow.engine.PolicyRows.RuleRef;
import io.winnow.model.Actions;
import io.winnow.model.CategoryPolicy;
import io.winnow.model.LadderStep;
import io.winnow.model.Policy;
import io.winnow.model.Severity;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The policy of one account, in plain Java: from the findings of the account's subjects (its posts, reposts and the
 * account itself) to its actions. One post action per post and category (the strongest active rule decides: action,
 * then severity, then subcategory); account actions from the category's ladder, where strikes are the summed severity
 * weights of the account's actioned posts (and of its reposts of actioned posts when the policy counts them; with the
 * ledger, plus its unexpired earlier strikes), recorded rounded down; and from account rules, merged so an account gets
 * one action per category. Then severity, the review flag and the action id: the first 32 hex characters of the
 * SHA-256 of the {@code |}-joined rule-set hash, subject kind, platform (unless ids are global), subject id, category
 * and action, nulls left out.
 *
 * <p>An account is its (platform, account_id), or its id alone when ids are global; {@link #decide} is given every
 * finding of one account, and also groups by those keys itself, so more than one account at a time gives the same.
 */
public final class AccountPolicy implements Serializable {
  private static final String ACCOUNT = "account";
  private static final String POST = "post";
  private static final String REPOST = "repost";

  private final Policy policy;
  private final String ruleSetHash;
  private final String accountDt;
  private final boolean idsGlobal;

  /** {@code to}: the window's last day, the {@code dt} of account actions. */
  public AccountPolicy(Policy policy, String ruleSetHash, LocalDate to, boolean idsGlobal) {
    this.policy = policy;
    this.ruleSetHash = ruleSetHash;
    this.accountDt = to.toString();
    this.idsGlobal = idsGlobal;
  }

  /** An action in the making: the group's strongest choice and what the group gathered. */
  private static final class Decided {
    String subjectKind;
    String subjectId;
    String accountId;
    String platform;
    String dt;
    String category;
    String subcategory;
    String action;
    Integer suspendDays;
    int actionRank;
    int severityRank;
    LocalDate contentDate;
    List<RuleRef> rules;
    List<Evidence> evidence;
    Integer strikes;
    boolean priorOrigin;

    /** Takes the subject of {@code f}: its subject and account ids, platform and category. */
    void subjectOf(Finding f) {
      subjectId = f.subjectId();
      accountId = f.accountId();
      platform = f.platform();
      category = f.category();
    }

    /** Takes the choice of {@code f}: its subcategory, action and suspension, and their ranks. */
    void choiceOf(Finding f) {
      subcategory = f.subcategory();
      action = f.action();
      suspendDays = f.suspendDays();
      actionRank = rank(f.action());
      severityRank = severityRank(f.severity());
    }
  }

  /**
   * The actions of the findings of one account. {@code prior}: the account's unexpired ledger strikes (empty without
   * the ledger); they count toward a category's ladder only when this run brings the account a new strike in it.
   */
  public List<Action> decide(List<Finding> findings, List<PriorStrike> prior) {
    List<Finding> direct = new ArrayList<>();
    List<Finding> reposts = new ArrayList<>();
    List<Finding> accounts = new ArrayList<>();
    for (Finding f : findings) {
      if (!"active".equals(f.ruleStatus())) {
        continue;
      }
      if (ACCOUNT.equals(f.subjectKind())) {
        accounts.add(f);
      } else if (POST.equals(f.subjectKind())) {
        (isRepost(f) ? reposts : direct).add(f);
      }
    }
    List<Decided> postActions = strongestPerPost(direct);
    List<Decided> struck = new ArrayList<>(postActions);
    if (policy.reposts().countTowardStrikes()) {
      struck.addAll(strongestPerPost(reposts));
    }
    struck.removeIf(d -> d.priorOrigin); // a post that gave a strike in an earlier run gives none again
    List<Decided> candidates = new ArrayList<>(ladder(struck, prior));
    for (Finding f : accounts) {
      candidates.add(accountCandidate(f));
    }
    List<Action> out = new ArrayList<>();
    for (Decided d : postActions) {
      out.add(finish(d));
    }
    for (List<Decided> group : groups(candidates, d -> List.of(nullable(d.subjectId), nullable(d.accountId),
        accountPlatform(d.platform), nullable(d.category))).values()) {
      out.add(finish(merge(group)));
    }
    return out;
  }

  private static boolean isRepost(Finding f) {
    return f.evidence() != null && f.evidence().stream().anyMatch(e -> REPOST.equals(e.kind()));
  }

  /** One decision per (post, account, platform, dt, category): its strongest finding. */
  private List<Decided> strongestPerPost(List<Finding> findings) {
    List<Decided> out = new ArrayList<>();
    for (List<Finding> group : groups(findings, f -> Arrays.asList(f.subjectId(), f.accountId(), f.platform(), f.dt(),
        f.category())).values()) {
      Finding first = group.get(0);
      Decided d = new Decided();
      d.subjectKind = POST;
      d.subjectOf(first);
      d.dt = first.dt();
      Finding top = first;
      List<RuleRef> rules = new ArrayList<>();
      List<Evidence> evidence = new ArrayList<>();
      boolean origin = false;
      for (Finding f : group) {
        if (TOP_OF_POST.compare(f, top) > 0) {
          top = f;
        }
        d.contentDate = maxNullable(d.contentDate, f.contentDate());
        rules.add(new RuleRef(f.ruleId(), f.ruleVersion()));
        if (f.evidence() != null) {
          evidence.addAll(f.evidence());
        }
        origin |= f.priorOrigin();
      }
      d.choiceOf(top);
      d.rules = sortedDistinct(rules, PolicyRows.RULE_ORDER);
      evidence.sort(PolicyRows.EVIDENCE_ORDER);
      d.evidence = evidence;
      d.priorOrigin = origin;
      out.add(d);
    }
    return out;
  }

  /** The order of max(struct(action rank, severity rank, subcategory, action, suspend days)). */
  private static final Comparator<Finding> TOP_OF_POST = (a, b) -> {
    int c = Integer.compare(rank(a.action()), rank(b.action()));
    c = c != 0 ? c : Integer.compare(severityRank(a.severity()), severityRank(b.severity()));
    c = c != 0 ? c : PolicyRows.compareStrings(a.subcategory(), b.subcategory());
    c = c != 0 ? c : PolicyRows.compareStrings(a.action(), b.action());
    return c != 0 ? c : PolicyRows.compareNullable(a.suspendDays(), b.suspendDays());
  };

  /** The order of max(struct(action rank, severity rank, subcategory, action, suspend days, platform)). */
  private static final Comparator<Decided> TOP_OF_ACCOUNT = (a, b) -> {
    int c = Integer.compare(a.actionRank, b.actionRank);
    c = c != 0 ? c : Integer.compare(a.severityRank, b.severityRank);
    c = c != 0 ? c : PolicyRows.compareStrings(a.subcategory, b.subcategory);
    c = c != 0 ? c : PolicyRows.compareStrings(a.action, b.action);
    c = c != 0 ? c : PolicyRows.compareNullable(a.suspendDays, b.suspendDays);
    return c != 0 ? c : PolicyRows.compareStrings(a.platform, b.platform);
  };

  /** Ladder actions: per account and category, the strikes of the struck posts (and prior ones) against the ladder. */
  private List<Decided> ladder(List<Decided> struck, List<PriorStrike> prior) {
    List<Decided> out = new ArrayList<>();
    for (List<Decided> group : groups(struck, d -> List.of(nullable(d.accountId), accountPlatform(d.platform),
        nullable(d.category))).values()) {
      Decided first = group.get(0);
      Decided d = new Decided();
      d.subjectKind = ACCOUNT;
      d.accountId = first.accountId;
      d.subjectId = first.accountId;
      d.category = first.category;
      d.severityRank = Integer.MIN_VALUE;
      double strikes = 0;
      List<RuleRef> rules = new ArrayList<>();
      List<Evidence> evidence = new ArrayList<>();
      for (Decided s : group) {
        strikes += strikeWeight(s.severityRank);
        d.platform = maxString(d.platform, s.platform);
        d.severityRank = Math.max(d.severityRank, s.severityRank);
        d.contentDate = maxNullable(d.contentDate, s.contentDate);
        rules.addAll(s.rules);
        evidence.add(new Evidence(s.rules.get(0).ruleId(), "strike", POST, s.subjectId, null, null, null));
        d.subcategory = maxString(d.subcategory, s.subcategory);
      }
      strikes += priorStrikes(prior, d, evidence);
      LadderStep step = step(d.category, strikes);
      if (step == null) {
        continue;
      }
      d.action = step.action();
      d.suspendDays = step.days();
      d.actionRank = rank(step.action());
      d.rules = sortedDistinct(rules, PolicyRows.RULE_ORDER);
      evidence.sort(PolicyRows.EVIDENCE_ORDER);
      d.evidence = evidence;
      d.strikes = (int) Math.floor(strikes);
      out.add(d);
    }
    return out;
  }

  /**
   * The prior strikes of the ladder's account and category: their summed weight, their evidence (field {@code ledger})
   * added to {@code to}.
   */
  private double priorStrikes(List<PriorStrike> prior, Decided ladder, List<Evidence> to) {
    double sum = 0;
    for (PriorStrike p : prior) {
      if (Objects.equals(p.category(), ladder.category) && Objects.equals(p.accountId(), ladder.accountId)
          && accountPlatform(p.platform()).equals(accountPlatform(ladder.platform))) {
        sum += p.weight() == null ? 0 : p.weight();
        String rules = p.rules();
        String ruleId = rules == null ? null : rules.indexOf(" v") < 0 ? rules : rules.substring(0, rules.indexOf(" v"));
        to.add(new Evidence(ruleId, "strike", "ledger", p.post(), null, null, null));
      }
    }
    return sum;
  }

  /** The highest step of the category's ladder that the strikes reach, or null. */
  private LadderStep step(String category, double strikes) {
    LadderStep reached = null;
    for (CategoryPolicy p : policy.categories().values()) {
      for (LadderStep s : p.ladder()) {
        if (p.category().equals(category) && strikes >= s.strikes()) {
          reached = s;
        }
      }
    }
    return reached;
  }

  private static Decided accountCandidate(Finding f) {
    Decided d = new Decided();
    d.subjectKind = ACCOUNT;
    d.subjectOf(f);
    d.choiceOf(f);
    d.rules = List.of(new RuleRef(f.ruleId(), f.ruleVersion()));
    d.evidence = f.evidence() == null ? List.of() : f.evidence();
    return d;
  }

  /** One account action per subject and category from the ladder's and the account rules' candidates. */
  private Decided merge(List<Decided> group) {
    Decided top = group.get(0);
    Integer strikes = null;
    LocalDate contentDate = null;
    List<RuleRef> rules = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    for (Decided d : group) {
      if (TOP_OF_ACCOUNT.compare(d, top) > 0) {
        top = d;
      }
      strikes = maxNullable(strikes, d.strikes);
      contentDate = maxNullable(contentDate, d.contentDate);
      rules.addAll(d.rules);
      evidence.addAll(d.evidence);
    }
    Decided out = new Decided();
    out.subjectKind = ACCOUNT;
    out.subjectId = top.subjectId;
    out.accountId = top.accountId;
    out.category = top.category;
    out.subcategory = top.subcategory;
    out.action = top.action;
    out.suspendDays = top.suspendDays;
    out.platform = top.platform;
    out.severityRank = top.severityRank;
    out.strikes = strikes;
    out.contentDate = contentDate;
    out.rules = sortedDistinct(rules, PolicyRows.RULE_ORDER);
    out.evidence = sortedDistinct(evidence, PolicyRows.EVIDENCE_ORDER);
    out.dt = accountDt;
    return out;
  }

  private Action finish(Decided d) {
    String severity = d.severityRank >= 0 && d.severityRank < Severity.values().length
        ? Severity.values()[d.severityRank].key() : null;
    return new Action(actionId(d), d.subjectKind, d.subjectId, d.accountId, d.platform, d.category, d.subcategory,
        d.action, d.suspendDays, d.rules, severity, review(d, severity), d.strikes, d.evidence, d.contentDate, d.dt);
  }

  /**
   * Whether a person reviews the action first, in SQL's three-valued logic (an unknown severity or action that no other
   * reason answers leaves it unknown): a review severity or action; or an account action whose evidence, apart from the
   * predicates it read, is only of the policy's review-evidence-only kinds.
   */
  private Boolean review(Decided d, String severity) {
    Boolean review = Boolean.FALSE;
    for (Severity s : policy.reviewSeverities()) {
      review = or(review, severity == null ? null : severity.equals(s.key()));
    }
    for (String a : policy.reviewActions()) {
      review = or(review, d.action == null ? null : d.action.equals(a));
    }
    if (!policy.reviewEvidenceOnly().isEmpty()) {
      List<Evidence> text = d.evidence.stream().filter(e -> e.kind() != null && !e.kind().equals("predicate")).toList();
      review = or(review, ACCOUNT.equals(d.subjectKind) && !text.isEmpty()
          && text.stream().allMatch(e -> policy.reviewEvidenceOnly().contains(e.kind())));
    }
    return review;
  }

  private static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return Boolean.TRUE;
    }
    return a == null || b == null ? null : Boolean.FALSE;
  }

  private String actionId(Decided d) {
    List<String> parts = idsGlobal
        ? Arrays.asList(ruleSetHash, d.subjectKind, d.subjectId, d.category, d.action)
        : Arrays.asList(ruleSetHash, d.subjectKind, d.platform, d.subjectId, d.category, d.action);
    return sha256Hex32(String.join("|", parts.stream().filter(Objects::nonNull).toList()));
  }

  /** The first 32 hex characters of the SHA-256 of the text's UTF-8 bytes: Spark's substring(sha2(text, 256), 1, 32). */
  public static String sha256Hex32(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private double strikeWeight(int severityRank) {
    return severityRank >= 0 && severityRank < Severity.values().length
        ? policy.strikeWeight(Severity.values()[severityRank]) : 1.0;
  }

  private String accountPlatform(String platform) {
    return idsGlobal ? "" : nullable(platform);
  }

  /** A key part that may be null (List.of refuses nulls). */
  private static String nullable(String s) {
    return s == null ? "\u0000null" : s;
  }

  private static int rank(String action) {
    return action == null ? -1 : Actions.strength(action);
  }

  private static int severityRank(String severity) {
    for (Severity s : Severity.values()) {
      if (s.key().equals(severity)) {
        return s.ordinal();
      }
    }
    return -1;
  }

  private static <T> Map<List<?>, List<T>> groups(List<T> items, Function<T, List<?>> key) {
    Map<List<?>, List<T>> out = new LinkedHashMap<>();
    for (T item : items) {
      out.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
    }
    return out;
  }

  private static <T> List<T> sortedDistinct(List<T> items, Comparator<T> order) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(order);
    List<T> out = new ArrayList<>(sorted.size());
    for (T t : sorted) {
      if (out.isEmpty() || order.compare(out.get(out.size() - 1), t) != 0) {
        out.add(t);
      }
    }
    return out;
  }

  private static String maxString(String a, String b) {
    return a == null ? b : b == null ? a : PolicyRows.compareStrings(a, b) >= 0 ? a : b;
  }

  private static <T extends Comparable<? super T>> T maxNullable(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
  }
}
