package io.handoff.ingest.poll;

import java.time.Instant;

/** Knows how to account for polling. Called on the polling thread; quick. */
public interface PollObserver {
    /** One page read: {@code rows} records, {@code fresh} of them not read before. */
    void page(String source, String model, int rows, int fresh);

    /** One request's outcome: {@code ok} or an {@link OdooApiException.Kind#label()}, or {@code refused} by ingest. */
    void request(String source, String model, String result);

    /** The model is read up to this record's write date. */
    void watermark(String source, String model, Instant writeDate);

    PollObserver NONE = new PollObserver() {
        public void page(String source, String model, int rows, int fresh) {}

        public void request(String source, String model, String result) {}

        public void watermark(String source, String model, Instant writeDate) {}
    };
}
