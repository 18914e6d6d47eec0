package io.handoff.metrics;

import io.handoff.correlate.FlowBounds;
import io.handoff.engine.EngineLoop;
import io.handoff.ingest.RecentEvents;
import io.handoff.store.spill.DiskFlowSpill;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The engine's buffer and memory bounds, and the flows beyond them on disk, as gauges. */
@Startup
@ApplicationScoped
public class EngineGauges {
    public EngineGauges(
            MeterRegistry registry, EngineLoop engine, RecentEvents recent, FlowBounds bounds, DiskFlowSpill spill) {
        Gauge.builder("handoff.engine.spilled.flows", spill, DiskFlowSpill::size)
                .description("Flows beyond handoff.engine.max-flows, kept on disk until an event, a due time or a query"
                        + " brings them back")
                .register(registry);
        FunctionCounter.builder("handoff.engine.spill.writes", spill, DiskFlowSpill::spilled)
                .description("Flows put on disk at handoff.engine.max-flows")
                .register(registry);
        FunctionCounter.builder("handoff.engine.spill.reads", spill, DiskFlowSpill::broughtBack)
                .description("Flows brought back from disk into memory")
                .register(registry);
        Gauge.builder("handoff.engine.bounded", bounds, FlowBounds::fullFlows)
                .description(
                        "Flows at handoff.engine.max-events-per-flow (bound: events) and link targets at max-links-per-target (bound: links); "
                                + "events about them are refused at the edge")
                .tag("bound", "events")
                .register(registry);
        Gauge.builder("handoff.engine.bounded", bounds, FlowBounds::crowdedTargets)
                .description(
                        "Flows at handoff.engine.max-events-per-flow (bound: events) and link targets at max-links-per-target (bound: links); "
                                + "events about them are refused at the edge")
                .tag("bound", "links")
                .register(registry);
        Gauge.builder("handoff.pipeline.backlog", engine, EngineLoop::backlog)
                .description("Events accepted and not yet applied")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("handoff.pipeline.capacity", engine, EngineLoop::capacity)
                .description("Events the buffer holds at most; at capacity ingestion answers 503")
                .baseUnit("events")
                .register(registry);
        FunctionCounter.builder("handoff.engine.failed.events", engine, EngineLoop::failedEvents)
                .description(
                        "Kept events the engine could not apply (each logged with its identity); 0 unless there is a defect")
                .register(registry);
        Gauge.builder("handoff.ingest.dedup.window", recent, RecentEvents::size)
                .description("Event identities remembered for answering duplicates")
                .register(registry);
    }
}
