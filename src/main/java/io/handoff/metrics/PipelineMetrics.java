package io.handoff.metrics;

import io.handoff.engine.EngineLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** How long accepted events wait before their effects show (ingest-to-metric latency). */
@ApplicationScoped
public class PipelineMetrics implements EngineLoop.BatchTimer {
    private final Timer applied;

    public PipelineMetrics(MeterRegistry registry) {
        applied = Timer.builder("handoff.pipeline.latency")
                .description("Time from accepting a request's events to their effects being applied (metrics, flows)")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void applied(int events, long nanosSinceAccepted) {
        applied.record(nanosSinceAccepted, TimeUnit.NANOSECONDS);
    }
}
