package io.handoff.slo;

import io.handoff.sla.Outcome;
import java.time.Instant;

/**
 * The decision in force about one clock, as kept for compliance windows: the newest version per (SLA, flow) wins, so
 * a revision replaces what was kept and a withdrawn decision ({@link Outcome#OPEN}) or one excluded by
 * maintenance counts in no window.
 *
 * @param decidedAt when it was decided (met: the stop; breached: the due time); null when withdrawn
 * @param hours hours at stake on the flow, where its events carry them
 * @param amount money at stake on the flow, where its events carry it
 */
public record ClockDecision(
        String sla,
        String flowKey,
        Outcome outcome,
        Instant decidedAt,
        String group,
        String client,
        String project,
        Double hours,
        Double amount,
        long version) {

    /** One document per clock. */
    public String id() {
        return sla + "|" + flowKey;
    }

    /** Whether it counts in the window {@code [from, to)}: met or breached (excluded by maintenance counts nowhere). */
    public boolean countsIn(Instant from, Instant to) {
        return (outcome == Outcome.MET || outcome == Outcome.BREACHED)
                && decidedAt != null
                && !decidedAt.isBefore(from)
                && decidedAt.isBefore(to);
    }
}
