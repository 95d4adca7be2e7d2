package io.winnow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.winnow.TestRuns;
import io.winnow.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep without overrides writes no warning of Spark's about caching data twice. */
class LogNoiseTest {
  @TempDir Path tmp;

  /** Collects the warnings of every logger. */
  static final class Warnings extends AbstractAppender {
    final List<String> messages = new CopyOnWriteArrayList<>();

    Warnings() {
      super("warnings", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
        messages.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
      }
    }
  }

  @Test
  void noCacheManagerWarningOnASweep() throws Exception {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Warnings warnings = new Warnings();
    warnings.start();
    org.apache.logging.log4j.core.Logger cacheManager = context.getLogger("org.apache.spark.sql.execution.CacheManager");
    Level level = cacheManager.getLevel();
    cacheManager.setLevel(Level.WARN);
    cacheManager.addAppender(warnings);
    try {
      TestRuns.sweep(TestSpark.session(), tmp, "log-run");
    } finally {
      cacheManager.removeAppender(warnings);
      cacheManager.setLevel(level);
    }
    assertEquals(List.of(), warnings.messages.stream().filter(m -> m.contains("Asked to cache already cached data"))
        .toList());
  }
}
