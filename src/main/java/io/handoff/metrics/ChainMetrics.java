package io.handoff.metrics;

import io.handoff.engine.FlowReads;
import io.handoff.sla.Chain;
import io.handoff.sla.ChainReport;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Chains of SLAs end to end and per stage, over the flows the engine holds: read once a minute (a scrape never waits
 * for the engine). Labels: {@code chain}, {@code stage} (the stage's SLA id, or {@code end_to_end}), {@code state};
 * all from configuration.
 */
@Startup
@ApplicationScoped
public class ChainMetrics {
    private static final Logger LOG = Logger.getLogger(ChainMetrics.class);
    static final String END_TO_END = "end_to_end";

    private final FlowReads engine;
    private final InstantSource clock;
    private final Map<String, ChainReport> latest = new ConcurrentHashMap<>();

    public ChainMetrics(MeterRegistry registry, SlaCatalog catalog, FlowReads engine, InstantSource clock) {
        this.engine = engine;
        this.clock = clock;
        for (Chain chain : catalog.chains()) {
            String id = chain.id();
            gauge(
                    registry,
                    "handoff.chain.flows",
                    "Flows held that started the chain, by state (open, complete)",
                    id,
                    r -> r.open(),
                    "state",
                    "open");
            gauge(
                    registry,
                    "handoff.chain.flows",
                    "Flows held that started the chain, by state (open, complete)",
                    id,
                    r -> r.completed(),
                    "state",
                    "complete");
            gauge(
                    registry,
                    "handoff.chain.duration.mean",
                    "Mean wall-clock time of the completed chains, end to end and per stage (NaN before the first)",
                    id,
                    r -> orNaN(r.meanSeconds()),
                    "stage",
                    END_TO_END);
            for (int i = 0; i < chain.stages().size(); i++) {
                SlaDefinition stage = chain.stages().get(i);
                int index = i;
                gauge(
                        registry,
                        "handoff.chain.duration.mean",
                        "Mean wall-clock time of the completed chains, end to end and per stage (NaN before the first)",
                        id,
                        r -> orNaN(r.stages().get(index).meanSeconds()),
                        "stage",
                        stage.id());
                gauge(
                        registry,
                        "handoff.chain.stage.share",
                        "Share of the completed chains' end-to-end time each stage took: which step eats the time",
                        id,
                        r -> orNaN(r.stages().get(index).share()),
                        "stage",
                        stage.id());
            }
        }
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String description,
            String chain,
            ToDoubleFunction<ChainReport> value,
            String tag,
            String tagValue) {
        Gauge.Builder<Map<String, ChainReport>> builder = Gauge.builder(name, latest, l -> {
                    ChainReport report = l.get(chain);
                    return report == null ? Double.NaN : value.applyAsDouble(report);
                })
                .description(description)
                .tags("chain", chain, tag, tagValue);
        if (name.endsWith(".mean")) {
            builder.baseUnit("seconds");
        }
        builder.register(registry);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** How often the chains are read again: {@link io.handoff.slo.SloConfig#refreshEvery()}. */
    @Scheduled(
            every = "${handoff.slo.refresh-every:1m}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            for (ChainReport report : engine.chains(clock.instant()).get(30, TimeUnit.SECONDS).stream()
                    .map(io.handoff.sla.ChainTally::report)
                    .toList()) {
                latest.put(report.chain(), report);
            }
        } catch (Exception e) {
            LOG.warn("chains not refreshed (the gauges keep their last values): " + e.getMessage());
        }
    }
}
