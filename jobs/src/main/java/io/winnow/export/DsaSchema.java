package io.winnow.export;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The statement of reasons of the EU DSA Transparency Database, API v2 (in force since 1 July 2025, aligned with the
 * Transparency Reporting Implementing Regulation): field names, enumerations and limits as the database documents
 * them (transparency.dsa.ec.europa.eu/page/api-documentation-two; its source is resources/markdown/
 * api-documentation-two.md of github.com/digital-services-act/transparency-database). Enumerations the v2 page
 * renders from the Statement model (decision_*, content_type, source_type, automated_decision) are those of the
 * Commission's dsa-tdb package. v2 changed the categories and keywords of v1 (no SCOPE_OF_PLATFORM_SERVICE, no
 * KEYWORD_MISINFORMATION; new OTHER_VIOLATION_TC, CONSUMER_INFORMATION, KEYWORD_MISINFORMATION_DISINFORMATION, …).
 */
public final class DsaSchema {
  private DsaSchema() {}

  /** The fields winnow writes, in the documented order; the CSV header. */
  public static final List<String> FIELDS = List.of(
      "decision_visibility", "decision_visibility_other", "end_date_visibility_restriction",
      "decision_monetary", "decision_monetary_other", "end_date_monetary_restriction",
      "decision_provision", "end_date_service_restriction",
      "decision_account", "end_date_account_restriction", "account_type",
      "decision_ground", "decision_ground_reference_url",
      "illegal_content_legal_ground", "illegal_content_explanation",
      "incompatible_content_ground", "incompatible_content_explanation", "incompatible_content_illegal",
      "category", "category_addition", "category_specification", "category_specification_other",
      "content_type", "content_type_other", "content_language", "content_date", "territorial_scope",
      "application_date", "decision_facts", "source_type", "source_identity",
      "automated_detection", "automated_decision", "puid");

  /** Fields whose value is a JSON array. */
  public static final Set<String> ARRAY_FIELDS = Set.of("decision_visibility", "category_addition",
      "category_specification", "content_type", "territorial_scope");

  /** Always required (one of the four decision_* fields is required as well, see {@link #DECISIONS}). */
  public static final List<String> REQUIRED = List.of("decision_ground", "category", "content_type",
      "territorial_scope", "content_date", "application_date", "decision_facts", "source_type",
      "automated_detection", "automated_decision", "puid");

  /** At least one of these is required. */
  public static final List<String> DECISIONS = List.of("decision_visibility", "decision_monetary",
      "decision_provision", "decision_account");

