package io.handoff.engine;

import io.handoff.correlate.Flow;

/** A flow together with the engine's per-SLA bookkeeping. */
final class TrackedFlow {
    final Flow flow;
    final ClockRecord[] clocks;
    /** Whether this engine computes the flow's clocks; otherwise it is held as context for flows it does. */
    boolean owned;

    TrackedFlow(Flow flow, int slaCount) {
        this.flow = flow;
        this.clocks = new ClockRecord[slaCount];
    }

    boolean hasOpenClock() {
        for (ClockRecord clock : clocks) {
            if (clock != null && clock.openState != null) {
                return true;
            }
        }
        return false;
    }
}
