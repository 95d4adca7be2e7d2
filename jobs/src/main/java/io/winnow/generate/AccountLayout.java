package io.winnow.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every account's role is a pure function of its index, so executors pick an account of a needed role by arithmetic.
 * Index ranges, in order: the real (verified) accounts of {@link Vocabulary#PROTECTED}, impersonators per
 * subcategory, unofficial fan accounts, licensed professionals (credential = index mod 4), hospitals
 * ({@link HardNegatives#HOSPITALS}, when their consultation posts are planted), journalists naming their outlet,
 * verified individuals, plain accounts. New roles go before the plain accounts, so that the indexes (and the
 * homoglyph draws) of the older roles stay where they were.
 */
final class AccountLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  static final List<String> IMPERSONATION_SUBCATEGORIES = List.of("military", "institution", "news-media",
      "news-anchor");
  static final Set<String> IMPERSONATION_KEYS = Set.of("impersonation.military", "impersonation.institution",
      "impersonation.news-media", "impersonation.news-anchor");
  static final String FAN = "unofficial-fan-account";
  static final String LICENSED = "licensed-professional";
  static final String JOURNALIST = "outlet-journalist";
  static final String VERIFIED_INDIVIDUAL = "verified-individual";
  static final Set<String> HARD_NEGATIVE_KEYS = Set.of(FAN, LICENSED, JOURNALIST, VERIFIED_INDIVIDUAL);

  enum Role { OFFICIAL, IMPERSONATOR, FAN, LICENSED, HOSPITAL, JOURNALIST, VERIFIED_INDIVIDUAL, PLAIN }

  final long total;
  final int platforms;
  final long officialCount;
  final long[] impersonatorStart = new long[4];
  final long[] impersonatorCount = new long[4];
  final long fanStart;
  final long fanCount;
  final long licensedStart;
  final long licensedCount;
  final long hospitalStart;
  final long hospitalCount;
  final long journalistStart;
  final long journalistCount;
  final long verifiedStart;
  final long verifiedCount;
  final long plainStart;
  /** Indexes of the real news-media and institution accounts, which also publish debunking posts. */
  final int[] debunkers;
  /** Protected entities grouped by impersonation subcategory. */
  final List<List<ProtectedEntity>> entitiesBySub = new ArrayList<>();

  AccountLayout(long total, int platforms, GenerateSettings settings) {
    this.total = total;
    this.platforms = platforms;
    this.officialCount = Vocabulary.PROTECTED.size();
    long next = officialCount;
    for (int s = 0; s < 4; s++) {
      String sub = IMPERSONATION_SUBCATEGORIES.get(s);
      entitiesBySub.add(Vocabulary.PROTECTED.stream().filter(e -> e.subcategory().equals(sub)).toList());
      impersonatorStart[s] = next;
      impersonatorCount[s] = Math.round(total * settings.accountRates().get("impersonation." + sub));
      next += impersonatorCount[s];
    }
    fanStart = next;
    fanCount = Math.round(total * settings.hardNegativeAccountRates().get(FAN));
    next += fanCount;
    licensedStart = next;
    // at least one professional per credential whenever licensed advice is planted at all
    long licensed = Math.round(total * settings.hardNegativeAccountRates().get(LICENSED));
    licensedCount = settings.hardNegativePostRates().get("licensed-professional-advice") > 0
        ? Math.max(licensed, Vocabulary.CREDENTIALS.length) : licensed;
    next += licensedCount;
    hospitalStart = next;
    hospitalCount = settings.hardNegativePostRates().get("verified-hospital-consultation") > 0
        ? HardNegatives.HOSPITALS.length : 0;
    next += hospitalCount;
    journalistStart = next;
    journalistCount = Math.round(total * settings.hardNegativeAccountRates().get(JOURNALIST));
    next += journalistCount;
    verifiedStart = next;
    verifiedCount = Math.round(total * settings.hardNegativeAccountRates().get(VERIFIED_INDIVIDUAL));
    next += verifiedCount;
    plainStart = next;
    debunkers = java.util.stream.IntStream.range(0, (int) officialCount)
        .filter(i -> Set.of("news-media", "institution").contains(Vocabulary.PROTECTED.get(i).subcategory()))
        .toArray();
  }

  /** Accounts this layout needs at least: every reserved role plus a few plain accounts. */
  long minimumAccounts() {
    return plainStart + 8;
  }

  Role roleOf(long index) {
    if (index < officialCount) {
      return Role.OFFICIAL;
    } else if (index < fanStart) {
      return Role.IMPERSONATOR;
    } else if (index < licensedStart) {
      return Role.FAN;
    } else if (index < hospitalStart) {
      return Role.LICENSED;
    } else if (index < journalistStart) {
      return Role.HOSPITAL;
    } else if (index < verifiedStart) {
      return Role.JOURNALIST;
    } else if (index < plainStart) {
      return Role.VERIFIED_INDIVIDUAL;
    }
    return Role.PLAIN;
  }

  int platformOf(long index) {
    return (int) (index % platforms);
  }

  /** Impersonation subcategory index (0..3) of an impersonator. */
  int impersonatedSub(long index) {
    for (int s = 3; s >= 0; s--) {
      if (index >= impersonatorStart[s]) {
        return s;
      }
    }
    throw new IllegalArgumentException("not an impersonator: " + index);
  }

  /** The protected entity an official, impersonator or fan account is about. */
  ProtectedEntity entityOf(long index) {
    return switch (roleOf(index)) {
      case OFFICIAL -> Vocabulary.PROTECTED.get((int) index);
      case IMPERSONATOR -> {
        int s = impersonatedSub(index);
        List<ProtectedEntity> es = entitiesBySub.get(s);
        yield es.get((int) ((index - impersonatorStart[s]) % es.size()));
      }
      case FAN -> Vocabulary.PROTECTED.get((int) ((index - fanStart) % officialCount));
      default -> null;
    };
  }

  String credentialOf(long index) {
    return roleOf(index) == Role.LICENSED
        ? Vocabulary.CREDENTIALS[(int) ((index - licensedStart) % Vocabulary.CREDENTIALS.length)] : null;
  }

  boolean monetizationEnabled(long index) {
    return switch (roleOf(index)) {
      case OFFICIAL, FAN, HOSPITAL -> false;
      case JOURNALIST, VERIFIED_INDIVIDUAL -> index % 2 == 0;
      case IMPERSONATOR -> index % 3 == 0;
      case LICENSED -> (index - licensedStart) / Vocabulary.CREDENTIALS.length % 2 == 0;
      case PLAIN -> (index - plainStart) % 4 == 0;
    };
  }

  /** Any account, uniformly. */
  long anyAccount(SplittableRandom r) {
    return r.nextLong(total);
  }

  /** A plain account (no credentials, not protected, not an impersonator). */
  long plainAccount(SplittableRandom r) {
    return plainStart + r.nextLong(total - plainStart);
  }

  /** A plain account whose monetization is disabled (plain index mod 4 != 0). */
  long unmonetizedPlainAccount(SplittableRandom r) {
    long k = plainAccount(r);
    return (k - plainStart) % 4 == 0 ? (k + 1 < total ? k + 1 : k - 1) : k;
  }

  /** A licensed professional holding the given credential (index into {@link Vocabulary#CREDENTIALS}). */
  long licensedAccount(SplittableRandom r, int credential) {
    long perCredential = (licensedCount - credential + Vocabulary.CREDENTIALS.length - 1)
        / Vocabulary.CREDENTIALS.length;
    return licensedStart + credential + (long) Vocabulary.CREDENTIALS.length * r.nextLong(perCredential);
  }

  /** A hospital's account; only called when hospitals are laid out. */
  long hospitalAccount(SplittableRandom r) {
    return hospitalStart + r.nextLong(hospitalCount);
  }

  /** The hospital ({@link HardNegatives#HOSPITALS} row) of a hospital account. */
  String[] hospitalOf(long index) {
    return HardNegatives.HOSPITALS[(int) (index - hospitalStart)];
  }

  /** The real account of a news organisation or institution (for debunking posts and fact-checks). */
  long officialDebunker(SplittableRandom r) {
    return debunkers[r.nextInt(debunkers.length)];
  }

  /** A planted impersonator, or -1 when none were planted. */
  long impersonator(SplittableRandom r) {
    long count = fanStart - officialCount;
    return count == 0 ? -1 : officialCount + r.nextLong(count);
  }

  static String accountId(long index) {
    return Ids.padded('a', index, 9);
  }
}