  public static final Set<String> DECISION_VISIBILITY = Set.of("DECISION_VISIBILITY_CONTENT_REMOVED",
      "DECISION_VISIBILITY_CONTENT_DISABLED", "DECISION_VISIBILITY_CONTENT_DEMOTED",
      "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
      "DECISION_VISIBILITY_CONTENT_LABELLED", "DECISION_VISIBILITY_OTHER");
  public static final Set<String> DECISION_MONETARY = Set.of("DECISION_MONETARY_SUSPENSION",
      "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER");
  public static final Set<String> DECISION_PROVISION = Set.of("DECISION_PROVISION_PARTIAL_SUSPENSION",
      "DECISION_PROVISION_TOTAL_SUSPENSION", "DECISION_PROVISION_PARTIAL_TERMINATION",
      "DECISION_PROVISION_TOTAL_TERMINATION");
  public static final Set<String> DECISION_ACCOUNT = Set.of("DECISION_ACCOUNT_SUSPENDED",
      "DECISION_ACCOUNT_TERMINATED");
  public static final Set<String> ACCOUNT_TYPE = Set.of("ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE");
  public static final Set<String> DECISION_GROUND = Set.of("DECISION_GROUND_ILLEGAL_CONTENT",
      "DECISION_GROUND_INCOMPATIBLE_CONTENT");
  public static final Set<String> YES_NO = Set.of("Yes", "No");
  public static final Set<String> CONTENT_TYPE = Set.of("CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO",
      "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT",
      "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER");
  public static final Set<String> CATEGORY = Set.of("STATEMENT_CATEGORY_ANIMAL_WELFARE",
      "STATEMENT_CATEGORY_CONSUMER_INFORMATION", "STATEMENT_CATEGORY_CYBER_VIOLENCE",
      "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN", "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
      "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
      "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
      "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
      "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "STATEMENT_CATEGORY_SELF_HARM",
      "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", "STATEMENT_CATEGORY_VIOLENCE");
  public static final Set<String> KEYWORD = Set.of("KEYWORD_ANIMAL_HARM", "KEYWORD_ADULT_SEXUAL_MATERIAL",
      "KEYWORD_AGE_SPECIFIC_RESTRICTIONS", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS", "KEYWORD_BIOMETRIC_DATA_BREACH",
      "KEYWORD_BULLYING_AGAINST_GIRLS", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
      "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE", "KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS",
      "KEYWORD_COORDINATED_HARM", "KEYWORD_COPYRIGHT_INFRINGEMENT", "KEYWORD_CYBER_BULLYING_INTIMIDATION",
      "KEYWORD_CYBER_HARASSMENT", "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN", "KEYWORD_CYBER_INCITEMENT",
      "KEYWORD_CYBER_STALKING", "KEYWORD_CYBER_STALKING_AGAINST_WOMEN", "KEYWORD_DATA_FALSIFICATION",
      "KEYWORD_DEFAMATION", "KEYWORD_DESIGN_INFRINGEMENT", "KEYWORD_DISCRIMINATION",
      "KEYWORD_MISINFORMATION_DISINFORMATION", "KEYWORD_FEMALE_GENDERED_DISINFORMATION",
      "KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT", "KEYWORD_GEOGRAPHICAL_REQUIREMENTS",
      "KEYWORD_GOODS_SERVICES_NOT_PERMITTED", "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS", "KEYWORD_HATE_SPEECH",
      "KEYWORD_HIDDEN_ADVERTISEMENT", "KEYWORD_HUMAN_EXPLOITATION", "KEYWORD_HUMAN_TRAFFICKING",
      "KEYWORD_ILLEGAL_ORGANIZATIONS", "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING", "KEYWORD_INAUTHENTIC_ACCOUNTS",
      "KEYWORD_INAUTHENTIC_LISTINGS", "KEYWORD_INAUTHENTIC_USER_REVIEWS", "KEYWORD_INCITEMENT_AGAINST_WOMEN",
      "KEYWORD_INCITEMENT_VIOLENCE_HATRED", "KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS",
      "KEYWORD_LANGUAGE_REQUIREMENTS", "KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS", "KEYWORD_MISLEADING_INFO_GOODS_SERVICES",
      "KEYWORD_MISSING_PROCESSING_GROUND", "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
      "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN", "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
      "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN", "KEYWORD_NONCOMPLIANCE_PRICING", "KEYWORD_NUDITY",
      "KEYWORD_PATENT_INFRINGEMENT", "KEYWORD_PHISHING", "KEYWORD_PROHIBITED_PRODUCTS", "KEYWORD_PYRAMID_SCHEMES",
      "KEYWORD_RIGHT_TO_BE_FORGOTTEN", "KEYWORD_RISK_ENVIRONMENTAL_DAMAGE", "KEYWORD_RISK_PUBLIC_HEALTH",
      "KEYWORD_SELF_MUTILATION", "KEYWORD_STALKING", "KEYWORD_SUICIDE", "KEYWORD_TERRORIST_CONTENT",
      "KEYWORD_TRADE_SECRET_INFRINGEMENT", "KEYWORD_TRADEMARK_INFRINGEMENT", "KEYWORD_TRAFFICKING_WOMEN_GIRLS",
      "KEYWORD_UNLAWFUL_SALE_ANIMALS", "KEYWORD_UNSAFE_CHALLENGES", "KEYWORD_UNSAFE_PRODUCTS",
      "KEYWORD_VIOLATION_EU_LAW", "KEYWORD_VIOLATION_NATIONAL_LAW", "KEYWORD_OTHER");
  public static final Set<String> SOURCE_TYPE = Set.of("SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER",
      "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY");
  public static final Set<String> AUTOMATED_DECISION = Set.of("AUTOMATED_DECISION_FULLY",
      "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED");
  /** EU and EEA member states, ISO 3166-1 alpha-2 (the database's list: Greece is GR). */
  public static final Set<String> TERRITORIAL_SCOPE = Set.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
      "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
      "SI", "SK");
  /** EU languages, upper-case ISO 639-1, as the database lists them. */
  public static final Set<String> CONTENT_LANGUAGE = Set.of("BG", "HR", "CS", "DA", "NL", "EN", "ET", "FI", "FR",
      "DE", "EL", "HU", "GA", "IT", "LV", "LT", "MT", "PL", "PT", "RO", "SK", "SL", "ES", "SV");

  /** Free-text limits in characters. */
  public static final int FACTS_MAX = 5000;
  public static final int EXPLANATION_MAX = 2000;
  public static final int SHORT_TEXT_MAX = 500;

  /** puid: up to 500 characters of a-z, A-Z, 0-9, '-' and '_'. */
  public static final Pattern PUID = Pattern.compile("[A-Za-z0-9_-]{1,500}");

  /** The allowed values of an enumerated field (array fields: of each element), or null for free text. */
  public static Set<String> allowed(String field) {
    return switch (field) {
      case "decision_visibility" -> DECISION_VISIBILITY;
      case "decision_monetary" -> DECISION_MONETARY;
      case "decision_provision" -> DECISION_PROVISION;
      case "decision_account" -> DECISION_ACCOUNT;
      case "account_type" -> ACCOUNT_TYPE;
      case "decision_ground" -> DECISION_GROUND;
      case "incompatible_content_illegal", "automated_detection" -> YES_NO;
      case "category", "category_addition" -> CATEGORY;
      case "category_specification" -> KEYWORD;
      case "content_type" -> CONTENT_TYPE;
      case "content_language" -> CONTENT_LANGUAGE;
      case "territorial_scope" -> TERRITORIAL_SCOPE;
      case "source_type" -> SOURCE_TYPE;
      case "automated_decision" -> AUTOMATED_DECISION;
      default -> null;
    };
  }
}
