package io.winnow.engine;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.rules.ReadContext;
import io.winnow.rules.RuleLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code terms}: phrases (inline or from list files) found in the normalized text, at least {@code min-distinct}
 * distinct ones; with {@code near { ... }}, a phrase of the first set within {@code within} characters of one of the
 * second ({@link Condition.Near}). Every phrase of every such leaf is found by one shared automaton. With {@code
 * words = true}, a Chinese phrase counts only where the text uses it as a word ({@link io.winnow.text.ChineseWords}):
 * the segmenter runs only on fields where the automaton found such a phrase.
 */
final class TermsKind implements ConditionKind {
  private static final Set<String> TERMS_KEYS = Set.of("any", "lists", "in", "min-distinct", "near", "sounds",
      "words");
  private static final Set<String> NEAR_KEYS = Set.of("any", "lists", "within");

  @Override
  public String key() {
    return "terms";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(Condition.Terms.class, Condition.Near.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    List<String> phrases = new ArrayList<>();
    List<String> fields = context.subject().defaultFields();
    int minDistinct = 1;
    boolean words = false;
    int before = context.problems();
    boolean emptyList = false;
    Condition.Near near = null;
    Set<Condition.Sound> sounds = Set.of();
    if (body.valueType() == ConfigValueType.LIST) {
      phrases.addAll(context.strings(body));
    } else if (body.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) body;
      context.unknownKeys(object, TERMS_KEYS, "terms");
      emptyList = phrases(object, context, phrases);
      if (object.containsKey("in")) {
        fields = context.fields(object.get("in"));
      }
      if (object.containsKey("min-distinct")) {
        ConfigValue v = object.get("min-distinct");
        if (v.valueType() != ConfigValueType.NUMBER || ((Number) v.unwrapped()).intValue() < 1) {
          context.problem(v.origin(), "min-distinct must be a whole number of at least 1");
        } else if (object.containsKey("near")) {
          context.problem(v.origin(), "min-distinct cannot be combined with near. Use one or the other");
        } else {
          minDistinct = ((Number) v.unwrapped()).intValue();
        }
      }
      if (object.containsKey("near")) {
        near = near(object.get("near"), context);
      }
      if (object.containsKey("sounds")) {
        sounds = TermSounds.read(object.get("sounds"), context);
      }
      if (object.containsKey("words")) {
        ConfigValue v = object.get("words");
        if (v.valueType() != ConfigValueType.BOOLEAN) {
          context.problem(v.origin(), "words must be true (Chinese phrases count only as whole words) or false");
        } else {
          words = (Boolean) v.unwrapped();
        }
      }
    } else {
      context.problem(body.origin(), "terms must be a list of phrases or an object { any = [...], lists = [...] }");
      return null;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(phrases));
    if (distinct.isEmpty()) {
      if (!emptyList) {
        context.problem(body.origin(), "terms has no phrases. Add phrases with any = [...] or lists = [...]");
      }
      return null;
    }
    if (minDistinct > distinct.size()) {
      context.problem(body.origin(), "min-distinct " + minDistinct + " is more than the " + distinct.size()
          + " phrases given");
    }
    if (context.problems() > before) {
      return null;
    }
    if (near != null) {
      return new Condition.Near(distinct, near.nearPhrases(), near.within(), List.copyOf(fields), words);
    }
    return new Condition.Terms(distinct, List.copyOf(fields), minDistinct, sounds, words);
  }

