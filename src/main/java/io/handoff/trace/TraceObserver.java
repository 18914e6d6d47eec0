package io.handoff.trace;

/** Knows how to account for exported spans. Called on the shipper's thread: quick. */
public interface TraceObserver {
    /** Spans by result: {@code exported}, {@code failed} (the endpoint refused or was unreachable), {@code dropped} (queue full). */
    void spans(String result, int count);

    TraceObserver NONE = (result, count) -> {};
}
