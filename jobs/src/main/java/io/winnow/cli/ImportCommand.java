package io.winnow.cli;

import io.winnow.config.Settings;
import io.winnow.ingest.ArchiveImport;
import io.winnow.sweep.SparkSessions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Write one table of an archive as you have it (JSON Lines, CSV, ORC, Parquet, Delta, a catalog "
        + "table) in winnow's partitioned Parquet layout, with row accounting and the sweep's quarantine reasons.")
public final class ImportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--table", required = true, paramLabel = "TABLE", description = "posts, accounts or reports.")
  String table;

  @Option(names = "--from", required = true, paramLabel = "FORMAT",
      description = "parquet, json (JSON Lines), csv, orc, delta or table (a table of Spark's catalog).")
  String format;

  @Option(names = "--in", required = true, paramLabel = "PATH_OR_TABLE",
      description = "The file or directory to read, or the catalog table's name with --from table.")
  String in;

  @Option(names = "--out", required = true, paramLabel = "ARCHIVE", description = "The archive to write TABLE/ into.")
  String out;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A Spark reader option (csv: sep=;).")
  Map<String, String> options = new LinkedHashMap<>();

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Map<String, String> keys = new LinkedHashMap<>();
    String prefix = "winnow.archive." + table + ".";
    keys.put(prefix + "format", format);
    keys.put(prefix + (format.equals("table") ? "table" : "path"), in);
    options.forEach((k, v) -> keys.put(prefix + "options." + k, v));
    Settings settings = common.settings(keys);
    ArchiveImport.Result r = new ArchiveImport(SparkSessions.create(settings.spark()), settings, table, out,
        line -> o.println("winnow: " + line)).execute();
    o.printf("%s read %,d = written %,d + quarantined %,d in %.1f s%n", r.table(), r.read(), r.written(),
        r.quarantined(), r.elapsed().toMillis() / 1000.0);
    r.reasons().forEach((reason, n) -> o.printf("  %,10d  %s%n", n, reason));
    return 0;
  }
}
