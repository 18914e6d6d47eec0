package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import io.handoff.reconcile.ExceptionRecord.Evidence;
import java.util.ArrayList;
import java.util.List;

/** The events that show a problem: the latest of the flow it is about, then the latest of each flow it links to. */
final class EvidenceOf {
    private static final int OF_FLOW = 15;
    private static final int OF_LINKED = 5;

    private EvidenceOf() {}

    static List<Evidence> flow(Flow flow, FlowLookup lookup) {
        List<Evidence> evidence = new ArrayList<>();
        latest(flow, OF_FLOW, evidence);
        if (lookup != null) {
            flow.forEachLinkTarget(
                    target -> lookup.flow(target.key()).ifPresent(linked -> latest(linked, OF_LINKED, evidence)));
        }
        return evidence;
    }

    private static void latest(Flow flow, int count, List<Evidence> into) {
        List<FlowEntry> entries = flow.entries();
        for (FlowEntry e : entries.subList(Math.max(0, entries.size() - count), entries.size())) {
            into.add(new Evidence(flow.key(), e.source(), e.id(), e.type().wireName(), e.time()));
        }
    }
}
