package io.winnow.engine;

import io.winnow.text.ChineseWords;
import io.winnow.text.ClaimIndex;
import io.winnow.text.NormalizedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The state of one row while {@link CompiledRules#match} scans it: the field being scanned, the leaves satisfied, the
 * evidence found, the phrases found in the field, and the texts deferred to a later stage. One per row; lists are
 * allocated only when something is found, so a row that matches nothing costs one small object.
 */
public final class RowScan {
  private final List<String> fieldNames;
  private final List<String> phrases;
  final LeafSet satisfied = new LeafSet();
  LeafSet touchedRow;
  final LeafSet touchedField = new LeafSet();
  /** Phrase evidence: kept at the end only for satisfied leaves. */
  List<CompiledRules.Hit> phraseHits;
  /** Evidence of satisfied leaves decided per field, in field then leaf order. */
  List<CompiledRules.Hit> fieldHits;
  List<CompiledRules.Pending> pending;
  /** How many field hits the fields before this one gave. */
  int fieldHitsBefore;
  /** The phrases found in the field being scanned, as {@link Found}, in the automaton's order. */
  private List<Found> found;
  private int field;
  private NormalizedText text;
  private long[] shingles;
  private long[] bands;
  /**
   * The segmentation of each field, made on the first word check that needs it (the array too: most rows have none).
   */
  private ChineseWords[] words;
  /** The original text of each field that has a deferred word check ({@link #wordHit}). */
  private String[] originals;
  /** Phrase hits that stand only where the text uses the phrase as a word, decided at the row's end. */
  private List<WordCheck> wordChecks;

  /** A phrase hit of {@code leaf} in {@code field} kept only if its span is used as a word there. */
  private record WordCheck(Leaf leaf, int field, CompiledRules.Hit hit) {}

  RowScan(List<String> fieldNames, List<String> phrases) {
    this.fieldNames = fieldNames;
    this.phrases = phrases;
  }

  /** The text of phrase {@code id} of the shared automaton. */
  public String phrase(int id) {
    return phrases.get(id);
  }

  /** One phrase found in the field being scanned: its leaf, role, phrase id and span of the normalized text. */
  public record Found(int leaf, int role, int phrase, int start, int end) {}

  void startField(int field, NormalizedText text) {
    this.field = field;
    this.text = text;
    this.shingles = null;
    this.bands = null;
    touchedField.clear();
    fieldHitsBefore = fieldHits == null ? 0 : fieldHits.size();
    if (found != null) {
      found.clear();
    }
  }

  /** Index of the field being scanned, in the subject's text fields. */
  public int field() {
    return field;
  }

  public String fieldName() {
    return fieldNames.get(field);
  }

  /** The normalized text of the field being scanned (its original is {@code text().original()}). */
  public NormalizedText text() {
    return text;
  }

  /** The distinct shingles of the field being scanned, computed once per field for every leaf that asks. */
  public long[] shingles() {
    if (shingles == null) {
      shingles = ClaimIndex.shinglesOf(text);
    }
    return shingles;
  }

  /** The band hashes of {@link #shingles()}, computed once per field. */
  public long[] bands() {
    if (bands == null) {
      bands = ClaimIndex.bandsOfShingles(shingles());
    }
    return bands;
  }

  /**
   * Whether the phrase found at {@code [start, end)} of the normalized text is used as a word in this field's original
   * text ({@link ChineseWords#isWordUse}). The field is segmented once, on the first call.
   */
  public boolean wordUse(int start, int end) {
    int s = text.originalStart(start);
    return words(field, text.original()).isWordUse(s, Math.max(s, text.originalEnd(end)));
  }

  private ChineseWords words(int f, String original) {
    if (words == null) {
      words = new ChineseWords[fieldNames.size()];
    }
    if (words[f] == null) {
      words[f] = ChineseWords.of(original);
    }
    return words[f];
  }

  /**
   * Phrase evidence of {@code leaf} at {@code [start, end)} of the normalized text that counts only where this field's
   * original text uses it as a word ({@link #wordUse}). It takes its place among the phrase hits now; whether it stays
   * is decided after the last field ({@link #resolveWords}), so that a row whose rules cannot hold is not segmented.
   */
  public void wordHit(Leaf leaf, String phrase, int start, int end) {
    CompiledRules.Hit h = hit(leaf, phrase, start, end);
    if (phraseHits == null) {
      phraseHits = new ArrayList<>();
    }
    phraseHits.add(h);
    if (wordChecks == null) {
      wordChecks = new ArrayList<>();
      originals = new String[fieldNames.size()];
    }
    wordChecks.add(new WordCheck(leaf, field, h));
    originals[field] = text.original();
  }

  /** Whether some phrase hit waits for a word check ({@link #wordHit}). */
  boolean hasWordChecks() {
    return wordChecks != null;
  }

  /**
   * Decides the deferred word checks: a hit whose leaf's rule {@code mayHold} stays if its field uses it as a word; the
   * hits of a rule that cannot hold whatever the checks say are dropped unsegmented (the rule is false either way).
   */
  void resolveWords(IntPredicate mayHold) {
    Set<CompiledRules.Hit> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    for (WordCheck c : wordChecks) {
      if (!mayHold.test(c.leaf().rule())
          || !words(c.field(), originals[c.field()]).isWordUse(c.hit().start(), c.hit().end())) {
        dropped.add(c.hit());
      }
    }
    if (!dropped.isEmpty()) {
      phraseHits.removeIf(dropped::contains);
    }
    wordChecks = null;
  }

  /** Keeps a phrase found in this field for the leaf's {@link Leaf#field} (e.g. a near leaf pairs them there). */
  public void keep(Found f) {
    if (found == null) {
      found = new ArrayList<>();
    }
    found.add(f);
  }

  /** The phrases kept in this field, in the automaton's order. */
  public List<Found> kept() {
    return found == null ? List.of() : found;
  }

  public void satisfy(Leaf leaf) {
    satisfied.set(leaf.id());
  }

  public boolean satisfied(Leaf leaf) {
    return satisfied.get(leaf.id());
  }

  /** Phrase evidence of {@code leaf} at {@code [start, end)} of the normalized text; kept if the leaf is satisfied. */
  public void phraseHit(Leaf leaf, String phrase, int start, int end) {
    if (phraseHits == null) {
      phraseHits = new ArrayList<>();
    }
    phraseHits.add(hit(leaf, phrase, start, end));
  }

  /** The phrase evidence of this row so far (every field), in the order found. */
  public List<CompiledRules.Hit> phraseHits() {
    return phraseHits == null ? List.of() : phraseHits;
  }

  /** Evidence of a satisfied leaf at {@code [start, end)} of the normalized text of this field. */
  public void fieldHit(Leaf leaf, String evidence, int start, int end) {
    fieldHitOriginal(leaf, evidence, text.originalStart(start), Math.max(text.originalStart(start),
        text.originalEnd(end)));
  }

  /** As {@link #fieldHit}, with the span given in the ORIGINAL text. */
  public void fieldHitOriginal(Leaf leaf, String evidence, int start, int end) {
    if (fieldHits == null) {
      fieldHits = new ArrayList<>();
    }
    fieldHits.add(new CompiledRules.Hit(leaf.id(), leaf.rule(), evidence, fieldName(), start, end,
        text.original().substring(start, end)));
  }

  /** Evidence spanning the whole text of this field. */
  public void wholeFieldHit(Leaf leaf, String evidence) {
    int s = text.originalStart(0);
    fieldHitOriginal(leaf, evidence, s, Math.max(s, text.originalEnd(text.length())));
  }

  /** A text of this field that a later stage must decide {@code leaf} on (a deferred leaf). */
  public void defer(CompiledRules.Pending p) {
    if (pending == null) {
      pending = new ArrayList<>();
    }
    pending.add(p);
  }

  private CompiledRules.Hit hit(Leaf leaf, String phrase, int start, int end) {
    int s = text.originalStart(start);
    int e = Math.max(s, text.originalEnd(end));
    return new CompiledRules.Hit(leaf.id(), leaf.rule(), phrase, fieldName(), s, e, text.original().substring(s, e));
  }
}
