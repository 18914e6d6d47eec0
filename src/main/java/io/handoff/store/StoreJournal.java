package io.handoff.store;

import io.handoff.engine.FlowJournal;
import io.handoff.engine.FlowView;
import io.handoff.record.VersionClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Writes the engine's changed flows to the store as flow documents, each with a higher version than
 * the last. Turning pictures into documents and handing them over happens on a thread of its own, so the
 * engine thread only takes the pictures; while that thread is behind, {@link #room()} is 0 and the
 * engine keeps the flows marked (coalesced) for later.
 */
public final class StoreJournal implements FlowJournal, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoreJournal.class);
    /**
     * Pictures handed over and not yet written, at most: the engine hands them over in slices of a few hundred, so
     * the bound is on pictures, not on batches.
     */
    static final int PENDING_PICTURES = 20_000;

    private record Batch(List<FlowView> flows, Instant now) {}

    private final FlowStore store;
    private final BlockingQueue<Batch> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingPictures = new AtomicInteger();
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
        return Math.max(0, Math.min(PENDING_PICTURES - pendingPictures.get(), store.room()));
    }

    @Override
    public void changed(List<FlowView> flows, Instant now) {
        pendingPictures.addAndGet(flows.size());
        pending.add(new Batch(flows, now));
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
            } finally {
                pendingPictures.addAndGet(-batch.flows().size());
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
