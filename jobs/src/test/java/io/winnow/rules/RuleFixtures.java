package io.winnow.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small rule directory written into a temp folder: one policy, two lists, packs given by the test. */
public final class RuleFixtures {
  private RuleFixtures() {}

  public static final String POLICY = """
      policy {
        review-required-severities = [critical]
        review-required-actions = [close-account]
        severity-weights { low = 0.5, medium = 1, high = 1, critical = 2 }
        reports { min-reporter-account-age-days = 7, max-reports-per-reporter = 3 }
        categories {
          rumour {
            subcategories = [debunked-claim]
            ladder = [ { strikes = 2, action = demonetise } ]
            max-actions = 100
          }
        }
      }
      """;

  /** A valid rule; tests replace parts of it. Line 2 is `id`, line 10 `action`, line 11 `when`. */
  public static final String RULE = """
      rules = [
        { id = rumour.salt
          version = 1
          category = rumour
          subcategory = debunked-claim
          subject = post
          severity = high
          status = active
          description = "Salt water prevents the virus."
          action = delete-post
          when { terms { lists = [salt] } }
          examples {
            match = ["salt water prevents the virus", "喝盐水预防病毒"]
            no-match = ["fresh water", "喝水"]
          }
        }
      ]
      """;

  public static Path write(Path dir, String... namesAndContents) {
    try {
      Files.createDirectories(dir.resolve("lists"));
      Files.writeString(dir.resolve("policy.conf"), POLICY);
      Files.writeString(dir.resolve("lists/salt.txt"), "# salt claim\nsalt water prevents\n喝盐水预防病毒\n");
      Files.writeString(dir.resolve("lists/debunk.txt"), "fact check\n辟谣\n");
      for (int i = 0; i < namesAndContents.length; i += 2) {
        Files.writeString(dir.resolve(namesAndContents[i]), namesAndContents[i + 1]);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
