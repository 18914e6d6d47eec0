package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.BusinessEvent;
import java.time.Instant;

/**
 * Knows what to do when flows change: an event applied, time passing, a flow dropped to bound memory. Called on the
 * engine thread, in order; quick, and never calls back into the engine (other flows only through the lookup).
 */
public interface FlowListener {
    /** An event was added to {@code flow} (not a duplicate, not a restore); other flows through {@code lookup}. */
    default void applied(BusinessEvent event, Flow flow, FlowLookup lookup, Instant now) {}

    /** Time passed (every engine tick). */
    default void tick(FlowLookup lookup, Instant now) {}

    /** A flow was dropped to keep memory bounded. */
    default void evicted(Flow flow, boolean hadOpenClocks) {}
}
