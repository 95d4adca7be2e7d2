// How many of the texts that reach a model repeat another's tokens: every post field of POSTS (an archive's posts
// directory) that passes the first stage on the claims of CATALOGUE (a catalogue .tsv), then per shipped model the fields
// in its script, the distinct texts and the distinct token-id sequences. Not a test; figures in BENCHMARKS.md
// ("Semantic stage, seventh session").
//   java -Xmx4g --add-opens=... -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" tools/semantic-speed/Dupes.java \
//     WORK/archive-.../posts rules/catalogues/debunked-claims.tsv
// (the --add-opens flags of bin/winnow).
import ai.djl.huggingface.tokenizers.*;
import io.winnow.text.*;
import java.io.*;
import java.util.*;
import org.apache.spark.sql.*;

public class Dupes {
  static byte[] res(String n) throws Exception { try (InputStream in = Dupes.class.getClassLoader().getResourceAsStream(n)) { return in.readAllBytes(); } }
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    List<String> ids = new ArrayList<>(), texts = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(a[1]))) {
      if (line.startsWith("#") || line.isBlank()) continue;
      String[] p = line.split("\t"); ids.add(p[0]); texts.add(p[1]);
    }
    List<String> fields = new ArrayList<>();
    for (Row r : spark.read().parquet(a[0]).select("text", "title").collectAsList()) {
      KeywordSketch s = SK.get(ids, texts);
      for (int i = 0; i < 2; i++) {
        if (!r.isNullAt(i) && s.passes(TextNormalizer.shared().normalize(r.getString(i)))) fields.add(r.getString(i));
      }
    }
    System.out.println("passing fields " + fields.size());
    Map<String,String> to = new HashMap<>(); to.put("maxLength","128"); to.put("truncation","true"); to.put("padding","true");
    for (String[] m : new String[][] {{"all-minilm-l6-v2-q-tokenizer.json", "LATIN"}, {"bge-small-zh-v1.5-q-tokenizer.json", "HAN"}}) {
      HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(res(m[0])), to);
      SentenceEncoder.Script sc = SentenceEncoder.Script.valueOf(m[1]);
      Set<String> distinct = new HashSet<>(); Set<String> distinctIds = new HashSet<>(); long n = 0; long len = 0; long cut = 0;
      for (String f : fields) {
        if (!sc.writes(f)) continue;
        n++;
        if (distinct.add(f)) { long[] x = t.encode(f).getIds(); len += x.length; if (x.length >= 128) cut++; distinctIds.add(Arrays.toString(x)); }
      }
      System.out.printf("%s: %d fields, %d distinct texts, %d distinct token-id sequences, mean tokens %.1f, at 128: %d%n", m[0], n, distinct.size(), distinctIds.size(), (double) len / Math.max(1, distinct.size()), cut);
      int shown = 0; Map<String,String> first = new HashMap<>();
      for (String f : distinct) { String k = Arrays.toString(t.encode(f).getIds()); String o = first.putIfAbsent(k, f); if (o != null && shown++ < 5) System.out.println("  same ids: [" + o + "] [" + f + "]"); }
    }
    spark.stop();
  }
  static final class SK { static KeywordSketch k; static KeywordSketch get(List<String> i, List<String> t) { if (k == null) k = new KeywordSketch(i, t, 0.3, 3, TextNormalizer.shared()); return k; } }
}
