package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventType;
import java.time.Instant;
import java.util.Optional;

/** A middleware message given up on (dead-lettered) and not delivered since; resolves when a replay delivers it. */
public final class DeadLetteredMessage implements Detector {
    public static final String TYPE = "message-dead-lettered";

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Finding> check(Flow message, FlowLookup lookup, Instant now) {
        Instant deadLettered = message.latest(EventType.MIDDLEWARE_DEAD_LETTERED);
        if (deadLettered == null) {
            return Optional.empty();
        }
        Instant delivered = message.latest(EventType.MIDDLEWARE_DELIVERED);
        if (delivered != null && delivered.isAfter(deadLettered)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                TYPE,
                severity(),
                message,
                message.hours(),
                message.amount(),
                deadLettered,
                "middleware message " + message.key() + " was dead-lettered at " + deadLettered
                        + " and not delivered since"));
    }
}
