package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import java.util.List;

/** Knows how to account for what the edge decided. Called on request threads: thread-safe, quick. */
public interface IngestObserver {
    /** The verdicts of one request, aligned with its candidates. */
    void verdicts(String origin, List<Candidate> candidates, List<Verdict> verdicts);

    /** The events of one request that were accepted, for lag and liveness per source. */
    void accepted(String origin, List<BusinessEvent> events);

    /** A request refused whole because the buffer was full. */
    void bufferFull(String origin, int events);

    /** One Odoo webhook body and what it became: {@code mapped}, {@code nothing} or {@code rejected}. */
    void snapshot(String origin, String model, String result);

    IngestObserver NONE = new IngestObserver() {
        public void verdicts(String origin, List<Candidate> candidates, List<Verdict> verdicts) {}

        public void accepted(String origin, List<BusinessEvent> events) {}

        public void bufferFull(String origin, int events) {}

        public void snapshot(String origin, String model, String result) {}
    };
}
