package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.event.EventType;
import io.handoff.sla.ChainPart;
import io.handoff.sla.ClockMark;
import java.util.List;

/**
 * Everything an engine keeps about one flow, as plain values: its events and what was reported about its clocks.
 * What a host that keeps flows outside the engine's memory (a key-value state store, say) stores per key; its
 * neighbours are not part of it, they are held under their own keys.
 *
 * @param chains what the flow adds to the figures of the chains it starts while it is kept out of memory (none for a
 *     flow it does not own, or one handed between engines, which work them out afresh)
 */
public record FlowState(
        String key, EventType.Anchor anchor, List<FlowEntry> entries, List<ClockMark> clocks, List<ChainPart> chains) {
    public FlowState {
        entries = List.copyOf(entries);
        clocks = List.copyOf(clocks);
        chains = chains == null ? List.of() : List.copyOf(chains);
    }

    public FlowState(String key, EventType.Anchor anchor, List<FlowEntry> entries, List<ClockMark> clocks) {
        this(key, anchor, entries, clocks, List.of());
    }

    /** The flow these entries make (its links and correlation ids among them). */
    public Flow flow() {
        return Flow.of(key, anchor, entries);
    }
}
