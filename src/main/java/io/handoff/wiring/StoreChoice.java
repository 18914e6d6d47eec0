package io.handoff.wiring;

import io.handoff.store.Store;
import io.handoff.store.StoreConfig;
import io.handoff.store.StoreObserver;
import io.handoff.store.elastic.ElasticStore;
import io.handoff.store.memory.MemoryStore;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** Picks the store by {@code handoff.store.kind}: the one place that knows every store adapter. */
@ApplicationScoped
public class StoreChoice {
    private static final Logger LOG = Logger.getLogger(StoreChoice.class);

    @Produces
    @Singleton
    Store store(StoreConfig config, StoreObserver observer, InstantSource clock, OpenTelemetry openTelemetry) {
        return switch (config.kind()) {
            case MEMORY -> {
                LOG.info("store: in memory (handoff.store.kind=memory); nothing survives a restart");
                yield new MemoryStore(config.memory().capacity());
            }
            case ELASTICSEARCH -> ElasticStore.open(config.elasticsearch(), observer, clock, openTelemetry);
        };
    }

    void close(@Disposes Store store) {
        store.close();
    }
}
