package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock of one flow at one moment.
 *
 * @param stop null while the clock runs
 * @param elapsed counted time from start to stop, or to now while open (null where not computed)
 */
public record SlaClock(
        String sla, Instant start, Instant atRiskAt, Instant due, Instant stop, ClockState state, Duration elapsed) {
    public boolean isOpen() {
        return stop == null;
    }

    /** The next instant at which this open clock changes state by time alone; null when none. */
    public Instant nextChangeAfter(Instant now) {
        if (!isOpen()) {
            return null;
        }
        if (now.isBefore(atRiskAt)) {
            return atRiskAt;
        }
        return now.isBefore(due) ? due : null;
    }
}
