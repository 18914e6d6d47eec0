package io.handoff.store.memory;

import io.handoff.event.BusinessEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flow's events as the memory store keeps them, one per identity (source and id), the first kept. Most flows hold
 * one or a few events: the event itself, then an array scanned for a duplicate; a map only for a flow with many (a scan
 * per event would grow with the square of them). A map per flow was four objects and about 136 bytes around its first
 * event, all of which the young collections copy while the store keeps it.
 */
final class FlowEvents {
    /** Most events held in an array; beyond, a map. */
    static final int SCANNED = 32;

    private FlowEvents() {}

    /** What holds {@code held}'s events and {@code event} unless one of the same identity is there already. */
    @SuppressWarnings("unchecked")
    static Object with(Object held, BusinessEvent event) {
        if (held == null) {
            return event;
        }
        if (held instanceof BusinessEvent one) {
            return same(one, event) ? one : new BusinessEvent[] {one, event};
        }
        if (held instanceof BusinessEvent[] all) {
            for (BusinessEvent kept : all) {
                if (same(kept, event)) {
                    return all;
                }
            }
            if (all.length < SCANNED) {
                BusinessEvent[] grown = Arrays.copyOf(all, all.length + 1);
                grown[all.length] = event;
                return grown;
            }
            Map<BusinessEvent.Identity, BusinessEvent> many = new LinkedHashMap<>();
            for (BusinessEvent kept : all) {
                many.put(kept.identity(), kept);
            }
            many.put(event.identity(), event);
            return many;
        }
        ((Map<BusinessEvent.Identity, BusinessEvent>) held).putIfAbsent(event.identity(), event);
        return held;
    }

    /** The events {@code held} holds (none for null), in the order they were first kept. */
    @SuppressWarnings("unchecked")
    static Collection<BusinessEvent> of(Object held) {
        if (held == null) {
            return List.of();
        }
        if (held instanceof BusinessEvent one) {
            return Collections.singletonList(one);
        }
        if (held instanceof BusinessEvent[] all) {
            return Collections.unmodifiableList(Arrays.asList(all));
        }
        return Collections.unmodifiableCollection(((Map<BusinessEvent.Identity, BusinessEvent>) held).values());
    }

    private static boolean same(BusinessEvent kept, BusinessEvent event) {
        return kept.id().equals(event.id()) && kept.source().equals(event.source());
    }
}
