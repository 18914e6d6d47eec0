package io.handoff.store;

import io.handoff.engine.FlowJournal;
import io.handoff.engine.FlowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes the engine's changed flows to the store as flow documents, each with a higher version than the last. */
public final class StoreJournal implements FlowJournal {
    private final Store store;
    /** Versions are microseconds of the wall clock, bumped when two changes share one: they grow across restarts too. */
    private long lastVersion;

    public StoreJournal(Store store) {
        this.store = store;
    }

    @Override
    public int room() {
        return store.room();
    }

    @Override
    public void changed(List<FlowView> flows, Instant now) {
        List<FlowRecord> records = new ArrayList<>(flows.size());
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        for (FlowView view : flows) {
            lastVersion = Math.max(micros, lastVersion + 1);
            records.add(FlowRecord.of(view, now, lastVersion));
        }
        store.saveFlows(records);
    }
}
