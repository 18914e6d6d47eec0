package io.handoff.correlate;

import io.handoff.event.BusinessEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How large one flow may grow: events per flow, and flows linking to one target (an invoice's lines). The
 * engine marks the flows and targets that reached their bound; the edge refuses further events about them
 * with a problem and a counter, so a runaway sender can neither grow one flow without end nor be dropped
 * silently. Events already on their way when a bound is reached are still applied, so a bound is exceeded
 * by at most what was in flight. Thread-safe: marked by the engine thread, read by any.
 */
public final class FlowBounds {
    public static final FlowBounds NONE = new FlowBounds(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final int maxEventsPerFlow;
    private final int maxLinksPerTarget;
    private final Set<String> fullFlows = ConcurrentHashMap.newKeySet();
    private final Set<String> crowdedTargets = ConcurrentHashMap.newKeySet();

    public FlowBounds(int maxEventsPerFlow, int maxLinksPerTarget) {
        this.maxEventsPerFlow = maxEventsPerFlow;
        this.maxLinksPerTarget = maxLinksPerTarget;
    }

    /** Null when the event may be accepted, else why not. */
    public String refusal(BusinessEvent event) {
        if (!fullFlows.isEmpty() && fullFlows.contains(event.flowKey())) {
            return "flow " + event.flowKey() + " already holds " + maxEventsPerFlow
                    + " events (handoff.engine.max-events-per-flow)";
        }
        if (!crowdedTargets.isEmpty()
                && event.facts().link() != null
                && crowdedTargets.contains(event.facts().link().key())) {
            return event.facts().link().key() + " is already linked from " + maxLinksPerTarget
                    + " flows (handoff.engine.max-links-per-target)";
        }
        return null;
    }

    void flowSize(String key, int events) {
        if (events >= maxEventsPerFlow) {
            fullFlows.add(key);
        }
    }

    void linkers(String target, int flows) {
        if (flows >= maxLinksPerTarget) {
            crowdedTargets.add(target);
        } else if (!crowdedTargets.isEmpty()) {
            crowdedTargets.remove(target);
        }
    }

    void forget(String key) {
        if (!fullFlows.isEmpty()) {
            fullFlows.remove(key);
        }
        if (!crowdedTargets.isEmpty()) {
            crowdedTargets.remove(key);
        }
    }

    public int fullFlows() {
        return fullFlows.size();
    }

    public int crowdedTargets() {
        return crowdedTargets.size();
    }
}
