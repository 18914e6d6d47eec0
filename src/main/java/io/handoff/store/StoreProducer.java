package io.handoff.store;

import io.handoff.engine.EngineRecovery;
import io.handoff.engine.FlowJournal;
import io.handoff.store.elastic.ElasticStore;
import io.handoff.store.memory.MemoryStore;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** Builds the configured store. */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

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

    @Produces
    @Singleton
    FlowJournal journal(Store store) {
        return new StoreJournal(store);
    }

    void closeJournal(@Disposes FlowJournal journal) {
        if (journal instanceof StoreJournal storeJournal) {
            storeJournal.close();
        }
    }

    @Produces
    @Singleton
    EngineRecovery recovery(Store store) {
        return new StoreRecovery(store);
    }

    void close(@Disposes Store store) {
        store.close();
    }
}
