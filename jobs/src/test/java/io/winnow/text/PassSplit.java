package io.winnow.text;

import io.winnow.engine.CompiledRules;
import io.winnow.model.Condition;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The steps of {@link TermMatcher#scan} timed one by one over the texts of {@code io.winnow.cli.PassBench}'s dump
 * (its rules: the generated 1,000 term + 50 regex rules with every fold and sound on): the untracked fold, the folded
 * automaton (over the folded and over the normalized text), the pinyin gate, the whole scan; then how many texts fold
 * verbatim (only repeats collapsed) and what the fold of the others costs: the bound of a fast path that skips the
 * fold. One thread, thread CPU seconds per round. Not a unit test. Run after {@code mvn -pl jobs test-compile}, with
 * a dump {@code PassBench} wrote:
 *
 * <pre>
 * java -Xmx3g --add-opens=... -cp jobs/target/test-classes:jobs/target/classes:$(cat jobs/target/classpath.txt) \
 *   io.winnow.text.PassSplit DUMP_FILE RULES_DIR [ROUNDS]
 * </pre>
 */
public final class PassSplit {
  private PassSplit() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    List<char[]> texts = normalized(Path.of(args[0]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    TermMatcher matcher = matcher(Path.of(args[1]));
    Field automaton = TermMatcher.class.getDeclaredField("folded");
    automaton.setAccessible(true);
    Automaton<Object> folded = (Automaton<Object>) automaton.get(matcher);
    Method literals = TermMatcher.class.getDeclaredMethod("literalTable");
    literals.setAccessible(true);
    boolean[] watched = (boolean[]) literals.invoke(matcher);
    Method gateOf = TermMatcher.class.getDeclaredMethod("soundGate");
    gateOf.setAccessible(true);
    SoundGate gate = (SoundGate) gateOf.invoke(matcher);
    char[] han = PinyinChannel.homophoneTable();
    TermFolder folder = TermFolder.shared();
    TextNormalizer normalizer = TextNormalizer.shared();
    List<char[]> changed = new ArrayList<>();
    long changedUnits = 0;
    for (char[] t : texts) {
      TermFolder.Folded f = folder.fold(t, t.length, han, watched);
      if (!f.verbatim || f.partBreakCount > 0) {
        changed.add(t);
        changedUnits += t.length;
      }
    }
    System.out.printf("%,d texts, %,d fold verbatim; the %,d others hold %,d units%n", texts.size(),
        texts.size() - changed.size(), changed.size(), changedUnits);
    int plain = 0;
    int besideLinks = 0;
    int skip = 0;
    long plainUnits = 0;
    int[] links = new int[TermFolder.LINK_INTS * TermFolder.MAX_LINKS];
    for (char[] t : texts) {
      boolean whole = folder.plainText(t, t.length) != 0;
      if (whole || folder.plainTextBesideLinks(t, t.length, links) != 0) {
        plain += whole ? 1 : 0;
        besideLinks += whole ? 0 : 1;
        plainUnits += t.length;
        skip += matcher.skippedFold(t, t.length, folder) != 0 ? 1 : 0;
      }
    }
    System.out.printf("the fold would only collapse repeats in %,d texts, and beside their links in %,d more (%,d"
        + " units in all); %,d of them skip the fold (no key in that reading)%n", plain, besideLinks, plainUnits, skip);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] hits = new long[1];
    Automaton.Hits<Object> count = (begin, end, key) -> hits[0]++;
    for (int round = 0; round < rounds; round++) {
      long sink = 0;
      long t0 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        sink += folder.fold(t, t.length, han, watched).length;
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        folded.scan(t, t.length, count);
      }
      long t2 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        TermFolder.Folded f = folder.fold(t, t.length, han, watched);
        folded.scan(f.units, f.length, count);
      }
      long t3 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        TermFolder.Folded f = folder.fold(t, t.length, han, watched);
        sink += f.han && f.latin && gate.mayHit(t, t.length, folder) ? 1 : 0;
      }
      long t4 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        matcher.scan(new NormalizedText(null, null, t, t.length, normalizer), (phrase, start, end) -> hits[0]++);
      }
      long t5 = threads.getCurrentThreadCpuTime();
      for (char[] t : changed) {
        sink += folder.fold(t, t.length, han, watched).length;
      }
      long t6 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        sink += folder.plainText(t, t.length);
      }
      long t7 = threads.getCurrentThreadCpuTime();
      for (char[] t : texts) {
        sink += matcher.skippedFold(t, t.length, folder);
      }
      long t8 = threads.getCurrentThreadCpuTime();
      System.out.printf("fold %.4f | automaton over the normalized text %.4f | fold + automaton %.4f | fold + gate %.4f"
          + " | whole scan %.4f | fold of the texts not verbatim %.4f | plainText %.4f | skippedFold %.4f (%d)%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
          (t6 - t5) / 1e9, (t7 - t6) / 1e9, (t8 - t7) / 1e9, (sink + hits[0]) & 1);
    }
  }

  /** The non-empty normalized texts of the dump (length-prefixed UTF-8, -1 for a null field). */
  private static List<char[]> normalized(Path dump) throws IOException {
    List<char[]> texts = new ArrayList<>();
    TextNormalizer normalizer = TextNormalizer.shared();
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dump)))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return texts;
        }
        if (length < 0) {
          continue;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        NormalizedText t = normalizer.normalizeUtf8(utf8, buffer);
        if (t.length() > 0) {
          texts.add(Arrays.copyOf(t.units(), t.length()));
        }
      }
    }
  }

  /** The term matcher of {@code PassBench}'s rules: {@code BenchEngineCommand.generated} with every sound on. */
  private static TermMatcher matcher(Path rules) throws ReflectiveOperationException, IOException {
    List<String> seeds = new ArrayList<>();
    RuleLoader.load(rules).rules().stream().filter(r -> r.subject() == Subject.POST)
        .forEach(r -> io.winnow.cli.PassBench.collect(r.when(), seeds));
    Method generated = Arrays.stream(Class.forName("io.winnow.cli.BenchEngineCommand").getDeclaredMethods())
        .filter(m -> m.getName().equals("generated") && m.getParameterCount() == 6).findFirst().orElseThrow();
    generated.setAccessible(true);
    RuleSet set = (RuleSet) generated.invoke(null, Set.of(Condition.Sound.PINYIN, Condition.Sound.HOMOPHONES), 1000,
        50, seeds, 0, 0);
    Field matcher = CompiledRules.class.getDeclaredField("matcher");
    matcher.setAccessible(true);
    return (TermMatcher) matcher.get(CompiledRules.of(set, Subject.POST, Integer.MAX_VALUE));
  }
}
