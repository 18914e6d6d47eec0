package io.handoff.ingest;

import io.handoff.event.BusinessEvent;

/** Knows how to account for what the edge decided. Called on request threads: thread-safe, quick. */
public interface IngestObserver {
    /** One input's verdict; {@code type} is the event type or {@code invalid}. */
    void verdict(String origin, String type, Verdict.Status status, Rejection rejection);

    /** An accepted event, for lag and liveness per source. */
    void accepted(BusinessEvent event);

    /** A request refused whole because the buffer was full. */
    void bufferFull(String origin, int events);

    /** One Odoo webhook body and what it became: {@code mapped}, {@code nothing} or {@code rejected}. */
    void snapshot(String origin, String model, String result);

    IngestObserver NONE = new IngestObserver() {
        public void verdict(String origin, String type, Verdict.Status status, Rejection rejection) {}

        public void accepted(BusinessEvent event) {}

        public void bufferFull(String origin, int events) {}

        public void snapshot(String origin, String model, String result) {}
    };
}
