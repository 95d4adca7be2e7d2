package io.winnow.rules;

import io.winnow.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the term lists ({@code lists/*.txt}) and the catalogues ({@code catalogues/*.tsv}) of a rule directory. */
final class ListLoader {
  private final RuleFiles files;

  ListLoader(RuleFiles files) {
    this.files = files;
  }

  void loadLists() {
    Path listDir = files.dir.resolve(RuleLoader.LISTS_DIR);
    if (!Files.isDirectory(listDir)) {
      return;
    }
    for (Path listFile : RuleFiles.filesIn(listDir, ".txt")) {
      String name = listFile.getFileName().toString().replaceFirst("\\.txt$", "");
      List<String> phrases = new ArrayList<>();
      for (String line : files.readLines(listFile)) {
        String phrase = line.strip();
        if (!phrase.isEmpty() && !phrase.startsWith("#")) {
          phrases.add(phrase);
        }
      }
      files.lists.put(name, List.copyOf(phrases));
    }
  }

  void loadCatalogues() {
    Path catalogueDir = files.dir.resolve(RuleLoader.CATALOGUES_DIR);
    if (!Files.isDirectory(catalogueDir)) {
      return;
    }
    for (Path catalogueFile : RuleFiles.filesIn(catalogueDir, ".tsv")) {
      String name = catalogueFile.getFileName().toString().replaceFirst("\\.tsv$", "");
      files.file = files.relative(catalogueFile);
      List<Condition.Claim> claims = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      List<String> lines = files.readLines(catalogueFile);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String id = tab < 0 ? "" : line.substring(0, tab).strip();
        String text = tab < 0 ? "" : line.substring(tab + 1).strip();
        if (id.isEmpty() || text.isEmpty()) {
          files.problems.add(new RuleProblem(files.file, i + 1, null,
              "a catalogue line is an id, a tab and the claim's text."
              + " Separate the id from the text with one tab"));
          continue;
        }
        Integer first = seen.putIfAbsent(id, i + 1);
        if (first != null) {
          files.problems.add(new RuleProblem(files.file, i + 1, null, "duplicate claim id '" + id
              + "', first at line " + first
              + ". Give every claim its own id"));
          continue;
        }
        ClaimChecks.check(files, i + 1, id, text);
        claims.add(new Condition.Claim(id, text));
      }
      files.catalogues.put(name, List.copyOf(claims));
    }
  }
}
