package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * What was reported about one clock of a flow, as a plain value: with the flow's events it is all another holder
 * needs to carry on where this one stopped, without telling anything twice.
 *
 * @param sla the SLA's id (not its position, so a reordered catalog reads it alike)
 * @param openState the state counted in the open-clock gauges, or null
 * @param outcome the outcome in force, or null before the first
 * @param state the state last seen, open or closed
 */
public record ClockMark(
        String sla,
        ClockState openState,
        String group,
        Outcome outcome,
        Duration observedElapsed,
        String observedGroup,
        Instant decidedAt,
        Instant start,
        Instant due,
        Instant atRisk,
        Instant stop,
        ClockState state) {}
