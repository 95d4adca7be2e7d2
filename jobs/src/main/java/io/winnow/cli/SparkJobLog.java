package io.winnow.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * The Spark jobs a benchmark's measured step ran, per call site (where in winnow's code the job was started): their
 * number and wall time. Under load each job costs about a second whatever its size, so the number of jobs explains
 * much of a fixed cost. Listens from {@link #start} until {@link #stop}.
 */
final class SparkJobLog extends SparkListener {
  /** Jobs and their summed wall milliseconds at one call site. */
  record Site(long jobs, long millis) {}

  private final SparkContext context;
  private final Map<Integer, Long> started = new ConcurrentHashMap<>();
  private final Map<Integer, String> sites = new ConcurrentHashMap<>();
  private final Map<String, Site> bySite = new ConcurrentHashMap<>();

  private SparkJobLog(SparkContext context) {
    this.context = context;
  }

  /** A log listening to {@code context}'s jobs from now on. */
  static SparkJobLog start(SparkContext context) {
    SparkJobLog log = new SparkJobLog(context);
    context.addSparkListener(log);
    return log;
  }

  /** Stops listening (jobs still running are not counted) and returns the jobs per call site, by name. */
  Map<String, Site> stop() {
    try {
      context.listenerBus().waitUntilEmpty(10_000); // the bus delivers events asynchronously
    } catch (java.util.concurrent.TimeoutException e) {
      // jobs whose end was not delivered yet are left out
    }
    context.removeSparkListener(this);
    return new TreeMap<>(bySite);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    // A job description when the code set one (Delta does), else the name of its last stage: the call site.
    // (versions in a description replaced by N, so that one site's jobs add up).
    String site = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
    site = site == null ? null : site.replaceAll("\\d+", "N");
    if (site == null && !start.stageInfos().isEmpty()) {
      site = start.stageInfos().last().name();
    }
    started.put(start.jobId(), start.time());
    sites.put(start.jobId(), site == null ? "(unknown)" : site);
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    Long from = started.remove(end.jobId());
    String site = sites.remove(end.jobId());
    if (from != null) {
      bySite.merge(site, new Site(1, end.time() - from), (a, b) -> new Site(a.jobs() + b.jobs(),
          a.millis() + b.millis()));
    }
  }

  /** Jobs in all. */
  static long jobs(Map<String, Site> sites) {
    return sites.values().stream().mapToLong(Site::jobs).sum();
  }
}
