package io.winnow.generate;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link ArchiveGenerator#generate} wrote.
 *
 * @param planted violations planted per {@code category.subcategory} (posts and impersonation accounts), every
 *     subcategory listed, zero included
 * @param hardNegatives hard negatives per kind ({@link LabelSchema#HARD_NEGATIVE_KINDS}), zero included
 * @param phases wall time per phase, in order: posts, accounts, reports, labels, counts
 * @param evasions planted violations per evasion kind: posts (zero-width, full-width, traditional, cjk-spacing,
 *     homophone, emoji-between) and impersonator accounts (homoglyph)
 */
public record GenerateResult(
    long posts,
    long accounts,
    long reports,
    Map<String, Long> planted,
    Map<String, Long> hardNegatives,
    Map<String, Long> evasions,
    String postsPath,
    String accountsPath,
    String reportsPath,
    String postLabelsPath,
    String accountLabelsPath,
    Duration elapsed,
    Map<String, Duration> phases) {

  public GenerateResult {
    phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    planted = Map.copyOf(planted);
    hardNegatives = Map.copyOf(hardNegatives);
    evasions = Map.copyOf(evasions);
  }

  /** Planted violations, posts and accounts together. */
  public long plantedTotal() {
    return planted.values().stream().mapToLong(Long::longValue).sum();
  }
}
