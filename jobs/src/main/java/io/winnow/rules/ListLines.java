package io.winnow.rules;

/**
 * How one line of a list ({@code lists/*.txt}) or catalogue ({@code catalogues/*.tsv}) reads. A comment is a line
 * whose {@code #} stands alone or is followed by a space ({@code # why}); a line such as {@code #话题#} (a Weibo
 * hashtag) is a phrase, never a comment. A line that could be either ({@code #covid}: a hashtag or a comment written
 * without its space) is reported, not guessed, and so is a phrase followed by what looks like a comment
 * ({@code 荐股 # stock tips}). {@code \#covid} is the phrase {@code #covid}.
 */
final class ListLines {
  private ListLines() {}

  /** The phrase (or catalogue line) a line holds, null for a blank line or a comment; or the problem with it. */
  record Reading(String text, String problem) {
    static final Reading NOTHING = new Reading(null, null);

    boolean isText() {
      return text != null;
    }
  }

  /** A line of a list file: a phrase, a comment, a blank line, or an ambiguous line (a problem). */
  static Reading listLine(String raw) {
    Reading r = line(raw);
    if (r.isText()) {
      String t = r.text();
      int at = t.indexOf(" #");
      if (at >= 0 && (at + 2 == t.length() || Character.isWhitespace(t.charAt(at + 2)))) {
        return new Reading(null, "the phrase '" + t + "' holds ' #': a comment takes a whole line. Move the comment"
            + " to a line of its own (# ...), or write '\\#' if the '#' belongs to the phrase");
      }
    }
    return r;
  }

  /** A line of a catalogue file: an id, a tab and a claim; a comment; a blank line; or an ambiguous line. */
  static Reading catalogueLine(String raw) {
    return line(raw);
  }

  private static Reading line(String raw) {
    String line = raw.strip();
    if (line.isEmpty()) {
      return Reading.NOTHING;
    }
    if (line.startsWith("\\#")) {
      String text = line.substring(1);
      return text.length() == 1 ? new Reading(null, "'\\#' alone is not a phrase. Remove the line")
          : new Reading(text, null);
    }
    if (!line.startsWith("#")) {
      return new Reading(line, null);
    }
    if (line.length() == 1 || Character.isWhitespace(line.charAt(1))) {
      return Reading.NOTHING;
    }
    int close = line.indexOf('#', 1);
    if (close > 1) {
      return new Reading(line, null);
    }
    return new Reading(null, "'" + line + "' begins with '#' and no space: a comment or the phrase '" + line
        + "'? Write '# " + line.substring(1) + "' for a comment, or '\\" + line + "' for the phrase");
  }
}
