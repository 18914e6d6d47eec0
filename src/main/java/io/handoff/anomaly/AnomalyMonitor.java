package io.handoff.anomaly;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scores the service's business series live, one point per {@code handoff.anomaly.interval}, and
 * exports the latest score per series as {@code handoff_anomaly_score{series,subject}}. One scorer per
 * series (bounded: subjects are configured SLAs and sources, and exception types); a series' first
 * {@link DeviationScorer#WARM_UP} points score 0. Each point is also handed to the store with its score
 * (kept in Elasticsearch when configured, beside the series it scores).
 */
@ApplicationScoped
public class AnomalyMonitor {
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final AnomalyConfig config;
    private final SeriesPoints points;
    private final AnomalyPoints store;
    private final Map<SeriesPoints.Series, Scored> scored = new ConcurrentHashMap<>();

    private static final class Scored {
        final DeviationScorer scorer = new DeviationScorer();
        final AtomicReference<Double> latest = new AtomicReference<>(0.0);
    }

    public AnomalyMonitor(MeterRegistry registry, InstantSource clock, AnomalyConfig config, AnomalyPoints store) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.points = new SeriesPoints(registry);
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
                Scored s = scored.computeIfAbsent(series, this::register);
                double score = s.scorer.score(now, value);
                s.latest.set(score);
                kept.add(new AnomalyPoint(series.name(), series.subject(), now, value, score));
            });
        }
        if (!kept.isEmpty()) {
            store.saveAnomalyPoints(kept);
        }
    }

    private Scored register(SeriesPoints.Series series) {
        Scored s = new Scored();
        Gauge.builder("handoff.anomaly.score", s, x -> x.latest.get())
                .description(
                        "How unusual the latest point of a business series is, 0 (usual) to 1; 0 during the warm-up")
                .tags("series", series.name(), "subject", series.subject())
                .register(registry);
        return s;
    }
}
