package io.handoff.metrics;

import io.handoff.ingest.poll.OdooApiException;
import io.handoff.ingest.poll.PollConfig;
import io.handoff.ingest.poll.PollObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Odoo polling: requests by result, records read, and how far each model is read. Labels: configured sources × polled models. */
@Singleton
public class PollMetrics implements PollObserver {
    private final MeterRegistry registry;
    private final MeterCache<Counter> requests;
    private final MeterCache<Counter> records;
    private final ConcurrentHashMap<String, AtomicLong> watermarks = new ConcurrentHashMap<>();

    public PollMetrics(MeterRegistry registry, PollConfig config) {
        this.registry = registry;
        requests = new MeterCache<>(l -> Counter.builder("handoff.odoo.poll.requests")
                .description("Odoo API requests of the poller by result: ok, refused (ingest full), or why Odoo failed")
                .tags("source", l[0], "model", l[1], "result", l[2])
                .register(registry));
        records = new MeterCache<>(l -> Counter.builder("handoff.odoo.poll.records")
                .description(
                        "Records read by the poller: fresh (new or changed) or reread (already read in the overlap)")
                .tags("source", l[0], "model", l[1], "kind", l[2])
                .register(registry));
        // At 0 from the start: the first failure must be an increase the alert can see.
        config.sources()
                .forEach((source, s) -> s.models().forEach(model -> {
                    requests.get(source, model.trim(), "ok");
                    for (OdooApiException.Kind kind : OdooApiException.Kind.values()) {
                        requests.get(source, model.trim(), kind.label());
                    }
                    requests.get(source, model.trim(), "refused");
                }));
    }

    @Override
    public void page(String source, String model, int rows, int fresh) {
        records.get(source, model, "fresh").increment(fresh);
        records.get(source, model, "reread").increment(rows - fresh);
    }

    @Override
    public void request(String source, String model, String result) {
        requests.get(source, model, result).increment();
    }

    @Override
    public void watermark(String source, String model, Instant writeDate) {
        watermarks
                .computeIfAbsent(source + "\u0000" + model, k -> {
                    AtomicLong seconds = new AtomicLong();
                    Gauge.builder("handoff.odoo.poll.watermark", seconds, AtomicLong::get)
                            .description(
                                    "write_date (Unix seconds) of the latest record the poller has read; falls behind when Odoo cannot be read")
                            .baseUnit("seconds")
                            .tags("source", source, "model", model)
                            .register(registry);
                    return seconds;
                })
                .set(writeDate.getEpochSecond());
    }
}
