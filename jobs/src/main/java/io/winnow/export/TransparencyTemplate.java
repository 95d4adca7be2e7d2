package io.winnow.export;

import java.util.List;
import java.util.Map;

/**
 * The parts of the harmonised transparency report template (Commission Implementing Regulation (EU) 2024/2835,
 * Annex I, quantitative template, published as one CSV per section) that winnow's runs can fill, with the column
 * names of the Commission's CSV files, and the rows they cannot fill with the reason.
 */
final class TransparencyTemplate {
  private TransparencyTemplate() {}

  /** The measure columns of sections 5 (illegal content) and 6 (terms and conditions), own initiative. */
  static final List<String> MEASURES = List.of(
      "Number of measures taken at the provider's own initiative",
      "Number of measures taken after detection with solely automated means",
      "Visibility restriction Removal", "Visibility restriction Disable", "Visibility restriction Demoted",
      "Visibility restriction Age restricted", "Visibility restriction Interaction restricted",
      "Visibility restriction Labelled", "Visibility restriction Other",
      "Monetary restriction Suspension", "Monetary restriction Termination", "Monetary restriction Other",
      "Provision of the service Suspension", "Provision of the service Termination",
      "Account restriction Suspension", "Account restriction Termination");

  static final List<String> SECTION_6_KEYS = List.of("Applicability", "Service", "Reporting period",
      "Category of incompatibility with the provider's terms and conditions", "Description of the sub-category \"Other\"");

  static final List<String> SECTION_5_KEYS = List.of("Applicability", "Service", "Reporting period",
      "Category of illegal content", "Description of the sub-category \"Other\"");

  static final List<String> INDICATOR_COLUMNS = List.of("Applicability", "Service", "Reporting period", "Section",
      "Indicator", "Scope", "Value", "Contextual Information");

  /** The restriction column (index into {@link #MEASURES}) of each DSA decision value. */
  static final Map<String, Integer> RESTRICTION_COLUMN = Map.ofEntries(
      Map.entry("DECISION_VISIBILITY_CONTENT_REMOVED", 2), Map.entry("DECISION_VISIBILITY_CONTENT_DISABLED", 3),
      Map.entry("DECISION_VISIBILITY_CONTENT_DEMOTED", 4), Map.entry("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", 5),
      Map.entry("DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", 6),
      Map.entry("DECISION_VISIBILITY_CONTENT_LABELLED", 7), Map.entry("DECISION_VISIBILITY_OTHER", 8),
      Map.entry("DECISION_MONETARY_SUSPENSION", 9), Map.entry("DECISION_MONETARY_TERMINATION", 10),
      Map.entry("DECISION_MONETARY_OTHER", 11),
      Map.entry("DECISION_PROVISION_PARTIAL_SUSPENSION", 12), Map.entry("DECISION_PROVISION_TOTAL_SUSPENSION", 12),
      Map.entry("DECISION_PROVISION_PARTIAL_TERMINATION", 13), Map.entry("DECISION_PROVISION_TOTAL_TERMINATION", 13),
      Map.entry("DECISION_ACCOUNT_SUSPENDED", 14), Map.entry("DECISION_ACCOUNT_TERMINATED", 15));

  /** Rows of the template winnow does not fill: section, row, why. */
  static final List<List<String>> NOT_FILLED = List.of(
      List.of("1 report identification", "provider, service, contact, AMAR tier",
          "facts about the provider, not in any run; fill them by hand"),
      List.of("2 categories names", "names of the provider's own categories",
          "the template's list; winnow's categories map to it through conf/dsa.conf (dsa.categories)"),
      List.of("3 member states orders", "all rows", "winnow does not receive orders of authorities (Articles 9, 10)"),
      List.of("4 notices", "all rows", "winnow acts on its own initiative; notices (Article 16) are handled elsewhere"),
      List.of("5/6 own initiative", "Contextual Information columns", "free text for the provider to write"),
      List.of("5/6 own initiative", "per member state breakdown",
          "actions carry a platform, not the recipient's member state"),
      List.of("7 appeals and recidivism", "complaints submitted, upheld, partially reversed, omitted, median time",
          "winnow sees only the reinstatements written to its overrides file, not the complaints behind them"),
      List.of("7 appeals and recidivism", "reversals per restriction type",
          "an override names a subject, not the restriction it reversed"),
      List.of("7 appeals and recidivism", "out-of-court disputes, suspensions of repeated offenders",
          "not recorded by winnow"),
      List.of("8 automated means", "accuracy, precision, recall",
          "measured per rule on a reviewed sample (winnow sample, winnow evaluate), not over the reporting period; "
              + "copy them from the evaluation with its interval"),
      List.of("8 automated means", "notices processed by automated means", "winnow processes no notices"),
      List.of("9 human resources", "all rows", "not recorded by winnow"),
      List.of("10 AMAR", "all rows", "average monthly active recipients are not in the archive"),
      List.of("11 qualitative", "all rows", "free text for the provider to write"));
}
