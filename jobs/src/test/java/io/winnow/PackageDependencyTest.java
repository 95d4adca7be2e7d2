package io.winnow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of STYLE.md ("Where things go"), checked on the compiled classes (target/classes): every class a class
 * file names in its constant pool (class references, field and method descriptors, generic signatures; string
 * literals are skipped) is a dependency. The rule model imports only the JDK; text, the model, rules and engine name
 * no Spark, Scala or Catalyst class (only predicate does); the floor points down only; above it, the run format
 * ({@code run}) is below the sweep, the sweep below the readers of runs, and those below the command line; and no
 * cycle among all packages of {@code jobs/src/main}.
 */
class PackageDependencyTest {
  static final Path CLASSES = Path.of(System.getProperty("project.classes.dir", "target/classes"), "io/winnow");
  static final List<String> FLOOR = List.of("model", "text", "rules", "engine", "predicate");
  static final List<String> NO_SPARK = List.of("model", "text", "rules", "engine");

  /**
   * Rows of the layout above the floor, top first: a package imports only packages of its own row or below (the
   * floor and archive/config are below them all).
   */
  static final List<List<String>> UPPER = List.of(
      List.of("cli"),
      List.of("audit", "report", "export", "evaluate", "ingest", "generate"),
      List.of("sweep"),
      List.of("run"));

  /** package under io.winnow -> the names (internal form, a/b/C) its classes refer to, outside itself. */
  static Map<String, Set<String>> references() throws IOException {
    return references(FLOOR);
  }

