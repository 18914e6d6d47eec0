package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowIndex;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which flows this engine owns, and which events other owners need because of that: everything about ownership
 * and hand-over between instances is here. With one instance ({@link Ownership#ALL}) it never sends anything.
 */
final class Handover {
    /** The origin of events rebuilt from a flow: they were counted where they were first accepted. */
    static final String CONTEXT_ORIGIN = "context";

    private Ownership ownership = Ownership.ALL;

    Ownership ownership() {
        return ownership;
    }

    void ownership(Ownership next) {
        this.ownership = next;
    }

    boolean owns(String key) {
        return ownership.owns(key);
    }

    /**
     * After an event was applied, sends what other partitions need: an owned flow's event goes to the partitions of
     * its neighbours (all its events to a neighbour it just linked to); a flow that just linked to a flow owned here
     * is sent every event of that flow, so both sides can compute joins in either direction.
     */
    void afterApply(
            TrackedFlow tracked,
            BusinessEvent event,
            Set<String> neighbours,
            String newTarget,
            FlowIndex<TrackedFlow> index,
            ContextListener to) {
        if (ownership == Ownership.ALL) {
            return;
        }
        String key = tracked.flow.key();
        if (tracked.owned) {
            List<String> sentTo = new ArrayList<>(2);
            if (newTarget != null && neighbours.contains(newTarget)) {
                sendOnce(key, newTarget, eventsOf(tracked.flow), sentTo, to); // covers others on its partition
            }
            for (String neighbour : neighbours) {
                if (!neighbour.equals(newTarget)) {
                    sendOnce(key, neighbour, List.of(event), sentTo, to);
                }
            }
        }
        // Held as context or owned alike: when both flows are owned here nobody else sends the target's events to the
        // linking flow's partition, whose store must hold them for whichever instance takes it next.
        if (newTarget != null && ownership.owns(newTarget) && !ownership.together(key, newTarget)) {
            TrackedFlow target = index.get(newTarget);
            if (target != null) {
                to.contextNeeded(key, eventsOf(target.flow));
            }
        }
    }

    /** A flow newly owned: the owners of its neighbours are sent its events again (which also repairs a crash). */
    void taken(TrackedFlow tracked, Set<String> neighbours, ContextListener to) {
        List<String> sentTo = new ArrayList<>(2);
        List<BusinessEvent> events = eventsOf(tracked.flow);
        for (String neighbour : neighbours) {
            sendOnce(tracked.flow.key(), neighbour, events, sentTo, to);
        }
    }

    private void sendOnce(
            String key, String neighbour, List<BusinessEvent> events, List<String> sentTo, ContextListener to) {
        if (needsSending(key, neighbour, sentTo)) {
            to.contextNeeded(neighbour, events);
            sentTo.add(neighbour);
        }
    }

    /**
     * Whether the neighbour's partition still needs the flow's events: not when the flow is always held with it, nor
     * when they went to a neighbour on the same partition already (its store keeps them for every flow there; an
     * invoice's lines often share partitions).
     */
    private boolean needsSending(String key, String neighbour, List<String> sentTo) {
        if (neighbour.equals(key) || ownership.together(key, neighbour)) {
            return false;
        }
        for (String sent : sentTo) {
            if (ownership.together(sent, neighbour)) {
                return false;
            }
        }
        return true;
    }

    /** The events a flow holds, rebuilt from its entries (without payload or origin, which a flow does not keep). */
    static List<BusinessEvent> eventsOf(Flow flow) {
        ObjectRef subject = flow.anchor() == EventType.Anchor.SUBJECT
                ? ObjectRef.parse(flow.key()).orElse(null)
                : null;
        List<BusinessEvent> events = new ArrayList<>(flow.size());
        for (var entry : flow.entries()) {
            events.add(new BusinessEvent(
                    entry.source(),
                    entry.id(),
                    entry.type(),
                    entry.time(),
                    entry.type().anchor() == EventType.Anchor.SUBJECT ? subject : null,
                    entry.correlationId(),
                    entry.facts(),
                    CONTEXT_ORIGIN,
                    entry.receivedAt(),
                    entry.traceparent()));
        }
        return events;
    }
}
