package io.handoff.metrics;

import io.handoff.trace.TraceObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Flow traces: spans exported, failed and dropped. */
@Singleton
public class TraceMetrics implements TraceObserver {
    private final MeterCache<Counter> spans;

    public TraceMetrics(MeterRegistry registry) {
        spans = new MeterCache<>(l -> Counter.builder("handoff.traces.spans")
                .description(
                        "Spans of flow traces by result: exported, failed (endpoint unreachable or refusing), dropped (queue full)")
                .tags("result", l[0])
                .register(registry));
        // Present at 0 from the start, so the first failure is an increase an alert can see.
        for (String result : new String[] {"exported", "failed", "dropped"}) {
            spans.get(result);
        }
    }

    @Override
    public void spans(String result, int count) {
        spans.get(result).increment(count);
    }
}
