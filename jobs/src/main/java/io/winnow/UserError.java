package io.winnow;

/**
 * Bad arguments, configuration, rules or input: the command line prints the message (no stack trace) and exits 2.
 * Messages say where, what and how to fix it.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
