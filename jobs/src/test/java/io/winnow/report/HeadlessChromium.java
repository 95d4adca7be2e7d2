package io.winnow.report;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): opens a page, collects
 * console errors and uncaught exceptions, returns the DOM as parsed and takes a screenshot. Tests that use it fail
 * (never skip) when Chromium is missing: bin/test installs it.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** What a page did while loading. */
  record Page(String dom, String text, int activeElements, List<String> errors, Path screenshot, Glyphs glyphs) {}

  /**
   * How the characters of a string render in the element of the page that shows it, drawn one by one on a canvas
   * with that element's font: {@code distinct} different images among {@code chars} characters, {@code tofu} of them
   * identical to the box drawn for an unassigned code point (what a missing font shows). {@code found} is false when
   * no element shows the string.
   */
  record Glyphs(boolean found, int chars, int distinct, int tofu) {}

  /** The script behind {@link Glyphs}; %s is the string, as a JSON string literal. */
  private static final String GLYPHS = """
      (() => {
        const sample = %s;
        const el = [...document.querySelectorAll('body *')].find(e => e.textContent.includes(sample)
            && ![...e.children].some(c => c.textContent.includes(sample)));
        if (!el) return {found: false, chars: 0, distinct: 0, tofu: 0};
        const style = getComputedStyle(el);
        const c = document.createElement('canvas');
        c.width = 48; c.height = 48;
        const g = c.getContext('2d', {willReadFrequently: true});
        g.font = style.fontSize + ' ' + style.fontFamily;
        const draw = ch => { g.clearRect(0, 0, 48, 48); g.fillText(ch, 4, 36);
            return Array.from(g.getImageData(0, 0, 48, 48).data).join(','); };
        const box = draw('\u0378');
        const images = [...sample].map(draw);
        return {found: true, chars: images.length, distinct: new Set(images).size,
            tofu: images.filter(i => i === box).length};
      })()""";

  /** Elements that could run code or load something: none may come from the data. */
  static final String ACTIVE = "script, img, iframe, object, embed, link, base, form, input, [onerror], [onload], "
      + "[onmouseover], [onclick], [onfocus], [src], [href]";

  private final Process process;
  private final WebSocket socket;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();

  HeadlessChromium(Path userDataDir) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      fail("Chromium is missing (" + BINARY + "): run bin/test, which installs Debian's chromium package, or "
          + "apt-get install -y chromium");
    }
    process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + userDataDir, "--remote-debugging-port=0", "--window-size=1280,900",
        "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String url = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (String line; url == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
      stderr.add(line);
      if (line.startsWith("DevTools listening on ")) {
        url = line.substring("DevTools listening on ".length()).trim();
      }
    }
    if (url == null) {
      process.destroyForcibly();
      fail("Chromium did not open its DevTools endpoint; its stderr:\n" + String.join("\n", stderr));
    }
    Thread drain = new Thread(() -> {
      try {
        for (String line; (line = err.readLine()) != null; ) {
          synchronized (stderr) {
            stderr.add(line);
          }
        }
      } catch (IOException e) {
        // the browser closed
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener())
        .get(30, TimeUnit.SECONDS);
  }

  /** Opens the file, waits for the load event, and returns the DOM, the errors and a full-page screenshot. */
  Page open(Path html, Path screenshot) throws Exception {
    return open(html, screenshot, "");
  }

  /** As {@link #open(Path, Path)}, and how {@code glyphSample} renders where the page shows it (see {@link Glyphs}). */
  Page open(Path html, Path screenshot, String glyphSample) throws Exception {
    String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    String session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
        .path("sessionId").asText();
    send(session, "Page.enable", Map.of());
    send(session, "Runtime.enable", Map.of());
    send(session, "Log.enable", Map.of());
    send(session, "Page.navigate", Map.of("url", html.toUri().toString()));
    waitFor(session, "Page.loadEventFired", 30);
    String dom = send(session, "Runtime.evaluate", Map.of("expression", "document.documentElement.outerHTML",
        "returnByValue", true)).path("result").path("value").asText();
    String text = send(session, "Runtime.evaluate", Map.of("expression", "document.body.innerText",
        "returnByValue", true)).path("result").path("value").asText();
    int active = send(session, "Runtime.evaluate", Map.of("expression",
        "document.querySelectorAll('" + ACTIVE + "').length", "returnByValue", true)).path("result").path("value")
        .asInt(-1);
    JsonNode size = send(session, "Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    double height = Math.min(12000, Math.max(900, size.path("height").asDouble(900)));
    String png = send(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1))).path("data").asText();
    Files.write(screenshot, Base64.getDecoder().decode(png));
    List<String> errors = errors(session);
    Glyphs glyphs = new Glyphs(false, 0, 0, 0);
    if (!glyphSample.isEmpty()) {
      JsonNode g = send(session, "Runtime.evaluate", Map.of("expression",
          String.format(GLYPHS, json.writeValueAsString(glyphSample)), "returnByValue", true))
          .path("result").path("value");
      glyphs = new Glyphs(g.path("found").asBoolean(), g.path("chars").asInt(), g.path("distinct").asInt(),
          g.path("tofu").asInt());
    }
    return new Page(dom, text, active, errors, screenshot, glyphs);
  }

  private List<String> errors(String session) {
    List<String> out = new ArrayList<>();
    synchronized (events) {
      for (JsonNode e : events) {
        if (!session.equals(e.path("sessionId").asText())) {
          continue;
        }
        JsonNode p = e.path("params");
        switch (e.path("method").asText()) {
          case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
          case "Runtime.consoleAPICalled" -> {
            String type = p.path("type").asText();
            if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
              out.add("console." + type + ": " + p.path("args"));
            }
          }
          case "Log.entryAdded" -> {
            String level = p.path("entry").path("level").asText();
            if (level.equals("error") || level.equals("warning")) {
              out.add("log " + level + ": " + p.path("entry").path("text").asText());
            }
          }
          default -> { }
        }
      }
    }
    return out;
  }

  private JsonNode send(String session, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = json.createObjectNode().put("id", id).put("method", method);
    msg.set("params", json.valueToTree(params));
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(json.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode r = reply.get(60, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  private void waitFor(String session, String method, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (events) {
      while (events.stream().noneMatch(e -> method.equals(e.path("method").asText())
          && session.equals(e.path("sessionId").asText()))) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException("no " + method + " within " + seconds + " s");
        }
        events.wait(left);
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          JsonNode m = json.readTree(buffer.toString());
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            synchronized (events) {
              events.add(m);
              events.notifyAll();
            }
          }
        } catch (IOException e) {
          // not JSON: ignore
        }
        buffer.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      send(null, "Browser.close", Map.of());
    } catch (Exception e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