  /** Every package of the compiled main classes under io.winnow ("" for io.winnow itself, "a.b" for io.winnow.a.b). */
  static List<String> allPackages() throws IOException {
    assertTrue(Files.isDirectory(CLASSES), "compiled classes in " + CLASSES + " (run mvn compile first)");
    try (Stream<Path> dirs = Files.walk(CLASSES)) {
      return dirs.filter(Files::isDirectory).filter(d -> {
        try (Stream<Path> files = Files.list(d)) {
          return files.anyMatch(f -> f.toString().endsWith(".class"));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(d -> CLASSES.relativize(d).toString().replace('/', '.')).sorted().toList();
    }
  }

  static Map<String, Set<String>> references(List<String> packages) throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String pkg : packages) {
      Set<String> names = new TreeSet<>();
      Path dir = pkg.isEmpty() ? CLASSES : CLASSES.resolve(pkg.replace('.', '/'));
      assertTrue(Files.isDirectory(dir), "compiled package " + dir + " (run mvn compile first)");
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          try (InputStream in = Files.newInputStream(f)) {
            names.addAll(namesIn(new DataInputStream(in)));
          }
        }
      }
      String own = pkg.isEmpty() ? "io/winnow" : "io/winnow/" + pkg.replace('.', '/');
      names.removeIf(n -> packageOf(n).equals(own));
      out.put(pkg, names);
    }
    return out;
  }

  /** The class names in one class file's constant pool: from Class entries and from descriptors and signatures. */
  static Set<String> namesIn(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    BitSet literals = new BitSet(count);
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 8 -> literals.set(in.readUnsignedShort());
        case 7, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    // A Class entry holds a bare name (a/b/C); descriptors and signatures hold La/b/C; (La/b/C<...>; when generic).
    Set<String> names = new TreeSet<>();
    Pattern bare = Pattern.compile("[\\w$]+(?:/[\\w$]+)+");
    Matcher inDescriptor = Pattern.compile("L([\\w$]+(?:/[\\w$]+)+)[;<]").matcher("");
    for (int i = 1; i < count; i++) {
      if (utf8[i] == null || literals.get(i)) {
        continue;
      }
      if (bare.matcher(utf8[i]).matches()) {
        names.add(utf8[i]);
      }
      inDescriptor.reset(utf8[i]);
      while (inDescriptor.find()) {
        names.add(inDescriptor.group(1));
      }
    }
    return names;
  }

  static String packageOf(String name) {
    return name.substring(0, Math.max(0, name.lastIndexOf('/')));
  }

  @Test
  void theRuleModelUsesOnlyTheJdk() throws IOException {
    List<String> foreign = references().get("model").stream()
        .filter(n -> !n.startsWith("java/")).map(PackageDependencyTest::packageOf).distinct().toList();
    assertEquals(List.of(), foreign, "io.winnow.model names only java.* classes");
  }

  @Test
  void onlyThePredicatePackageUsesSparkBelowTheSweep() throws IOException {
    Map<String, Set<String>> refs = references();
    List<String> problems = new ArrayList<>();
    for (String pkg : NO_SPARK) {
      refs.get(pkg).stream()
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
              || n.startsWith("org/apache/hadoop/"))
          .map(PackageDependencyTest::packageOf).distinct()
          .forEach(p -> problems.add("io.winnow." + pkg + " -> " + p.replace('/', '.')));
    }
    assertEquals(List.of(), problems, "Spark, Scala and Hadoop appear below the sweep only in io.winnow.predicate");
  }

  @Test
  void theFloorPackagesPointDownOnly() throws IOException {
    Map<String, Set<String>> refs = references();
    Map<String, Set<String>> edges = new TreeMap<>();
    List<String> upward = new ArrayList<>();
    for (String pkg : FLOOR) {
      Set<String> to = new TreeSet<>();
      for (String n : refs.get(pkg)) {
        if (n.startsWith("io/winnow/") && n.indexOf('/', "io/winnow/".length()) > 0) {
          String target = n.substring("io/winnow/".length(), n.indexOf('/', "io/winnow/".length()));
          if (FLOOR.contains(target)) {
            to.add(target);
          } else if (!target.equals("archive")) {
            // archive/ (the input schema) is the one package below these that they may use; io.winnow.* top-level
            // classes (UserError) are allowed too.
            upward.add("io.winnow." + pkg + " -> io.winnow." + target + " (" + n.replace('/', '.') + ")");
          }
        }
      }
      edges.put(pkg, to);
    }
    assertEquals(List.of(), upward, "model, text, rules, engine and predicate use no package above them");
    List<String> cycles = new ArrayList<>();
    for (String from : FLOOR) {
      for (String to : edges.get(from)) {
        if (reaches(edges, to, from, new TreeSet<>())) {
          cycles.add(from + " -> " + to + " -> ... -> " + from);
        }
      }
    }
    assertEquals(List.of(), cycles, "no cycle among " + FLOOR + "; edges " + edges);
  }

  static boolean reaches(Map<String, Set<String>> edges, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : edges.getOrDefault(from, Set.of())) {
      if (reaches(edges, next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  /** package -> the io.winnow packages it uses (io.winnow itself as ""), from the compiled classes. */
  static Map<String, Set<String>> packageGraph() throws IOException {
    List<String> packages = allPackages();
    Map<String, Set<String>> graph = new TreeMap<>();
    references(packages).forEach((pkg, names) -> {
      Set<String> to = new TreeSet<>();
      for (String n : names) {
        String p = packageOf(n);
        if (p.equals("io/winnow") || p.startsWith("io/winnow/")) {
          String target = p.equals("io/winnow") ? "" : p.substring("io/winnow/".length()).replace('/', '.');
          if (packages.contains(target) && !target.equals(pkg)) {
            to.add(target);
          }
        }
      }
      graph.put(pkg, to);
    });
    return graph;
  }

  /**
   * Every cycle of the graph, one per strongly connected component of more than one package (Tarjan), each written
   * as the shortest cycle through the component's first package: "a -> b -> a".
   */
  static List<String> cycles(Map<String, Set<String>> graph) {
    List<List<String>> components = new ArrayList<>();
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    java.util.Deque<String> stack = new java.util.ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, graph, index, low, stack, onStack, components);
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> c : components) {
      if (c.size() > 1) {
        List<String> sorted = c.stream().sorted().toList();
        out.add(String.join(" -> ", shortestCycle(graph, sorted.get(0), Set.copyOf(sorted))));
      }
    }
    out.sort(null);
    return out;
  }

  private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, java.util.Deque<String> stack, Set<String> onStack, List<List<String>> components) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, components);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      components.add(component);
    }
  }

  /** The shortest path from start back to start inside the component (breadth first), start repeated at the end. */
  private static List<String> shortestCycle(Map<String, Set<String>> graph, String start, Set<String> component) {
    Map<String, String> parent = new TreeMap<>();
    java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : graph.getOrDefault(v, Set.of())) {
        if (w.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String x = v; !x.equals(start); x = parent.get(x)) {
            path.add(1, x);
          }
          path.add(start);
          return path.stream().map(p -> p.isEmpty() ? "io.winnow" : p).toList();
        }
        if (component.contains(w) && !parent.containsKey(w) && !w.equals(start)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException(start + " is on no cycle of " + component);
  }

  @Test
  void noPackageCycleAnywhereInTheMainClasses() throws IOException {
    Map<String, Set<String>> graph = packageGraph();
    assertTrue(graph.keySet().containsAll(List.of("run", "sweep", "audit", "report", "export", "cli", "model")),
        "the graph holds the packages: " + graph.keySet());
    assertEquals(List.of(), cycles(graph), "no package cycle in jobs/src/main; the graph: " + graph);
  }

  @Test
  void theCycleFinderNamesEachCycle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("sweep", Set.of("audit", "model"));
    graph.put("audit", Set.of("sweep"));
    graph.put("model", Set.of());
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a", "model"));
    assertEquals(List.of("a -> b -> c -> a", "audit -> sweep -> audit"), cycles(graph));
    graph.put("audit", Set.of("model"));
    graph.put("c", Set.of("model"));
    assertEquals(List.of(), cycles(graph), "no cycle once the arrows point one way");
  }

  @Test
  void theRunFormatIsBelowTheSweepAndTheReadersAndTheCommandLineIsOnTop() throws IOException {
    Map<String, Set<String>> graph = packageGraph();
    List<String> upward = new ArrayList<>();
    for (int row = 0; row < UPPER.size(); row++) {
      for (String pkg : UPPER.get(row)) {
        for (String target : graph.getOrDefault(pkg, Set.of())) {
          for (int above = 0; above < row; above++) {
            if (UPPER.get(above).contains(target)) {
              upward.add("io.winnow." + pkg + " -> io.winnow." + target);
            }
          }
        }
      }
    }
    for (String floor : graph.keySet()) {
      if (UPPER.stream().noneMatch(r -> r.contains(floor))) {
        graph.get(floor).stream().filter(t -> UPPER.stream().anyMatch(r -> r.contains(t)))
            .forEach(t -> upward.add("io.winnow." + floor + " -> io.winnow." + t));
      }
    }
    assertEquals(List.of(), upward, "arrows point down: " + UPPER + " above the floor, archive and config");
  }

  @Test
  void theCheckerSeesADependencyInACompiledClass() throws IOException {
    // A check that cannot fail is worthless: this class itself names JUnit, so the reader must find it.
    try (InputStream in = PackageDependencyTest.class.getResourceAsStream("PackageDependencyTest.class")) {
      Set<String> names = namesIn(new DataInputStream(in));
      assertTrue(names.contains("org/junit/jupiter/api/Test"), names.toString());
      assertTrue(!names.contains("org/apache/spark/sql/Dataset"), "a name in a string literal is not a dependency");
    }
  }
}
