package io.handoff.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One canonical business event, validated. Identity is ({@link #source()}, {@link #id()}), as in
 * CloudEvents: the same pair twice is the same event.
 *
 * @param source CloudEvents {@code source}: the system instance that produced the event
 * @param id CloudEvents {@code id}, unique within {@code source}
 * @param type what happened
 * @param time when it happened in the business (CloudEvents {@code time}), not when it arrived
 * @param subject the business object, required for {@link EventType.Anchor#SUBJECT} types
 * @param correlationId end-to-end correlation id, required for {@link EventType.Anchor#CORRELATION} types
 * @param facts what Handoff read out of {@code data}
 * @param origin the configured Handoff source that delivered it (a bounded metric label)
 * @param receivedAt when Handoff accepted it
 * @param traceparent W3C trace context of the system that sent it (CloudEvents distributed-tracing
 *     extension, or the request's header), to link the flow's trace to its trace; null when none
 */
public record BusinessEvent(
        String source,
        String id,
        EventType type,
        Instant time,
        ObjectRef subject,
        String correlationId,
        EventFacts facts,
        String origin,
        Instant receivedAt,
        String traceparent) {

    public BusinessEvent(
            String source,
            String id,
            EventType type,
            Instant time,
            ObjectRef subject,
            String correlationId,
            EventFacts facts,
            String origin,
            Instant receivedAt) {
        this(source, id, type, time, subject, correlationId, facts, origin, receivedAt, null);
    }

    public BusinessEvent {
        source = Canonical.of(source); // a few systems send millions of events
        origin = Canonical.of(origin);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (type.anchor() == EventType.Anchor.SUBJECT && subject == null) {
            throw new IllegalArgumentException(type + " needs a subject");
        }
        if (type.anchor() == EventType.Anchor.CORRELATION && correlationId == null) {
            throw new IllegalArgumentException(type + " needs a correlation id");
        }
    }

    /** The key of the flow this event belongs to: its subject, or its correlation id (see {@link #correlationFlowKey}). */
    public String flowKey() {
        return type.anchor() == EventType.Anchor.SUBJECT ? subject.key() : correlationFlowKey(correlationId);
    }

    /** Marks a correlation flow key that would otherwise look like an object's. */
    public static final String CORRELATION_MARK = "~";

    /**
     * Correlation ids live in a key space of their own: an id that reads as an object reference
     * ({@code account.analytic.line/4711}) would otherwise be that object's flow. Such an id, and any
     * id starting with the mark itself (so the mapping stays one-to-one), is keyed as {@code ~<id>};
     * every other id is its own key, as before.
     */
    public static String correlationFlowKey(String correlationId) {
        return correlationId.startsWith(CORRELATION_MARK)
                        || ObjectRef.parse(correlationId).isPresent()
                ? CORRELATION_MARK + correlationId
                : correlationId;
    }

    /** Identity for de-duplication: (source, id). */
    public Identity identity() {
        return new Identity(source, id);
    }

    /** The CloudEvents identity of an event; cheap to hash (both strings cache their hash). */
    public record Identity(String source, String id) {}
}
