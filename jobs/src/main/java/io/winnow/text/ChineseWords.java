package io.winnow.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.BitSet;
import java.util.List;

/**
 * The words of a Chinese text, from HanLP's segmenter (portable dictionaries, inside its jar): where words start and
 * end, and which words are the suffix of an organisation's name (有限公司, 控制中心: HanLP's nature {@code nis}). A
 * listed term is used as a word when its span starts and ends on word boundaries (荐股 in 每天荐股 is, in 推荐股票 it
 * is not) and is not followed by such a suffix (投资咨询 in 某某投资咨询有限公司 names a company). Segmenting costs tens
 * of microseconds per short post, so the engine segments only texts in which the automaton already found a term.
 */
public final class ChineseWords {
  private final BitSet starts = new BitSet();
  private final BitSet ends = new BitSet();
  private final BitSet suffixes = new BitSet();

  private ChineseWords(String text) {
    int offset = 0;
    for (Term t : Holder.SEGMENT.seg(text)) {
      // Offsets are summed from the words: HanLP's normalization maps character to character, keeping lengths.
      starts.set(offset);
      if (t.nature == Nature.nis) {
        suffixes.set(offset);
      }
      offset += t.word.length();
      ends.set(offset);
    }
  }

  /** The words of {@code text} (an original text: offsets are into it). */
  public static ChineseWords of(String text) {
    return new ChineseWords(text);
  }

  /** Whether {@code [start, end)} begins and ends on word boundaries and no organisation-name suffix follows it. */
  public boolean isWordUse(int start, int end) {
    return starts.get(start) && ends.get(end) && !suffixes.get(end);
  }

  /** The segmentation as HanLP gives it (for explanations and tests). */
  public static List<String> words(String text) {
    return Holder.SEGMENT.seg(text).stream().map(t -> t.word).toList();
  }

  /** HanLP's dictionaries load on first use, once per JVM (about a quarter of a second). */
  private static final class Holder {
    static final Segment SEGMENT;

    static {
      // Traditional and full-width characters are read as simplified and half-width, one character for one, as the
      // engine's normalizer reads them; the text keeps its length, so offsets stay those of the original.
      HanLP.Config.Normalization = true;
      SEGMENT = HanLP.newSegment();
    }
  }
}
