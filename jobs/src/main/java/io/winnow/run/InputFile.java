package io.winnow.run;

/**
 * A file a sweep read, recorded in the manifest: its table, partition ({@code dt=2026-10-01/platform=x}), size,
 * modification time (epoch milliseconds) and row count (from the Parquet footer).
 */
public record InputFile(String table, String partition, String path, long bytes, long modified, long rows) {}
