package io.handoff.store;

import io.handoff.engine.EngineRecovery;
import io.handoff.engine.FlowJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds what the engine needs of the store: its journal and its recovery. The store itself: {@code io.handoff.wiring.StoreChoice}. */
@ApplicationScoped
public class StoreProducer {
    @Produces
    @Singleton
    FlowJournal journal(FlowStore store) {
        return new StoreJournal(store);
    }

    void closeJournal(@Disposes FlowJournal journal) {
        if (journal instanceof StoreJournal storeJournal) {
            storeJournal.close();
        }
    }

    @Produces
    @Singleton
    EngineRecovery recovery(EventStore events, FlowStore flows) {
        return new StoreRecovery(events, flows);
    }
}
