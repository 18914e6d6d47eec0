package io.handoff.sla;

import java.util.EnumMap;
import java.util.Map;

/**
 * Running totals of one SLA since start: outcomes recorded and open clocks by state.
 *
 * @param excluded outcomes taken out of the count by maintenance windows
 * @param attainment met / (met + breached), or null before any outcome
 */
public record SlaTally(
        SlaDefinition sla,
        long met,
        long breached,
        long excluded,
        long revisions,
        Map<ClockState, Long> open,
        Double attainment) {
    static SlaTally of(SlaDefinition sla, long met, long breached, long excluded, long revisions, long[] open) {
        Map<ClockState, Long> byState = new EnumMap<>(ClockState.class);
        for (ClockState state : new ClockState[] {ClockState.ON_TRACK, ClockState.AT_RISK, ClockState.BREACHED}) {
            byState.put(state, open[state.ordinal()]);
        }
        return new SlaTally(sla, met, breached, excluded, revisions, byState, attainment(met, breached));
    }

    /** met / (met + breached), or null before any outcome. */
    public static Double attainment(long met, long breached) {
        long decided = met + breached;
        return decided == 0 ? null : (double) met / decided;
    }
}
