package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A middleware message reported delivered into a record that Odoo never confirms: no event about that
 * record from {@code window} before the delivery until {@code window} after it. Checked again as time
 * passes; resolves when the record's event arrives, however late.
 */
public final class UnconfirmedDelivery implements Detector {
    public static final String TYPE = "delivery-unconfirmed";

    private final Duration window;

    public UnconfirmedDelivery(Duration window) {
        this.window = window;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** When a delivery in this flow should be confirmed at the latest; empty when there is none. */
    @Override
    public Optional<Instant> recheckAt(Flow message) {
        Instant delivered = message.latest(EventType.MIDDLEWARE_DELIVERED);
        return delivered == null ? Optional.empty() : Optional.of(delivered.plus(window));
    }

    @Override
    public Optional<Finding> check(Flow message, FlowLookup lookup, Instant now) {
        Instant delivered = message.latest(EventType.MIDDLEWARE_DELIVERED);
        ObjectRef record = message.link(EventType.MIDDLEWARE_DELIVERED.linkName());
        if (delivered == null || record == null || now.isBefore(delivered.plus(window))) {
            return Optional.empty();
        }
        boolean confirmed = lookup.flow(record.key())
                .map(f -> f.entries().stream().anyMatch(e -> !e.time().isBefore(delivered.minus(window))))
                .orElse(false);
        if (confirmed) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                TYPE,
                severity(),
                message,
                message.hours(),
                message.amount(),
                delivered.plus(window),
                "middleware delivered " + message.key() + " into " + record.key() + " at " + delivered
                        + "; Odoo has not confirmed it within " + window));
    }
}
