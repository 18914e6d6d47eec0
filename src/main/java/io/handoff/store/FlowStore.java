package io.handoff.store;

import io.handoff.record.Page;
import java.util.List;
import java.util.Optional;

/**
 * Flow documents: each flow's picture as the engine last saw it, derived from the events, written asynchronously
 * with the newest version winning; what the read side searches and what a restarted engine reloads from.
 */
public interface FlowStore {
    /** How many flow or exception documents can be handed over now without waiting. */
    int room();

    /** Writes these flow documents; an older version never overwrites a newer one. */
    void saveFlows(List<FlowRecord> flows);

    Optional<FlowRecord> flow(String key);

    Page<FlowRecord> searchFlows(FlowQuery query);

    /** What a restarted engine needs to reload: the flows that were open and their neighbours. */
    RecoveryPlan recoveryPlan();
}
