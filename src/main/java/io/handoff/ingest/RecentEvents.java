package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities of the most recently accepted events, so a duplicate is answered as such at the
 * edge. Holds at most {@code capacity} identities (oldest forgotten first); duplicates older than
 * that are still caught by the flow that holds the event. Thread-safe.
 */
public final class RecentEvents {
    private final ConcurrentHashMap<BusinessEvent.Identity, Boolean> seen;
    private final ArrayBlockingQueue<BusinessEvent.Identity> order;

    public RecentEvents(int capacity) {
        this.seen = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
        this.order = new ArrayBlockingQueue<>(capacity);
    }

    /** Records the identity; false when it was already there. */
    public boolean add(BusinessEvent.Identity identity) {
        if (seen.putIfAbsent(identity, Boolean.TRUE) != null) {
            return false;
        }
        while (!order.offer(identity)) {
            BusinessEvent.Identity oldest = order.poll();
            if (oldest != null) {
                seen.remove(oldest);
            }
        }
        return true;
    }

    /**
     * Forgets an identity recorded by a request that then could not be accepted. O(1): this runs
     * when the buffer is full, under overload. Its slot in the eviction order stays until it is
     * reached; if the identity is added again meanwhile, it may be forgotten early, which only
     * narrows the window (the flow still drops the duplicate).
     */
    public void forget(BusinessEvent.Identity identity) {
        seen.remove(identity);
    }

    public int size() {
        return seen.size();
    }
}
