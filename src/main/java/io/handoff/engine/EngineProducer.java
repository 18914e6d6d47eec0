package io.handoff.engine;

import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaCatalogs;
import io.handoff.sla.SlaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

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
    SlaCatalog catalog(SlaConfig config) {
        return SlaCatalogs.from(config);
    }

    @Produces
    @Singleton
    EngineLoop loop(SlaCatalog catalog, EngineListener listener, EngineLoop.BatchTimer timer, EngineConfig config, InstantSource clock) {
        FlowEngine engine = new FlowEngine(catalog, listener, new GroupLabels(config.maxGroups()), config.maxFlows());
        return new EngineLoop(engine, clock, timer, config.bufferCapacity(), config.tick()).start();
    }

    void close(@Disposes EngineLoop loop) {
        loop.close();
    }
}
