package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A flow that refers to an object (a line's invoice) of which no event arrived within the grace period
 * after the reference did: a lost webhook the poller did not catch either, a draft never posted, or a
 * reference to the wrong id. Deliveries into Odoo records are {@link UnconfirmedDelivery}'s, not this
 * one's. Resolves when any event about the object arrives.
 */
public final class UnknownReference implements Detector {
    public static final String TYPE = "unknown-reference";

    private final Duration grace;

    public UnknownReference(Duration grace) {
        this.grace = grace;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    /** The latest entry that set a link this detector watches; null when there is none in force. */
    private static FlowEntry referring(Flow flow) {
        List<FlowEntry> entries = flow.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            EventType type = entries.get(i).type();
            if (type.linkName() != null && type != EventType.MIDDLEWARE_DELIVERED) {
                return type.linkEffect() == EventType.LinkEffect.SET ? entries.get(i) : null;
            }
        }
        return null;
    }

    @Override
    public Optional<Instant> recheckAt(Flow flow) {
        FlowEntry entry = referring(flow);
        return entry == null ? Optional.empty() : Optional.of(entry.receivedAt().plus(grace));
    }

    @Override
    public Optional<Finding> check(Flow flow, FlowLookup lookup, Instant now) {
        FlowEntry entry = referring(flow);
        if (entry == null || entry.facts().link() == null) {
            return Optional.empty();
        }
        // Received time, not event time: the grace is for the other object's events to arrive, whatever their age.
        Instant due = entry.receivedAt().plus(grace);
        ObjectRef target = entry.facts().link();
        if (now.isBefore(due) || lookup.flow(target.key()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                TYPE,
                severity(),
                flow,
                flow.hours(),
                flow.amount(),
                due,
                flow.key() + " refers to " + target.key() + " (" + entry.type().linkName() + ") since "
                        + entry.receivedAt()
                        + ", but no event about " + target.key() + " arrived within " + grace
                        + ": a lost webhook the poller did not catch, a draft never posted, or a wrong id"));
    }
}
