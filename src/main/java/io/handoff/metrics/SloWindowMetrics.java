package io.handoff.metrics;

import io.handoff.sla.ComplianceWindow;
import io.handoff.sla.SlaDefinition;
import io.handoff.slo.SloWindows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Per SLA and compliance window, the current window's attainment, error budget left and clocks decided: read from the
 * store once a minute (a scrape never waits for it). Labels: {@code sla} × {@code window}, both from configuration.
 */
@Startup
@ApplicationScoped
public class SloWindowMetrics {
    private static final Logger LOG = Logger.getLogger(SloWindowMetrics.class);

    private final SloWindows windows;
    private final InstantSource clock;
    private final Map<String, SloWindows.Report> latest = new ConcurrentHashMap<>();

    public SloWindowMetrics(MeterRegistry registry, SloWindows windows, InstantSource clock) {
        this.windows = windows;
        this.clock = clock;
        for (SlaDefinition sla : windows.catalog().definitions()) {
            for (ComplianceWindow window : sla.windows()) {
                String key = sla.id() + "|" + window.name();
                Gauge.builder("handoff.sla.window.attainment", latest, l -> attainment(l.get(key)))
                        .description("Met / decided clocks in the current compliance window (NaN before any decision)")
                        .tags("sla", sla.id(), "window", window.name())
                        .register(registry);
                Gauge.builder("handoff.sla.window.error.budget.remaining", latest, l -> remaining(l.get(key)))
                        .description("Share of the current window's error budget left: 1 untouched, 0 spent, below 0"
                                + " overspent; it starts again with each calendar period")
                        .tags("sla", sla.id(), "window", window.name())
                        .register(registry);
                Gauge.builder("handoff.sla.window.decided", latest, l -> decided(l.get(key)))
                        .description("Clocks decided (met or breached) in the current compliance window")
                        .tags("sla", sla.id(), "window", window.name())
                        .register(registry);
            }
        }
    }

    /** How often the gauges are read from the store: {@link io.handoff.slo.SloConfig#refreshEvery()}. */
    @Scheduled(
            every = "${handoff.slo.refresh-every:1m}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            var now = clock.instant();
            for (SlaDefinition sla : windows.catalog().definitions()) {
                for (SloWindows.Report report : windows.current(sla, now)) {
                    latest.put(sla.id() + "|" + report.window(), report);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("compliance windows not refreshed (the gauges keep their last values): " + e.getMessage());
        }
    }

    private static double attainment(SloWindows.Report report) {
        return report == null || report.attainment() == null ? Double.NaN : report.attainment();
    }

    private static double remaining(SloWindows.Report report) {
        return report == null ? 1 : report.budgetLeftRatio();
    }

    private static double decided(SloWindows.Report report) {
        return report == null ? 0 : report.decided();
    }
}
