package io.handoff.metrics;

import io.handoff.notify.NotifyObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** E-mail notices to delivery leads: by result, and how many wait. */
@Singleton
public class NotifyMetrics implements NotifyObserver {
    private final MeterCache<Counter> notices;
    private final AtomicInteger pending = new AtomicInteger();

    public NotifyMetrics(MeterRegistry registry) {
        notices = new MeterCache<>(l -> Counter.builder("handoff.notices")
                .description(
                        "Notices by result: sent, escalated (unacknowledged, sent to the escalation list), failed (an attempt; retried), held (quiet hours), duplicate (sent once already), dropped (too many pending)")
                .tags("result", l[0])
                .register(registry));
        // At 0 from the start, so the first failure is an increase rules can see.
        for (String result : new String[] {"sent", "escalated", "failed", "held", "duplicate", "dropped"}) {
            notices.get(result);
        }
        Gauge.builder("handoff.notices.pending", pending, AtomicInteger::get)
                .description("Notices waiting to be sent (held in quiet hours or being retried)")
                .register(registry);
    }

    @Override
    public void notice(String result) {
        notices.get(result).increment();
    }

    @Override
    public void pending(int count) {
        pending.set(count);
    }
}
