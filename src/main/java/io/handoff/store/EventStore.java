package io.handoff.store;

import io.handoff.event.BusinessEvent;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The event log, Handoff's record: {@link #append} completes only once the events are durable, and appending an
 * event twice keeps it once. Everything else kept is derived from it.
 */
public interface EventStore {
    /**
     * Keeps the events. The stage completes when every one of them is durable (at once for a store
     * that is not), or exceptionally when they cannot be kept.
     *
     * @throws StoreFullException when the store cannot buffer them; nothing of them was taken
     */
    CompletionStage<Void> append(List<BusinessEvent> events);

    /** Every stored event of these flows, in no particular order. */
    List<BusinessEvent> eventsOf(Collection<String> flowKeys);

    /**
     * Deletes the events (and anomaly points) older than {@code retention} before {@code now} where the store keeps
     * them by time, a whole month at a time; returns what it deleted, for the log. A store bounded by size instead
     * (the in-memory one) has nothing to do.
     */
    default List<String> deleteExpiredEvents(Instant now, Period retention) {
        return List.of();
    }

    /** True when what is appended survives a restart of the service. */
    boolean durable();
}
