package io.winnow.engine;

import io.winnow.text.ClaimIndex;
import io.winnow.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;

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
