package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import java.time.Duration;
import java.time.Instant;

/**
 * Knows what to do with what the engine concludes about SLA clocks: moves between open states, outcomes (once per
 * clock), revisions of outcomes, stops. Called on the engine thread, in order; quick, and never calls back into the
 * engine.
 */
public interface ClockListener {
    /**
     * An open clock moved between (group, state) cells; a null state means "not an open clock"
     * (not started yet, closed, or evicted).
     */
    default void openClockMoved(SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {}

    /** A clock's outcome was recorded for the first time: counted once per clock. */
    default void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock, Flow flow) {}

    /** Late or voiding events changed an outcome already recorded. */
    default void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {}

    /** A clock stopped; its latency is known. */
    default void stopped(SlaDefinition sla, String group, SlaClock clock, Flow flow) {}

    /** A stop observed earlier no longer holds: the latency observed then (in that group) is taken back. */
    default void stopVoided(SlaDefinition sla, String group, Duration elapsed, Flow flow) {}

    /**
     * The decision in force about a clock changed: met at its stop, breached at its due time, or withdrawn
     * ({@link Outcome#OPEN}, {@code at} null). Not told again when an engine reloads or takes flows over.
     */
    default void decided(SlaDefinition sla, String group, Outcome outcome, Instant at, Flow flow) {}
}
