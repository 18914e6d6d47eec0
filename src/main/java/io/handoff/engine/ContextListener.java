package io.handoff.engine;

import io.handoff.event.BusinessEvent;
import java.util.List;

/** Knows where the events another instance needs go, when flows are owned by partition (see {@link Ownership}). */
public interface ContextListener {
    /**
     * Whoever owns flow {@code ownerKey} needs these events of a flow linked to or from it to compute its clocks.
     * Never called when every flow is owned here.
     */
    void contextNeeded(String ownerKey, List<BusinessEvent> events);
}
