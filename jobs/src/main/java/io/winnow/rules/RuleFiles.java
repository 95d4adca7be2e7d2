package io.winnow.rules;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.model.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the loaders of a rule directory share: the directory, the problems and notes found so far, the lists and
 * catalogues read, the hash of every file read, and the typed reads of HOCON values that report their own problem
 * (missing key, wrong type) and give null or empty, so that every problem of a file is reported at once.
 */
final class RuleFiles {
  final Path dir;
  final List<RuleProblem> problems = new ArrayList<>();
  /** Problems lint reports that do not stop a sweep (a rule without examples still runs). */
  final List<RuleProblem> lintProblems = new ArrayList<>();
  /** Warning-level notes: nothing is wrong, but the author should know (a regex without a prefilter). */
  final List<RuleProblem> notes = new ArrayList<>();
  final Map<String, List<String>> lists = new TreeMap<>();
  final Map<String, List<Condition.Claim>> catalogues = new TreeMap<>();
  final Map<String, String> fileHashes = new TreeMap<>();
  /** The file being read, named in the problems reported. */
  String file;
  /** Per category of policy.conf, its subcategories (a rule names one of them). */
  final Map<String, Set<String>> subcategories = new HashMap<>();

  RuleFiles(Path dir) {
    this.dir = dir;
  }

  // Typed reads (policy.conf): each reports its own problem (missing key, wrong type) and gives null or empty, so
  // every problem of the file is reported at once.

  ConfigValue required(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = parent.get(key);
    if (v == null && required) {
      problem(parent.origin(), null, "missing key '" + key + "' in " + where + ". See rules/README.md for the policy"
          + " format");
    }
    return v;
  }

