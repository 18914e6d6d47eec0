package io.handoff.metrics;

import io.handoff.maintenance.MaintenancePlan;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;

/**
 * Whether each SLA is in maintenance now, read at each scrape: what the burn-rate alerts are silenced by and the
 * dashboards shade. Labels: {@code sla}, from configuration.
 */
@Startup
@ApplicationScoped
public class MaintenanceMetrics {
    public MaintenanceMetrics(MeterRegistry registry, SlaCatalog catalog, MaintenancePlan plan, InstantSource clock) {
        for (SlaDefinition sla : catalog.definitions()) {
            Gauge.builder("handoff.sla.maintenance", plan, p -> p.active(sla.id(), clock.instant()) ? 1 : 0)
                    .description("1 while a maintenance window over the whole SLA (no source scope) is active: its"
                            + " clocks pause or are excluded and its alerts are silent; else 0")
                    .tag("sla", sla.id())
                    .register(registry);
        }
    }
}
