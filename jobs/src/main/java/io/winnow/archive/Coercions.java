package io.winnow.archive;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The type coercions every source format gets, from what archives as users have them hold to winnow's columns:
 * integers widen to longs; timestamps from dates, ISO strings ({@code 2026-10-01T08:00:00Z}, {@code 2026-10-01
 * 08:00:00}) or epoch seconds; booleans from 0/1 (numbers or strings) and true/false strings; numeric ids to strings.
 * A value that does not parse becomes null, which the sweep quarantines where the column is required.
 */
public final class Coercions {
  private Coercions() {}

  private static final Set<DataType> INTEGERS = Set.of(DataTypes.IntegerType, DataTypes.ShortType,
      DataTypes.ByteType, DataTypes.LongType);

  /** {@code c} (of type {@code actual}) as {@code expected}, or null when no coercion applies. */
  public static Column coerce(Column c, DataType actual, DataType expected) {
    if (actual.equals(expected)) {
      return c;
    }
    if (expected.equals(DataTypes.LongType)) {
      return INTEGERS.contains(actual) ? c.cast(DataTypes.LongType) : null;
    }
    if (expected.equals(DataTypes.TimestampType)) {
      if (actual.equals(DataTypes.DateType) || actual.equals(DataTypes.TimestampNTZType)) {
        return c.cast(DataTypes.TimestampType);
      }
      if (actual.equals(DataTypes.StringType)) {
        return try_to_timestamp(c);
      }
      if (INTEGERS.contains(actual) || actual.equals(DataTypes.DoubleType)) {
        return timestamp_seconds(c);
      }
      return null;
    }
    if (expected.equals(DataTypes.BooleanType)) {
      if (INTEGERS.contains(actual)) {
        return when(c.equalTo(1), true).when(c.equalTo(0), false);
      }
      if (actual.equals(DataTypes.StringType)) {
        Column v = lower(trim(c));
        return when(v.isin("1", "true"), true).when(v.isin("0", "false"), false);
      }
      return null;
    }
    if (expected.equals(DataTypes.StringType)) {
      return INTEGERS.contains(actual) ? c.cast(DataTypes.StringType) : null;
    }
    return null;
  }
}
