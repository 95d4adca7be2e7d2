package io.winnow.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import io.winnow.rules.RegexLiterals;
import io.winnow.text.TextNormalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code regex}: a re2j (linear-time) regular expression matched case-insensitively on the normalized text. A literal
 * every match contains is found by the shared automaton first (the prefilter), so the regex runs only on the fields
 * where it occurs; a pattern without one runs on every field.
 */
final class RegexKind implements ConditionKind {
  private static final Set<String> REGEX_KEYS = Set.of("pattern", "in");
  private static final int PREFILTER = 3;

  @Override
  public String key() {
    return "regex";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(Condition.Regex.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    List<String> fields = context.subject().defaultFields();
    ConfigValue pattern = body;
    if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      context.unknownKeys(object, REGEX_KEYS, "regex");
      pattern = object.get("pattern");
      if (pattern == null) {
        context.problem(body.origin(), "regex needs pattern = \"...\"");
        return null;
      }
      if (object.containsKey("in")) {
        fields = context.fields(object.get("in"));
      }
    }
    if (pattern.valueType() != ConfigValueType.STRING || ((String) pattern.unwrapped()).isEmpty()) {
      context.problem(pattern.origin(), "regex pattern must be a non-empty string");
      return null;
    }
    String p = (String) pattern.unwrapped();
    try {
      Pattern.compile(p);
    } catch (PatternSyntaxException e) {
      context.problem(pattern.origin(), "invalid regex '" + p + "': " + e.getDescription()
          + ". Fix the pattern (re2j syntax: no backreferences or lookaround)");
      return null;
    }
    String literal = RegexLiterals.required(p);
    String prefilter = null;
    if (literal != null) {
      String normalized = TextNormalizer.shared().normalize(literal).text();
      // Usable only when the literal reads the same after normalization, or the prefilter could miss a match.
      prefilter = normalized.equals(literal.toLowerCase(Locale.ROOT)) && !normalized.isEmpty() ? normalized : null;
    }
    if (prefilter == null) {
      context.note(pattern.origin(), "note: regex '" + p + "' has no literal"
          + " text the prefilter can use, so it runs on every row. Add a fixed word to the pattern if you can");
    }
    return new Condition.Regex(p, List.copyOf(fields), prefilter);
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    Condition.Regex x = (Condition.Regex) condition;
    // Case-insensitive because the normalized text is case-folded; the pattern is matched on normalized text.
    RegexLeaf leaf = new RegexLeaf(context.rule(), context.fieldMask(x.fields()), x.pattern(),
        Pattern.compile(x.pattern(), Pattern.CASE_INSENSITIVE));
    if (x.prefilter() == null) {
      return context.everyField(leaf);
    }
    Node node = context.leaf(leaf);
    context.phrase(leaf, PREFILTER, x.prefilter(), true);
    return node;
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    explanation.textLeaf("regex /" + ((Condition.Regex) condition).pattern() + "/", false);
  }

  /** Runs on a field where its prefilter was found (or on every field); the first match is the evidence. */
  static final class RegexLeaf extends Leaf {
    private final String pattern;
    private final Pattern regex;

    RegexLeaf(int rule, int fieldMask, String pattern, Pattern regex) {
      super(rule, fieldMask);
      this.pattern = pattern;
      this.regex = regex;
    }

    @Override
    public String kind() {
      return "regex";
    }

    @Override
    public int fieldEvidenceOrder() {
      return PATTERN;
    }

    @Override
    protected void field(RowScan row) {
      Matcher m = regex.matcher(row.text().text());
      if (m.find()) {
        row.satisfy(this);
        row.fieldHit(this, pattern, m.start(), m.end());
      }
    }
  }
}
