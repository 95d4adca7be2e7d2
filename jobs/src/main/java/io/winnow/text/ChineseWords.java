package io.winnow.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The words of a Chinese text, from HanLP's segmenter (portable dictionaries, inside its jar): where words start and
 * end, and which words are the suffix of an organisation's name (有限公司, 控制中心: HanLP's nature {@code nis}). A
 * listed term is used as a word when its span starts on a word boundary (荐股 in 每天荐股 is, in 推荐股票 it is not),
 * ends on one or on the inner boundary of a compound (投资咨询 in 投资咨询服务), and is not part of an organisation's
 * name (投资咨询 in 某某投资咨询有限公司 or 投资咨询公司, 地震 in 地震局). Segmenting costs tens
 * of microseconds per short post, so the engine segments only texts in which the automaton already found a term.
 */
public final class ChineseWords {
  private final BitSet starts = new BitSet();
  private final BitSet ends = new BitSet();
  private final BitSet suffixes = new BitSet();
  /** The word that starts at each offset (null elsewhere). */
  private final Term[] words;

  private ChineseWords(String text) {
    words = new Term[text.length() + 1];
    int offset = 0;
    for (Term t : Holder.SEGMENT.seg(text)) {
      // Offsets are summed from the words: HanLP's normalization maps character to character, keeping lengths.
      starts.set(offset);
      words[offset] = t;
      if (t.nature == Nature.nis) {
        suffixes.set(offset);
      }
      offset += t.word.length();
      ends.set(offset);
    }
  }

  /**
   * The words of {@code text} (an original text: offsets are into it). The same text is segmented once while it stays
   * in a small cache shared by the JVM's threads ({@link Cache}): reposts and templated posts repeat their texts, and a
   * segmentation costs tens of microseconds. A segmentation depends on the text alone (HanLP's dictionaries and
   * settings are fixed once loaded), and nothing changes one after it is made, so a cached one is the one made anew.
   */
  public static ChineseWords of(String text) {
    return Cache.SHARED.words(text);
  }

  /** The words of {@code text}, segmented now (the cache's source, and the reference its tests compare with). */
  static ChineseWords segmented(String text) {
    return new ChineseWords(text);
  }

  /**
   * Whether {@code [start, end)} is used as a word: it begins on a word boundary and ends on one with no
   * organisation-name suffix after it, or ends inside a compound whose head is a word of its own (投资咨询 in
   * 投资/咨询服务: 咨询 is a word), unless that compound names an organisation (咨询公司, 地震局).
   */
  public boolean isWordUse(int start, int end) {
    if (!starts.get(start) || end <= start) {
      return false;
    }
    if (ends.get(end)) {
      return !suffixes.get(end);
    }
    int wordStart = starts.previousSetBit(end);
    Term compound = wordStart < 0 ? null : words[wordStart];
    if (compound == null || compound.nature == Nature.nis || compound.nature.startsWith("nt")) {
      return false;
    }
    return CoreDictionary.contains(compound.word.substring(0, end - wordStart));
  }

  /** The segmentation as HanLP gives it (for explanations and tests). */
  public static List<String> words(String text) {
    return Holder.SEGMENT.seg(text).stream().map(t -> t.word).toList();
  }

  /**
   * Segmentations of texts of up to {@link #LONGEST} characters, at most {@link #CHARACTERS} characters of text in all
   * (about 50 bytes of heap a character with HanLP's terms: some 20 MB); when full it is emptied and fills again. Every
   * value is {@link #segmented} of its key, whichever thread put it there.
   */
  static final class Cache {
    static final int LONGEST = 1_000;
    static final long CHARACTERS = 400_000;
    static final Cache SHARED = new Cache(LONGEST, CHARACTERS);
    private final int longest;
    private final long characters;
    private final ConcurrentHashMap<String, ChineseWords> words = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();

    Cache(int longest, long characters) {
      this.longest = longest;
      this.characters = characters;
    }

    ChineseWords words(String text) {
      ChineseWords cached = words.get(text);
      if (cached != null) {
        return cached;
      }
      ChineseWords made = segmented(text);
      if (text.length() <= longest) {
        if (held.addAndGet(text.length()) > characters) {
          words.clear();
          held.set(text.length());
        }
        words.putIfAbsent(text, made);
      }
      return made;
    }

    int size() {
      return words.size();
    }
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
