package io.winnow.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.engine.CompiledRules;
import io.winnow.model.Condition;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comments in list and catalogue files cannot eat a phrase: {@code #话题#} (a Weibo hashtag) is a phrase, {@code # why}
 * a comment, and a line that could be either is reported with its file and line instead of being guessed.
 */
class ListLinesTest {
  @TempDir Path tmp;

  private static final String TAGS_RULE = RuleFixtures.RULE.replace("lists = [salt]", "lists = [tags]")
      .replace("match = [\"salt water prevents the virus\", \"喝盐水预防病毒\"]",
          "match = [\"#盐水防病毒# 转发给家人\", \"they say #saltcure works\"]")
      .replace("no-match = [\"fresh water\", \"喝水\"]", "no-match = [\"盐水漱口很舒服\", \"salt cure for ham\"]");

  private Path rules(String tags) throws Exception {
    Path dir = RuleFixtures.write(tmp.resolve("rules"), "rumour.conf", TAGS_RULE);
    Files.writeString(dir.resolve("lists/tags.txt"), tags);
    return dir;
  }

  private static List<String> problems(Path dir) {
    return RuleLoader.check(dir).problems().stream().map(RuleProblem::toString).toList();
  }

  @Test
  void hashtagLinesArePhrasesAndSpacedHashesAreComments() throws Exception {
    Path dir = rules("# Weibo hashtags of the salt-water rumour\n#\n#盐水防病毒#\n\n#盐水 防病毒#\n\\#saltcure\n"
        + "#   indented comment\n");
    RuleSet set = RuleLoader.load(dir);
    assertEquals(List.of("#盐水防病毒#", "#盐水 防病毒#", "#saltcure"),
        ((Condition.Terms) set.rules().get(0).when()).phrases(), "three phrases, both comments dropped");

    CompiledRules compiled = CompiledRules.of(set, Subject.POST);
    assertEquals(1, compiled.match(new String[] {"#盐水防病毒# 转发给家人", null}, null).candidates().length,
        "a post opening with the hashtag is matched by the hashtag phrase");
    assertEquals(1, compiled.match(new String[] {"转发 #盐水防病毒# 给家人", null}, null).candidates().length,
        "the hashtag inside a sentence too (the normalizer drops a '#' between Chinese characters)");
    assertEquals(1, compiled.match(new String[] {"they say #saltcure works", null}, null).candidates().length,
        "the escaped English hashtag is a phrase");
    assertEquals(null, compiled.match(new String[] {"盐水漱口很舒服", null}, null), "no hashtag, no match");
  }

  @Test
  void aHashLineWithoutItsSpaceIsReportedNotGuessed() throws Exception {
    Path dir = rules("#saltcure\n#盐水防病毒#\n#old phrase we dropped\n");
    assertEquals(List.of("rules/lists/tags.txt:1: '#saltcure' begins with '#' and no space: a comment or the phrase"
            + " '#saltcure'? Write '# saltcure' for a comment, or '\\#saltcure' for the phrase",
        "rules/lists/tags.txt:3: '#old phrase we dropped' begins with '#' and no space: a comment or the phrase"
            + " '#old phrase we dropped'? Write '# old phrase we dropped' for a comment, or '\\#old phrase we dropped'"
            + " for the phrase"), problems(dir));
  }

  @Test
  void aCommentAfterAPhraseIsReported() throws Exception {
    Path dir = rules("#盐水防病毒#\nsalt cure # the English wording\n");
    assertEquals(List.of("rules/lists/tags.txt:2: the phrase 'salt cure # the English wording' holds ' #': a comment"
        + " takes a whole line. Move the comment to a line of its own (# ...), or write '\\#' if the '#' belongs to the"
        + " phrase"), problems(dir));
  }

  @Test
  void catalogueLinesFollowTheSameCommentSyntax() throws Exception {
    Path dir = rules("#盐水防病毒#\n");
    Files.createDirectories(dir.resolve("catalogues"));
    Files.writeString(dir.resolve("catalogues/claims.tsv"), "# id, tab, claim\nc1\t#盐水防病毒# 喝盐水能预防病毒\n"
        + "#c2\t5G基站会传播病毒\n");
    assertEquals(List.of("rules/catalogues/claims.tsv:3: '#c2\t5G基站会传播病毒' begins with '#' and no space: a"
        + " comment or the phrase '#c2\t5G基站会传播病毒'? Write '# c2\t5G基站会传播病毒' for a comment, or"
        + " '\\#c2\t5G基站会传播病毒' for the phrase"), problems(dir));
    Files.writeString(dir.resolve("catalogues/claims.tsv"), "# id, tab, claim\nc1\t#盐水防病毒# 喝盐水能预防病毒\n");
    Files.writeString(dir.resolve("rumour.conf"), TAGS_RULE.replace("terms { lists = [tags] }",
        "similar-to { catalogue = claims, threshold = 0.6 }"));
    assertEquals(List.of(new Condition.Claim("c1", "#盐水防病毒# 喝盐水能预防病毒")),
        ((Condition.SimilarTo) RuleLoader.load(dir).rules().get(0).when()).claims(), "the claim keeps its hashtag");
  }
}
