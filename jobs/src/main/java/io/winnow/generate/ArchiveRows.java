package io.winnow.generate;

import io.winnow.generate.AccountLayout.Role;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Builds archive rows on executors. Every row is a pure function of (seed, index): its random stream is
 * {@link Rng#of(long, long, long)}, so any task can regenerate any other row (a repost's original, a report's
 * target) without shuffles, and the same seed always gives the same archive.
 */
final class ArchiveRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = 86_400_000L;
  private static final int REFUTED_ATTEMPTS = 1000;
  /** How far back a refuting repost looks for its rumour when its random tries fail (bounded: rumours may be off). */
  private static final long REFUTED_SCAN = 10_000;

  private final long seed;
  private final long posts;
  private final long accounts;
  private final long startMs;
  private final long windowMs;
  private final String[] platforms;
  private final String[] dates;
  private final double[] cumulativeRates;
  private final double variantShare;
  private final double nearCopyShare;
  private final double paraphraseShare;
  private final double evasionRate;
  private final double repostRate;
  private final double repostOfRumourShare;
  private final double reportsOnPlantedShare;
  private final boolean java8Time;
  private final long reports;
  final AccountLayout layout;
  private final AccountRows accountRows;

  /**
   * The plan of one post: everything but its text. {@code wording} is set for violations; {@code evasion} only for a
   * list phrase that is disguised.
   */
  record PostPlan(long index, PostPlant plant, Wording wording, Evasion evasion, boolean chinese, long createdMs,
      long account, boolean monetized, boolean repost) {

    /** labels.kind of a planted post. */
    String kind() {
      return !plant.isViolation() ? plant.hardNegativeKind : evasion != null ? evasion.label : wording.label;
    }
  }

  ArchiveRows(GenerateSettings settings, GenerateRequest request, AccountLayout layout, boolean java8Time) {
    this.seed = request.seed();
    this.posts = request.posts();
    this.accounts = request.accounts();
    this.startMs = settings.startDate().toEpochDay() * DAY_MS;
    this.windowMs = request.days() * DAY_MS;
    this.platforms = settings.platforms().toArray(new String[0]);
    this.dates = new String[request.days()];
    for (int d = 0; d < dates.length; d++) {
      dates[d] = settings.startDate().plusDays(d).toString();
    }
    this.cumulativeRates = new double[PostPlant.ALL.length];
    double acc = 0;
    for (PostPlant p : PostPlant.ALL) {
      acc += settings.postRate(p);
      cumulativeRates[p.ordinal()] = acc;
    }
    this.variantShare = settings.variantShare();
    this.nearCopyShare = settings.nearCopyShare();
    this.paraphraseShare = settings.paraphraseShare();
    this.evasionRate = settings.evasionRate();
    this.repostRate = settings.repostRate();
    this.repostOfRumourShare = settings.repostOfRumourShare();
    this.reportsOnPlantedShare = settings.reportsOnPlantedShare();
    this.layout = layout;
    this.accountRows = new AccountRows(request.seed(), startMs, platforms, settings.homoglyphShare(), java8Time,
        layout);
    this.java8Time = java8Time;
    this.reports = Math.round(request.posts() * settings.reportsPerThousandPosts() / 1000.0);
  }

  // ------------------------------------------------------------------------------------------------ posts

  PostPlan plan(long i) {
    SplittableRandom r = Rng.of(seed, Rng.POST_PLAN, i);
    double u = r.nextDouble();
    PostPlant plant = null;
    for (PostPlant p : PostPlant.ALL) {
      if (u < cumulativeRates[p.ordinal()]) {
        plant = p;
        break;
      }
    }
    if (plant == PostPlant.REFUTING_REPOST && i == 0) {
      plant = null; // the first post has nothing to repost
    }
    boolean chinese = r.nextBoolean();
    // ids are in time order: post i lives in the i-th of n equal slots of the window
    long created = startMs + Math.min(windowMs - 1, (long) ((i + r.nextDouble()) * ((double) windowMs / posts)));
    Wording wording = null;
    Evasion evasion = null;
    if (plant != null && plant.isViolation()) {
      double w = r.nextDouble();
      boolean claim = plant == PostPlant.DEBUNKED_CLAIM;
      wording = claim && w < nearCopyShare ? Wording.NEAR_COPY
          : claim && w < nearCopyShare + paraphraseShare ? Wording.PARAPHRASE
          : w < (claim ? nearCopyShare + paraphraseShare : 0) + variantShare ? Wording.VARIANT : Wording.LIST_PHRASE;
      if (wording == Wording.LIST_PHRASE && r.nextDouble() < evasionRate) {
        evasion = Rng.pick(r, Evasion.forPlant(plant, chinese));
      }
    }
    long account;
    if (plant == null) {
      account = layout.anyAccount(r);
    } else {
      account = switch (plant) {
        case LICENSED_ADVICE -> layout.licensedAccount(r, r.nextInt(Vocabulary.CREDENTIALS.length));
        case DEBUNKING_POST -> r.nextDouble() < 0.3 ? layout.officialDebunker(r) : layout.plainAccount(r);
        case FACT_CHECKER_QUOTE -> layout.officialDebunker(r);
        case HOSPITAL_CONSULTATION -> layout.hospitalAccount(r);
        case ILLEGAL_MONETISATION -> layout.unmonetizedPlainAccount(r);
        default -> layout.plainAccount(r);
      };
      // an institution writes in its own language
      if (plant == PostPlant.FACT_CHECKER_QUOTE) {
        chinese = layout.entityOf(account).chinese();
      } else if (plant == PostPlant.HOSPITAL_CONSULTATION) {
        chinese = layout.hospitalOf(account)[2].equals("zh");
      }
    }
    boolean monetized = plant == PostPlant.ILLEGAL_MONETISATION
        || layout.monetizationEnabled(account) && r.nextDouble() < 0.6;
    boolean repost = plant == PostPlant.REFUTING_REPOST
        || plant == null && i > 0 && layout.roleOf(account) != Role.OFFICIAL && r.nextDouble() < repostRate;
    return new PostPlan(i, plant, wording, evasion, chinese, created, account, monetized, repost);
  }

  Iterator<Row> postRows(Iterator<Long> ids) {
    return map(ids, this::postRow);
  }

  Row postRow(long i) {
    PostPlan p = plan(i);
    SplittableRandom t = Rng.of(seed, Rng.POST_TEXT, i);
    List<String> links = new ArrayList<>(1);
    String text;
    String title = null;
    String repostOf = null;
    if (p.repost()) {
      repostOf = Ids.post(p.plant() == PostPlant.REFUTING_REPOST ? refutedRumour(i, t) : repostTarget(i, t));
      text = PostText.repost(p, t, links);
    } else if (p.plant() == null) {
      text = PostText.ordinary(p, layout, t, links);
      if (t.nextDouble() < 0.2) {
        title = Rng.pick(t, p.chinese() ? Vocabulary.TITLE_ZH : Vocabulary.TITLE_EN);
      }
    } else {
      text = PostText.planted(p, layout, t, links);
    }
    if (t.nextDouble() < 0.25) {
      text = text + " " + Rng.pick(t, Vocabulary.EMOJI);
    }
    if (t.nextDouble() < 0.15 && links.isEmpty()) {
      text = text + " " + PostText.link(t, links);
    }
    double boost = p.plant() == PostPlant.DISASTER_HYPE || p.plant() == PostPlant.ENGAGEMENT_BAIT ? 20 : 1;
    long views = (long) (Math.exp(t.nextGaussian() * 1.5 + 5.5) * boost);
    long likes = (long) (views * t.nextDouble() * 0.1);
    long shares = (long) (likes * t.nextDouble() * 0.3);
    long comments = (long) (likes * t.nextDouble() * 0.2);
    return RowFactory.create(Ids.post(i), AccountLayout.accountId(p.account()), time(p.createdMs()), text, title,
        repostOf, likes, shares, comments, views, p.monetized(), PostText.hashtags(text, p.chinese()),
        links.toArray(new String[0]), dt(p.createdMs()), platforms[layout.platformOf(p.account())]);
  }

  /** A planted rumour before post {@code i} among a few random tries (plans are cheap), else any earlier post. */
  private long rumourBefore(long i, SplittableRandom t, int attempts) {
    for (int attempt = 0; attempt < attempts; attempt++) {
      long j = t.nextLong(i);
      PostPlant plant = plan(j).plant();
      if (plant != null && plant.isRumour()) {
        return j;
      }
    }
    return t.nextLong(i);
  }

  /**
   * The rumour a refuting repost reposts: random tries first, then the nearest rumour before it (only among the
   * first posts do the tries fail), else, when none precedes it within reach, any earlier post.
   */
  private long refutedRumour(long i, SplittableRandom t) {
    for (int attempt = 0; attempt < REFUTED_ATTEMPTS; attempt++) {
      long j = t.nextLong(i);
      PostPlant plant = plan(j).plant();
      if (plant != null && plant.isRumour()) {
        return j;
      }
    }
    for (long j = i - 1; j >= Math.max(0, i - REFUTED_SCAN); j--) {
      PostPlant plant = plan(j).plant();
      if (plant != null && plant.isRumour()) {
        return j;
      }
    }
    return t.nextLong(i);
  }

  /** An earlier post; with {@code repost-of-rumour-share}, a planted rumour when one is found among a few tries. */
  private long repostTarget(long i, SplittableRandom t) {
    return t.nextDouble() < repostOfRumourShare ? rumourBefore(i, t, 64) : t.nextLong(i);
  }

  Iterator<Row> postLabels(Iterator<Long> ids) {
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      PostPlan p = plan(ids.next());
      if (p.plant() != null) {
        PostPlant plant = p.plant();
        String kind = p.kind();
        out.add(RowFactory.create("post", Ids.post(p.index()), AccountLayout.accountId(p.account()),
            platforms[layout.platformOf(p.account())], dt(p.createdMs()), plant.category, plant.subcategory,
            plant.isViolation() ? LabelSchema.VIOLATION : LabelSchema.HARD_NEGATIVE, kind));
      }
    }
    return out.iterator();
  }

  // ------------------------------------------------------------------------------------------------ accounts

  Iterator<Row> accountRows(Iterator<Long> ids) {
    return accountRows.accountRows(ids);
  }

  Row accountRow(long i) {
    return accountRows.accountRow(i);
  }

  /** Labels of the accounts that carry one; see {@link AccountRows#accountLabels}. */
  Iterator<Row> accountLabels(Iterator<Long> ids) {
    return accountRows.accountLabels(ids);
  }

  boolean homoglyph(long i) {
    return accountRows.homoglyph(i);
  }

  // ------------------------------------------------------------------------------------------------ reports

  Iterator<Row> reportRows(Iterator<Long> ids) {
    return map(ids, this::reportRow);
  }

  /** Reports filed: reports-per-thousand-posts of the posts. */
  long reportCount() {
    return reports;
  }

  /**
   * Report k is filed in the k-th of {@link #reportCount()} equal slots of the window (so each task writes few
   * dt partitions), against a subject that exists by then: a post of the preceding three days or an account.
   */
  Row reportRow(long k) {
    SplittableRandom r = Rng.of(seed, Rng.REPORT, k);
    long created = startMs + Math.min(windowMs - 1, (long) ((k + r.nextDouble()) * ((double) windowMs / reports)));
    long latest = Math.min(posts - 1, (long) ((created - startMs) * ((double) posts / windowMs)));
    long earliest = Math.max(0, latest - (long) (3 * DAY_MS * ((double) posts / windowMs)));
    String kind;
    String target;
    String reason;
    boolean planted = r.nextDouble() < reportsOnPlantedShare;
    long impersonator = layout.impersonator(r);
    if (planted && impersonator >= 0 && r.nextDouble() < 0.25) {
      kind = "account";
      target = AccountLayout.accountId(impersonator);
      reason = "impersonation";
    } else if (planted || r.nextDouble() < 0.85) {
      PostPlan p = plan(earliest + r.nextLong(latest - earliest + 1));
      for (int attempt = 0; planted && attempt < 400 && (p.plant() == null || !p.plant().isViolation()); attempt++) {
        p = plan(earliest + r.nextLong(latest - earliest + 1));
      }
      kind = "post";
      target = Ids.post(p.index());
      reason = p.plant() != null && p.plant().isViolation()
          ? Vocabulary.REPORT_REASON_BY_CATEGORY.get(p.plant().category) : Rng.pick(r, Vocabulary.REPORT_REASONS);
      created = Math.max(created, Math.min(startMs + windowMs - 1, p.createdMs() + 1 + r.nextLong(3_600_000L)));
    } else {
      kind = "account";
      target = AccountLayout.accountId(layout.anyAccount(r));
      reason = Rng.pick(r, Vocabulary.REPORT_REASONS);
    }
    String reporter = AccountLayout.accountId(layout.anyAccount(r));
    return RowFactory.create(Ids.report(k), reporter, kind, target, reason, time(created), dt(created));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private Object time(long epochMs) {
    return timestamp(java8Time, epochMs);
  }

  /** A timestamp as the session's encoder wants it (java.time with spark.sql.datetime.java8API.enabled). */
  static Object timestamp(boolean java8Time, long epochMs) {
    return java8Time ? Instant.ofEpochMilli(epochMs) : new Timestamp(epochMs);
  }

  private String dt(long epochMs) {
    long day = Math.floorDiv(epochMs - startMs, DAY_MS);
    return day >= 0 && day < dates.length ? dates[(int) day] : LocalDate.ofEpochDay(Math.floorDiv(epochMs, DAY_MS))
        .toString();
  }

  static Iterator<Row> map(Iterator<Long> ids, LongFunction<Row> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        return f.apply(ids.next());
      }
    };
  }

  long accountsTotal() {
    return accounts;
  }
}
