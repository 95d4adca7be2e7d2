package io.winnow.rules;

import io.winnow.text.ClaimIndex;
import io.winnow.text.TextNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lint of catalogue claims too short or too generic to mean anything: a claim of a few shingles, or one made only of
 * words that ask whether something is true or say that it was said (真的假的, "is this real?"), matches reposts of any
 * rumour at a high score. Notes, with the fix; the claim still loads.
 */
final class ClaimChecks {
  /** Claims with fewer distinct shingles than this get a note (about 7 Chinese characters or 8 letters). */
  static final int MIN_SHINGLES = 6;
  private static final Set<String> GENERIC = genericWords();
  private static final int LONGEST_GENERIC = GENERIC.stream().mapToInt(String::length).max().orElse(1);
  private static final Pattern LATIN_WORD = Pattern.compile("[\\p{IsLatin}\\d]+");
  private static final Pattern HAN_RUN = Pattern.compile("\\p{IsHan}+");

  private ClaimChecks() {}

  /** Adds the notes about the claim {@code id} on line {@code line} of the catalogue being read. */
  static void check(RuleFiles files, int line, String id, String text) {
    var normalized = TextNormalizer.shared().normalize(text);
    int shingles = ClaimIndex.shinglesOf(normalized).length;
    if (contentWords(normalized.text()) < 2) {
      files.notes.add(new RuleProblem(files.file, line, null, "note: claim '" + id + "' has no content words, only"
          + " words that ask whether something is true or say it was said: it matches sceptical reposts of any rumour."
          + " Write the claim itself (what was claimed), or remove the line"));
    } else if (shingles < MIN_SHINGLES) {
      files.notes.add(new RuleProblem(files.file, line, null, "note: claim '" + id + "' has " + shingles
          + " distinct shingles (fewer than " + MIN_SHINGLES + "): any short post that quotes it scores high. Give"
          + " the claim's full wording (about 7 Chinese characters or 8 letters at least)"));
    }
  }

  /** Latin words and Chinese characters left once the generic words are taken out (longest first). */
  static int contentWords(String normalized) {
    int content = 0;
    Matcher latin = LATIN_WORD.matcher(normalized);
    while (latin.find()) {
      content += GENERIC.contains(latin.group()) || latin.group().length() < 2 ? 0 : 1;
    }
    Matcher han = HAN_RUN.matcher(normalized);
    while (han.find()) {
      String run = han.group();
      int i = 0;
      while (i < run.length()) {
        int taken = 0;
        for (int len = Math.min(LONGEST_GENERIC, run.length() - i); len >= 1 && taken == 0; len--) {
          taken = GENERIC.contains(run.substring(i, i + len)) ? len : 0;
        }
        content += taken == 0 ? 1 : 0;
        i += Math.max(1, taken);
      }
    }
    return content;
  }

  private static Set<String> genericWords() {
    try (InputStream in = ClaimChecks.class.getResourceAsStream("generic-words.txt")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("# ") && !l.equals("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
