package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import java.util.List;

/** Knows how to account for what the edge decided. Called on request threads: thread-safe, quick. */
public interface IngestObserver {
    /** The verdicts of one request, aligned with its candidates. */
    void verdicts(String origin, List<Candidate> candidates, List<Verdict> verdicts);

    /** One event's verdict, where events are decided one at a time (a partition of the repartition topic). */
    default void verdict(String origin, Candidate candidate, Verdict verdict) {
        verdicts(origin, List.of(candidate), List.of(verdict));
    }

    /** The events of one request that were accepted, for lag and liveness per source. */
    void accepted(String origin, List<BusinessEvent> events);

    /**
     * A request refused whole with 503: {@code buffer-full} (no room to take it) or
     * {@code storage-unavailable} (not stored in time; the client retries).
     */
    void refused(String origin, int events, String reason);

    /** One Odoo webhook body and what it became: {@code mapped}, {@code nothing} or {@code rejected}. */
    void snapshot(String origin, String model, String result);

    IngestObserver NONE = new IngestObserver() {
        public void verdicts(String origin, List<Candidate> candidates, List<Verdict> verdicts) {}

        public void accepted(String origin, List<BusinessEvent> events) {}

        public void refused(String origin, int events, String reason) {}

        public void snapshot(String origin, String model, String result) {}
    };
}
