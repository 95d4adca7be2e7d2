import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.text.NormalizedText;
import io.winnow.text.TermMatcher;
import io.winnow.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * What the folds of issue 17 cost on real text: every phrase of the shipped post lists (rules/lists) scanned over every
 * CED post, repost and comment, by the terms matcher as it is built with the folds alone, with the pinyin option, with
 * homophones, and with both. Writes, per configuration, the line numbers of texts with a hit (to diff against another
 * build of winnow) and a seeded sample of the texts each sound option adds, with the phrase and what it quotes, for a
 * reviewer. Nothing of the data enters the repository: output goes to the directory given (under work/).
 *
 * <pre>
 * java -cp jobs/target/classes:$(cat jobs/target/classpath.txt) tools/eval-evasion/FoldPrecision.java \
 *     ../shared/data/ced rules/lists work/eval-evasion
 * </pre>
 *
 * Against an older build (without the sound options) only the folds-alone configuration runs.
 */
public final class FoldPrecision {
  private static final String[] POST_LISTS = {"fabricated-news", "debunked-claims", "false-health-claims",
      "medical-services", "legal-services", "financial-services", "educational-services", "disaster-events",
      "disaster-hype-hooks", "engagement-bait", "paid-solicitation"};
  private static final String[] CONFIGS = {"folds", "pinyin", "homophones", "pinyin+homophones"};
  private static final int SAMPLE = 40;

  public static void main(String[] args) throws Exception {
    Path ced = Path.of(args[0]);
    Path lists = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    List<String> phrases = new ArrayList<>();
    for (String list : POST_LISTS) {
      for (String line : Files.readAllLines(lists.resolve(list + ".txt"))) {
        String p = line.strip();
        if (!p.isEmpty() && !p.startsWith("#")) {
          phrases.add(p);
        }
      }
    }
    TextNormalizer normalizer = TextNormalizer.shared();
    List<TermMatcher> matchers = new ArrayList<>();
    matchers.add(TermMatcher.build(phrases, normalizer));
    Method withSounds = null;
    try {
      withSounds = TermMatcher.class.getMethod("build", List.class, TextNormalizer.class, BitSet.class, int[].class);
    } catch (NoSuchMethodException e) {
      System.out.println("this build has no sound options: folds alone");
    }
    if (withSounds != null) {
      for (int sounds : new int[] {1, 2, 3}) {
        int[] options = new int[phrases.size()];
        java.util.Arrays.fill(options, sounds);
        matchers.add((TermMatcher) withSounds.invoke(null, phrases, normalizer, new BitSet(), options));
      }
    }
    List<String> texts = texts(ced);
    System.out.printf("%,d phrases, %,d texts%n", phrases.size(), texts.size());
    long[] hitTexts = new long[matchers.size()];
    List<List<String>> extra = new ArrayList<>();
    for (int m = 0; m < matchers.size(); m++) {
      extra.add(new ArrayList<>());
    }
    PrintWriter[] ids = new PrintWriter[matchers.size()];
    for (int m = 0; m < matchers.size(); m++) {
      ids[m] = new PrintWriter(Files.newBufferedWriter(out.resolve("hits-" + CONFIGS[m] + ".txt")));
    }
    long start = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      NormalizedText t = normalizer.normalize(texts.get(i));
      boolean base = false;
      for (int m = 0; m < matchers.size(); m++) {
        List<TermMatcher.Hit> hits = matchers.get(m).scan(t);
        if (hits.isEmpty()) {
          continue;
        }
        hitTexts[m]++;
        ids[m].println(i);
        base |= m == 0;
        if (m > 0 && !base) {
          TermMatcher.Hit h = hits.get(0);
          extra.get(m).add(i + "\t" + phrases.get(h.phrase()) + "\t["
              + t.original().substring(t.originalStart(h.start()), t.originalEnd(h.end())) + "]\t"
              + texts.get(i).replace('\n', ' ').replace('\t', ' '));
        }
      }
    }
    for (PrintWriter w : ids) {
      w.close();
    }
    System.out.printf("scanned in %.1f s%n", (System.nanoTime() - start) / 1e9);
    for (int m = 0; m < matchers.size(); m++) {
      System.out.printf("%-18s texts with a hit %,8d (%.2f per 10,000); added over folds alone %,d%n", CONFIGS[m],
          hitTexts[m], 1e4 * hitTexts[m] / texts.size(), extra.get(m).size());
      List<String> sample = new ArrayList<>(extra.get(m));
      java.util.Collections.shuffle(sample, new Random(17));
      Files.write(out.resolve("sample-" + CONFIGS[m] + ".tsv"), sample.subList(0, Math.min(SAMPLE, sample.size())));
    }
  }

  /** The text of every original post, then of every repost and comment (empty ones skipped). */
  private static List<String> texts(Path ced) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(ced.resolve("posts.jsonl"))) {
      add(texts, json.readTree(line));
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(ced.resolve("reposts.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        add(texts, json.readTree(line));
      }
    }
    return texts;
  }

  private static void add(List<String> texts, JsonNode row) {
    JsonNode text = row.get("text");
    if (text != null && !text.isNull() && !text.asText().isBlank()) {
      texts.add(text.asText());
    }
  }
}
