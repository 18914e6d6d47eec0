package io.handoff.metrics;

import io.handoff.correlate.Flow;
import io.handoff.engine.ClockListener;
import io.handoff.engine.FlowListener;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import io.handoff.trace.FlowTraceIds;
import io.handoff.trace.TraceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * SLA series. Labels: {@code sla} (configured ids), {@code group} (bounded by the engine),
 * {@code state}, {@code outcome}. Latency buckets sit around each SLA's target, so the ratio of
 * clocks within target is read off one bucket exactly.
 */
@ApplicationScoped
public class SlaMetrics implements ClockListener, FlowListener {
    /** At DEBUG, every outcome and revision counted, with its flow: which instance counted what, when tracing a count. */
    private static final Logger LOG = Logger.getLogger(SlaMetrics.class);
    /** Bucket bounds as multiples of the SLA target; 1.0 is the target itself. */
    static final double[] TARGET_MULTIPLES = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.25, 1.5, 2, 3, 5, 10};

    private final MeterRegistry registry;
    private final MeterCache<Timer> latency;
    /** The twin of {@link #latency}: observations taken back because their stop was voided; same series, same buckets. */
    private final MeterCache<Timer> voided;

    private final MeterCache<Counter> outcomes;
    private final MeterCache<Counter> revisions;
    private final MeterCache<AtomicLong> open;
    private final MeterCache<Counter> evicted;

    /** Record latencies inside the flow's trace context, so the registry can attach the flow's trace as an exemplar. */
    private final boolean exemplars;

    public SlaMetrics(MeterRegistry registry, SlaCatalog catalog, TraceConfig traces) {
        this.exemplars = traces.enabled();
        this.registry = registry;
        voided = new MeterCache<>(l -> Timer.builder("handoff.sla.latency.voided")
                .description("Latencies observed in handoff_sla_latency_seconds whose stop was later voided (an invoice"
                        + " cancelled, an earlier stop arrived late); subtract them for the stops in force")
                .tags("sla", l[0], "group", l[1])
                .serviceLevelObjectives(buckets(catalog.find(l[0]).orElseThrow().target()))
                .register(registry));
        // Each latency series comes with its voided twin, so "observed - voided" always has both sides.
        latency = new MeterCache<>(l -> {
            voided.get(l[0], l[1]);
            return Timer.builder("handoff.sla.latency")
                    .description("Time from an SLA's start event to its stop event, in the SLA's working time")
                    .tags("sla", l[0], "group", l[1])
                    .serviceLevelObjectives(
                            buckets(catalog.find(l[0]).orElseThrow().target()))
                    .register(registry);
        });
        outcomes = new MeterCache<>(l -> Counter.builder("handoff.sla.outcomes")
                .description("SLA clocks decided, by outcome (met, breached); each clock counted once")
                .tags("sla", l[0], "group", l[1], "outcome", l[2])
                .register(registry));
        revisions = new MeterCache<>(l -> Counter.builder("handoff.sla.outcome.revisions")
                .description("Outcomes changed by late or voiding events (e.g. invoice cancelled after posting)")
                .tags("sla", l[0], "from", l[1], "to", l[2])
                .register(registry));
        open = new MeterCache<>(l -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("handoff.flows.open", value, AtomicLong::get)
                    .description("Open SLA clocks, by SLA, group and state (on_track, at_risk, breached)")
                    .tags("sla", l[0], "group", l[1], "state", l[2])
                    .register(registry);
            return value;
        });
        evicted = new MeterCache<>(l -> Counter.builder("handoff.flows.evicted")
                .description(
                        "Flows dropped from memory to keep it bounded; open=true means SLA clocks were still running")
                .tags("open", l[0])
                .register(registry));
        // Both series from the start at 0: an alert on increase() misses a counter's first step when the series
        // appears with it.
        evicted.get("true");
        evicted.get("false");
        for (SlaDefinition sla : catalog.definitions()) {
            for (ClockState state : new ClockState[] {ClockState.ON_TRACK, ClockState.AT_RISK, ClockState.BREACHED}) {
                open.get(sla.id(), "unassigned", state.label());
            }
            for (Outcome outcome : new Outcome[] {Outcome.MET, Outcome.BREACHED}) {
                outcomes.get(sla.id(), "unassigned", outcome.label());
            }
            latency.get(sla.id(), "unassigned");
            Gauge.builder("handoff.sla.objective", sla, SlaDefinition::objective)
                    .description("The SLA's objective: share of clocks that must meet the target")
                    .tag("sla", sla.id())
                    .register(registry);
            Gauge.builder("handoff.sla.target", sla, s -> s.target().toMillis() / 1000.0)
                    .description("The SLA's target duration, in the SLA's working time")
                    .tag("sla", sla.id())
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    static Duration[] buckets(Duration target) {
        Duration[] buckets = new Duration[TARGET_MULTIPLES.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofMillis((long) (target.toMillis() * TARGET_MULTIPLES[i]));
        }
        return buckets;
    }

    @Override
    public void openClockMoved(SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
        if (from != null) {
            open.get(sla.id(), fromGroup, from.label()).decrementAndGet();
        }
        if (to != null) {
            open.get(sla.id(), toGroup, to.label()).incrementAndGet();
        }
    }

    @Override
    public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock, Flow flow) {
        outcomes.get(sla.id(), group, outcome.label()).increment();
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s of %s: %s, counted", sla.id(), flow.key(), outcome.label());
        }
    }

    @Override
    public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {
        revisions.get(sla.id(), from.label(), to.label()).increment();
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s of %s: %s revised to %s, counted", sla.id(), flow.key(), from.label(), to.label());
        }
    }

    @Override
    public void stopVoided(SlaDefinition sla, String group, Duration elapsed, Flow flow) {
        latency.get(sla.id(), group); // its twin exists
        voided.get(sla.id(), group).record(elapsed);
    }

    @Override
    public void stopped(SlaDefinition sla, String group, SlaClock clock, Flow flow) {
        Timer timer = latency.get(sla.id(), group);
        if (!exemplars) {
            timer.record(clock.elapsed());
            return;
        }
        // Not a live span: the flow's trace (exported by the flow tracer) under its deterministic ids.
        SpanContext flowTrace = SpanContext.create(
                FlowTraceIds.traceId(flow.key()),
                FlowTraceIds.rootSpanId(flow.key()),
                TraceFlags.getSampled(),
                TraceState.getDefault());
        try (Scope ignored = Context.root().with(Span.wrap(flowTrace)).makeCurrent()) {
            timer.record(clock.elapsed());
        }
    }

    @Override
    public void evicted(Flow flow, boolean hadOpenClocks) {
        evicted.get(Boolean.toString(hadOpenClocks)).increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
