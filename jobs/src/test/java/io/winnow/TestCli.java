package io.winnow;

import io.winnow.cli.WinnowCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line run in-process, as a user would type it: exit code, standard output and standard error. */
public final class TestCli {
  private TestCli() {}

  public record Result(int exit, String out, String err) {}

  public static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WinnowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }
}
