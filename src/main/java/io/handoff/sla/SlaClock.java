package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock of one flow at one moment.
 *
 * @param stop null while the clock runs
 * @param elapsed counted time from start to stop, or to now while open (null where not computed)
 * @param maintenance the maintenance window that paused the clock or excluded its outcome; null when none
 */
public record SlaClock(
        String sla,
        Instant start,
        Instant atRiskAt,
        Instant due,
        Instant stop,
        ClockState state,
        Duration elapsed,
        String maintenance) {

    public SlaClock(
            String sla,
            Instant start,
            Instant atRiskAt,
            Instant due,
            Instant stop,
            ClockState state,
            Duration elapsed) {
        this(sla, start, atRiskAt, due, stop, state, elapsed, null);
    }

    /** This clock, marked as paused or excluded by a maintenance window. */
    public SlaClock during(String window, ClockState newState) {
        return new SlaClock(sla, start, atRiskAt, due, stop, newState, elapsed, window);
    }

    public boolean isOpen() {
        return stop == null;
    }

    /** The next instant at which this open clock changes state by time alone; null when none. */
    public Instant nextChangeAfter(Instant now) {
        if (!isOpen() || state == ClockState.EXCLUDED) {
            return null;
        }
        if (now.isBefore(atRiskAt)) {
            return atRiskAt;
        }
        return now.isBefore(due) ? due : null;
    }
}
