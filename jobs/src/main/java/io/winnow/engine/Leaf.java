package io.winnow.engine;

/**
 * A compiled leaf of a rule's condition tree that reads text: what one condition kind compiles to. The per-row loop of
 * {@link CompiledRules} calls it, without knowing its kind, in three moments:
 * <ol>
 *   <li>{@link #phrase} for each phrase it asked the shared automaton to find ({@link CompileContext#phrase}), as
 *       the automaton finds it in the field being scanned;
 *   <li>{@link #field} after the field's phrases, on each field where a phrase of it was found, or on every field
 *       of its mask when it was compiled with {@link CompileContext#everyField};
 *   <li>{@link #row} after the last field, when a phrase of it was found in the row.
 * </ol>
 * A leaf is satisfied through {@link RowScan#satisfy} and gives its evidence as {@link CompiledRules.Hit}s. Leaves are
 * built once per executor and shared by every task: they keep no state of a row (that is the {@link RowScan}'s).
 */
public abstract class Leaf {
  private final int rule;
  private final int fieldMask;
  private int id = -1;

  /** {@code fieldMask} from {@link CompileContext#fieldMask}: the fields the leaf reads. */
  protected Leaf(int rule, int fieldMask) {
    this.rule = rule;
    this.fieldMask = fieldMask;
  }

  /** What evidence calls this kind of leaf: term, near, regex, name-like, similar-to, … */
  public abstract String kind();

  /** A phrase of this leaf found in the field being scanned, at {@code [start, end)} of the normalized text. */
  protected void phrase(RowScan row, int role, int phrase, int start, int end) {}

  /** After the phrases of the field being scanned ({@link RowScan#text()}). */
  protected void field(RowScan row) {}

  /** After the last field of a row in which a phrase of this leaf was found. */
  protected void row(RowScan row) {}

  /**
   * Whether this leaf's evidence is phrase evidence, listed before the evidence of the leaves decided per field
   * (whose hits are ordered by field, then leaf).
   */
  public boolean phraseEvidence() {
    return false;
  }

  /**
   * Where this leaf's evidence is listed among the evidence of one field: lower first, then by leaf. Whole-text
   * matches (a protected name, a claim) come first ({@link #WHOLE_TEXT}), then phrase pairs, then patterns.
   */
  public int fieldEvidenceOrder() {
    return WHOLE_TEXT;
  }

  /** {@link #fieldEvidenceOrder()} of evidence about the whole text of a field. */
  public static final int WHOLE_TEXT = 0;
  /** {@link #fieldEvidenceOrder()} of evidence about phrases near each other. */
  public static final int PHRASE_PAIR = 1;
  /** {@link #fieldEvidenceOrder()} of evidence of a pattern. */
  public static final int PATTERN = 2;

  public final int rule() {
    return rule;
  }

  public final int id() {
    return id;
  }

  final boolean reads(int field) {
    return (fieldMask & (1 << field)) != 0;
  }

  final void assign(int id) {
    if (this.id >= 0) {
      throw new IllegalStateException("leaf already compiled as " + this.id);
    }
    this.id = id;
  }
}
