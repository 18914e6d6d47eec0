package io.handoff.slo;

import java.time.Instant;
import java.util.List;

/** Where clock decisions are kept, for compliance windows long after their flows left memory. */
public interface DecisionStore {
    /** Keeps these decisions; per (SLA, flow) an older version never overwrites a newer one. Asynchronous. */
    void saveDecisions(List<ClockDecision> decisions);

    /** The decisions of {@code sla} decided in {@code [from, to)}, added up (withdrawn ones count nowhere). */
    WindowTally tally(String sla, Instant from, Instant to);

    /**
     * The clocks of {@code sla} breached in {@code [from, to)}, added up by client, project, group or flow: the
     * {@code size} (1 to 100) that breached most, then by key.
     */
    List<Contributor> contributors(String sla, Instant from, Instant to, Contributor.By by, int size);
}
