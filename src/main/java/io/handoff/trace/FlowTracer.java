package io.handoff.trace;

import io.handoff.engine.FlowJournal;
import io.handoff.engine.FlowView;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when a flow becomes a trace: once it is settled (every SLA clock stopped), once it breaches
 * while still open, and every {@code reviewEvery} while it stays open, so long-open flows are visible
 * too. A later export of the same flow repeats its span ids, so a backend shows the newer picture.
 * Flows without SLA clocks are not exported. Called on the engine thread; never blocks.
 */
final class FlowTracer implements FlowJournal {
    private static final String SETTLED = "settled";
    private static final String BREACHED_OPEN = "breached-open";

    private final FlowSpans spans;
    private final SpanShipper shipper;
    private final Map<String, String> exported;

    private final java.time.Duration reviewEvery;

    FlowTracer(FlowSpans spans, SpanShipper shipper, int maxTracked, java.time.Duration reviewEvery) {
        this.reviewEvery = reviewEvery;
        this.spans = spans;
        this.shipper = shipper;
        this.exported = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxTracked;
            }
        };
    }

    @Override
    public int room() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void changed(List<FlowView> flows, Instant now) {
        for (FlowView flow : flows) {
            String state = stateOf(flow);
            if (state != null && !state.equals(exported.get(flow.key()))) {
                exported.put(flow.key(), state);
                shipper.ship(spans.of(flow, now));
            }
        }
    }

    @Override
    public java.time.Duration reviewOpenEvery() {
        return reviewEvery;
    }

    @Override
    public void reviewOpen(List<FlowView> flows, Instant now) {
        for (FlowView flow : flows) {
            if (!flow.events().isEmpty()) {
                shipper.ship(spans.of(flow, now));
            }
        }
    }

    private static String stateOf(FlowView flow) {
        if (flow.clocks().isEmpty() || flow.events().isEmpty()) {
            return null;
        }
        boolean open = false;
        boolean breached = false;
        for (SlaClock clock : flow.clocks()) {
            open |= clock.isOpen();
            breached |= clock.isOpen() && clock.state() == ClockState.BREACHED;
        }
        if (!open) {
            return SETTLED;
        }
        return breached ? BREACHED_OPEN : null;
    }
}
