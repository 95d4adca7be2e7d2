package io.winnow.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every occurrence of many phrases in one pass over a {@link NormalizedText}, with one Aho-Corasick automaton
 * for all phrases ({@link Automaton}: the double-array scan of com.hankcs's trie, measured the fastest pure-Java one on
 * this project's machines, with a builder of its own that is linear in the phrases, so 100,000 build in seconds;
 * BENCHMARKS.md has both).
 *
 * <p>Phrases are normalized with the same {@link TextNormalizer} as the texts, so {@code 疾病预防控制中心} in a list
 * matches {@code 疾病预防 控制中心} in a post, and then folded with the same {@link TermFolder} (look-alike letters, leet,
 * separators inside words, spaced-out letters, repeats, letters between ideographs): the automaton scans the folded
 * text, and a hit is reported over the normalized units it came from, so evidence quotes what the author wrote. A
 * phrase of two or more words is also matched joined ({@code bakingsoda}) where the writer joined it, and a long one
 * with one letter dropped ({@link #droppedLetters}). A phrase that starts (ends) with an ASCII letter or digit only
 * matches where the folded text has no ASCII letter or digit just before (after) it, so {@code cure} does not fire
 * inside {@code secure}, or where the writer joined two parts of a word with separators ({@code cdc} in
 * {@code cdc_news}, see {@link TermFolder.Folded#breaksBefore}); ideographs match anywhere, since Chinese is
 * written without spaces. Phrases that must be found inside words (regex prefilter literals) are matched where the
 * normalized text holds them, unfolded: by the folded automaton when the fold left their units alone, else by an
 * automaton of their own over the normalized text ({@link #ANYWHERE}). Phrases of ideographs with {@link #HOMOPHONES} are found by the folded
 * automaton itself, keys and text read as homophones; with {@link #PINYIN}, also on the text's pinyin
 * ({@link PinyinChannel}).
 *
 * <p>Most texts are never folded: a text the fold would change nothing in but repeated letters (beside its links,
 * which are folded alone) is read as it stands, repeats skipped and ideographs read as homophones, in the same scan
 * that checks it ({@link #skippedFold}, {@link PlainCheck}); only a text that fails the check or holds a key in that
 * reading is folded and filtered as above.
 *
 * <p>Immutable after {@link #build}; {@link #scan} may be called from many threads at once. Serializable, so a driver
 * can build it once and broadcast it; it keeps no reference to the normalizer.
 */
public final class TermMatcher implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Receives hits without allocation: phrase index in the build list, normalized start and end (exclusive). */
  @FunctionalInterface
  public interface HitConsumer {
    void hit(int phraseIndex, int start, int end);
  }

  /** One occurrence of phrase {@code phrase} (its index in the build list) at {@code [start, end)} of the text. */
  public record Hit(int phrase, int start, int end) {}

  /** What a phrase asks of a hit beyond being found (see {@link TermFolder}). */
  private record Entry(int phrase, int[] repeats, boolean joined, int channel, String han, int sounds, String exact,
      String literal) implements Serializable {
    Entry(int phrase, int[] repeats, boolean joined, int channel, String han, int sounds) {
      this(phrase, repeats, joined, channel, han, sounds, null, null);
    }
  }

  /**
   * All phrases that fold to one key, and the word-boundary checks that key needs ({@code boundaryBefore},
   * {@code boundaryAfter}: it starts or ends with an ASCII letter or digit).
   */
  private record Key(Entry[] entries, boolean boundaryBefore, boolean boundaryAfter, boolean anywhere)
      implements Serializable {}

  /** The channel of an entry: the folded text, the pinyin of it (full pinyin or initials). */
  static final int FOLDED = 0;
  static final int FULL_PINYIN = 1;
  static final int INITIALS = 2;
  /**
   * A phrase that must be found inside words too (a regex prefilter literal), as its letter repeats collapsed: found in
   * the folded text unless the fold dropped or changed a unit that some such phrase holds
   * ({@link TermFolder.Folded#watchedChanged}), else in the normalized text by {@link #plain}. In a fold that changed
   * other units ({@code link.example/kybe4fw}: a dot dropped, a leet digit read as a letter), a hit is kept only where
   * the normalized text holds the phrase itself ({@link Entry#literal}).
   */
  static final int ANYWHERE = 3;
  /** Sound-alike options of a phrase (bits of {@link Entry#sounds}). */
  public static final int PINYIN = 1;
  public static final int HOMOPHONES = 2;

  /** A phrase joined from words ({@code bakingsoda}) matches a plain word of this many letters or more. */
  static final int JOINED_PLAIN_WORD_LETTERS = 12;
  /**
   * Initials, and pinyin written wholly in Latin letters, match only for phrases of at least this many ideographs: two
   * initials collide with every abbreviation, two syllables with English words ({@code pan da} is "panda").
   */
  static final int LATIN_PINYIN_MIN_CHARS = 3;
  /** A phrase is also matched with one letter left out when it has this many words of a-z ... */
  static final int DROPPED_LETTER_MIN_WORDS = 2;
  /** ... and this many letters in all ... */
  static final int DROPPED_LETTER_MIN_LETTERS = 14;
  /** ... and the letter is inside a word of this many letters (see {@link #droppedLetters}). */
  static final int DROPPED_LETTER_WORD = 6;
  /**
   * At most this many dropped-letter keys per matcher: each is a near copy of a phrase's suffix, about 20 per long
   * English phrase, so a large list would multiply the automaton's states (and its broadcast) some twentyfold. The cap
   * dates from the library's builder, which ran out of a 3 GB heap on a 20,000-phrase list with all of them;
   * {@link Automaton} builds such lists in seconds, but the states would still cost memory on every executor. A larger
   * list is matched without the dropped-letter fold ({@link #droppedLettersSkipped}); every other fold holds.
   */
  static final int DROPPED_LETTER_MAX_KEYS = 20_000;
  /** A repeated letter counts as an evader's repeat from this many on (and more than the phrase has). */
  static final int OBVIOUS_REPEAT = 3;

  /** Phrases that must be found inside words too (regex prefilter literals): the normalized text, unfolded. */
  private final Automaton<int[]> plain;
  private final Automaton<Key> folded;
  private final Automaton<Key> sound;
  /**
   * Whether a phrase asks for {@link #HOMOPHONES}: then the folded keys and texts read every ideograph as the first
   * one that sounds the same ({@link PinyinChannel#homophoneTable}), one automaton finds a phrase and its homophones in
   * one pass, and a phrase without the option checks its hit against its own characters ({@link Entry#exact}).
   */
  private final boolean homophones;
  /** The most ideographs of a phrase with {@link #PINYIN}: how far from a Latin letter its pinyin hit can reach. */
  private final int soundReach;
  private final int phraseCount;
  private final int keyCount;

  private boolean droppedLettersSkipped;
  /** The distinct units of the phrases of {@link #plain} (regex prefilter literals); null when there are none. */
  private String literalUnits;
  private transient volatile boolean[] literalTable;
  /** The keys of {@link #sound}, from which each executor builds its {@link SoundGate} once. */
  private String[] soundKeyTexts;
  private transient volatile SoundGate soundGate;
  /** See {@link #foldedCodes()}. */
  private transient volatile char[] foldedCodes;
  /** See {@link #foldedReading()}. */
  private transient volatile int[] foldedReading;

  private TermMatcher(Automaton<int[]> plain, Automaton<Key> folded, Automaton<Key> sound, boolean homophones,
      int soundReach, int phraseCount, int keyCount) {
    this.plain = plain;
    this.folded = folded;
    this.sound = sound;
    this.homophones = homophones;
    this.soundReach = soundReach;
    this.phraseCount = phraseCount;
    this.keyCount = keyCount;
  }

  /**
   * Normalizes every phrase with {@code normalizer}, folds it ({@link TermFolder}) and compiles them into one
   * automaton. Duplicates are fine: each phrase keeps its own index, and phrases that fold alike share one key.
   *
   * @throws IllegalArgumentException listing every phrase that is null or normalizes to nothing (it would match
   *     everywhere or nowhere, which is never what a rule author meant)
   */
  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer) {
    return build(phrases, normalizer, new java.util.BitSet(), new int[phrases.size()]);
  }

  /**
   * As {@link #build(List, TextNormalizer)}, but the phrases whose index is set in {@code anywhere} match the
   * normalized text unfolded and also inside ASCII words (a regex prefilter literal must be found wherever the regex
   * could match).
   */
  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer, java.util.BitSet anywhere) {
    return build(phrases, normalizer, anywhere, new int[phrases.size()]);
  }

  /**
   * As {@link #build(List, TextNormalizer, java.util.BitSet)}, with the sound-alike options of each phrase
   * ({@code sounds[i]}: {@link #PINYIN}, {@link #HOMOPHONES} or both): a phrase of ideographs with {@code PINYIN} is
   * also found written in pinyin or its initials, with {@code HOMOPHONES} in characters that sound the same.
   */
  public static TermMatcher build(List<String> phrases, TextNormalizer normalizer, java.util.BitSet anywhere,
      int[] sounds) {
    Map<String, List<Integer>> plainKeys = new LinkedHashMap<>();
    Map<String, List<Entry>> foldedKeys = new LinkedHashMap<>();
    Map<String, List<Entry>> soundKeys = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    TermFolder folder = TermFolder.shared();
    boolean homophones = false;
    for (int i = 0; i < phrases.size() && i < sounds.length; i++) {
      homophones |= (sounds[i] & HOMOPHONES) != 0 && !anywhere.get(i);
    }
    int soundReach = 0;
    Map<String, List<Entry>> droppedKeys = new LinkedHashMap<>();
    for (int i = 0; i < phrases.size(); i++) {
      String phrase = phrases.get(i);
      String key = phrase == null ? "" : normalizer.normalize(phrase).text();
      if (key.isEmpty()) {
        problems.add("#" + i + " " + (phrase == null ? "null" : "\"" + phrase + "\""));
        continue;
      }
      if (anywhere.get(i)) {
        plainKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        int[] runs = new int[key.length()];
        String collapsed = collapseRepeats(key, runs);
        addFolded(foldedKeys, collapsed, new Entry(i, runs, false, ANYWHERE, null, 0, null, key), homophones, false);
        continue;
      }
      int options = i < sounds.length ? sounds[i] : 0;
      String full = options != 0 && key.length() >= 2 ? PinyinChannel.full(key) : null;
      boolean acceptsHomophones = full != null && (options & HOMOPHONES) != 0;
      TermFolder.Folded f = folder.foldPhrase(key);
      addFolded(foldedKeys, f.text(), new Entry(i, repeatsOf(f), false, FOLDED, null, 0), homophones, acceptsHomophones);
      String joined = joinedWords(f.text());
      if (joined != null) {
        TermFolder.Folded j = folder.foldPhrase(joined);
        addFolded(foldedKeys, j.text(), new Entry(i, repeatsOf(j), true, FOLDED, null, 0), homophones, acceptsHomophones);
      }
      for (String dropped : droppedKeys.size() > DROPPED_LETTER_MAX_KEYS ? List.<String>of() : droppedLetters(f)) {
        TermFolder.Folded d = folder.foldPhrase(dropped);
        add(droppedKeys, d.text(), new Entry(i, repeatsOf(d), false, FOLDED, null, 0));
      }
      if (full != null && (options & PINYIN) != 0) {
        soundReach = Math.max(soundReach, key.length());
        add(soundKeys, full, new Entry(i, null, false, FULL_PINYIN, key, options));
        if (key.length() >= LATIN_PINYIN_MIN_CHARS) {
          add(soundKeys, PinyinChannel.initials(key), new Entry(i, null, false, INITIALS, key, options));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.size() + " phrase(s) are empty after normalization (only"
          + " whitespace, punctuation or invisible characters): " + String.join(", ", problems)
          + ". Remove them or give them letters, digits or ideographs.");
    }
    boolean droppedSkipped = droppedKeys.size() > DROPPED_LETTER_MAX_KEYS;
    if (!droppedSkipped) {
      droppedKeys.forEach((k, entries) -> entries.forEach(e -> add(foldedKeys, k, e)));
    }
    TreeMap<String, int[]> plainMap = new TreeMap<>();
    plainKeys.forEach((k, v) -> plainMap.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    TermMatcher m = new TermMatcher(automaton(plainMap), automaton(keys(foldedKeys)), automaton(keys(soundKeys)),
        homophones, soundReach, phrases.size(), plainMap.size() + foldedKeys.size() + soundKeys.size());
    m.droppedLettersSkipped = droppedSkipped;
    m.soundKeyTexts = soundKeys.keySet().toArray(String[]::new);
    m.literalUnits = plainMap.isEmpty() ? null
        : plainMap.keySet().stream().flatMapToInt(String::chars).distinct().sorted()
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return m;
  }

  /**
   * Whether the phrases were too many for the dropped-letter fold ({@link #DROPPED_LETTER_MAX_KEYS}): they match
   * through every other fold, but not with one letter left out.
   */
  public boolean droppedLettersSkipped() {
    return droppedLettersSkipped;
  }

  /**
   * Adds a folded key; in a matcher that reads homophones ({@code homophones}), under its ideographs read as
   * homophones, and a phrase that does not accept them ({@code acceptsHomophones} false) keeps its own characters to check.
   */
  private static void addFolded(Map<String, List<Entry>> keys, String folded, Entry e, boolean homophones,
      boolean acceptsHomophones) {
    if (!homophones) {
      add(keys, folded, e);
      return;
    }
    char[] read = new char[folded.length()];
    PinyinChannel.canonical(folded.toCharArray(), read.length, read);
    String key = new String(read);
    add(keys, key, acceptsHomophones || key.equals(folded) ? e
        : new Entry(e.phrase, e.repeats, e.joined, e.channel, e.han, e.sounds, folded, e.literal));
  }

  private static void add(Map<String, List<Entry>> keys, String key, Entry e) {
    if (!key.isEmpty()) {
      keys.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
  }

  private static TreeMap<String, Key> keys(Map<String, List<Entry>> byKey) {
    TreeMap<String, Key> keys = new TreeMap<>();
    byKey.forEach((key, entries) -> keys.put(key, new Key(entries.toArray(Entry[]::new),
        isAsciiAlnum(key.charAt(0)), isAsciiAlnum(key.charAt(key.length() - 1)),
        entries.stream().anyMatch(e -> e.channel == ANYWHERE))));
    return keys;
  }

  private static <V> Automaton<V> automaton(TreeMap<String, V> keys) {
    return Automaton.build(keys);
  }

  /**
   * {@code key} with each run of one letter a-z written once, as the fold writes it; {@code runs} receives each unit's
   * run length (trimmed to the result's length).
   */
  private static String collapseRepeats(String key, int[] runs) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (i > 0 && c == key.charAt(i - 1) && c >= 'a' && c <= 'z') {
        runs[out.length() - 1]++;
      } else {
        runs[out.length()] = 1;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The repeat count of each unit of a folded phrase, or null when no letter repeats. */
  private static int[] repeatsOf(TermFolder.Folded f) {
    int[] r = java.util.Arrays.copyOf(f.repeats, f.length);
    return java.util.Arrays.stream(r).allMatch(x -> x == 1) ? null : r;
  }

  /**
   * The phrase with one letter left out ({@code bakng soda cures cancer}), for a phrase precise enough that a letter
   * less keeps it the phrase: {@link #DROPPED_LETTER_MIN_WORDS} words of a-z or more and
   * {@link #DROPPED_LETTER_MIN_LETTERS} letters or more, the letter inside a word of {@link #DROPPED_LETTER_WORD} letters
   * or more (not its first or last letter: readers, and evaders, keep those). Built from the folded phrase with each
   * repeat written out again ({@code good} stays {@code good}); none when the phrase is not eligible.
   */
  static List<String> droppedLetters(TermFolder.Folded f) {
    StringBuilder text = new StringBuilder();
    int words = 1;
    int letters = 0;
    for (int u = 0; u < f.length; u++) {
      char c = f.units[u];
      if (c == ' ') {
        words++;
      } else if (c >= 'a' && c <= 'z') {
        letters += f.repeats[u];
      } else {
        return List.of();
      }
      text.append(String.valueOf(c).repeat(f.repeats[u]));
    }
    List<String> out = new ArrayList<>();
    if (words < DROPPED_LETTER_MIN_WORDS || letters < DROPPED_LETTER_MIN_LETTERS) {
      return out;
    }
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        for (int d = start + 1; i - start >= DROPPED_LETTER_WORD && d < i - 1; d++) {
          if (text.charAt(d) != text.charAt(d - 1)) { // of a double letter, one variant
            out.add(text.substring(0, d) + text.substring(d + 1));
          }
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** A phrase of two or more words of ASCII letters and digits, joined ({@code bakingsoda}); else null. */
  private static String joinedWords(String folded) {
    if (folded.indexOf(' ') < 0) {
      return null;
    }
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c != ' ' && !isAsciiAlnum(c)) {
        return null;
      }
    }
    return folded.replace(" ", "");
  }

  /** Number of phrases given to {@link #build}. */
  public int phraseCount() {
    return phraseCount;
  }

  /** Number of distinct keys in the automata (folded phrases, their joined forms, pinyin and initials). */
  public int keyCount() {
    return keyCount;
  }

  /**
   * Calls {@code consumer} for every occurrence of every phrase, overlapping ones included. Offsets are in
   * {@code text.text()} (a hit in the folded text or its pinyin is reported over the normalized units it came from);
   * map them back with {@link NormalizedText#originalStart} and {@link NormalizedText#originalEnd}.
   */
  public void scan(NormalizedText text, HitConsumer consumer) {
    scan(text, consumer, true);
  }

  /** As {@link #scan(NormalizedText)}, with the pinyin channel run on every text it may read: the gate's oracle. */
  List<Hit> scanWithoutSoundGate(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    scan(text, (phrase, start, end) -> hits.add(new Hit(phrase, start, end)), false);
    return hits;
  }

  /**
   * As {@link #scan(NormalizedText)}, with the phrases found inside words (regex literals) always looked for in the
   * normalized text by their own automaton: the oracle of the folded automaton's {@link #ANYWHERE} entries.
   */
  List<Hit> scanWithPlainLiterals(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    scan(text, (phrase, start, end) -> hits.add(new Hit(phrase, start, end)), true, true);
    return hits;
  }

  /**
   * As {@link #scan(NormalizedText)}, with every text folded: the oracle of the skip of texts the fold would only
   * collapse repeats in ({@link TermFolder#plainText}).
   */
  List<Hit> scanFoldingAll(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    scan(text, (phrase, start, end) -> hits.add(new Hit(phrase, start, end)), true, false, false);
    return hits;
  }

  private void scan(NormalizedText text, HitConsumer consumer, boolean gated) {
    scan(text, consumer, gated, false);
  }

  private void scan(NormalizedText text, HitConsumer consumer, boolean gated, boolean plainAlways) {
    scan(text, consumer, gated, plainAlways, true);
  }

  private void scan(NormalizedText text, HitConsumer consumer, boolean gated, boolean plainAlways, boolean skip) {
    if (keyCount == 0 || text.length() == 0) {
      return;
    }
    char[] units = text.units() != null ? text.units() : text.text().toCharArray();
    int n = text.length();
    TermFolder folder = TermFolder.shared();
    int plainText = skip ? skippedFold(units, n, folder) : 0;
    if (plainText != 0) {
      // the folded automaton would report nothing: only the pinyin channel is left
      soundScan(units, n, folder, consumer, gated, (plainText & TermFolder.PLAIN_HAN) != 0,
          (plainText & TermFolder.PLAIN_LATIN) != 0);
      return;
    }
    TermFolder.Folded f = folder.fold(units, n, homophones ? PinyinChannel.homophoneTable() : null, literalTable());
    boolean plainScan = plain != null && (f.watchedChanged || (plainAlways && !f.verbatim));
    if (plainScan) {
      // the fold dropped or changed a unit of some literal: the phrases found inside words are looked for in the
      // normalized text (else the folded automaton finds them, ANYWHERE)
      plain.scan(units, n, (begin, end, phrases) -> {
        for (int phrase : phrases) {
          consumer.hit(phrase, begin, end);
        }
      });
    }
    if (folded != null) {
      Candidates found = CANDIDATES.get();
      found.clear(f, !plainScan);
      folded.scan(f.units, f.length, found);
      if (found.size > 0) {
        // Hits are rare: only now fold again keeping where each unit came from and its repeats, and check them.
        FoldedFilter filter = new FoldedFilter(units, folder.foldTracked(units, n), consumer, !plainScan);
        for (int k = 0; k < found.size; k++) {
          filter.hit(found.begins[k], found.ends[k], found.keys[k]);
        }
      }
    }
    soundScan(units, n, folder, consumer, gated, f.han, f.latin);
  }

  /**
   * Whether the fold of {@code units[0, n)} can be skipped, as the flags of {@link TermFolder#plainText} (0: it
   * cannot): the fold would only collapse repeats outside the text's links, changes no literal's unit, and its text
   * holds no key of the folded automaton (which then reports nothing).
   */
  int skippedFold(char[] units, int n, TermFolder folder) {
    return skippedFold(units, n, folder, 0);
  }

  /** Modes of {@link #skippedFold}'s oracles: the text read again from its start at a link ... */
  private static final int REREAD = 1;
  /** ... and each link read in full: its last part folded, its head's fold scanned ({@link #linkRead}). */
  private static final int READ_LINKS_IN_FULL = 2;

  /**
   * As {@link #skippedFold}, with a text that has links read again from its start (the check, then the automaton):
   * the oracle of the read that goes on from the scan's states before the first link.
   */
  int skippedFoldRereading(char[] units, int n, TermFolder folder) {
    return skippedFold(units, n, folder, REREAD);
  }

  /**
   * As {@link #skippedFold}, with each link read in full: its last part folded even where the check passes it, its
   * head's fold scanned even where {@link #linkRead} keeps that scan from the last link: the oracle of both.
   */
  int skippedFoldReadingLinksInFull(char[] units, int n, TermFolder folder) {
    return skippedFold(units, n, folder, READ_LINKS_IN_FULL);
  }

  private int skippedFold(char[] units, int n, TermFolder folder, int mode) {
    if (folded == null) {
      return 0;
    }
    PlainCheck machine = folder.plainCheck();
    long checked = folded.scanChecked(units, n, foldedReading(), machine.next, PlainCheck.CATEGORIES,
        PlainCheck.START, PlainCheck.GAP_CATEGORIES);
    if (checked >= 0) {
      return machine.flags[machine.next[(int) checked * PlainCheck.CATEGORIES + PlainCheck.END]]
          & ~TermFolder.PLAIN_PAIR;
    }
    if (checked == -2) {
      return 0; // a key in the text read collapsed: its fold has one too
    }
    int[] links = LINKS.get();
    int gap = (int) (checked >>> Automaton.REJECTED_SPACE_SHIFT) & Automaton.NO_SPACE;
    boolean foldTails = (mode & READ_LINKS_IN_FULL) != 0;
    if ((mode & REREAD) == 0 && gap != Automaton.NO_SPACE) {
      int resumed = resumedBesideLinks(units, n, folder, gap - 1, (int) (checked >>> Automaton.REJECTED_STATE_SHIFT),
          (int) checked & Automaton.CHECKER_MASK, links, foldTails);
      if (resumed >= 0) {
        return resumed;
      }
    }
    int plainText = folder.plainTextBesideLinks(units, n, links);
    return plainText != 0
        && !foldedKeyBesideLinks(units, n, links, plainText >>> TermFolder.LINKS_SHIFT, folder, foldTails)
        ? plainText : 0;
  }

  /**
   * {@link #skippedFold} of a text the check rejected after the gap (spaces and separators, one a space) that starts
   * at {@code gap} (-1: none), from the scan's state and the checker's before that gap, when the text's first link
   * starts right after it (the check most often stops in a link's host name): the text before the link is not read
   * again. -1 when it cannot go on from there (no link there, an earlier link, or units dropped before the link other
   * than that gap).
   */
  private int resumedBesideLinks(char[] units, int n, TermFolder folder, int gap, int gapState, int gapChecker,
      int[] links, boolean foldTails) {
    int at = Math.max(gap, 0);
    while (gap >= 0 && at < n && (PlainCheck.GAP_CATEGORIES >>> folder.plainCategoryOf(units[at]) & 1) != 0) {
      at++;
    }
    if (TermFolder.linkAt(units, n, 0) != at) {
      return -1;
    }
    if (!folder.link(units, n, at, links, 0)) {
      return 0;
    }
    PlainCheck machine = folder.plainCheck();
    char[] codes = foldedCodes();
    int state = gapState;
    int checker = gapChecker;
    int before = links[0];
    if (before == at && gap >= 0) {
      // the gap is kept: read it, as the text before the link
      state = folded.scanCollapsed(units, gap, at, codes, state);
      for (int u = gap; u < at; u++) {
        checker = machine.next[checker * PlainCheck.CATEGORIES + folder.plainCategoryOf(units[u])];
      }
    } else if (before != gap && before != at) {
      return -1; // the fold drops part of the gap only
    }
    int flags = machine.flags[machine.next[checker * PlainCheck.CATEGORIES + PlainCheck.END]];
    if (state < 0 || flags == 0) {
      return 0;
    }
    boolean[] watched = literalTable();
    state = linkRead(units, links, 0, folder, codes, watched, state, foldTails);
    if (state < 0) {
      return 0;
    }
    int count = 1;
    int pos = links[3];
    for (int next = TermFolder.linkAt(units, n, at + 1); next >= 0; next = TermFolder.linkAt(units, n, next + 1)) {
      if (count == TermFolder.MAX_LINKS || !folder.link(units, n, next, links, count)) {
        return 0;
      }
      int span = folder.plainSpan(units, pos, links[4 * count]);
      if (span == 0) {
        return 0;
      }
      flags |= span;
      state = folded.scanCollapsed(units, pos, links[4 * count], codes, state);
      state = state < 0 ? -1 : linkRead(units, links, count, folder, codes, watched, state, foldTails);
      if (state < 0) {
        return 0;
      }
      pos = links[4 * count + 3];
      count++;
    }
    int span = folder.plainSpan(units, pos, n);
    flags = span == 0 ? 0 : TermFolder.besideLinksFlags(flags | span, count);
    return flags != 0 && folded.scanCollapsed(units, pos, n, codes, state) >= 0 ? flags : 0;
  }

  /**
   * Whether the folded automaton may report something in a text {@link TermFolder#plainTextBesideLinks} passed, with
   * {@code count} links at {@code links}: a key in its fold (the rest read collapsed, each link folded alone, as one
   * scan), or a link whose fold changed a literal's unit (the scan must then read the normalized text too).
   */
  private boolean foldedKeyBesideLinks(char[] units, int n, int[] links, int count, TermFolder folder,
      boolean foldTails) {
    char[] codes = foldedCodes();
    boolean[] watched = literalTable();
    int state = 0;
    int pos = 0;
    for (int k = 0; k < count; k++) {
      state = folded.scanCollapsed(units, pos, links[4 * k], codes, state);
      state = state < 0 ? -1 : linkRead(units, links, k, folder, codes, watched, state, foldTails);
      if (state < 0) {
        return true;
      }
      pos = links[4 * k + 3];
    }
    return folded.scanCollapsed(units, pos, n, codes, state) < 0;
  }

  /**
   * The folded automaton's state after link {@code k} of {@code links} and the units dropped beside it, read from
   * {@code state}: the link folded alone (its head up to the last slash kept from the thread's last link); -1 at a key,
   * or where the fold of the link or the units dropped beside it change a literal's unit. A last part the check passes
   * alone ({@link TermFolder#plainSpan}: the fold would only collapse its repeats, as it does for a whole text the check
   * passes) is read as it is, and the scan of the head's fold from a state is kept from the last link with that head,
   * unless {@code foldTail} (the oracle's read in full).
   */
  private int linkRead(char[] units, int[] links, int k, TermFolder folder, char[] codes, boolean[] watched,
      int state, boolean foldTail) {
    int before = links[4 * k];
    int at = links[4 * k + 1];
    int end = links[4 * k + 2];
    int after = links[4 * k + 3];
    if (watchedAmong(units, before, at, watched) || watchedAmong(units, end, after, watched)) {
      return -1; // a dropped unit some literal holds
    }
    int tail = at;
    int slash = end - 1;
    while (slash > at && units[slash] != '/') {
      slash--;
    }
    LinkHead head = LINK_HEAD.get();
    if (slash > at + 1 && folder.isWordUnitOf(units[slash - 1]) && folder.isWordUnitOf(units[slash - 2])) {
      // the link's head (to its last slash) folds alone as within the link: a word of two units or more ends it, and
      // the slash ends that word; links share heads, so its fold is kept from the last link
      if (!head.fold(units, at, slash + 1, folder, watched)) {
        return -1;
      }
      state = foldTail ? folded.scanCollapsed(head.folded, 0, head.foldedLength, codes, state)
          : head.read(folded, codes, state);
      tail = slash + 1;
    }
    if (state < 0) {
      return -1;
    }
    if (!foldTail && folder.plainSpan(units, tail, end) != 0) {
      return folded.scanCollapsed(units, tail, end, codes, state);
    }
    System.arraycopy(units, tail, head.buffer, 0, end - tail);
    TermFolder.Folded f = folder.fold(head.buffer, end - tail, null, watched);
    if (f.watchedChanged) {
      return -1;
    }
    return folded.scanCollapsed(f.units, 0, f.length, codes, state);
  }

  private static boolean watchedAmong(char[] units, int from, int to, boolean[] watched) {
    for (int u = from; u < to && watched != null; u++) {
      if (watched[units[u]]) {
        return true;
      }
    }
    return false;
  }

  private static final ThreadLocal<int[]> LINKS = ThreadLocal.withInitial(() -> new int[TermFolder.LINK_INTS * TermFolder.MAX_LINKS]);
  private static final ThreadLocal<LinkHead> LINK_HEAD = ThreadLocal.withInitial(LinkHead::new);

  /** The fold of the last link head a thread read ({@code https://link.example/}), and room to fold a link's part. */
  private static final class LinkHead {
    final char[] buffer = new char[TermFolder.MAX_LINK_UNITS];
    private char[] units = new char[0];
    private boolean[] watched;
    private boolean changed;
    char[] folded = new char[0];
    int foldedLength;
    /**
     * The automaton's state after the head's fold, by the state before it ({@code memoIn[state & MEMO_MASK]}), for the
     * automaton and reading of {@link #memoOwner}: most links start from one of a few states.
     */
    private final int[] memoIn = new int[MEMO_MASK + 1];
    private final int[] memoOut = new int[MEMO_MASK + 1];
    private Automaton<?> memoOwner;
    private char[] memoCodes;
    private static final int MEMO_MASK = 63;

    /** {@code automaton.scanCollapsed} of the head's fold from {@code state}, kept for the next link with this head. */
    int read(Automaton<?> automaton, char[] codes, int state) {
      if (automaton != memoOwner || codes != memoCodes) {
        java.util.Arrays.fill(memoIn, -1);
        memoOwner = automaton;
        memoCodes = codes;
      }
      int slot = state & MEMO_MASK;
      if (memoIn[slot] != state) {
        memoOut[slot] = automaton.scanCollapsed(folded, 0, foldedLength, codes, state);
        memoIn[slot] = state;
      }
      return memoOut[slot];
    }

    /** Folds {@code s[from, to)} alone, or keeps the last fold of the same units; false if it changed a watched unit. */
    boolean fold(char[] s, int from, int to, TermFolder folder, boolean[] watchedUnits) {
      if (watchedUnits != watched || !java.util.Arrays.equals(units, 0, units.length, s, from, to)) {
        units = java.util.Arrays.copyOfRange(s, from, to);
        watched = watchedUnits;
        TermFolder.Folded f = folder.fold(units, units.length, null, watchedUnits);
        changed = f.watchedChanged;
        folded = java.util.Arrays.copyOf(f.units, f.length);
        foldedLength = f.length;
        memoOwner = null;
      }
      return !changed;
    }
  }

  /** The pinyin channel over the normalized units, for a text whose fold has ideographs ({@code han}) and a-z. */
  private void soundScan(char[] units, int n, TermFolder folder, HitConsumer consumer, boolean gated, boolean han,
      boolean latin) {
    if (sound != null && han && latin && (!gated || soundGate().mayHit(units, n, folder))) {
      // pinyin in Latin letters needs Latin letters beside ideographs; texts of ideographs alone skip the channel, and
      // ideographs too far from any Latin letter for a phrase's hit to reach are not read
      PinyinChannel.Sound s = SOUND.get();
      s.of(units, n, folder, soundReach);
      sound.scan(s.units, s.length, new SoundFilter(units, s, folder, consumer));
    }
  }

  /** {@link #foldedCodes()} with each unit's category in {@link PlainCheck} above the code, built as it is. */
  private int[] foldedReading() {
    int[] reading = foldedReading;
    if (reading == null) {
      char[] codes = foldedCodes();
      TermFolder folder = TermFolder.shared();
      reading = new int[codes.length];
      for (int u = 0; u < codes.length; u++) {
        reading[u] = codes[u] | folder.plainCategoryOf((char) u) << 16;
      }
      foldedReading = reading;
    }
    return reading;
  }

  /**
   * The folded automaton's code of every unit as the fold writes it: an ideograph read as its homophone when the
   * matcher reads homophones. Built once per JVM and matcher (a race only builds it twice).
   */
  private char[] foldedCodes() {
    char[] codes = foldedCodes;
    if (codes == null) {
      codes = folded.codes();
      if (homophones) {
        char[] han = PinyinChannel.homophoneTable();
        TermFolder folder = TermFolder.shared();
        char[] own = codes.clone();
        for (int u = 0; u < codes.length; u++) {
          codes[u] = folder.classOf((char) u) == TermFolder.HAN ? own[han[u]] : own[u];
        }
      }
      foldedCodes = codes;
    }
    return codes;
  }

  /** The table of {@link #literalUnits}, built once per JVM and matcher (a race only builds it twice). */
  private boolean[] literalTable() {
    boolean[] table = literalTable;
    if (table == null && literalUnits != null) {
      table = new boolean[0x10000];
      for (int k = 0; k < literalUnits.length(); k++) {
        table[literalUnits.charAt(k)] = true;
      }
      literalTable = table;
    }
    return table;
  }

  private SoundGate soundGate() {
    SoundGate gate = soundGate;
    if (gate == null) {
      gate = new SoundGate(soundKeyTexts); // built once per JVM and matcher; a race only builds it twice
      soundGate = gate;
    }
    return gate;
  }

  private static final ThreadLocal<Candidates> CANDIDATES = ThreadLocal.withInitial(Candidates::new);

  /** Raw hits of the folded automaton, checked once the scan is over. */
  private static final class Candidates implements Automaton.Hits<Key> {
    int[] begins = new int[16];
    int[] ends = new int[16];
    Key[] keys = new Key[16];
    int size;

    private TermFolder.Folded text;
    /** Whether the phrases found inside words are looked for here ({@link #ANYWHERE}), not by the plain automaton. */
    private boolean anywhere;

    void clear(TermFolder.Folded folded, boolean anywhereHere) {
      java.util.Arrays.fill(keys, 0, size, null);
      size = 0;
      text = folded;
      anywhere = anywhereHere;
    }

    /** Keeps hits with word boundaries (checked on the folded units, as {@link FoldedFilter} does). */
    @Override
    public void hit(int begin, int end, Key key) {
      if (!wordEdges(text, begin, end, key) && !(key.anywhere && anywhere)) {
        return;
      }
      if (size == begins.length) {
        begins = java.util.Arrays.copyOf(begins, 2 * size);
        ends = java.util.Arrays.copyOf(ends, 2 * size);
        keys = java.util.Arrays.copyOf(keys, 2 * size);
      }
      begins[size] = begin;
      ends[size] = end;
      keys[size] = key;
      size++;
    }
  }

  private static final ThreadLocal<PinyinChannel.Sound> SOUND = ThreadLocal.withInitial(PinyinChannel.Sound::new);

  /** Convenience form of {@link #scan(NormalizedText, HitConsumer)} that collects the hits. */
  public List<Hit> scan(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    scan(text, (phrase, start, end) -> hits.add(new Hit(phrase, start, end)));
    return hits;
  }

  /**
   * Whether a hit at {@code [begin, end)} of the folded text starts and ends on a word edge where its key needs one:
   * no ASCII letter or digit beside it, or a part break of a word joined around separators ({@code cdc} in
   * {@code cdc_news}).
   */
  private static boolean wordEdges(TermFolder.Folded f, int begin, int end, Key key) {
    return !(key.boundaryBefore && begin > 0 && isAsciiAlnum(f.units[begin - 1]) && !f.breaksBefore(begin))
        && !(key.boundaryAfter && end < f.length && isAsciiAlnum(f.units[end]) && !f.breaksBefore(end));
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Drops hits in the folded text that start or end inside an ASCII word, whose repeated letters are not the
   * phrase's, or that join words where a plain word of the same letters is likely; reports the rest over the
   * normalized units they came from.
   */
  private static final class FoldedFilter implements Automaton.Hits<Key> {
    private final char[] normalized;
    private final TermFolder.Folded f;
    private final HitConsumer consumer;
    private final boolean anywhere;

    FoldedFilter(char[] normalized, TermFolder.Folded f, HitConsumer consumer, boolean anywhere) {
      this.normalized = normalized;
      this.f = f;
      this.consumer = consumer;
      this.anywhere = anywhere;
    }

    @Override
    public void hit(int begin, int end, Key key) {
      boolean edges = wordEdges(f, begin, end, key);
      int from = f.from[begin];
      int to = f.to[end - 1];
      for (Entry e : key.entries) {
        if (e.channel == ANYWHERE) {
          if (anywhere) {
            anywhere(e, begin, end);
          }
        } else if (edges && repeatsAgree(e.repeats, begin, end) && (!e.joined || joinedByWriter(from, to, end - begin))
            && (e.exact == null || e.exact.contentEquals(java.nio.CharBuffer.wrap(f.units, begin, end - begin)))) {
          consumer.hit(e.phrase, from, to);
        }
      }
    }

    /**
     * A phrase found inside words, in a fold that left its units alone: where its repeats agree (the same inside, at
     * least as many at either end, where the text's run may be longer), over the normalized units it takes of those
     * runs; a phrase of one run is in a longer run at each offset. When the fold changed other units, each of those
     * spans is kept only where the normalized text holds the phrase (a dropped dot or a leet digit inside it is not).
     */
    private void anywhere(Entry e, int begin, int end) {
      if (e.exact != null && !e.exact.contentEquals(java.nio.CharBuffer.wrap(f.units, begin, end - begin))) {
        return;
      }
      int[] runs = e.repeats;
      int last = end - 1 - begin;
      if (last == 0) {
        for (int at = f.from[begin]; at + runs[0] <= f.to[begin]; at++) {
          literal(e, at, at + runs[0]);
        }
        return;
      }
      if (f.repeats[begin] < runs[0] || f.repeats[end - 1] < runs[last]) {
        return;
      }
      for (int k = 1; k < last; k++) {
        if (f.repeats[begin + k] != runs[k]) {
          return;
        }
      }
      literal(e, f.to[begin] - runs[0], f.from[end - 1] + runs[last]);
    }

    private void literal(Entry e, int start, int end) {
      if (f.verbatim || (end - start == e.literal.length()
          && e.literal.contentEquals(java.nio.CharBuffer.wrap(normalized, start, end - start)))) {
        consumer.hit(e.phrase, start, end);
      }
    }

    private boolean repeatsAgree(int[] phrase, int begin, int end) {
      for (int k = 0; k < end - begin; k++) {
        int t = f.repeats[begin + k];
        int p = phrase == null ? 1 : phrase[k];
        if (t != p && !(t > p && t >= OBVIOUS_REPEAT)) {
          return false;
        }
      }
      return true;
    }

    /**
     * A joined phrase ({@code bakingsoda}) found where the writer joined words: with separators or spaces between its
     * letters, after a {@code #}, or as a word too long to be an ordinary one ("the rapist" is not "therapist").
     */
    private boolean joinedByWriter(int from, int to, int letters) {
      if (letters >= JOINED_PLAIN_WORD_LETTERS || (from > 0 && normalized[from - 1] == '#')) {
        return true;
      }
      TermFolder folder = TermFolder.shared();
      for (int u = from; u < to; u++) {
        byte k = folder.classOf(normalized[u]);
        if (k == TermFolder.SPACE || k == TermFolder.SEPARATOR) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Keeps hits in the pinyin of a text that begin and end on syllable or word edges and that the phrase's options
   * allow: Latin letters in the hit need {@link #PINYIN}, ideographs other than the phrase's need {@link #HOMOPHONES};
   * initials must be Latin letters only. The phrase written as itself is left to the folded text.
   */
  private static final class SoundFilter implements Automaton.Hits<Key> {
    private final char[] normalized;
    private final PinyinChannel.Sound s;
    private final TermFolder folder;
    private final HitConsumer consumer;

    SoundFilter(char[] normalized, PinyinChannel.Sound s, TermFolder folder, HitConsumer consumer) {
      this.normalized = normalized;
      this.s = s;
      this.folder = folder;
      this.consumer = consumer;
    }

    @Override
    public void hit(int begin, int end, Key key) {
      if ((s.edges[begin] & PinyinChannel.START) == 0 || (s.edges[end - 1] & PinyinChannel.END) == 0) {
        return;
      }
      int from = s.source[begin];
      int to = s.source[end - 1] + 1;
      boolean latin = false;
      boolean han = false;
      StringBuilder chars = new StringBuilder();
      for (int u = from; u < to; u++) {
        byte k = folder.classOf(normalized[u]);
        latin |= k == TermFolder.LETTER;
        if (k == TermFolder.HAN) {
          han = true;
          chars.append(normalized[u]);
        }
      }
      for (Entry e : key.entries) {
        if ((e.channel == INITIALS && han) || (!han && e.han.length() < LATIN_PINYIN_MIN_CHARS)) {
          continue;
        }
        boolean homophone = han && !e.han.contentEquals(chars) && !onlyCharsOf(chars, e.han);
        if (!latin) {
          continue; // ideographs alone: the phrase and its homophones are found in the folded text
        }
        if ((!latin || (e.sounds & PINYIN) != 0) && (!homophone || (e.sounds & HOMOPHONES) != 0)) {
          consumer.hit(e.phrase, from, to);
        }
      }
    }

    private static boolean onlyCharsOf(CharSequence chars, String phrase) {
      for (int i = 0; i < chars.length(); i++) {
        if (phrase.indexOf(chars.charAt(i)) < 0) {
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public String toString() {
    return "TermMatcher[" + phraseCount + " phrases, " + keyCount + " keys]";
  }
}
