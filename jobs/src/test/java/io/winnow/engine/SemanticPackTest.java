package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in semantic pack (conf/semantic/paraphrase.conf) beside the shipped rules: its examples hold as {@code rules
 * test} runs them, the semantic leaves decided in-process with the shipped models; a paraphrase fires with the
 * semantic evidence, a debunk of the same claim does not.
 */
class SemanticPackTest {
  private static RuleSet rules(Path tmp) throws IOException {
    Path shipped = Path.of(System.getProperty("project.rules.dir", "../rules"));
    Path dir = tmp.resolve("rules");
    try (Stream<Path> files = Files.walk(shipped)) {
      for (Path p : files.toList()) {
        Path to = dir.resolve(shipped.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.copy(shipped.resolveSibling("conf/semantic/paraphrase.conf"), dir.resolve("paraphrase.conf"));
    return RuleLoader.load(dir);
  }

  @Test
  void theExamplesOfThePackHold(@TempDir Path tmp) throws IOException {
    ExampleRunner.Result result = ExampleRunner.run(rules(tmp));
    List<ExampleRunner.RuleResult> pack = result.rules().stream()
        .filter(r -> r.rule().id().startsWith("rumour.debunked.paraphrase-")).toList();
    assertEquals(2, pack.size());
    for (ExampleRunner.RuleResult r : pack) {
      assertEquals(2, r.count(true), r.rule().id());
      assertTrue(r.passed(), r.rule().id() + ": " + r.examples().stream().filter(e -> !e.passed())
          .map(ExampleRunner.ExampleResult::why).toList());
    }
  }

  @Test
  void aParaphraseFiresWithItsClaimAndADebunkDoesNot(@TempDir Path tmp) throws IOException {
    RuleSet rules = rules(tmp);
    List<ExampleRunner.Firing> fired = ExampleRunner.evaluate(rules, Subject.POST, Map.of("post.text",
        "Point a hair dryer at your nose and the heat kills the virus"));
    ExampleRunner.Firing paraphrase = fired.stream().filter(f -> f.ruleId().equals("rumour.debunked.paraphrase-en"))
        .findFirst().orElseThrow();
    assertTrue(paraphrase.hits().get(0).phrase().startsWith("dc-en-003 (cosine "), paraphrase.hits().toString());
    assertTrue(paraphrase.hits().get(0).phrase().contains("model all-minilm-l6-v2-q sha256:"));
    assertEquals(List.of(), ExampleRunner.evaluate(rules, Subject.POST, Map.of("post.text",
        "Point a hair dryer at your nose? The heat does not kill the virus")).stream()
        .filter(f -> f.ruleId().startsWith("rumour.debunked.paraphrase")).toList());
  }
}
