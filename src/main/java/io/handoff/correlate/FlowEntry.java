package io.handoff.correlate;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import java.time.Instant;
import java.util.Comparator;

/**
 * One event as a flow keeps it: identity, type, times and the facts read from it. The payload
 * itself is not kept here (the event store keeps it when one is configured), which keeps an open
 * flow small.
 */
public record FlowEntry(
        String source,
        String id,
        EventType type,
        long timeMicros,
        long receivedMillis,
        String correlationId,
        EventFacts facts,
        String traceparent) {

    /** Event time first; the rest only makes the order total, so that it never depends on arrival. */
    static final Comparator<FlowEntry> ORDER = Comparator.comparingLong(FlowEntry::timeMicros)
            .thenComparing(FlowEntry::type)
            .thenComparing(FlowEntry::source)
            .thenComparing(FlowEntry::id);

    static FlowEntry of(BusinessEvent event) {
        return new FlowEntry(
                event.source(), // shared already: BusinessEvent takes it through Canonical
                event.id(),
                event.type(),
                micros(event.time()),
                event.receivedAt().toEpochMilli(),
                event.correlationId(),
                event.facts(),
                event.traceparent());
    }

    /** Event time; microseconds kept, as Odoo's write dates have them. */
    public Instant time() {
        return Instant.ofEpochSecond(
                Math.floorDiv(timeMicros, 1_000_000L), Math.floorMod(timeMicros, 1_000_000L) * 1000L);
    }

    static long micros(Instant time) {
        return Math.multiplyExact(time.getEpochSecond(), 1_000_000L) + time.getNano() / 1000;
    }

    public Instant receivedAt() {
        return Instant.ofEpochMilli(receivedMillis);
    }

    boolean sameEventAs(BusinessEvent event) {
        return id.equals(event.id()) && source.equals(event.source());
    }
}
