package io.winnow.export;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The statement of reasons of the EU DSA Transparency Database: field names, enumerations and limits as the database
 * validates them. Source: its API documentation (https://transparency.dsa.ec.europa.eu/page/api-documentation; the
 * "v2" page api-documentation-two was folded into it and removed in March 2025) and the validation rules behind it
 * (github.com/digital-services-act/transparency-database, app/Http/Requests/StatementStoreRequest.php and
 * app/Services/GroupedSubmissionsService.php for the batch endpoint, app/Models/Statement.php for the enumerations,
 * app/Services/EuropeanLanguagesService.php and EuropeanCountriesService.php for languages and countries; read at
 * commit 69e80a0 of 2026-06-24).
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
  /**
   * The ISO 639-1 codes the database accepts as content_language, upper-case (its EuropeanLanguagesService::ALL_LANGUAGES:
   * 184 codes; the 24 EU languages are only the examples its documentation shows).
   */
  public static final Set<String> CONTENT_LANGUAGE = Set.of(
      "AA", "AB", "AE", "AF", "AK", "AM", "AN", "AR", "AS", "AV", "AY", "AZ", "BA", "BE", "BG", "BH", "BI", "BM",
      "BN", "BO", "BR", "BS", "CA", "CE", "CH", "CO", "CR", "CS", "CU", "CV", "CY", "DA", "DE", "DV", "DZ", "EE",
      "EL", "EN", "EO", "ES", "ET", "EU", "FA", "FF", "FI", "FJ", "FO", "FR", "FY", "GA", "GD", "GL", "GN", "GU",
      "GV", "HA", "HE", "HI", "HO", "HR", "HT", "HU", "HY", "HZ", "IA", "ID", "IE", "IG", "II", "IK", "IO", "IS",
      "IT", "IU", "JA", "JV", "KA", "KG", "KI", "KJ", "KK", "KL", "KM", "KN", "KO", "KR", "KS", "KU", "KV", "KW",
      "KY", "LA", "LB", "LG", "LI", "LN", "LO", "LT", "LU", "LV", "MG", "MH", "MI", "MK", "ML", "MN", "MR", "MS",
      "MT", "MY", "NA", "NB", "ND", "NE", "NG", "NL", "NN", "NO", "NR", "NV", "NY", "OC", "OJ", "OM", "OR", "OS",
      "PA", "PI", "PL", "PS", "PT", "QU", "RM", "RN", "RO", "RU", "RW", "SA", "SC", "SD", "SE", "SG", "SI", "SK",
      "SL", "SM", "SN", "SO", "SQ", "SR", "SS", "ST", "SU", "SV", "SW", "TA", "TE", "TG", "TH", "TI", "TK", "TL",
      "TN", "TO", "TR", "TS", "TT", "TW", "TY", "UG", "UK", "UR", "UZ", "VE", "VI", "VO", "WA", "WO", "XH", "YI",
      "YO", "ZA", "ZH", "ZU");

  /** Free-text limits in characters. */
  public static final int FACTS_MAX = 5000;
  public static final int EXPLANATION_MAX = 2000;
  public static final int SHORT_TEXT_MAX = 500;

  /** Dates: YYYY-MM-DD; content_date from 2000-01-01, application_date from 2020-01-01, every date up to 2038-01-01. */
  public static final java.time.LocalDate MIN_CONTENT_DATE = java.time.LocalDate.parse("2000-01-01");
  public static final java.time.LocalDate MIN_APPLICATION_DATE = java.time.LocalDate.parse("2020-01-01");
  public static final java.time.LocalDate MAX_DATE = java.time.LocalDate.parse("2038-01-01");

  /** The batch endpoint (POST /api/v1/statements) takes 1 to 100 statements and rejects the call if one is invalid. */
  public static final int BATCH_MAX = 100;

  /** puid: up to 500 characters of a-z, A-Z, 0-9, '-' and '_'. */
  public static final Pattern PUID = Pattern.compile("[A-Za-z0-9_-]{1,500}");

  /** The longest value a free-text field takes, in characters, or 0 for a field without a limit. */
  public static int maxLength(String field) {
    return switch (field) {
      case "decision_facts" -> FACTS_MAX;
      case "illegal_content_explanation", "incompatible_content_explanation" -> EXPLANATION_MAX;
      case "decision_visibility_other", "decision_monetary_other", "category_specification_other",
          "decision_ground_reference_url", "illegal_content_legal_ground", "incompatible_content_ground",
          "content_type_other", "source_identity", "puid" -> SHORT_TEXT_MAX;
      default -> 0;
    };
  }

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
