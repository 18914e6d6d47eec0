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

    public DemoWorkload(
            DemoConfig config,
            CloudEventReader reader,
            OdooSnapshotMapper odoo,
            Intake intake,
            IngestObserver observer,
            InstantSource clock) {
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

    private List<Candidate> read(List<ObjectNode> events, String origin, Instant now) {
        List<Candidate> candidates = new ArrayList<>(events.size());
        for (ObjectNode event : events) {
            candidates.add(reader.read(event, origin, now));
        }
        return candidates;
    }
}
