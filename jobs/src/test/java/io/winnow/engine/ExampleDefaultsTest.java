package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.predicate.SqlPredicates;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every column a where can read has a documented neutral default for examples (rules/README.md, "Examples"). */
class ExampleDefaultsTest {
  @Test
  void everyColumnHasADefault() {
    Set<String> columns = new TreeSet<>();
    SqlPredicates.COLUMNS.forEach((table, names) -> names.forEach(n -> columns.add(table + "." + n)));
    assertEquals(columns, new TreeSet<>(ExampleRunner.DEFAULTS.keySet()));
  }
}
