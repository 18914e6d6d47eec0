package io.handoff.scaleout;

import io.handoff.engine.Ownership;
import java.util.Set;

/**
 * The flows of the repartition-topic partitions {@code owned}, out of {@code of} ({@code 0} before the first
 * assignment: nothing is owned).
 */
record OwnedPartitions(Set<Integer> owned, int of) implements Ownership {
    public OwnedPartitions {
        owned = Set.copyOf(owned);
    }

    @Override
    public boolean together(String flowKey, String otherKey) {
        return of > 0 && FlowPartitions.of(flowKey, of) == FlowPartitions.of(otherKey, of);
    }

    @Override
    public boolean owns(String flowKey) {
        return of > 0 && !owned.isEmpty() && owned.contains(FlowPartitions.of(flowKey, of));
    }
}
