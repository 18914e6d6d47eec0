package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities of the most recently accepted events, each with the outcome of keeping it, so a
 * duplicate is answered as such at the edge, and a duplicate of an event still being stored waits for
 * the original and answers as it does (a retry racing its original is never told "kept" for an event that
 * then fails to be). Holds at most {@code capacity} identities (oldest forgotten first); duplicates older
 * than that are still caught by the flow that holds the event. Thread-safe.
 */
public final class RecentEvents {
    private static final CompletableFuture<Void> KEPT = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<BusinessEvent.Identity, CompletableFuture<Void>> seen;
    private final ArrayBlockingQueue<BusinessEvent.Identity> order;

    public RecentEvents(int capacity) {
        this.seen = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
        this.order = new ArrayBlockingQueue<>(capacity);
    }

    /** Records the identity as kept; false when it was already there. */
    public boolean add(BusinessEvent.Identity identity) {
        return claim(identity, KEPT) == null;
    }

    /**
     * Records the identity with {@code outcome}, the completion of keeping it; null when it is new, else the
     * outcome of the request that has it (done or still pending).
     */
    public CompletableFuture<Void> claim(BusinessEvent.Identity identity, CompletableFuture<Void> outcome) {
        CompletableFuture<Void> earlier = seen.putIfAbsent(identity, outcome);
        if (earlier != null) {
            return earlier;
        }
        while (!order.offer(identity)) {
            BusinessEvent.Identity oldest = order.poll();
            if (oldest != null) {
                seen.remove(oldest);
            }
        }
        return null;
    }

    /**
     * Forgets an identity recorded with {@code outcome} by a request that then could not be accepted, but not a
     * later claim's. O(1): this runs when the buffer is full, under overload. Its slot in the eviction order stays
     * until it is reached; if the identity is added again meanwhile, it may be forgotten early, which only narrows
     * the window (the flow still drops the duplicate).
     */
    public void forget(BusinessEvent.Identity identity, CompletableFuture<Void> outcome) {
        seen.remove(identity, outcome);
    }

    public int size() {
        return seen.size();
    }
}
