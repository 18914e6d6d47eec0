package io.handoff.engine;

import io.handoff.sla.ClockState;
import java.time.Instant;

/**
 * An open clock of a flow kept on disk, as it stood when the flow left memory, with what a report about it names.
 * Its due time has not come (the engine brings a flow back when one of its clocks falls due).
 */
public record SpilledClock(
        String flowKey,
        String client,
        String project,
        String group,
        String sla,
        Instant start,
        Instant due,
        ClockState state) {}
