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
 * The arrows of STYLE.md ("Where things go") below the sweep, checked on the compiled classes (target/classes): every
 * class a class file names in its constant pool (class references, field and method descriptors, generic
 * signatures; string literals are skipped) is a dependency. The rule model imports only the JDK; text, the model,
 * rules and engine name no Spark, Scala or Catalyst class (only predicate does); no cycle among these packages.
 */
class PackageDependencyTest {
  static final Path CLASSES = Path.of(System.getProperty("project.classes.dir", "target/classes"), "io/winnow");
  static final List<String> FLOOR = List.of("model", "text", "rules", "engine", "predicate");
  static final List<String> NO_SPARK = List.of("model", "text", "rules", "engine");

  /** package under io.winnow -> the names (internal form, a/b/C) its classes refer to, outside itself. */
  static Map<String, Set<String>> references() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String pkg : FLOOR) {
      Set<String> names = new TreeSet<>();
      Path dir = CLASSES.resolve(pkg);
      assertTrue(Files.isDirectory(dir), "compiled package " + dir + " (run mvn compile first)");
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          try (InputStream in = Files.newInputStream(f)) {
            names.addAll(namesIn(new DataInputStream(in)));
          }
        }
      }
      names.removeIf(n -> n.startsWith("io/winnow/" + pkg + "/"));
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
