package io.winnow.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.model.Condition;
import io.winnow.text.ClaimIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lint of similar-to's options (measure, contained, min-shared, thresholds the index serves) and of catalogue claims
 * too short or too generic to mean anything, each with file, line and the fix.
 */
class SimilarToLintTest {
  private static final String CATALOGUE = """
      c-real\t喝盐水能预防病毒
      c-generic\t真的假的？
      c-short\t喝醋杀毒
      c-en\tis this real?
      c-en-real\tdrinking salt water prevents the virus
      """;

  private static Path dir(Path tmp, String condition) throws IOException {
    Path dir = RuleFixtures.write(tmp, "rumour.conf", RuleFixtures.RULE.replace("when { terms { lists = [salt] } }",
        "when { " + condition + " }"));
    Files.createDirectories(dir.resolve("catalogues"));
    Files.writeString(dir.resolve("catalogues/claims.tsv"), CATALOGUE);
    return dir;
  }

  private static List<String> problems(Path dir) {
    return RuleLoader.check(dir).problems().stream().map(RuleProblem::toString).toList();
  }

  @Test
  void containmentNeedsToSayWhoseShinglesCount(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, measure = containment, threshold = 0.8 }");
    String file = dir.getFileName() + "/rumour.conf:11: rule rumour.salt: ";
    assertEquals(List.of(file + "measure = containment needs contained = claim (the claim repeated inside a longer"
        + " post), post (the post an excerpt of a longer claim) or either"), problems(dir));
  }

  @Test
  void aTwoShingleOverlapCannotBeAllowed(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, measure = containment, contained = claim, threshold = 0.8,"
        + " min-shared = 2 }");
    assertEquals(List.of(dir.getFileName() + "/rumour.conf:11: rule rumour.salt: min-shared must be a whole number of"
        + " at least 3 (shingles a post and a claim share; a two-shingle overlap is chance)"), problems(dir));
  }

  @Test
  void containmentOptionsOnJaccardAreRefused(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, threshold = 0.8, contained = post }");
    assertEquals(List.of(dir.getFileName() + "/rumour.conf:11: rule rumour.salt: contained applies to measure ="
        + " containment only. Remove it or add measure = containment"), problems(dir));
  }

  @Test
  void lowJaccardThresholdsStateTheirRecallOrAreRefused(@TempDir Path tmp) throws IOException {
    Path low = dir(tmp.resolve("low"), "similar-to { catalogue = claims, threshold = 0.4 }");
    RuleLoader.Check check = RuleLoader.check(low);
    assertEquals(List.of(), check.problems(), "0.4 is accepted");
    assertEquals(List.of(low.getFileName() + "/rumour.conf:11: rule rumour.salt: " + String.format(Locale.ROOT,
        "note: at threshold 0.4 the Jaccard index finds a pair scoring 0.4 with probability %.2f (0.99 from 0.6)."
        + " Raise the threshold, or use measure = containment (exact at every threshold)",
        ClaimIndex.candidateProbability(0.4))), check.notes().stream().map(RuleProblem::toString)
        .filter(n -> n.contains("rumour.conf")).toList(), "with the recall it is served with");
    Path tooLow = dir(tmp.resolve("too-low"), "similar-to { catalogue = claims, threshold = 0.2 }");
    assertEquals(List.of(tooLow.getFileName() + "/rumour.conf:11: rule rumour.salt: " + String.format(Locale.ROOT,
        "threshold 0.2 is below what the Jaccard index serves: a pair scoring 0.2 is found with probability %.2f."
        + " Use threshold >= 0.3, or measure = containment (exact at every threshold)",
        ClaimIndex.candidateProbability(0.2))), problems(tooLow));
    Path containment = dir(tmp.resolve("containment"), "similar-to { catalogue = claims, measure = containment,"
        + " contained = either, threshold = 0.2, min-shared = 10 }");
    RuleLoader.Check exact = RuleLoader.check(containment);
    assertEquals(List.of(), exact.problems(), "containment is exact at every threshold");
    assertEquals(new Condition.SimilarTo("claims", ((Condition.SimilarTo) exact.ruleSet().rules().get(0).when())
        .claims(), 0.2, List.of("text", "title"), Condition.Measure.EITHER_CONTAINED, 10),
        exact.ruleSet().rules().get(0).when());
  }

  @Test
  void claimsTooShortOrWithoutContentGetANote(@TempDir Path tmp) throws IOException {
    Path dir = dir(tmp, "similar-to { catalogue = claims, threshold = 0.6 }");
    String file = dir.getFileName() + "/catalogues/claims.tsv:";
    String generic = " has no content words, only words that ask whether something is true or say it was said: it"
        + " matches sceptical reposts of any rumour. Write the claim itself (what was claimed), or remove the line";
    assertEquals(List.of(
        file + "2: note: claim 'c-generic'" + generic,
        file + "3: note: claim 'c-short' has 3 distinct shingles (fewer than 6): any short post that quotes it scores"
            + " high. Give the claim's full wording (about 7 Chinese characters or 8 letters at least)",
        file + "4: note: claim 'c-en'" + generic),
        RuleLoader.check(dir).notes().stream().map(RuleProblem::toString).toList(),
        "喝醋杀毒 is four characters (three bigrams); the real claims get no note");
  }
}
