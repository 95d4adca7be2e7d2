package io.winnow.sweep;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/** Test-only faults (winnow.test.*): never part of a real run's plan. */
final class FaultInjection {
  private FaultInjection() {}

  /**
   * The first attempt of every task with two rows or more fails after handing over one row; its retry runs clean
   * (the actions are written by several tasks, and which of them holds rows depends on the hash of their directories).
   */
  static Dataset<Row> failFirstAttempt(Dataset<Row> rows) {
    MapPartitionsFunction<Row, Row> fail = in -> {
      TaskContext task = TaskContext.get();
      if (task.attemptNumber() > 0) {
        return in;
      }
      return new Iterator<>() {
        private int handed;

        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Row next() {
          if (handed++ == 1) {
            throw new IllegalStateException("injected fault: first attempt of task " + task.taskAttemptId()
                + " fails (winnow.test.fail-first-task-attempt)");
          }
          return in.next();
        }
      };
    };
    return rows.mapPartitions(fail, Encoders.row(rows.schema()));
  }

  static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