  ConfigObject object(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(v.origin(), null, where + ": " + key + " must be an object, found " + shown(v) + ". Write " + key
          + " { ... }");
      return null;
    }
    return (ConfigObject) v;
  }

  List<String> names(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : (ConfigList) v) {
        if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
          out = null;
          break;
        }
        out.add((String) item.unwrapped());
      }
    }
    if (v.valueType() != ConfigValueType.LIST || out == null) {
      problem(v.origin(), null, where + ": " + key + " must be a list of names, found " + shown(v) + ". Write "
          + key + " = [a, b]");
      return List.of();
    }
    return out;
  }

  Long wholeNumber(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    try {
      Number n = parent.toConfig().getNumber(quote(key)); // as Typesafe Config reads it: "7" is 7
      if (n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
        return n.longValue();
      }
    } catch (ConfigException e) {
      // reported below
    }
    problem(v.origin(), null, where + ": " + key + " must be a whole number, found " + shown(v) + ". Write " + key
        + " = N");
    return null;
  }

  Boolean bool(ConfigObject parent, String key, String where, boolean required) {
    ConfigValue v = required(parent, key, where, required);
    if (v == null) {
      return null;
    }
    try {
      return parent.toConfig().getBoolean(quote(key));
    } catch (ConfigException e) {
      problem(v.origin(), null, where + ": " + key + " must be true or false, found " + shown(v) + ". Write "
          + key + " = true or false");
      return null;
    }
  }

  String text(ConfigObject parent, String key, String where) {
    ConfigValue v = required(parent, key, where, true);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.STRING) {
      problem(v.origin(), null, where + ": " + key + " must be a name, found " + shown(v) + ". Write " + key
          + " = NAME");
      return null;
    }
    return (String) v.unwrapped();
  }

  static String shown(ConfigValue v) {
    return v.render(com.typesafe.config.ConfigRenderOptions.concise());
  }

  void unknownKeys(ConfigObject object, Set<String> known, String where, String id) {
    for (String key : object.keySet()) {
      if (!known.contains(key)) {
        problem(object.get(key).origin(), id, "unknown key '" + key + "' in " + where + ". Known keys: "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** The phrases of list {@code name}, or none after reporting it unknown or empty. */
  List<String> listed(String name, ConfigOrigin origin, String id) {
    List<String> listed = lists.get(name);
    if (listed == null) {
      problem(origin, id, "unknown list '" + name + "'. Known lists: " + String.join(", ", lists.keySet()));
      return List.of();
    }
    if (listed.isEmpty()) {
      problem(origin, id, "list '" + name + "' is empty (" + RuleLoader.LISTS_DIR + "/" + name
          + ".txt). Add one phrase per line to it");
    }
    return listed;
  }

  // ---------------------------------------------------------------------------------------------- helpers

  Config parse(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      fileHashes.put(hashKey(path), sha256(bytes));
      return ConfigFactory.parseString(StrictUtf8.decode(bytes, relative(path), problems),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(relative(path)))
          .resolve();
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(new RuleProblem(relative(path), 0, null, "file is missing. Create it (see rules/README.md)"));
    } catch (IOException e) {
      problems.add(new RuleProblem(relative(path), 0, null, "cannot read: " + e.getMessage()));
    } catch (ConfigException e) {
      problem(e.origin(), null, "syntax error: " + message(e));
    }
    return null;
  }

  String string(Config c, String key, String id, ConfigOrigin origin) {
    if (!c.hasPath(key)) {
      problem(origin, id, "missing key '" + key + "'");
      return null;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.STRING) {
      problem(v.origin(), id, key + " must be a string");
      return null;
    }
    return (String) v.unwrapped();
  }

  <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type, String id, ConfigOrigin origin) {
    String raw = string(c, key, id, origin);
    if (raw == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> known = Stream.of(type.getEnumConstants()).map(x -> x.name().toLowerCase(Locale.ROOT)).toList();
      problem(c.getValue(key).origin(), id, "unknown " + key + " '" + raw + "'. Known: " + String.join(", ", known));
      return null;
    }
  }

  Severity severity(String raw, ConfigOrigin origin, String id) {
    try {
      return Severity.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(origin, id, "unknown severity '" + raw + "'. Known: low, medium, high, critical");
      return null;
    }
  }

  List<String> strings(ConfigValue value, String id) {
    if (value.valueType() != ConfigValueType.LIST) {
      problem(value.origin(), id, "expected a list of strings [\"...\", ...]");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue v : (ConfigList) value) {
      if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
        problem(v.origin(), id, "expected a non-empty string, found " + v.render());
      } else {
        out.add((String) v.unwrapped());
      }
    }
    return out;
  }

  void problem(ConfigOrigin origin, String id, String message) {
    int line = origin == null ? 0 : Math.max(origin.lineNumber(), 0);
    problems.add(new RuleProblem(file, line, id, message));
  }

  void problem(String fileAndLine, String id, String message) {
    int colon = fileAndLine.lastIndexOf(':');
    problems.add(new RuleProblem(fileAndLine.substring(0, colon), Integer.parseInt(fileAndLine.substring(colon + 1)),
        id, message));
  }

  static String message(ConfigException e) {
    String m = e.getMessage();
    // Typesafe Config prefixes the origin ("file: 12: "); we print our own.
    return m.replaceFirst("^[^:]*: \\d+: ", "");
  }

  static String quote(String key) {
    return "\"" + key + "\"";
  }

  String relative(Path path) {
    Path base = dir.toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    String name = base.getFileName() == null ? "" : base.getFileName().toString() + "/";
    return p.startsWith(base) ? name + base.relativize(p).toString().replace('\\', '/') : p.toString();
  }

  /** Files are hashed under their path inside the rule directory, so the hash does not depend on where it lives. */
  String hashKey(Path path) {
    return dir.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  static List<Path> filesIn(Path folder, String suffix) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> readLines(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      fileHashes.put(hashKey(path), sha256(bytes));
      return StrictUtf8.decode(bytes, relative(path), problems).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String combinedHash() {
    StringBuilder all = new StringBuilder();
    fileHashes.forEach((f, h) -> all.append(f).append('\0').append(h).append('\n'));
    return sha256(all.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
