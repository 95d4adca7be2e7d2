package io.winnow.generate;

import io.winnow.generate.AccountLayout.Role;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Builds account rows and account labels on executors; like posts, each is a pure function of (seed, index), its role
 * a function of the index alone ({@link AccountLayout}).
 */
final class AccountRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = 86_400_000L;

  private final long seed;
  private final long startMs;
  private final String[] platforms;
  private final double homoglyphShare;
  private final boolean java8Time;
  private final AccountLayout layout;

  AccountRows(long seed, long startMs, String[] platforms, double homoglyphShare, boolean java8Time,
      AccountLayout layout) {
    this.seed = seed;
    this.startMs = startMs;
    this.platforms = platforms;
    this.homoglyphShare = homoglyphShare;
    this.java8Time = java8Time;
    this.layout = layout;
  }

  Iterator<Row> accountRows(Iterator<Long> ids) {
    return ArchiveRows.map(ids, this::accountRow);
  }

  Row accountRow(long i) {
    SplittableRandom r = Rng.of(seed, Rng.ACCOUNT, i);
    Role role = layout.roleOf(i);
    ProtectedEntity e = layout.entityOf(i);
    String handle;
    String display;
    String bio;
    long followers;
    boolean verified = false;
    String verificationType = "none";
    String[] credentials = new String[0];
    boolean selfMedia;
    switch (role) {
      case OFFICIAL -> {
        handle = e.handle();
        display = e.name();
        bio = e.chinese() ? e.name() + "官方账号" : "Official account of " + e.name();
        followers = 1_000_000 + r.nextLong(50_000_000);
        verified = true;
        verificationType = e.verificationType();
        selfMedia = false;
      }
      case IMPERSONATOR -> {
        boolean other = r.nextDouble() < 0.3;
        String name = other ? e.otherName() : e.name();
        String copied = e.handle();
        if (homoglyph(i)) {
          // a stream of its own (its first draw decided homoglyph(i)), so r draws what it would without the disguise
          SplittableRandom h = Rng.of(seed, Rng.HOMOGLYPH, i);
          h.nextDouble();
          if (!Homoglyph.disguisable(name)) {
            other = !other;
            name = other ? e.otherName() : e.name();
          }
          name = Homoglyph.apply(name, h);
          copied = Homoglyph.apply(copied, h);
        }
        boolean chineseName = other != e.chinese();
        display = Rng.pick(r, chineseName ? Vocabulary.IMPERSONATOR_NAME_ZH : Vocabulary.IMPERSONATOR_NAME_EN)
            .replace("{name}", name);
        handle = Rng.pick(r, Vocabulary.IMPERSONATOR_HANDLE).replace("{handle}", copied)
            .replace("{n}", Integer.toString(10 + r.nextInt(90)));
        bio = Rng.pick(r, Vocabulary.IMPERSONATOR_BIO).replace("{name}", name);
        followers = 100 + r.nextLong(50_000);
        // a verified individual copying a protected name is still an impersonator
        verified = r.nextDouble() < 0.2;
        verificationType = verified ? "individual" : "none";
        selfMedia = true;
      }
      case FAN -> {
        boolean other = r.nextDouble() < 0.3;
        String name = other ? e.otherName() : e.name();
        boolean chineseName = other != e.chinese();
        display = Rng.pick(r, chineseName ? Vocabulary.FAN_NAME_ZH : Vocabulary.FAN_NAME_EN).replace("{name}", name);
        handle = Rng.pick(r, Vocabulary.FAN_HANDLE).replace("{handle}", e.handle());
        bio = Rng.pick(r, Vocabulary.FAN_BIO).replace("{name}", name);
        followers = 50 + r.nextLong(20_000);
        selfMedia = true;
      }
      case LICENSED -> {
        String credential = layout.credentialOf(i);
        display = ordinaryName(r, r.nextBoolean());
        handle = Rng.pick(r, Vocabulary.HANDLE_A) + "_" + i;
        bio = Vocabulary.CREDENTIAL_BIO.get(credential);
        followers = 500 + r.nextLong(200_000);
        verified = true;
        verificationType = "individual";
        credentials = new String[] {credential};
        selfMedia = true;
      }
      case HOSPITAL -> {
        String[] h = layout.hospitalOf(i);
        display = h[0];
        handle = h[1];
        bio = HardNegatives.HOSPITAL_BIO[h[2].equals("zh") ? 0 : 1].replace("{name}", h[0]);
        followers = 20_000 + r.nextLong(2_000_000);
        verified = true;
        verificationType = "institution";
        selfMedia = false;
      }
      case JOURNALIST, VERIFIED_INDIVIDUAL -> {
        boolean chinese = r.nextBoolean();
        String[] person = person(r, chinese);
        if (role == Role.JOURNALIST) {
          // a news organisation of the protected list, in the journalist's language
          ProtectedEntity outlet = Rng.pick(r, layout.entitiesBySub.get(2));
          String name = outlet.chinese() == chinese ? outlet.name() : outlet.otherName();
          display = Rng.pick(r, chinese ? HardNegatives.JOURNALIST_NAME_ZH : HardNegatives.JOURNALIST_NAME_EN)
              .replace("{outlet}", name).replace("{person}", person[0]);
          handle = person[1] + "_" + outlet.handle();
          bio = HardNegatives.JOURNALIST_BIO[chinese ? 0 : 1].replace("{outlet}", name);
        } else {
          display = Rng.pick(r, chinese ? HardNegatives.VERIFIED_NAME_ZH : HardNegatives.VERIFIED_NAME_EN)
              .replace("{person}", person[0]);
          handle = person[1] + (10 + r.nextInt(90));
          bio = HardNegatives.VERIFIED_BIO[chinese ? 0 : 1]
              .replace("{city}", Rng.pick(r, chinese ? Vocabulary.CITY_ZH : Vocabulary.CITY_EN));
        }
        followers = 1_000 + r.nextLong(500_000);
        verified = true;
        verificationType = "individual";
        selfMedia = true;
      }
      default -> {
        boolean chinese = r.nextBoolean();
        display = ordinaryName(r, chinese);
        handle = chinese ? Rng.pick(r, Vocabulary.HANDLE_A) + "_" + i
            : Rng.pick(r, Vocabulary.NAME_EN_A) + Rng.pick(r, Vocabulary.NAME_EN_B) + i;
        bio = Rng.pick(r, chinese ? Vocabulary.BIO_ZH : Vocabulary.BIO_EN)
            .replace("{city}", Rng.pick(r, chinese ? Vocabulary.CITY_ZH : Vocabulary.CITY_EN));
        followers = (long) Math.exp(r.nextGaussian() * 2 + 5);
        double v = r.nextDouble();
        verified = v < 0.04;
        verificationType = v < 0.03 ? "individual" : v < 0.04 ? "enterprise" : "none";
        selfMedia = r.nextDouble() < 0.2;
      }
    }
    long created = startMs - (30 + r.nextLong(3 * 365)) * DAY_MS - r.nextLong(DAY_MS);
    return RowFactory.create(AccountLayout.accountId(i), handle, display, bio, ArchiveRows.timestamp(java8Time, created), followers, verified,
        verificationType, credentials, selfMedia, layout.monetizationEnabled(i), platforms[layout.platformOf(i)]);
  }

  /**
   * Whether account {@code i} is a homoglyph impersonator: homoglyph-share of the impersonators of entities with a
   * name to disguise ({@link Homoglyph#disguisable(ProtectedEntity)}), drawn from a stream of their own.
   */
  boolean homoglyph(long i) {
    return layout.roleOf(i) == Role.IMPERSONATOR && Homoglyph.disguisable(layout.entityOf(i))
        && Rng.of(seed, Rng.HOMOGLYPH, i).nextDouble() < homoglyphShare;
  }

  private static String ordinaryName(SplittableRandom r, boolean chinese) {
    if (chinese) {
      return Rng.pick(r, Vocabulary.NAME_ZH_A) + Rng.pick(r, Vocabulary.NAME_ZH_B) + Rng.pick(r, Vocabulary.NAME_ZH_C);
    }
    return capitalize(Rng.pick(r, Vocabulary.NAME_EN_A)) + " " + capitalize(Rng.pick(r, Vocabulary.NAME_EN_B))
        + " " + (1 + r.nextInt(99));
  }

  /** A person's name and a handle stem from it: [name, handle]. */
  private static String[] person(SplittableRandom r, boolean chinese) {
    if (chinese) {
      String[] surname = Rng.pick(r, HardNegatives.SURNAME_ZH);
      String[] given = Rng.pick(r, HardNegatives.GIVEN_ZH);
      return new String[] {surname[0] + given[0], surname[1] + given[1]};
    }
    String first = Rng.pick(r, HardNegatives.FIRST_EN);
    String last = Rng.pick(r, HardNegatives.LAST_EN);
    return new String[] {first + " " + last, (first.charAt(0) + last).toLowerCase(java.util.Locale.ROOT)};
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * Labels of the accounts below {@code layout.plainStart} that carry one: real accounts, impersonators, fans,
   * journalists naming their outlet, verified individuals (licensed professionals and hospitals carry none: their
   * posts do).
   */
  Iterator<Row> accountLabels(Iterator<Long> ids) {
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      long i = ids.next();
      Role role = layout.roleOf(i);
      String platform = platforms[layout.platformOf(i)];
      String id = AccountLayout.accountId(i);
      String hardNegative = switch (role) {
        case OFFICIAL -> "official-account";
        case FAN -> AccountLayout.FAN;
        case JOURNALIST -> AccountLayout.JOURNALIST;
        case VERIFIED_INDIVIDUAL -> AccountLayout.VERIFIED_INDIVIDUAL;
        default -> null;
      };
      if (role == Role.IMPERSONATOR) {
        out.add(RowFactory.create("account", id, id, platform, null, "impersonation",
            AccountLayout.IMPERSONATION_SUBCATEGORIES.get(layout.impersonatedSub(i)), LabelSchema.VIOLATION,
            homoglyph(i) ? Homoglyph.LABEL : LabelSchema.LIST_PHRASE));
      } else if (hardNegative != null) {
        out.add(RowFactory.create("account", id, id, platform, null, "impersonation", null,
            LabelSchema.HARD_NEGATIVE, hardNegative));
      }
    }
    return out.iterator();
  }
}
