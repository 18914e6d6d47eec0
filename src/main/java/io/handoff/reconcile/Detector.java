package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import java.time.Instant;
import java.util.Optional;

/**
 * Looks at one flow (and, through the lookup, the flows it links to) and says whether its condition
 * holds now. Pure: everything it needs is in the flows, so a restarted service with its flows restored
 * reaches the same conclusion.
 */
public interface Detector {
    /** The exception type it raises, e.g. {@code duplicate-invoicing}. */
    String type();

    /** How bad its exceptions are. */
    Severity severity();

    Optional<Finding> check(Flow flow, FlowLookup lookup, Instant now);

    /** When the flow must be checked again although no event touches it (a deadline passes); empty when never. */
    default Optional<Instant> recheckAt(Flow flow) {
        return Optional.empty();
    }
}
