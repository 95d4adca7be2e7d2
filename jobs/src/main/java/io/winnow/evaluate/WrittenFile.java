package io.winnow.evaluate;

/** A file written by sample or evaluate, as its manifest lists it: path in the directory, rows, SHA-256. */
public record WrittenFile(String path, long rows, String sha256) {}
