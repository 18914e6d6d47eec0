package io.handoff.engine;

import io.handoff.correlate.FlowEntry;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.sla.SlaClock;
import java.util.List;
import java.util.Map;

/**
 * A consistent, immutable picture of one flow: its events in time order, links, SLA clocks and the chains it starts
 * (computed only where asked for: empty in pictures for the journal).
 *
 * @param owned false for a flow this engine holds only as context for the flows it owns (Kafka: another instance owns
 *     it): its clocks here are not its owner's, so it is not an answer about the flow
 */
public record FlowView(
        String key,
        EventType.Anchor anchor,
        String client,
        String project,
        String group,
        Double hours,
        Double amount,
        Map<String, ObjectRef> links,
        List<String> linkedFrom,
        List<String> correlationIds,
        List<FlowEntry> events,
        List<SlaClock> clocks,
        List<io.handoff.sla.ChainClock> chains,
        boolean owned) {}
