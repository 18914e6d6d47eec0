package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.BusinessEvent;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the engine tells: what it concludes about clocks, what happens to flows, and which events other owners
 * need. Built from the listeners of each concern ({@link #of}); the service lists them in one place
 * ({@code io.handoff.wiring.EngineListeners}).
 */
public interface EngineListener extends ClockListener, FlowListener, ContextListener {
    @Override
    default void contextNeeded(String ownerKey, List<BusinessEvent> events) {}

    EngineListener NONE = new EngineListener() {};

    /** Tells the listeners of each concern, each list in its order. */
    static EngineListener of(List<ClockListener> clocks, List<FlowListener> flows, List<ContextListener> context) {
        ClockListener[] clockListeners = clocks.toArray(ClockListener[]::new);
        FlowListener[] flowListeners = flows.toArray(FlowListener[]::new);
        ContextListener[] contextListeners = context.toArray(ContextListener[]::new);
        return new EngineListener() {
            @Override
            public void openClockMoved(
                    SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
                for (ClockListener l : clockListeners) {
                    l.openClockMoved(sla, fromGroup, from, toGroup, to);
                }
            }

            @Override
            public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock, Flow flow) {
                for (ClockListener l : clockListeners) {
                    l.outcome(sla, group, outcome, clock, flow);
                }
            }

            @Override
            public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {
                for (ClockListener l : clockListeners) {
                    l.outcomeRevised(sla, group, from, to, flow);
                }
            }

            @Override
            public void stopped(SlaDefinition sla, String group, SlaClock clock, Flow flow) {
                for (ClockListener l : clockListeners) {
                    l.stopped(sla, group, clock, flow);
                }
            }

            @Override
            public void stopVoided(SlaDefinition sla, String group, Duration elapsed, Flow flow) {
                for (ClockListener l : clockListeners) {
                    l.stopVoided(sla, group, elapsed, flow);
                }
            }

            @Override
            public void decided(SlaDefinition sla, String group, Outcome outcome, Instant at, Flow flow) {
                for (ClockListener l : clockListeners) {
                    l.decided(sla, group, outcome, at, flow);
                }
            }

            @Override
            public void applied(BusinessEvent event, Flow flow, FlowLookup lookup, Instant now) {
                for (FlowListener l : flowListeners) {
                    l.applied(event, flow, lookup, now);
                }
            }

            @Override
            public void tick(FlowLookup lookup, Instant now) {
                for (FlowListener l : flowListeners) {
                    l.tick(lookup, now);
                }
            }

            @Override
            public void evicted(Flow flow, boolean hadOpenClocks) {
                for (FlowListener l : flowListeners) {
                    l.evicted(flow, hadOpenClocks);
                }
            }

            @Override
            public void contextNeeded(String ownerKey, List<BusinessEvent> events) {
                for (ContextListener l : contextListeners) {
                    l.contextNeeded(ownerKey, events);
                }
            }
        };
    }
}
