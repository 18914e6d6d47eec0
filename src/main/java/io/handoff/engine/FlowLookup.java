package io.handoff.engine;

import io.handoff.correlate.Flow;
import java.util.Optional;
import java.util.Set;

/** Read access to the engine's flows for listeners, on the engine thread only. */
public interface FlowLookup {
    Optional<Flow> flow(String key);

    /** Keys of the flows whose link in force points at {@code key}. */
    Set<String> linkedFrom(String key);
}
