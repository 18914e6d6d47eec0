package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowIndex;
import io.handoff.sla.FlowClocks;

/** A flow together with its clocks (extended rather than referenced: one object less per flow held). */
final class TrackedFlow extends FlowClocks implements FlowIndex.Member {
    final Flow flow;
    /** Whether this engine computes the flow's clocks; otherwise it is held as context for flows it does. */
    boolean owned;

    TrackedFlow(Flow flow, boolean owned) {
        this.flow = flow;
        this.owned = owned;
    }

    @Override
    public Flow flow() {
        return flow;
    }
}
