package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.model.RuleSet;
import io.winnow.rules.RuleLoader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example of the shipped rules/ as its own test, run like {@code winnow rules test}. */
class ShippedExamplesTest {
  @TestFactory
  Stream<DynamicTest> everyShippedExampleHolds() {
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    return ExampleRunner.run(rules).rules().stream().flatMap(r -> r.examples().stream().map(e -> DynamicTest.dynamicTest(
        r.rule().id() + " line " + e.example().line() + (e.example().mustMatch() ? " matches " : " does not match ")
            + e.example().label(),
        () -> assertTrue(e.passed(), r.rule().origin() + ": example at line " + e.example().line() + " "
            + (e.example().mustMatch() ? "should match" : "should not match") + ": " + e.why()))));
  }
}
