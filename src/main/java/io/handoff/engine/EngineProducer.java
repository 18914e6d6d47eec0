package io.handoff.engine;

import io.handoff.correlate.FlowBounds;
import io.handoff.event.EventTypesConfig;
import io.handoff.event.EventVocabulary;
import io.handoff.sla.Maintenance;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaCatalogs;
import io.handoff.sla.SlaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/** Builds the engine from configuration; the one place where wall-clock time comes from. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    EventVocabulary vocabulary(EventTypesConfig config) {
        return new EventVocabulary(EventTypesConfig.declare(config));
    }

    @Produces
    @Singleton
    SlaCatalog catalog(SlaConfig config, EventVocabulary vocabulary) {
        return SlaCatalogs.from(config);
    }

    @Produces
    @Singleton
    FlowBounds bounds(EngineConfig config) {
        return new FlowBounds(config.maxEventsPerFlow(), config.maxLinksPerTarget());
    }

    @Produces
    @Singleton
    EngineLoop loop(
            SlaCatalog catalog,
            EngineListener listener,
            EngineLoop.BatchTimer timer,
            EngineConfig config,
            InstantSource clock,
            Instance<FlowJournal> journals,
            EngineRecovery recovery,
            Ownership initialOwnership,
            FlowBounds bounds,
            FlowSpill spill,
            Maintenance maintenance) {
        if (config.maxFlows() < 1) {
            throw new IllegalArgumentException(
                    "handoff.engine.max-flows must be at least 1 (flows kept in memory), was " + config.maxFlows());
        }
        GroupLabels groups =
                new GroupLabels(config.maxGroups(), Set.copyOf(config.groups().orElse(List.of())));
        FlowEngine engine = new FlowEngine(catalog, listener, groups, config.maxFlows())
                .bounded(bounds)
                .spilling(spill);
        engine.maintenance(maintenance, clock.instant()); // before any flow: restored clocks count under it
        if (initialOwnership == Ownership.ALL) {
            recovery.restore(engine);
        } else {
            // Flows are owned by partition (Kafka Streams): each partition is replayed from its state store when taken.
            engine.own(initialOwnership, clock.instant());
        }
        return new EngineLoop(
                        engine,
                        clock,
                        timer,
                        config.bufferCapacity(),
                        config.tick(),
                        FlowJournal.all(journals.stream().toList()),
                        config.flowWriteInterval())
                .start();
    }

    void close(@Disposes EngineLoop loop) {
        loop.close();
    }
}
