package io.handoff.correlate;

import java.util.Optional;
import java.util.Set;

/** Read access to the flows held, for listeners; on the owning thread only. */
public interface FlowLookup {
    Optional<Flow> flow(String key);

    /** Keys of the flows whose link in force points at {@code key}. */
    Set<String> linkedFrom(String key);
}
