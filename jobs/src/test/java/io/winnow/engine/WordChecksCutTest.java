package io.winnow.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import io.winnow.rules.RuleLoader;
import io.winnow.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pass's cut of the word checks: a field is segmented only for a rule that may still hold given the leaves the
 * row's phrases touched ({@link Node#bounds}, {@code CompiledRules.mayHold}). The sweep's match ({@link
 * CompiledRules#matchUtf8}, cut) gives the same candidates, evidence with its offsets, pending texts and decisions as
 * the uncut match that {@code rules test} uses ({@link CompiledRules#match}), on the shipped rules over texts built
 * from their word lists: a term inside a longer word or a company's name, one of two terms only, both, a debunk
 * marker beside them, Latin and Chinese mixed.
 */
class WordChecksCutTest {
  private static final byte F = Node.FALSE;
  private static final byte T = Node.TRUE;
  private static final byte U = Node.UNKNOWN;

  /** Bounds equal to eval when the leaves are known, and never FALSE (or TRUE) where some set between is not. */
  @Test
  void boundsAreEvalWhereLeavesAreKnownAndHoldForEverySetBetween() {
    int[] base = {1};
    List<Node> trees = List.of(
        all(leaf(0), leaf(1), new Node.Not(leaf(2))),
        all(leaf(0), new Node.WhereRef(0)),
        new Node.Not(any(leaf(0), all(leaf(1), new Node.Not(leaf(3))))),
        any(all(leaf(0), new Node.DeferredRef(3, 0, base)), new Node.Not(any(leaf(1), leaf(2)))),
        all(new Node.Not(new Node.Not(leaf(1))), any(new Node.WhereRef(0), leaf(2), new Node.DeferredRef(3, 0, base))));
    int checked = 0;
    int decidedEarly = 0;
    for (Node tree : trees) {
      for (byte where : new byte[] {F, T, U}) {
        for (byte deferred : new byte[] {F, T, U}) {
          byte[] states = {where, deferred};
          for (int lower = 0; lower < 16; lower++) {
            for (int upper = lower; upper < 16; upper++) {
              if ((lower & ~upper) != 0) {
                continue;
              }
              byte b = tree.bounds(set(lower), set(upper), states);
              if (lower == upper) {
                assertEquals(tree.eval(set(lower), states), b, tree + " " + lower);
              }
              for (int s = lower; s <= upper; s++) {
                if ((s & lower) == lower && (s & ~upper) == 0 && b != U) {
                  assertEquals(b, tree.eval(set(s), states), tree + " between " + lower + " and " + upper + ": " + s);
                  checked++;
                }
              }
              if (b == F && lower != upper) {
                decidedEarly++;
              }
            }
          }
        }
      }
    }
    assertTrue(checked > 1000, "sets checked: " + checked);
    assertTrue(decidedEarly > 100, "bounds decided FALSE before the leaves: " + decidedEarly);
  }

  @Test
  void theCutMatchGivesTheUncutVerdictsOnTheShippedRules() throws Exception {
    RuleSet rules = RuleLoader.load(Path.of(System.getProperty("project.rules.dir", "../rules")));
    CompiledRules c = CompiledRules.of(rules, Subject.POST);
    SplittableRandom random = new SplittableRandom(13);
    TextNormalizer.Buffer buffer = new TextNormalizer.Buffer();
    int wheres = c.whereSql().size();
    int candidates = 0;
    int cut = 0;
    for (int i = 0; i < 6000; i++) {
      String text = text(random);
      String title = random.nextInt(4) == 0 ? text(random) : null;
      byte[] where = null;
      if (i % 2 == 1) {
        where = new byte[wheres];
        for (int w = 0; w < wheres; w++) {
          where[w] = (byte) random.nextInt(3);
        }
      }
      CompiledRules.TextMatch uncut = c.match(new String[] {text, title}, where);
      CompiledRules.TextMatch m = c.matchUtf8(new byte[][] {utf8(text), utf8(title)}, where, buffer);
      String row = text + " | " + title + " | " + Arrays.toString(where);
      if (uncut == null) {
        assertNull(m, row);
        continue;
      }
      assertNotNull(m, row);
      candidates++;
      assertArrayEquals(uncut.candidates(), m.candidates(), row);
      assertEquals(uncut.hits(), m.hits(), row);
      assertEquals(uncut.pending().size(), m.pending().size(), row);
      for (int k = 0; k < 8; k++) {
        boolean[] known = new boolean[wheres];
        for (int w = 0; w < wheres; w++) {
          known[w] = k == 1 || (k > 1 && random.nextBoolean());
        }
        assertArrayEquals(c.decide(uncut.candidates(), uncut.satisfiedLeaves(), known),
            c.decide(m.candidates(), m.satisfiedLeaves(), known), row);
      }
      if (!Arrays.equals(uncut.satisfiedLeaves(), m.satisfiedLeaves())) {
        cut++;
      }
    }
    assertTrue(candidates > 1000, "candidate rows: " + candidates);
    // Rows whose word leaves the cut left unsatisfied, unsegmented (a rule that was false either way).
    assertTrue(cut > 100, "rows the cut acted on: " + cut);
  }

  private static final String[] EVENTS = {"地震", "洪水", "台风", "山火", "泥石流", "earthquake", "flood"};
  private static final String[] IN_WORDS = {"地震局", "省地震局", "洪水位", "台风眼", "推荐股票", "某某投资咨询有限公司",
      "投资咨询公司", "在线问诊平台", "法律咨询中心", "防汛抗洪水利局"};
  private static final String[] HOOKS = {"震惊", "点赞过万", "完整视频", "现场太惨了", "shocking", "full video"};
  private static final String[] SERVICES = {"荐股", "投资咨询", "代客理财", "在线问诊", "开药方", "法律咨询", "私信问诊",
      "stock picks", "online consultation"};
  private static final String[] OTHER = {"辟谣", "谣言", "不实", "fact check", "转发", "今天", "成都", "武汉", "先关注我",
      "，", "。", "！", " ", "30秒看懂", "发生了什么", "最新画面", "每天", "跟着我", "老师", "进群", "私信我", "200元起",
      "Seattle", "right now", "天气不错", "吃了火锅"};

  /** One to five pieces: list terms alone or inside longer words, and the words around them. */
  private static String text(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    int pieces = 1 + random.nextInt(5);
    for (int p = 0; p < pieces; p++) {
      String[][] kinds = {EVENTS, IN_WORDS, HOOKS, SERVICES, OTHER, OTHER};
      String[] kind = kinds[random.nextInt(kinds.length)];
      b.append(kind[random.nextInt(kind.length)]);
    }
    return b.toString();
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static Node leaf(int id) {
    return new Node.LeafRef(id);
  }

  private static Node all(Node... children) {
    return new Node.All(children);
  }

  private static Node any(Node... children) {
    return new Node.Any(children);
  }

  private static LeafSet set(int bits) {
    LeafSet s = new LeafSet();
    for (int i = 0; i < 4; i++) {
      if ((bits & (1 << i)) != 0) {
        s.set(i);
      }
    }
    return s;
  }
}
