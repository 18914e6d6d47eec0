package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.event.BusinessEvent;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import java.time.Instant;
import java.util.List;

/**
 * Knows what to do with what the engine concludes. Called on the engine thread, in order; an
 * implementation must be quick and must not call back into the engine.
 */
public interface EngineListener {
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

    /** A flow was dropped to keep memory bounded. */
    default void evicted(Flow flow, boolean hadOpenClocks) {}

    /** An event was added to {@code flow} (not a duplicate, not a restore); other flows through {@code lookup}. */
    default void applied(BusinessEvent event, Flow flow, FlowLookup lookup, Instant now) {}

    /** Time passed (every engine tick). */
    default void tick(FlowLookup lookup, Instant now) {}

    /**
     * Whoever owns flow {@code ownerKey} (another instance, see {@link Ownership}) needs these events of a
     * flow linked to or from it to compute its clocks. Never called when every flow is owned here.
     */
    default void contextNeeded(String ownerKey, List<BusinessEvent> events) {}

    EngineListener NONE = new EngineListener() {};

    /** Tells each listener in turn. */
    static EngineListener all(java.util.List<EngineListener> listeners) {
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        EngineListener[] each = listeners.toArray(EngineListener[]::new);
        return new EngineListener() {
            @Override
            public void openClockMoved(
                    SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
                for (EngineListener l : each) {
                    l.openClockMoved(sla, fromGroup, from, toGroup, to);
                }
            }

            @Override
            public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock, Flow flow) {
                for (EngineListener l : each) {
                    l.outcome(sla, group, outcome, clock, flow);
                }
            }

            @Override
            public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {
                for (EngineListener l : each) {
                    l.outcomeRevised(sla, group, from, to, flow);
                }
            }

            @Override
            public void stopped(SlaDefinition sla, String group, SlaClock clock, Flow flow) {
                for (EngineListener l : each) {
                    l.stopped(sla, group, clock, flow);
                }
            }

            @Override
            public void evicted(Flow flow, boolean hadOpenClocks) {
                for (EngineListener l : each) {
                    l.evicted(flow, hadOpenClocks);
                }
            }

            @Override
            public void applied(BusinessEvent event, Flow flow, FlowLookup lookup, Instant now) {
                for (EngineListener l : each) {
                    l.applied(event, flow, lookup, now);
                }
            }

            @Override
            public void tick(FlowLookup lookup, Instant now) {
                for (EngineListener l : each) {
                    l.tick(lookup, now);
                }
            }

            @Override
            public void contextNeeded(String ownerKey, List<BusinessEvent> events) {
                for (EngineListener l : each) {
                    l.contextNeeded(ownerKey, events);
                }
            }
        };
    }
}
