package io.handoff.forecast;

import io.handoff.correlate.Flow;
import io.handoff.engine.ClockListener;
import io.handoff.engine.FlowReads;
import io.handoff.engine.FlowView;
import io.handoff.engine.SpilledClock;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Learns each SLA's completion times from the clocks the engine decides, and every
 * {@code handoff.forecast.every} scores the open clocks that have not breached yet: those at or above the
 * threshold are the flows likely to breach, before they do ({@code handoff_flows_likely_to_breach{sla}},
 * and {@link #likely()} for the API).
 */
@ApplicationScoped
public class BreachForecaster implements ClockListener {
    /** An open clock likely to breach. */
    public record Likely(
            String flowKey,
            String sla,
            String client,
            String project,
            String group,
            double probability,
            double elapsedOfTarget,
            Instant due) {}

    private final ForecastConfig config;
    private final SlaCatalog catalog;
    private final Instance<FlowReads> engine;
    private final InstantSource clock;
    private final Map<String, CompletionForecast> forecasts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> likelyCounts = new ConcurrentHashMap<>();
    private volatile List<Likely> likely = List.of();
    private final io.handoff.record.SnapshotFile<Map<String, CompletionForecast.State>> memory;
    /** Set while the memory cannot be written, so the failure is logged when it starts, not every 30 s. */
    private volatile boolean keepFailing;

    public BreachForecaster(
            ForecastConfig config,
            SlaCatalog catalog,
            Instance<FlowReads> engine,
            InstantSource clock,
            MeterRegistry registry,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.config = config;
        this.catalog = catalog;
        this.engine = engine;
        this.clock = clock;
        for (SlaDefinition sla : catalog.definitions()) {
            forecasts.put(sla.id(), new CompletionForecast(config.minObservations()));
            AtomicInteger count = new AtomicInteger();
            likelyCounts.put(sla.id(), count);
            Gauge.builder("handoff.flows.likely.to.breach", count, AtomicInteger::get)
                    .description(
                            "Open SLA clocks not yet breached whose predicted breach probability is at or above handoff.forecast.threshold")
                    .tags("sla", sla.id())
                    .register(registry);
        }
        this.memory = config.stateDir()
                .filter(dir -> !dir.isBlank())
                .map(dir -> new io.handoff.record.SnapshotFile<Map<String, CompletionForecast.State>>(
                        java.nio.file.Path.of(dir, "completion-times.json"),
                        json,
                        json.getTypeFactory()
                                .constructMapType(Map.class, String.class, CompletionForecast.State.class)))
                .orElse(null);
        if (memory != null) {
            memory.read().ifPresent(kept -> {
                int taken = 0;
                for (Map.Entry<String, CompletionForecast.State> sla : kept.entrySet()) {
                    CompletionForecast forecast = forecasts.get(sla.getKey());
                    if (forecast != null && forecast.restore(sla.getValue())) {
                        taken++;
                    }
                }
                org.jboss.logging.Logger.getLogger(BreachForecaster.class)
                        .infof("forecast: the completion times of %d SLAs go on from %s", taken, memory.file());
            });
        }
    }

    /** Keeps what the forecasts have learned. */
    void remember() {
        if (memory == null) {
            return;
        }
        Map<String, CompletionForecast.State> states = new java.util.TreeMap<>();
        forecasts.forEach((sla, forecast) -> states.put(sla, forecast.state()));
        try {
            memory.write(states);
            keepFailing = false;
        } catch (RuntimeException e) {
            if (!keepFailing) {
                org.jboss.logging.Logger.getLogger(BreachForecaster.class)
                        .warnf(
                                "forecast: cannot keep the learned completion times (%s); a restart will learn them again",
                                e.getMessage());
            }
            keepFailing = true;
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        remember();
    }

    @Override
    public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock slaClock, Flow flow) {
        CompletionForecast forecast = forecasts.get(sla.id());
        if (forecast == null) {
            return;
        }
        if (outcome == Outcome.MET && slaClock.elapsed() != null) {
            forecast.met((double) slaClock.elapsed().toMillis() / sla.target().toMillis());
        } else if (outcome == Outcome.BREACHED) {
            forecast.breached();
        }
    }

    @Scheduled(
            every = "${handoff.forecast.every:30s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void score() throws Exception {
        remember();
        Instant now = clock.instant();
        FlowReads reads = engine.get();
        List<FlowView> open = reads.openFlows(now).get(30, TimeUnit.SECONDS);
        likely = score(open, reads::openClocksOnDisk, now);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        likely.forEach(l -> counts.merge(l.sla(), 1, Integer::sum));
        likelyCounts.forEach((sla, count) -> count.set(counts.getOrDefault(sla, 0)));
    }

    /**
     * The open, not yet breached clocks of {@code open} (flows in memory) and of {@code onDisk} (flows kept on disk)
     * at or above the threshold, most likely first.
     */
    List<Likely> score(List<FlowView> open, Consumer<Consumer<SpilledClock>> onDisk, Instant now) {
        List<Likely> found = new ArrayList<>();
        Set<String> inMemory = new HashSet<>();
        for (FlowView flow : open) {
            inMemory.add(flow.key());
            for (SlaClock c : flow.clocks()) {
                if (!c.isOpen() || c.state() == ClockState.BREACHED || c.state() == ClockState.EXCLUDED) {
                    continue;
                }
                consider(
                        flow.key(),
                        c.sla(),
                        flow.client(),
                        flow.project(),
                        flow.group(),
                        c.elapsed(),
                        c.start(),
                        c.due(),
                        now,
                        found);
            }
        }
        // Flows on disk are the ones no event touched for longest: often exactly the stuck ones.
        onDisk.accept(c -> {
            if (!inMemory.contains(c.flowKey())) { // spilled after its picture was taken: scored from memory already
                consider(
                        c.flowKey(), c.sla(), c.client(), c.project(), c.group(), null, c.start(), c.due(), now, found);
            }
        });
        found.sort(Comparator.comparingDouble(Likely::probability).reversed().thenComparing(Likely::due));
        return List.copyOf(found);
    }

    /** Adds the clock to {@code found} when its breach probability is at or above the threshold. */
    private void consider(
            String flowKey,
            String slaId,
            String client,
            String project,
            String group,
            java.time.Duration elapsedSoFar,
            Instant start,
            Instant due,
            Instant now,
            List<Likely> found) {
        SlaDefinition sla = catalog.find(slaId).orElse(null);
        CompletionForecast forecast = forecasts.get(slaId);
        if (sla == null || forecast == null) {
            return;
        }
        // Working time so far, in the SLA's calendar (net of maintenance pauses when the engine counted it).
        java.time.Duration soFar = elapsedSoFar != null
                ? elapsedSoFar
                : sla.clock(start, null, now).elapsed();
        double elapsed = (double) soFar.toMillis() / sla.target().toMillis();
        forecast.breachProbability(elapsed)
                .filter(p -> p >= config.threshold())
                .ifPresent(p -> found.add(new Likely(flowKey, slaId, client, project, group, p, elapsed, due)));
    }

    /** The open clocks likely to breach, as of the last scoring, most likely first. */
    public List<Likely> likely() {
        return likely;
    }

    CompletionForecast forecast(String sla) {
        return forecasts.get(sla);
    }
}
