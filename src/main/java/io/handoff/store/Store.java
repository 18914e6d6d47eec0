package io.handoff.store;

import io.handoff.event.BusinessEvent;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The storage contract. One suite of contract tests runs against every implementation.
 *
 * <p>Events are the record: {@link #append} completes only once they are durable, and appending an
 * event twice keeps it once. Flow and exception documents are derived from the events; they are written
 * asynchronously, newest version wins, and they are what the read side searches.
 */
public interface Store extends AutoCloseable {

    /**
     * Keeps the events. The stage completes when every one of them is durable (at once for a store
     * that is not), or exceptionally when they cannot be kept.
     *
     * @throws StoreFullException when the store cannot buffer them; nothing of them was taken
     */
    CompletionStage<Void> append(List<BusinessEvent> events);

    /** Every stored event of these flows, in no particular order. */
    List<BusinessEvent> eventsOf(Collection<String> flowKeys);

    /** How many flow or exception documents can be handed over now without waiting. */
    int room();

    /** Writes these flow documents; an older version never overwrites a newer one. */
    void saveFlows(List<FlowRecord> flows);

    Optional<FlowRecord> flow(String key);

    Page<FlowRecord> searchFlows(FlowQuery query);

    /** Writes these exception documents; an older version never overwrites a newer one. */
    void saveExceptions(List<ExceptionRecord> exceptions);

    /**
     * Keeps scored series points, once each (same series, subject and time: kept once). Asynchronous like
     * the flow documents. The embedded store keeps none: the {@code handoff_anomaly_score} gauges are the
     * live view, Prometheus the history.
     */
    default void saveAnomalyPoints(List<AnomalyPoint> points) {}

    Optional<ExceptionRecord> exception(String id);

    Page<ExceptionRecord> searchExceptions(ExceptionQuery query);

    /**
     * Deletes the events (and anomaly points) older than {@code retention} before {@code now} where the store keeps
     * them by time, a whole month at a time; returns what it deleted, for the log. A store bounded by size instead
     * (the in-memory one) has nothing to do.
     */
    default List<String> deleteExpiredEvents(Instant now, Period retention) {
        return List.of();
    }

    /** Calls {@code each} with the open exceptions, page after page, until it returns false or none are left. */
    default void eachOpenException(Predicate<ExceptionRecord> each) {
        String after = null;
        do {
            Page<ExceptionRecord> page =
                    searchExceptions(new ExceptionQuery(null, ExceptionRecord.OPEN, null, null, null, 500, after));
            for (ExceptionRecord exception : page.items()) {
                if (!each.test(exception)) {
                    return;
                }
            }
            after = page.next();
        } while (after != null);
    }

    /**
     * Claims a notice id once, ever: true for the first claim, false for every later one (also after a
     * restart, where the store is durable). Synchronous; for notifiers, never on the ingest path.
     */
    boolean claimNotice(String noticeId, Instant at);

    /** What a restarted engine needs to reload: the flows that were open and their neighbours. */
    RecoveryPlan recoveryPlan();

    /** Waits until everything handed over so far is written and visible to searches. */
    void flush();

    /** True when what is appended survives a restart of the service. */
    boolean durable();

    @Override
    void close();
}
