package io.winnow.sweep;

/** A file a sweep read, recorded in the manifest. */
public record InputFile(String table, String path, long bytes, long modified) {}
