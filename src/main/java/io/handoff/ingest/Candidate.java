package io.handoff.ingest;

import io.handoff.event.BusinessEvent;

/**
 * One input after validation: an event, or the reason it is not one.
 *
 * @param id the input's id as far as it could be read (for the caller's report), or null
 * @param source the input's source as far as it could be read, or null
 * @param type the type label for metrics: the event type, or {@code invalid}
 */
public record Candidate(BusinessEvent event, Rejection rejection, String id, String source, String type) {
    public static Candidate of(BusinessEvent event) {
        return new Candidate(
                event, null, event.id(), event.source(), event.type().wireName());
    }

    public static Candidate rejected(Rejection rejection, String id, String source) {
        return new Candidate(null, rejection, id, source, "invalid");
    }
}
