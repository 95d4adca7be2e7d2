package io.winnow.generate;

import io.winnow.TestSpark;
import io.winnow.model.Condition;
import io.winnow.model.Rule;
import io.winnow.rules.RuleLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Account names as the generator writes them (display names and handles, without Spark), and the shipped rules'
 * name-like conditions as the loader reads them: the inputs of {@code NameBench} and of the name matcher's oracle test.
 */
public final class GeneratedNames {
  private GeneratedNames() {}

  /** Display name and handle of accounts 0, 1, … of an archive of {@code accounts} accounts: the archive's own mix. */
  public static List<String> archive(int accounts, long seed) {
    return names(accounts, seed, 0, accounts);
  }

  /**
   * Display names and handles of the labelled accounts (officials, impersonators with decorations, homoglyphs and
   * other names, fans, licensed professionals, hospitals, journalists, verified individuals) of an archive of
   * {@code accounts} accounts: the names that carry protected names and decorations, up to {@code max} names.
   */
  public static List<String> labelled(int accounts, long seed, int max) {
    AccountLayout layout = layout(accounts);
    return names(accounts, seed, 0, (int) Math.min(layout.plainStart, max / 2));
  }

  private static AccountLayout layout(int accounts) {
    GenerateSettings settings = GenerateSettings.from(TestSpark.settings().generate());
    return new AccountLayout(accounts, settings.platforms().size(), settings);
  }

  private static List<String> names(int accounts, long seed, int from, int to) {
    GenerateSettings settings = GenerateSettings.from(TestSpark.settings().generate());
    AccountLayout layout = new AccountLayout(accounts, settings.platforms().size(), settings);
    ArchiveRows rows = new ArchiveRows(settings, new GenerateRequest(1_000, accounts, 1, seed, "unused"), layout, false);
    List<String> out = new ArrayList<>(2 * (to - from));
    for (int i = from; i < to; i++) {
      Row account = rows.accountRow(i);
      out.add(account.getString(2));
      out.add(account.getString(1));
    }
    return out;
  }

  /** The distinct name-like conditions of the shipped rules (the engine shares one matcher per distinct one). */
  public static List<Condition.NameLike> shippedNameLike() {
    return List.copyOf(new LinkedHashSet<>(shippedNameLikeLeaves()));
  }

  /**
   * The name-like leaves of the shipped rules in rule order, as conditions without their list name and fields (equal
   * when the engine shares their matcher): the engine runs each on every name field.
   */
  public static List<Condition.NameLike> shippedNameLikeLeaves() {
    List<Condition.NameLike> found = new ArrayList<>();
    for (Rule rule : RuleLoader.load(RuleLists.rulesDir()).rules()) {
      collect(rule.when(), found);
    }
    return found;
  }

  private static void collect(Condition c, List<Condition.NameLike> into) {
    if (c instanceof Condition.NameLike n) {
      into.add(new Condition.NameLike("", n.names(), n.decorations(), n.maxDistance(), List.of()));
    } else if (c instanceof Condition.All a) {
      a.conditions().forEach(x -> collect(x, into));
    } else if (c instanceof Condition.Any a) {
      a.conditions().forEach(x -> collect(x, into));
    } else if (c instanceof Condition.Not n) {
      collect(n.condition(), into);
    }
  }
}
