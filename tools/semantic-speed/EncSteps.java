// Where one text's embedding goes: tokenize (DJL), input tensors, OrtSession.run, reading the output, in thread CPU ms
// per text, over 200 generated texts (English words for a MiniLM-like model, Chinese characters for BGE), REPS rounds
// (the first is warm-up), with ONNX Runtime session options as MODE: default, basic, ext (optimization level), nopat
// (memory pattern off), noarena (CPU arena off). Not a test; figures in BENCHMARKS.md ("Semantic stage, seventh session").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)" tools/semantic-speed/EncSteps.java \
//     all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json 4 default
import ai.djl.huggingface.tokenizers.*;
import ai.onnxruntime.*;
import java.io.*;
import java.nio.LongBuffer;
import java.util.*;

public class EncSteps {
  static byte[] res(String n) throws Exception { try (InputStream in = EncSteps.class.getClassLoader().getResourceAsStream(n)) { return in.readAllBytes(); } }
  static java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  static long cpu() { return MX.getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    String model = a[0], tok = a[1]; int reps = Integer.parseInt(a[2]); String mode = a.length > 3 ? a[3] : "default";
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(1); o.setInterOpNumThreads(1);
    if (mode.contains("basic")) o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    if (mode.contains("ext")) o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
    if (mode.contains("nopat")) o.setMemoryPatternOptimization(false);
    if (mode.contains("noarena")) o.setCPUArenaAllocator(false);
    if (mode.contains("nospin")) o.addConfigEntry("session.intra_op.allow_spinning", "0");
    OrtSession s = env.createSession(res(model), o);
    System.out.println("inputs " + s.getInputNames() + " outputs " + s.getOutputNames() + " " + s.getOutputInfo());
    Map<String,String> to = new HashMap<>(); to.put("maxLength","128"); to.put("truncation","true"); to.put("padding","true");
    HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(res(tok)), to);
    List<String> texts = new ArrayList<>();
    Random r = new Random(1);
    String[] words = "the virus spreads fast and drinking hot water every fifteen minutes kills it in your throat say doctors who studied coronavirus patients in the hospital last week while officials warn people".split(" ");
    String han = "喝板蓝根可以预防新冠病毒专家说每天用盐水漱口能杀死喉咙里的病毒医院里的医生都这样做官方辟谣称这是假消息请大家不要相信";
    for (int i = 0; i < 200; i++) {
      StringBuilder b = new StringBuilder();
      if (model.contains("bge")) { int n = 10 + r.nextInt(120); for (int k = 0; k < n; k++) b.append(han.charAt(r.nextInt(han.length()))); }
      else { int n = 6 + r.nextInt(50); for (int k = 0; k < n; k++) b.append(words[r.nextInt(words.length)]).append(' '); }
      texts.add(b.toString().trim());
    }
    boolean types = s.getInputNames().contains("token_type_ids");
    long tTok = 0, tTen = 0, tRun = 0, tVal = 0; long tokens = 0; double check = 0;
    for (int rep = 0; rep < reps; rep++) {
      for (String text : texts) {
        long t0 = cpu();
        Encoding e = t.batchEncode(List.of(text))[0];
        long[] ids = e.getIds(), mask = e.getAttentionMask(), ty = e.getTypeIds();
        tokens += ids.length;
        long t1 = cpu();
        long[] shape = {1, ids.length};
        OnnxTensor a1 = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor a2 = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor a3 = OnnxTensor.createTensor(env, LongBuffer.wrap(ty), shape);
        Map<String, OnnxTensor> in = new HashMap<>(); in.put("input_ids", a1); in.put("attention_mask", a2); if (types) in.put("token_type_ids", a3);
        long t2 = cpu();
        OrtSession.Result res = mode.contains("one") ? s.run(in, Set.of(s.getOutputNames().iterator().next())) : s.run(in);
        long t3 = cpu();
        float[][][] v = (float[][][]) res.get(0).getValue();
        check += v[0][0][0];
        res.close(); a1.close(); a2.close(); a3.close();
        long t4 = cpu();
        if (rep > 0) { tTok += t1 - t0; tTen += t2 - t1; tRun += t3 - t2; tVal += t4 - t3; }
      }
    }
    int n = texts.size() * (reps - 1);
    System.out.printf("%s %s: per text tokenize %.3f ms, tensors %.3f, run %.3f, value %.3f; mean tokens %.1f check %f%n", model, mode, tTok/1e6/n, tTen/1e6/n, tRun/1e6/n, tVal/1e6/n, (double) tokens / texts.size() / reps, check);
  }
}