  /** The near { ... } part of a terms condition; fields and the first phrases are filled in by the caller. */
  private static Condition.Near near(ConfigValue body, ReadContext context) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      context.problem(body.origin(), "near must be an object { lists = [...], within = N }");
      return null;
    }
    ConfigObject object = (ConfigObject) body;
    context.unknownKeys(object, NEAR_KEYS, "near");
    List<String> phrases = new ArrayList<>();
    boolean emptyList = phrases(object, context, phrases);
    if (phrases.isEmpty() && !emptyList) {
      context.problem(body.origin(), "near has no phrases. Add phrases with any = [...] or lists = [...]");
    }
    ConfigValue within = object.get("within");
    if (within == null) {
      context.problem(body.origin(), "near needs within = N (the most characters between the two phrases)");
      return null;
    }
    if (within.valueType() != ConfigValueType.NUMBER || ((Number) within.unwrapped()).intValue() < 0) {
      context.problem(within.origin(), "within must be a whole number of at least 0");
      return null;
    }
    return new Condition.Near(List.of(), List.copyOf(new LinkedHashSet<>(phrases)),
        ((Number) within.unwrapped()).intValue(), List.of());
  }

  /** Adds the phrases of any = [...] and lists = [...]; returns whether an unknown or empty list was reported. */
  private static boolean phrases(ConfigObject object, ReadContext context, List<String> phrases) {
    boolean emptyList = false;
    if (object.containsKey("any")) {
      phrases.addAll(context.strings(object.get("any")));
    }
    if (object.containsKey("lists")) {
      for (String name : context.strings(object.get("lists"))) {
        List<String> listed = context.list(name);
        if (listed == null) {
          context.problem(object.get("lists").origin(), "unknown list '" + name + "'. Known lists: "
              + String.join(", ", context.listNames()));
          emptyList = true;
        } else if (listed.isEmpty()) {
          context.problem(object.get("lists").origin(), "list '" + name + "' is empty (" + RuleLoader.LISTS_DIR
              + "/" + name + ".txt). Add one phrase per line to it");
          emptyList = true;
        } else {
          phrases.addAll(listed);
        }
      }
    }
    return emptyList;
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    if (condition instanceof Condition.Near n) {
      NearLeaf leaf = new NearLeaf(context.rule(), context.fieldMask(n.fields()), n.within(), n.words());
      Node node = context.leaf(leaf);
      n.phrases().forEach(p -> context.phrase(leaf, NearLeaf.A, hashtagTopic(p), false));
      n.nearPhrases().forEach(p -> context.phrase(leaf, NearLeaf.B, hashtagTopic(p), false));
      return node;
    }
    Condition.Terms t = (Condition.Terms) condition;
    TermsLeaf leaf = new TermsLeaf(context.rule(), context.fieldMask(t.fields()), t.minDistinct(), t.words());
    Node node = context.leaf(leaf);
    int sounds = TermSounds.of(t);
    t.phrases().forEach(p -> context.phrase(leaf, 0, hashtagTopic(p), false, sounds));
    return node;
  }

  /**
   * A Weibo hashtag phrase ({@code #话题#}) is found by its topic: in running text the normalizer drops a {@code #}
   * next to a Chinese character, as it drops other punctuation there, so the phrase drops it too. A {@code #} next to
   * a letter or digit ({@code #saltcure}) is kept.
   */
  static String hashtagTopic(String phrase) {
    int start = 0;
    int end = phrase.length();
    if (end - start > 1 && phrase.charAt(start) == '#' && han(phrase.codePointAt(start + 1))) {
      start++;
    }
    if (end - start > 1 && phrase.charAt(end - 1) == '#' && han(phrase.codePointBefore(end - 1))) {
      end--;
    }
    return phrase.substring(start, end);
  }

  /** Whether a phrase holds a Chinese character: only those are checked against the segmentation. */
  static boolean chinese(String phrase) {
    return phrase.codePoints().anyMatch(TermsKind::han);
  }

  private static boolean han(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    boolean words = condition instanceof Condition.Near n ? n.words() : ((Condition.Terms) condition).words();
    String name = condition instanceof Condition.Near n ? "near (within " + n.within() + ")" : "terms";
    explanation.textLeaf(words ? name + " (as words)" : name, false);
  }

  /**
   * At least {@code minDistinct} distinct phrases in the row's fields (the same phrase twice counts once). Each
   * occurrence is evidence, kept when the leaf is satisfied.
   */
  static final class TermsLeaf extends Leaf {
    private final int minDistinct;
    private final boolean words;

    TermsLeaf(int rule, int fieldMask, int minDistinct, boolean words) {
      super(rule, fieldMask);
      this.minDistinct = minDistinct;
      this.words = words;
    }

    @Override
    public String kind() {
      return "term";
    }

    @Override
    public boolean phraseEvidence() {
      return true;
    }

    @Override
    protected void phrase(RowScan row, int role, int phrase, int start, int end) {
      if (words && chinese(row.phrase(phrase))) {
        row.keep(new RowScan.Found(id(), role, phrase, start, end));
      } else {
        row.phraseHit(this, row.phrase(phrase), start, end);
      }
    }

    /**
     * With words: the Chinese phrases of this field become evidence where the text uses them as words, decided at the
     * row's end ({@link RowScan#wordHit}).
     */
    @Override
    protected void field(RowScan row) {
      for (RowScan.Found f : row.kept()) {
        if (f.leaf() == id()) {
          row.wordHit(this, row.phrase(f.phrase()), f.start(), f.end());
        }
      }
    }

    @Override
    protected void row(RowScan row) {
      if (minDistinct == 1 && !words) {
        row.satisfy(this);
        return;
      }
      Set<String> distinct = new java.util.HashSet<>();
      for (CompiledRules.Hit h : row.phraseHits()) {
        if (h.leaf() == id()) {
          distinct.add(h.phrase());
        }
      }
      if (distinct.size() >= minDistinct) {
        row.satisfy(this);
      }
    }
  }

  /**
   * A phrase of side A and one of side B in the same field with at most {@code within} normalized characters between
   * them (overlapping or touching counts as 0). The closest pair is the evidence.
   */
  static final class NearLeaf extends Leaf {
    static final int A = 1;
    static final int B = 2;
    private final int within;
    private final boolean words;

    NearLeaf(int rule, int fieldMask, int within, boolean words) {
      super(rule, fieldMask);
      this.within = within;
      this.words = words;
    }

    private boolean counts(RowScan row, RowScan.Found f) {
      return !words || !chinese(row.phrase(f.phrase())) || row.wordUse(f.start(), f.end());
    }

    @Override
    public String kind() {
      return "near";
    }

    @Override
    public int fieldEvidenceOrder() {
      return PHRASE_PAIR;
    }

    @Override
    protected void phrase(RowScan row, int role, int phrase, int start, int end) {
      row.keep(new RowScan.Found(id(), role, phrase, start, end));
    }

    @Override
    protected void field(RowScan row) {
      RowScan.Found bestA = null;
      RowScan.Found bestB = null;
      int bestGap = Integer.MAX_VALUE;
      for (RowScan.Found a : row.kept()) {
        if (a.leaf() != id() || a.role() != A || !counts(row, a)) {
          continue;
        }
        for (RowScan.Found b : row.kept()) {
          if (b.leaf() != id() || b.role() != B || !counts(row, b)) {
            continue;
          }
          int gap = Math.max(0, Math.max(a.start(), b.start()) - Math.min(a.end(), b.end()));
          if (gap <= within && gap < bestGap) {
            bestGap = gap;
            bestA = a;
            bestB = b;
          }
        }
      }
      if (bestA != null) {
        row.satisfy(this);
        row.fieldHit(this, row.phrase(bestA.phrase()), bestA.start(), bestA.end());
        row.fieldHit(this, row.phrase(bestB.phrase()), bestB.start(), bestB.end());
      }
    }
  }
}
