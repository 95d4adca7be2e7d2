package io.winnow;

/** A job that ran and had to stop (a blast-radius limit, a quarantine threshold): exit 1, nothing committed. */
public class JobFailure extends RuntimeException {
  public JobFailure(String message) {
    super(message);
  }
}
