package io.handoff.ingest;

import io.handoff.correlate.FlowBounds;
import io.handoff.engine.EngineLoop;
import io.handoff.store.EventStore;
import io.handoff.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the edge from configuration. */
@ApplicationScoped
public class IngestProducer {

    @Produces
    @Singleton
    EdgeRules edgeRules(IngestConfig config, GroupingConfig grouping) {
        return EdgeRules.from(config, grouping);
    }

    @Produces
    @Singleton
    RecentEvents recentEvents(IngestConfig config) {
        return new RecentEvents(config.dedupWindow());
    }

    @Produces
    @Singleton
    IngestGate gate(IngestConfig config, EngineLoop engine) {
        return new IngestGate(
                IngestGate.permits(config.maxConcurrentRequests()),
                engine::backlog,
                config.admissionBacklog(),
                config.maxAdmissionWait().toMillis(),
                config.retryAfterSeconds());
    }

    @Produces
    @Singleton
    Intake intake(
            EngineLoop engine,
            EventStore store,
            RecentEvents recent,
            IngestObserver observer,
            IngestConfig config,
            StoreConfig storeConfig,
            EventLog log,
            FlowBounds bounds) {
        // With an event log in use (Kafka) every accepted event goes through it to the instance owning its flow.
        return new Intake(
                engine,
                store,
                recent,
                observer,
                config.retryAfterSeconds(),
                storeConfig.elasticsearch().ackTimeout(),
                log,
                bounds);
    }
}
