package io.handoff.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.ingest.BufferFullException;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.Intake;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Feeds {@link DemoFirm} through the real edge once a second when {@code handoff.demo.enabled}. */
@ApplicationScoped
public class DemoWorkload {
    static final String TIME_TOOL = "demo-timetracker";
    static final String ODOO = "demo-odoo";
    static final String MIDDLEWARE = "demo-middleware";
    private static final Logger LOG = Logger.getLogger(DemoWorkload.class);

    private final DemoConfig config;
    private final DemoFirm firm;
    private final CloudEventReader reader;
    private final OdooSnapshotMapper odoo;
    private final Intake intake;
    private final IngestObserver observer;
    private final InstantSource clock;
    private final io.handoff.maintenance.MaintenancePlan maintenance;
    private final io.handoff.engine.EngineLoop engine;
    private final io.handoff.sla.SlaCatalog catalog;
    /** When the demo's next middleware release begins. */
    private Instant nextRelease;

    public DemoWorkload(
            DemoConfig config,
            CloudEventReader reader,
            OdooSnapshotMapper odoo,
            Intake intake,
            IngestObserver observer,
            io.handoff.maintenance.MaintenancePlan maintenance,
            io.handoff.engine.EngineLoop engine,
            io.handoff.sla.SlaCatalog catalog,
            InstantSource clock) {
        this.maintenance = maintenance;
        this.engine = engine;
        this.catalog = catalog;
        this.config = config;
        this.firm = new DemoFirm(config.seed(), config.approvalsPerSecond(), config.messagesPerSecond());
        this.reader = reader;
        this.odoo = odoo;
        this.intake = intake;
        this.observer = observer;
        this.clock = clock;
    }

    void announce(@Observes StartupEvent start) {
        if (config.enabled()) {
            LOG.infof(
                    "Demo workload on: a simulated firm sends events as sources %s, %s and %s (handoff.demo.enabled=false turns it off)",
                    TIME_TOOL, ODOO, MIDDLEWARE);
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        Instant now = clock.instant();
        release(now);
        DemoFirm.Tick tick = firm.tick(now);
        try {
            intake.submit(TIME_TOOL, read(tick.cloudEvents(), TIME_TOOL, now));
            intake.submit(MIDDLEWARE, read(tick.middlewareEvents(), MIDDLEWARE, now));
            for (ObjectNode snapshot : tick.odooSnapshots()) {
                OdooSnapshotMapper.Mapped mapped = odoo.map(snapshot, ODOO, now);
                observer.snapshot(ODOO, mapped.model(), mapped.events().isEmpty() ? "nothing" : "mapped");
                intake.submit(ODOO, mapped.events().stream().map(Candidate::of).toList());
            }
        } catch (BufferFullException e) {
            LOG.debug("demo tick skipped: buffer full");
        }
    }

    /**
     * The demo middleware's releases: a maintenance window of {@value #RELEASE_MINUTES} minutes over its messages'
     * SLA, half a minute after start and then every hour, so clocks are excluded and the maintenance series move.
     */
    private void release(Instant now) {
        if (nextRelease == null) {
            nextRelease = now.plusSeconds(30);
        }
        if (now.isBefore(nextRelease.minusSeconds(5)) || catalog.indexOf(RELEASED_SLA) < 0) {
            return;
        }
        Instant start = nextRelease;
        nextRelease = nextRelease.plus(java.time.Duration.ofHours(1));
        io.handoff.sla.MaintenanceWindow window = new io.handoff.sla.MaintenanceWindow(
                "demo-esb-release-" + start.getEpochSecond(),
                start,
                start.plus(java.time.Duration.ofMinutes(RELEASE_MINUTES)),
                java.util.Set.of(RELEASED_SLA),
                null,
                "Demo middleware release (the demo declares one every hour)",
                "demo",
                now);
        try {
            maintenance.declare(window, io.handoff.maintenance.MaintenanceEntry.DEMO);
            engine.maintenance(maintenance::inForce);
        } catch (IllegalStateException e) {
            LOG.debugf("demo release not declared: %s", e.getMessage());
        }
    }

    private static final int RELEASE_MINUTES = 4;
    private static final String RELEASED_SLA = "middleware-delivery";

    private List<Candidate> read(List<ObjectNode> events, String origin, Instant now) {
        List<Candidate> candidates = new ArrayList<>(events.size());
        for (ObjectNode event : events) {
            candidates.add(reader.read(event, origin, now));
        }
        return candidates;
    }
}
