package io.winnow.generate;

/**
 * How a planted violation words its abuse; the label is what labels.kind records (a disguised list phrase records the
 * disguise instead, see {@link Evasion}).
 */
enum Wording {
  /** A phrase of the generator's copy of the rule lists' wording ({@link Vocabulary#TRIGGERS}). */
  LIST_PHRASE(LabelSchema.LIST_PHRASE),
  /** The same abuse in other words, from {@link Variants}: no line of any rule list is in the phrase. */
  VARIANT(LabelSchema.VARIANT),
  /** A debunked claim edited, embedded in a longer post or cut to an excerpt ({@link NearCopy}). */
  NEAR_COPY(LabelSchema.NEAR_COPY),
  /** A debunked claim restated in other words ({@link Paraphrases}). */
  PARAPHRASE(LabelSchema.PARAPHRASE);

  final String label;

  Wording(String label) {
    this.label = label;
  }
}
