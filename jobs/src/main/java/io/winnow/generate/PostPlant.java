package io.winnow.generate;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a generated post is planted as: a violation of one subcategory, or a hard negative of one kind. A hard
 * negative's category is the one whose rules it resembles.
 */
enum PostPlant {
  FABRICATED_NEWS("rumour", "fabricated-news", null),
  DEBUNKED_CLAIM("rumour", "debunked-claim", null),
  FALSE_HEALTH_CLAIM("rumour", "false-health-claim", null),
  MEDICAL_ADVICE("unqualified-advice", "medical", null),
  LEGAL_ADVICE("unqualified-advice", "legal", null),
  FINANCIAL_ADVICE("unqualified-advice", "financial", null),
  EDUCATIONAL_ADVICE("unqualified-advice", "educational", null),
  DISASTER_HYPE("clout-chasing", "disaster-hype", null),
  ENGAGEMENT_BAIT("clout-chasing", "engagement-bait", null),
  ILLEGAL_MONETISATION("clout-chasing", "illegal-monetisation", null),
  DEBUNKING_POST("rumour", null, "debunking-post"),
  LICENSED_ADVICE("unqualified-advice", null, "licensed-professional-advice"),
  // hard negatives as real text has them (HardNegatives); appended so that older plants keep their rate slots
  HARMLESS_CONTEXT("clout-chasing", null, "harmless-context"),
  HOSPITAL_CONSULTATION("unqualified-advice", null, "verified-hospital-consultation"),
  COMPOUND_WORD("unqualified-advice", null, "compound-word"),
  REFUTING_REPOST("rumour", null, "refuting-repost"),
  FACT_CHECKER_QUOTE("rumour", null, "fact-checker-quote");

  static final PostPlant[] ALL = values();

  final String category;
  final String subcategory;
  /** Hard-negative kind, null for violations. */
  final String hardNegativeKind;

  PostPlant(String category, String subcategory, String hardNegativeKind) {
    this.category = category;
    this.subcategory = subcategory;
    this.hardNegativeKind = hardNegativeKind;
  }

  boolean isViolation() {
    return hardNegativeKind == null;
  }

  boolean isRumour() {
    return isViolation() && category.equals("rumour");
  }

  /** The key in post-rates ({@code category.subcategory}) or hard-negative-post-rates (the kind). */
  String key() {
    return isViolation() ? category + "." + subcategory : hardNegativeKind;
  }

  static Set<String> violationKeys() {
    return Arrays.stream(ALL).filter(PostPlant::isViolation).map(PostPlant::key).collect(Collectors.toSet());
  }

  static Set<String> hardNegativeKeys() {
    return Arrays.stream(ALL).filter(p -> !p.isViolation()).map(PostPlant::key).collect(Collectors.toSet());
  }
}
