// What loading a model costs per JVM, in thread CPU ms: ONNX Runtime's session from the shipped ONNX bytes (with its
// graph optimisation, the default level) against a session from an optimised model file written once
// (SessionOptions.setOptimizedModelFilePath, then loaded with optimisation off), and whether the two give the same
// vectors bit for bit on 300 texts. Not a test; figures in BENCHMARKS.md ("Semantic stage, eighth session").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" tools/semantic-speed/SessionLoad.java \
//     all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json
import ai.djl.huggingface.tokenizers.*;
import ai.onnxruntime.*;
import java.io.*;
import java.nio.LongBuffer;
import java.nio.file.*;
import java.util.*;

public class SessionLoad {
  static java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  static long cpu() { return MX.getCurrentThreadCpuTime(); }
  static byte[] res(String n) throws Exception { try (InputStream in = SessionLoad.class.getClassLoader().getResourceAsStream(n)) { return in.readAllBytes(); } }

  public static void main(String[] a) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long c0 = cpu();
    byte[] model = res(a[0]);
    System.out.printf("read %s (%,d bytes) from the jar: %.0f ms cpu%n", a[0], model.length, (cpu() - c0) / 1e6);
    c0 = cpu();
    java.security.MessageDigest.getInstance("SHA-256").digest(model);
    System.out.printf("SHA-256: %.0f ms cpu%n", (cpu() - c0) / 1e6);
    Path opt = Files.createTempFile("opt", ".onnx");
    OrtSession plain = null;
    for (int i = 0; i < 3; i++) {
      c0 = cpu();
      try (OrtSession.SessionOptions o = options()) {
        if (i == 2) o.setOptimizedModelFilePath(opt.toString());
        OrtSession s = env.createSession(model, o);
        System.out.printf("session from the ONNX bytes%s: %.0f ms cpu%n", i == 2 ? " (writing the optimised file)" : "", (cpu() - c0) / 1e6);
        if (plain == null) plain = s; else s.close();
      }
    }
    OrtSession fromFile = null;
    for (int i = 0; i < 3; i++) {
      c0 = cpu();
      try (OrtSession.SessionOptions o = options()) {
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        OrtSession s = env.createSession(opt.toString(), o);
        System.out.printf("session from the optimised file (%,d bytes), optimisation off: %.0f ms cpu%n", Files.size(opt), (cpu() - c0) / 1e6);
        if (fromFile == null) fromFile = s; else s.close();
      }
    }
    Map<String,String> to = new HashMap<>(); to.put("maxLength","128"); to.put("truncation","true"); to.put("padding","true");
    c0 = cpu();
    HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(res(a[1])), to);
    System.out.printf("tokenizer: %.0f ms cpu%n", (cpu() - c0) / 1e6);
    Random r = new Random(3);
    String[] words = "the virus spreads fast and drinking hot water every fifteen minutes kills it in your throat say doctors".split(" ");
    String han = "喝板蓝根可以预防新冠病毒专家说每天用盐水漱口能杀死喉咙里的病毒医院里的医生都这样做官方辟谣称这是假消息";
    int same = 0;
    long tPlain = 0, tFile = 0;
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      if (a[0].contains("bge")) { int n = 5 + r.nextInt(60); for (int k = 0; k < n; k++) b.append(han.charAt(r.nextInt(han.length()))); }
      else { int n = 3 + r.nextInt(30); for (int k = 0; k < n; k++) b.append(words[r.nextInt(words.length)]).append(' '); }
      Encoding e = t.batchEncode(List.of(b.toString()))[0];
      long s0 = cpu();
      float[][][] x = run(env, plain, e);
      long s1 = cpu();
      float[][][] y = run(env, fromFile, e);
      tPlain += s1 - s0; tFile += cpu() - s1;
      same += Arrays.deepEquals(x, y) ? 1 : 0;
    }
    System.out.printf("300 texts: identical outputs %d; run %.2f ms (bytes) / %.2f ms (optimised file) a text%n", same, tPlain / 3e8, tFile / 3e8);
  }

  static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(1); o.setInterOpNumThreads(1);
    return o;
  }

  static float[][][] run(OrtEnvironment env, OrtSession s, Encoding e) throws OrtException {
    long[] ids = e.getIds(), mask = e.getAttentionMask(), ty = e.getTypeIds();
    long[] shape = {1, ids.length};
    Map<String, OnnxTensor> in = new HashMap<>();
    in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
    in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
    if (s.getInputNames().contains("token_type_ids")) in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ty), shape));
    try (OrtSession.Result res = s.run(in)) {
      return (float[][][]) res.get(0).getValue();
    }
  }
}
