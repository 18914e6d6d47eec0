package io.handoff.metrics;

import io.handoff.store.StoreObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** How the store's writer is doing: bulk requests, documents written, dead letters, backlog. */
@Singleton
public class StoreMetrics implements StoreObserver {
    private final MeterCache<Timer> bulk;
    private final MeterCache<Counter> written;
    private final MeterCache<Counter> deadLetters;
    private final AtomicLong backlog = new AtomicLong();

    public StoreMetrics(MeterRegistry registry) {
        bulk = new MeterCache<>(l -> Timer.builder("handoff.store.bulk.requests")
                .description(
                        "Bulk requests to Elasticsearch by result (ok, partial: some items retried, failed: all retried)")
                .tags("result", l[0])
                .register(registry));
        written = new MeterCache<>(l -> Counter.builder("handoff.store.written.documents")
                .description("Documents written to the store, by kind (event, flow, exception, anomaly)")
                .tags("kind", l[0])
                .register(registry));
        deadLetters = new MeterCache<>(l -> Counter.builder("handoff.store.dead.letters")
                .description(
                        "Documents the store refused for good and kept as dead letters, by kind (the reason is in the dead-letter index)")
                .tags("kind", l[0])
                .register(registry));
        // Present at 0 from the start: increase() cannot see a counter's first step, so the first dead letter
        // ever would not alert if the series only appeared with it. (The error type, an open set, is in the
        // dead-letter document, not a label.)
        for (String kind : new String[] {"event", "flow", "exception", "anomaly"}) {
            deadLetters.get(kind);
        }
        Gauge.builder("handoff.store.backlog.operations", backlog, AtomicLong::get)
                .description("Documents handed to the store writer and not yet written")
                .register(registry);
    }

    @Override
    public void bulk(String result, int operations, long nanos) {
        bulk.get(result).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void written(String kind, int documents) {
        written.get(kind).increment(documents);
    }

    @Override
    public void deadLettered(String kind, String reason) {
        deadLetters.get(kind).increment();
    }

    @Override
    public void backlog(int operations) {
        backlog.set(operations);
    }
}
