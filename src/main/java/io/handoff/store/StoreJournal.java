package io.handoff.store;

import io.handoff.engine.FlowJournal;
import io.handoff.engine.FlowView;
import io.handoff.record.VersionClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jboss.logging.Logger;

/**
 * Writes the engine's changed flows to the store as flow documents, each with a higher version than
 * the last. Turning pictures into documents and handing them over happens on a thread of its own, so the
 * engine thread only takes the pictures; while that thread is behind, {@link #room()} is 0 and the
 * engine keeps the flows marked (coalesced) for later.
 */
public final class StoreJournal implements FlowJournal, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoreJournal.class);
    private static final int PENDING_BATCHES = 4;

    private record Batch(List<FlowView> flows, Instant now) {}

    private final FlowStore store;
    private final BlockingQueue<Batch> pending = new ArrayBlockingQueue<>(PENDING_BATCHES);
    private final Thread writer;
    private final VersionClock versions = new VersionClock();

    public StoreJournal(FlowStore store) {
        this.store = store;
        this.writer = new Thread(this::run, "handoff-flow-journal");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public int room() {
        return pending.remainingCapacity() == 0 ? 0 : store.room();
    }

    @Override
    public void changed(List<FlowView> flows, Instant now) {
        if (!pending.offer(new Batch(flows, now))) {
            // room() said there was room; only a race with close() gets here
            LOG.warn(flows.size() + " flow pictures not written: the journal is closing");
        }
    }

    private void run() {
        while (true) {
            Batch batch;
            try {
                batch = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                write(batch);
            } catch (RuntimeException e) {
                LOG.error("writing " + batch.flows().size() + " flow documents failed", e);
            }
        }
    }

    private void write(Batch batch) {
        List<FlowRecord> records = new ArrayList<>(batch.flows().size());
        Instant now = batch.now();
        for (FlowView view : batch.flows()) {
            records.add(FlowRecord.stored(view, now, versions.next(now)));
        }
        store.saveFlows(records);
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
