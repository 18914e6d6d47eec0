package io.handoff.metrics;

import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.Rejection;
import io.handoff.ingest.Verdict;
import io.handoff.web.SourcesConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest series. Labels: {@code source} (a configured source name), {@code type} (an event type or
 * {@code invalid}), {@code result}, {@code reason} (a problem slug), {@code model} (a mapped Odoo
 * model): all from bounded sets.
 */
@ApplicationScoped
public class IngestMetrics implements IngestObserver {
    private static final Duration[] LAG_BUCKETS = {
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5),
        Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7)
    };

    private final MeterCache<Counter> events;
    private final MeterCache<Counter> rejections;
    private final MeterCache<Counter> bufferFull;
    private final MeterCache<Counter> snapshots;
    private final MeterCache<Timer> lag;
    private final MeterCache<AtomicLong> lastReceived;
    private final MeterCache<AtomicLong> lastEventTime;

    public IngestMetrics(MeterRegistry registry, SourcesConfig sources) {
        events = new MeterCache<>(l -> Counter.builder("handoff.ingest.events")
                .description("Events received, by source, type and result (accepted, duplicate, rejected)")
                .tags("source", l[0], "type", l[1], "result", l[2])
                .register(registry));
        rejections = new MeterCache<>(l -> Counter.builder("handoff.ingest.rejections")
                .description("Inputs refused at the edge, by source and problem type")
                .tags("source", l[0], "reason", l[1])
                .register(registry));
        bufferFull = new MeterCache<>(l -> Counter.builder("handoff.ingest.backpressure.events")
                .description("Events refused with 503, by source and reason (buffer-full, storage-unavailable)")
                .tags("source", l[0], "reason", l[1])
                .register(registry));
        // Present at 0 for every configured source from the start: increase() cannot see a counter's first
        // step, so the first refusal ever would be invisible to rules and dashboards otherwise.
        for (String source : sources.all().keySet()) {
            for (String reason : new String[] {"buffer-full", "storage-unavailable"}) {
                bufferFull.get(source, reason);
            }
        }
        snapshots = new MeterCache<>(l -> Counter.builder("handoff.odoo.snapshots")
                .description("Odoo webhook bodies, by source, model and result (mapped, nothing, rejected)")
                .tags("source", l[0], "model", l[1], "result", l[2])
                .register(registry));
        lag = new MeterCache<>(l -> Timer.builder("handoff.event.lag")
                .description("Delay from event time to receipt, by source")
                .tags("source", l[0])
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry));
        lastReceived = new MeterCache<>(l -> gauge(
                registry,
                "handoff.source.last.received.timestamp",
                "Unix time of the last event received from the source",
                l[0]));
        lastEventTime = new MeterCache<>(l -> gauge(
                registry,
                "handoff.source.last.event.timestamp",
                "Latest event time (business time) seen from the source",
                l[0]));
    }

    private static AtomicLong gauge(MeterRegistry registry, String name, String description, String source) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get)
                .description(description)
                .tag("source", source)
                .baseUnit("seconds")
                .register(registry);
        return value;
    }

    @Override
    public void verdicts(String origin, List<Candidate> candidates, List<Verdict> verdicts) {
        // Counted per distinct label set, once per request: the hot path does no per-event lookups.
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < verdicts.size(); i++) {
            counts.computeIfAbsent(
                            candidates.get(i).type()
                                    + '\u0000'
                                    + verdicts.get(i).status().label(),
                            k -> new int[1])[0]++;
            Rejection rejection = verdicts.get(i).rejection();
            if (rejection != null) {
                rejections.get(origin, rejection.reason()).increment();
            }
        }
        counts.forEach((key, count) -> {
            int split = key.indexOf('\u0000');
            events.get(origin, key.substring(0, split), key.substring(split + 1))
                    .increment(count[0]);
        });
    }

    @Override
    public void verdict(String origin, Candidate candidate, Verdict verdict) {
        events.get(origin, candidate.type(), verdict.status().label()).increment();
        if (verdict.rejection() != null) {
            rejections.get(origin, verdict.rejection().reason()).increment();
        }
    }

    @Override
    public void accepted(String origin, List<BusinessEvent> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        Timer lagTimer = lag.get(origin);
        long latest = Long.MIN_VALUE;
        long received = 0;
        for (BusinessEvent event : accepted) {
            lagTimer.record(Duration.between(event.time(), event.receivedAt()).abs());
            latest = Math.max(latest, event.time().getEpochSecond());
            received = Math.max(received, event.receivedAt().getEpochSecond());
        }
        lastReceived.get(origin).set(received);
        long newest = latest;
        lastEventTime.get(origin).accumulateAndGet(newest, Math::max);
    }

    @Override
    public void refused(String origin, int count, String reason) {
        bufferFull.get(origin, reason).increment(count);
    }

    @Override
    public void snapshot(String origin, String model, String result) {
        snapshots.get(origin, model, result).increment();
    }
}
