package io.winnow.engine;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.winnow.model.Condition;
import io.winnow.model.Subject;
import io.winnow.rules.ReadContext;
import io.winnow.rules.RuleLoader;
import io.winnow.text.NameMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code name-like}: a display name or handle that copies a protected name (same confusable skeleton once decorations
 * are stripped, or within a small edit distance). Runs on every account's name fields; leaves with the same names and
 * settings share one {@link NameMatcher}.
 */
final class NameLikeKind implements ConditionKind {
  private static final Set<String> NAME_LIKE_KEYS = Set.of("list", "lists", "in", "max-distance", "decorations");

  @Override
  public String key() {
    return "name-like";
  }

  @Override
  public List<Class<? extends Condition>> types() {
    return List.of(Condition.NameLike.class);
  }

  @Override
  public Condition read(ConfigValue body, ReadContext context) {
    if (body.valueType() != ConfigValueType.OBJECT) {
      context.problem(body.origin(), "name-like must be an object { list = NAME, in = [display_name, handle],"
          + " max-distance = 1 }");
      return null;
    }
    int before = context.problems();
    if (context.subject() != Subject.ACCOUNT) {
      context.problem(body.origin(), "name-like reads display names and handles, so it needs subject = account. Use"
          + " terms for post text");
    }
    ConfigObject object = (ConfigObject) body;
    context.unknownKeys(object, NAME_LIKE_KEYS, "name-like");
    List<String> listNames = new ArrayList<>();
    if (object.containsKey("list")) {
      ConfigValue v = object.get("list");
      if (v.valueType() == ConfigValueType.STRING) {
        listNames.add((String) v.unwrapped());
      } else {
        context.problem(v.origin(), "list must be the name of one list, e.g. list = protected-institutions");
      }
    }
    if (object.containsKey("lists")) {
      listNames.addAll(context.strings(object.get("lists")));
    }
    List<String> names = new ArrayList<>();
    for (String name : listNames) {
      names.addAll(context.listed(name, object.origin()));
    }
    if (listNames.isEmpty()) {
      context.problem(body.origin(), "name-like needs the protected names: list = NAME (a file in "
          + RuleLoader.LISTS_DIR + "/)");
    }
    List<String> decorations = new ArrayList<>();
    if (object.containsKey("decorations")) {
      for (String name : context.strings(object.get("decorations"))) {
        decorations.addAll(context.listed(name, object.get("decorations").origin()));
      }
    } else if (context.list(RuleLoader.DEFAULT_DECORATIONS) != null) {
      decorations.addAll(context.list(RuleLoader.DEFAULT_DECORATIONS));
    }
    int maxDistance = maxDistance(object, context);
    List<String> fields = object.containsKey("in") ? context.fields(object.get("in"))
        : context.subject().defaultFields();
    if (context.problems() > before) {
      return null;
    }
    return new Condition.NameLike(String.join(",", listNames), List.copyOf(new LinkedHashSet<>(names)),
        List.copyOf(new LinkedHashSet<>(decorations)), maxDistance, List.copyOf(fields));
  }

  private static int maxDistance(ConfigObject object, ReadContext context) {
    if (!object.containsKey("max-distance")) {
      return 1;
    }
    ConfigValue v = object.get("max-distance");
    if (v.valueType() != ConfigValueType.NUMBER || !List.of(0, 1, 2).contains(((Number) v.unwrapped()).intValue())
        || ((Number) v.unwrapped()).doubleValue() != ((Number) v.unwrapped()).intValue()) {
      context.problem(v.origin(), "max-distance must be 0, 1 or 2 (edits between a name and a protected name)");
      return 1;
    }
    return ((Number) v.unwrapped()).intValue();
  }

  @Override
  public Node compile(Condition condition, CompileContext context) {
    Condition.NameLike n = (Condition.NameLike) condition;
    NameMatcher names = context.shared(List.of("names", n.names(), n.decorations(), n.maxDistance()),
        () -> new NameMatcher(n.names(), n.decorations(), n.maxDistance(), context.normalizer()));
    return context.everyField(new NameLeaf(context.rule(), context.fieldMask(n.fields()), names));
  }

  @Override
  public void explain(Condition condition, Explanation explanation) {
    explanation.textLeaf("name-like " + ((Condition.NameLike) condition).list(), true);
  }

  /** Evidence: the protected name and the edit distance, with the span of the original name that matched. */
  static final class NameLeaf extends Leaf {
    private final NameMatcher names;

    NameLeaf(int rule, int fieldMask, NameMatcher names) {
      super(rule, fieldMask);
      this.names = names;
    }

    @Override
    public String kind() {
      return "name-like";
    }

    @Override
    protected void field(RowScan row) {
      NameMatcher.NameHit h = names.match(row.text());
      if (h != null) {
        row.satisfy(this);
        row.fieldHitOriginal(this, h.name() + " (distance " + h.distance() + ")", h.start(), h.end());
      }
    }
  }
}
