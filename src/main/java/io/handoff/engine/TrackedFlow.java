package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowIndex;
import io.handoff.sla.FlowClocks;

/** A flow together with its clocks, as the engine holds it. */
final class TrackedFlow implements FlowIndex.Member {
    final Flow flow;
    final FlowClocks clocks;
    /** Whether this engine computes the flow's clocks; otherwise it is held as context for flows it does. */
    boolean owned;

    TrackedFlow(Flow flow, FlowClocks clocks, boolean owned) {
        this.flow = flow;
        this.clocks = clocks;
        this.owned = owned;
    }

    @Override
    public Flow flow() {
        return flow;
    }

    boolean hasOpenClock() {
        return clocks.hasOpenClock();
    }
}
