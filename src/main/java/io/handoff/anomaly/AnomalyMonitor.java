package io.handoff.anomaly;

import io.handoff.record.SnapshotFile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Scores the service's business series live, one point per {@code handoff.anomaly.interval}, and
 * exports the latest score per series as {@code handoff_anomaly_score{series,subject}}. One scorer per
 * series (bounded: subjects are configured SLAs and sources, and exception types); a series' first
 * {@link DeviationScorer#WARM_UP} points score 0 — once: what each scorer has learned is kept in
 * {@code handoff.anomaly.state-dir} after every point and taken up again after a restart. Each point is also handed to the store with its score
 * (kept in Elasticsearch when configured, beside the series it scores).
 */
@ApplicationScoped
public class AnomalyMonitor {
    private static final Logger LOG = Logger.getLogger(AnomalyMonitor.class);
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final AnomalyConfig config;
    private final SeriesPoints points;
    private final AnomalyPoints store;
    private final Map<SeriesPoints.Series, Scored> scored = new ConcurrentHashMap<>();
    /** What the scorers had learned before a restart, by series, until each series' first point after it. */
    private final Map<String, DeviationScorer.State> learned = new ConcurrentHashMap<>();

    private final SnapshotFile<Learned> memory;
    /** Set while the memory cannot be written, so the failure is logged when it starts, not every minute. */
    private boolean keepFailing;

    private static final class Scored {
        final DeviationScorer scorer;
        final AtomicReference<Double> latest = new AtomicReference<>(0.0);
        final AtomicReference<Double> deviations = new AtomicReference<>(0.0);

        /** Nothing learned before this run: past points may be learned first. */
        final boolean fresh;

        Scored(DeviationScorer scorer, boolean fresh) {
            this.scorer = scorer;
            this.fresh = fresh;
        }
    }

    /**
     * The scorers' memory as kept on disk: the parameters they ran with (a scorer with other parameters starts
     * afresh) and each series' state, by {@code name|subject}.
     */
    public record Learned(
            int version, DeviationScorer.Parameters parameters, Map<String, DeviationScorer.State> series) {
        static final int VERSION = 2; // 2: recurring extremes remembered
    }

    /** Past points to learn from for a series seen for the first time with nothing learned (the demo's); may be absent. */
    private final History history;

    @jakarta.inject.Inject // two constructors: CDI must be told which one it calls
    public AnomalyMonitor(
            MeterRegistry registry,
            InstantSource clock,
            AnomalyConfig config,
            AnomalyPoints store,
            com.fasterxml.jackson.databind.ObjectMapper json,
            jakarta.enterprise.inject.Instance<History> history) {
        this(registry, clock, config, store, json, history.isResolvable() ? history.get() : null);
    }

    /** @param history past points for series seen first with nothing learned; null: none */
    AnomalyMonitor(
            MeterRegistry registry,
            InstantSource clock,
            AnomalyConfig config,
            AnomalyPoints store,
            com.fasterxml.jackson.databind.ObjectMapper json,
            History history) {
        this.history = history;
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.points = new SeriesPoints(registry);
        this.memory = config.stateDir()
                .filter(dir -> !dir.isBlank())
                .map(dir -> new SnapshotFile<Learned>(
                        java.nio.file.Path.of(dir, "scorers.json"), json, json.constructType(Learned.class)))
                .orElse(null);
        if (memory != null) {
            memory.read().ifPresent(kept -> {
                if (kept.version() != Learned.VERSION
                        || !DeviationScorer.Parameters.DEFAULT.equals(kept.parameters())
                        || kept.series() == null) {
                    LOG.infof(
                            "anomaly scorers: %s was learned with other parameters or another version: learning again",
                            memory.file());
                    return;
                }
                kept.series().forEach((series, state) -> {
                    if (series != null && state != null) {
                        learned.put(series, state);
                    }
                });
                LOG.infof(
                        "anomaly scorers: %d series go on from what they had learned (%s)",
                        kept.series().size(), memory.file().toAbsolutePath());
            });
        }
    }

    private static String key(SeriesPoints.Series series) {
        return series.name() + "|" + series.subject();
    }

    @Scheduled(every = "${handoff.anomaly.interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        if (!config.enabled()) {
            return;
        }
        var now = clock.instant();
        List<AnomalyPoint> kept = new ArrayList<>();
        synchronized (points) {
            points.next().forEach((series, value) -> {
                Scored s = scored.get(series);
                if (s == null) {
                    s = register(series);
                    scored.put(series, s);
                    if (s.fresh) {
                        learnHistory(series, s.scorer, value, now);
                    }
                }
                Judgement judgement = s.scorer.judge(now, value);
                s.latest.set(judgement.score());
                s.deviations.set(Double.isNaN(judgement.deviations()) ? 0.0 : judgement.deviations());
                kept.add(AnomalyPoint.of(series.name(), series.subject(), now, judgement));
            });
        }
        if (!kept.isEmpty()) {
            store.saveAnomalyPoints(kept);
            remember();
        }
    }

    /** A stop keeps the last interval too. */
    @jakarta.annotation.PreDestroy
    void stop() {
        synchronized (points) {
            remember();
        }
    }

    /** Keeps every scorer's state (and, for series not seen since the start, what they had before it). */
    private void remember() {
        if (memory == null) {
            return;
        }
        Map<String, DeviationScorer.State> states = new java.util.TreeMap<>(learned);
        scored.forEach((series, s) -> states.put(key(series), s.scorer.state()));
        try {
            memory.write(new Learned(Learned.VERSION, DeviationScorer.Parameters.DEFAULT, states));
            keepFailing = false;
        } catch (RuntimeException e) {
            if (!keepFailing) {
                LOG.warnf(
                        "anomaly scorers: cannot keep what they learned (%s); scoring goes on, a restart will learn again",
                        e.getMessage());
            }
            keepFailing = true;
        }
    }

    /** Lets a new series' scorer learn the past points {@link History} has for it, scoring none of them. */
    private void learnHistory(SeriesPoints.Series series, DeviationScorer scorer, double first, Instant now) {
        if (history == null) {
            return;
        }
        double[] past = history.before(series.name(), series.subject(), first);
        Instant at = now.minus(history.step().multipliedBy(past.length));
        for (double value : past) {
            scorer.judge(at, value);
            at = at.plus(history.step());
        }
        if (past.length > 0) {
            LOG.debugf("anomaly scorer of %s learned %d past points", key(series), past.length);
        }
    }

    private Scored register(SeriesPoints.Series series) {
        DeviationScorer.State before = learned.remove(key(series));
        DeviationScorer scorer;
        try {
            scorer = before == null
                    ? new DeviationScorer()
                    : DeviationScorer.restored(DeviationScorer.Parameters.DEFAULT, before);
        } catch (IllegalArgumentException e) {
            LOG.infof(
                    "anomaly scorers: the state kept for %s does not fit (%s): learning it again",
                    key(series), e.getMessage());
            scorer = new DeviationScorer();
        }
        Scored s = new Scored(scorer, before == null);
        Gauge.builder("handoff.anomaly.score", s, x -> x.latest.get())
                .description(
                        "How unusual the latest point of a business series is, 0 (usual) to 1; 0 during the warm-up")
                .tags("series", series.name(), "subject", series.subject())
                .register(registry);
        Gauge.builder("handoff.anomaly.deviations", s, x -> x.deviations.get())
                .description("How far the latest point lies from what the series usually shows then, in standard"
                        + " deviations: positive above, negative below; 0 during the warm-up")
                .tags("series", series.name(), "subject", series.subject())
                .register(registry);
        return s;
    }
}
